import AsyncHTTPClient
import Cutover
import CutoverCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Ships a router's metric windows to the Cutover server (`POST /v1/metrics`), in order, one
/// batch at a time.
///
/// Nothing is counted twice: each batch carries this instance's id and a number from 1, fixed
/// at its first attempt and kept across retries, and the server ignores a number it has
/// counted. Nothing is lost while the server is away: windows queue up, and beyond
/// ``Configuration/maximumPending`` the oldest windows not yet sent are added together into
/// one, so memory stays bounded and every count survives.
public final class MetricsShipper: Service, Sendable {
    /// Limits and timings.
    public struct Configuration: Sendable {
        /// This instance's id; unique per process run.
        public var instance = UUID().uuidString.lowercased()
        /// The most batches kept while the server is away.
        public var maximumPending = 64
        /// The first retry delay; it doubles per failure up to ``maximumBackoff``.
        public var initialBackoff: Duration = .milliseconds(250)
        /// The longest retry delay.
        public var maximumBackoff: Duration = .seconds(30)
        /// How long one request may take.
        public var requestTimeout: Duration = .seconds(10)
        /// How long the queue is flushed for at shutdown.
        public var shutdownFlush: Duration = .seconds(5)
        /// The services whose metrics are shipped (those the server's plan migrates; it refuses
        /// a batch naming another); `nil` ships every service of the router.
        public var services: Set<String>?

        /// The defaults: 64 pending batches, backoff 250 ms to 30 s, 10 s requests, 5 s flush.
        public init() {}
    }

    /// What the shipper did, for tests and diagnostics.
    public struct Counters: Sendable, Hashable {
        /// Batches the server acknowledged.
        public var sent = 0
        /// Acknowledged batches the server had counted already (a retry after a lost answer).
        public var duplicates = 0
        /// Failed attempts.
        public var failures = 0
        /// Batches the server refused for good (a 4xx), dropped after logging.
        public var rejected = 0
        /// Times two queued windows were added together to bound the queue.
        public var merged = 0
    }

    private struct Pending {
        var window: MetricsWindow
        var sequence: UInt64?
    }

    private struct State {
        var queue: [Pending] = []
        var nextSequence: UInt64 = 1
        var counters = Counters()
        var collecting = true
    }

    private let connection: RemoteConnection
    private let configuration: Configuration
    private let client: HTTPClient
    private let logger: Logger
    private let state = Locked(State())
    private let arrivals = ChangeSignal()
    /// Subscribed at creation, so no window closed before ``run()`` starts is missed.
    private let windows: AsyncStream<MetricsWindow>

    /// A shipper of `router`'s windows to the server of `connection`.
    public init(
        router: MigrationRouter, connection: RemoteConnection, configuration: Configuration = .init(),
        client: HTTPClient = .shared, logger: Logger = Logger(label: "cutover.metrics.shipper")
    ) {
        self.connection = connection
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.windows = router.windows()
    }

    /// What the shipper has done so far.
    public var stats: Counters {
        state.withLock { $0.counters }
    }

    /// Windows waiting to be sent.
    public var pendingCount: Int {
        state.withLock { $0.queue.count }
    }

    /// Ships until the router's window stream ends (the router shut down) or the task is
    /// cancelled, then flushes what is queued for at most ``Configuration/shutdownFlush``.
    public func run() async throws {
        let windows = self.windows
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await window in windows { self.enqueue(window) }
                self.state.withLock { $0.collecting = false }
                self.arrivals.notify()
            }
            group.addTask { await self.sendForever() }
        }
    }

    /// Queues `window`, adding the two oldest unsent windows together when the queue is full.
    func enqueue(_ window: MetricsWindow) {
        var window = window
        if let shipped = configuration.services {
            window.services.removeAll { !shipped.contains($0.service) }
        }
        guard window.services.contains(where: { $0.legacy.calls + $0.candidate.calls > 0 }) else { return }
        state.withLock { state in
            state.queue.append(Pending(window: window))
            if state.queue.count > configuration.maximumPending,
               let first = state.queue.firstIndex(where: { $0.sequence == nil }), first + 1 < state.queue.count {
                state.queue[first].window.add(state.queue[first + 1].window)
                state.queue.remove(at: first + 1)
                state.counters.merged += 1
            }
        }
        arrivals.notify()
    }

    private func sendForever() async {
        var backoff = Backoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        var flushDeadline: ContinuousClock.Instant?
        let wakeUps = arrivals.changes()
        var wakeIterator = wakeUps.makeAsyncIterator()
        while true {
            let (head, collecting) = state.withLock { state -> (Pending?, Bool) in
                guard !state.queue.isEmpty else { return (nil, state.collecting) }
                if state.queue[0].sequence == nil {
                    state.queue[0].sequence = state.nextSequence
                    state.nextSequence += 1
                }
                return (state.queue[0], state.collecting)
            }
            if !collecting, flushDeadline == nil { flushDeadline = .now + configuration.shutdownFlush }
            if let deadline = flushDeadline, head == nil || ContinuousClock.now >= deadline {
                if let head { logger.warning("metrics left unsent at shutdown", metadata: ["batches": "\(pendingCount)", "first": "\(head.sequence ?? 0)"]) }
                return
            }
            guard let head, let sequence = head.sequence else {
                if Task.isCancelled { return }
                _ = await wakeIterator.next()
                continue
            }
            do {
                let duplicate = try await send(head.window, sequence: sequence)
                state.withLock { state in
                    state.queue.removeFirst()
                    state.counters.sent += 1
                    if duplicate { state.counters.duplicates += 1 }
                }
                backoff.reset()
            } catch let error as RemoteStatusError where !error.isTransient && error.status != 401 && error.status != 403 {
                logger.error("the server refused a metrics batch; dropping it", metadata: ["error": "\(error)", "sequence": "\(sequence)"])
                state.withLock { state in
                    state.queue.removeFirst()
                    state.counters.rejected += 1
                }
            } catch {
                if Task.isCancelled { return }
                state.withLock { $0.counters.failures += 1 }
                logger.debug("metrics batch not delivered; retrying", metadata: ["error": "\(error)", "sequence": "\(sequence)"])
                let delay = backoff.next()
                if flushDeadline == nil {
                    try? await Task.sleep(for: delay)
                } else {
                    try? await Task.sleep(for: min(delay, .milliseconds(100)))
                }
            }
        }
    }

    private struct Batch: Encodable {
        var instance: String
        var sequence: UInt64
        var window: MetricsWindow
    }

    private struct Answer: Decodable {
        var accepted: Bool
    }

    /// Posts one batch; returns whether the server had counted it already.
    private func send(_ window: MetricsWindow, sequence: UInt64) async throws -> Bool {
        var request = connection.request("/v1/metrics", method: .POST)
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONEncoder().encode(Batch(instance: configuration.instance, sequence: sequence, window: window))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .init(configuration.requestTimeout))
        let answer = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .accepted else {
            throw RemoteStatusError(status: response.status.code, body: String(buffer: answer).prefix(200).description)
        }
        return try !JSONDecoder().decode(Answer.self, from: Data(answer.readableBytesView)).accepted
    }
}
