import Synchronization

/// Runs shadow calls and coherence checks off the request path, within limits.
///
/// The request path only enqueues a check; ``run()`` executes them with at most
/// `maxConcurrent` at a time, each cut off at its time budget. When the queue is full a new
/// check is dropped on the spot: checks are shed under load, never waited for.
public final class BackgroundChecks: Sendable {
    /// Limits of the background work.
    public struct Configuration: Sendable {
        /// Checks running at once.
        public var maxConcurrent: Int = 4
        /// Checks waiting to run; beyond this, new checks are dropped.
        public var queueCapacity: Int = 256

        /// The default configuration.
        public init() {}
    }

    typealias Check = @Sendable () async -> Void

    private let configuration: Configuration
    /// Checks enqueued and not yet finished.
    private let outstanding = Atomic<Int>(0)
    private let queue: AsyncStream<Check>
    private let continuation: AsyncStream<Check>.Continuation

    /// Creates an idle runner; checks run once ``run()`` is running.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        (queue, continuation) = AsyncStream.makeStream(
            of: Check.self, bufferingPolicy: .bufferingOldest(max(configuration.queueCapacity, 1))
        )
    }

    /// Enqueues `check`; returns `false` when it was dropped because the queue is full.
    func submit(_ check: @escaping Check) -> Bool {
        outstanding.add(1, ordering: .relaxed)
        switch continuation.yield(check) {
        case .enqueued:
            return true
        case .dropped, .terminated:
            outstanding.subtract(1, ordering: .relaxed)
            return false
        @unknown default:
            outstanding.subtract(1, ordering: .relaxed)
            return false
        }
    }

    /// Returns once every enqueued check has finished (for simulations that must not let a
    /// check's result slip into a later metrics window). Needs ``run()`` to be running.
    public func waitUntilIdle() async {
        while outstanding.load(ordering: .acquiring) > 0 {
            await Task.yield()
        }
    }

    /// Runs queued checks until cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            var unfinished = 0
            for await check in queue {
                if unfinished >= configuration.maxConcurrent {
                    await group.next()
                    unfinished -= 1
                }
                group.addTask {
                    await check()
                    self.outstanding.subtract(1, ordering: .releasing)
                }
                unfinished += 1
            }
        }
    }
}
