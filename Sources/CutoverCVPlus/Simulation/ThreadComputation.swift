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

/// What a new thread runs.
private final class ThreadEntry {
    let body: () -> Void

    private init(_ body: @escaping () -> Void) {
        self.body = body
    }

    /// Starts a joinable thread running `body`.
    static func start(_ body: @escaping () -> Void) -> pthread_t {
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            Unmanaged<ThreadEntry>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, Unmanaged.passRetained(ThreadEntry(body)).toOpaque())
        precondition(status == 0, "pthread_create failed with \(status)")
        return thread
    }
}
