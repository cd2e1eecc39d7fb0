#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`, for every lock in Cutover.
///
/// Built on pthreads rather than `Synchronization.Mutex` because ThreadSanitizer understands
/// pthread mutexes: with the toolchain's `Mutex` it reports every guarded access as a race,
/// which would hide real races in the runtime's tests. Padding keeps the value, and the mutex
/// sits alone on its own 128-byte block, so that locks used by different threads (the
/// recorder's stripes) never share a cache line.
@usableFromInline
package final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `mutex` is held.
    private let paddingBefore = CacheLinePadding()
    @usableFromInline var value: Value
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let paddingAfter = CacheLinePadding()

    /// Guards `value`.
    package init(_ value: Value) {
        self.value = value
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 64)
        mutex = raw.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed with \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        UnsafeMutableRawPointer(mutex).deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

/// 128 bytes of nothing, to keep hot state of different threads on different cache lines.
package struct CacheLinePadding: Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    package init() {}
}
