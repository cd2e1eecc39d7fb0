import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small integer per OS thread, handed out in order of first use.
///
/// Striped state (the metrics recorder) picks its stripe with it, so two threads of a
/// two-core pool land on different stripes instead of colliding by hash.
enum ThreadIndex {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return key
    }()

    private static let next = Atomic<Int>(0)

    /// This thread's index.
    @inline(__always)
    static var current: Int {
        if let raw = pthread_getspecific(key) {
            return Int(bitPattern: raw) - 1
        }
        return assign()
    }

    @inline(never)
    private static func assign() -> Int {
        let index = next.add(1, ordering: .relaxed).oldValue
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: index + 1))
        return index
    }
}
