import CutoverCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A published object that many threads read on every request and one writer replaces rarely.
///
/// Readers must not contend: a shared lock or a shared reference count would bounce one cache
/// line between cores on every call. Each thread therefore keeps its own strong reference in
/// thread-local storage, tagged with the version it saw; a read is one relaxed-cost atomic load
/// of the version plus a thread-local lookup, and only a thread that sees a newer version takes
/// the lock to refresh its copy.
final class ThreadCachedReference<Value: AnyObject & Sendable>: Sendable {
    private let current: Locked<Value>
    private let version = Atomic<UInt64>(1)
    private let identity: UInt64
    private let key: ThreadLocalKey

    init(_ value: Value) {
        current = Locked(value)
        identity = ThreadLocalKey.nextOwnerIdentity()
        key = ThreadLocalKey.acquire()
    }

    deinit {
        key.relinquish()
    }

    /// Replaces the published value; readers see it on their next read.
    func publish(_ value: Value) {
        current.withLock { current in
            current = value
            version.add(1, ordering: .releasing)
        }
    }

    /// The published value, strongly referenced (off the hot path).
    var value: Value {
        current.withLock { $0 }
    }

    /// Runs `body` with the published value, without touching shared reference counts.
    @inline(__always)
    func withValue<Result>(_ body: (Value) throws -> Result) rethrows -> Result {
        let latest = version.load(ordering: .acquiring)
        if let raw = pthread_getspecific(key.raw) {
            let cached = Unmanaged<ThreadLocalBox>.fromOpaque(raw)
            let fresh = cached._withUnsafeGuaranteedRef { $0.owner == identity && $0.version == latest }
            if fresh {
                return try cached._withUnsafeGuaranteedRef { box in
                    try body(unsafeDowncast(box, to: TypedThreadLocalBox<Value>.self).value)
                }
            }
        }
        let box = refreshThreadCopy()
        return try body(box.value)
    }

    @inline(never)
    private func refreshThreadCopy() -> TypedThreadLocalBox<Value> {
        let box = current.withLock { value in
            TypedThreadLocalBox(owner: identity, version: version.load(ordering: .acquiring), value: value)
        }
        if let old = pthread_getspecific(key.raw) {
            Unmanaged<ThreadLocalBox>.fromOpaque(old).release()
        }
        pthread_setspecific(key.raw, Unmanaged<ThreadLocalBox>.passRetained(box).toOpaque())
        return box
    }
}

/// What a thread keeps for one ``ThreadCachedReference``: which reference and which version.
class ThreadLocalBox {
    let owner: UInt64
    let version: UInt64

    init(owner: UInt64, version: UInt64) {
        self.owner = owner
        self.version = version
    }
}

final class TypedThreadLocalBox<Value: AnyObject>: ThreadLocalBox {
    let value: Value

    init(owner: UInt64, version: UInt64, value: Value) {
        self.value = value
        super.init(owner: owner, version: version)
    }
}

/// A pthread key from a process-wide pool, so creating many references never exhausts the
/// system's limited number of keys. A key returned to the pool may still hold other threads'
/// boxes of its previous owner; readers tell them apart by the owner identity and refresh.
struct ThreadLocalKey: Sendable {
    let raw: pthread_key_t

    private static let pool = Locked<[pthread_key_t]>([])
    private static let owners = Atomic<UInt64>(0)

    static func nextOwnerIdentity() -> UInt64 {
        owners.add(1, ordering: .relaxed).newValue
    }

    static func acquire() -> ThreadLocalKey {
        if let reused = pool.withLock({ $0.popLast() }) {
            return ThreadLocalKey(raw: reused)
        }
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<ThreadLocalBox>.fromOpaque(raw).release()
        }
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return ThreadLocalKey(raw: key)
    }

    func relinquish() {
        Self.pool.withLock { $0.append(raw) }
    }
}
