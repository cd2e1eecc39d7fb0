#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A computation started at once on a thread of its own; ``value()`` waits for its result.
///
/// For CPU-bound work done alongside the calling thread that must neither hold a thread of
/// Swift's shared pool (other tasks would wait for it) nor wait for one. Always ask for the
/// ``value()``: the thread is joined, and its resources freed, only then.
final class ThreadComputation<Value>: @unchecked Sendable {
    // @unchecked: `result` is written by the thread before it ends and read only after
    // `pthread_join`, which orders the two.
    private var result: Value?
    private var thread: pthread_t?

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Value) {
        thread = ThreadEntry.start { self.result = body() }
    }

    /// The result, once the thread has ended.
    func value() -> Value {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        return result!
    }
}
