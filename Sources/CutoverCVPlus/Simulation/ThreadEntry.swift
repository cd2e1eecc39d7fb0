#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread started on a closure: the closure is handed to the thread retained, and released
/// once it has run.
final class ThreadEntry {
    private let body: () -> Void

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
