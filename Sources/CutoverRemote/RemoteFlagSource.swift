import AsyncHTTPClient
import Cutover
import CutoverCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Keeps a ``FlagHolder`` up to date from the Cutover server: it listens on the flag stream
/// (`GET /v1/flags/stream`), reconnecting with jittered backoff, and polls `GET /v1/flags`
/// (with `If-None-Match`) while the stream is down.
///
/// Fail-static: when the server is away the holder keeps the last snapshot it applied, and a
/// holder created with a snapshot file starts from that file after a restart.
public final class RemoteFlagSource: Service, Sendable {
    /// Timings.
    public struct Configuration: Sendable {
        /// The first reconnect delay; it doubles per failure up to ``maximumBackoff``.
        public var initialBackoff: Duration = .milliseconds(250)
        /// The longest reconnect delay.
        public var maximumBackoff: Duration = .seconds(30)
        /// How often flags are polled while the stream is down.
        public var pollInterval: Duration = .seconds(5)
        /// A stream silent this long (no event, no heartbeat) is dropped and reopened.
        public var silenceLimit: Duration = .seconds(45)

        /// The defaults: backoff 250 ms to 30 s, polls every 5 s, 45 s silence limit.
        public init() {}
    }

    /// What the source did, for tests and diagnostics.
    public struct Counters: Sendable, Hashable {
        /// Stream connections opened.
        public var connections = 0
        /// Snapshots applied (from the stream or a poll).
        public var applied = 0
        /// Polls made while the stream was down.
        public var polls = 0
    }

    private let flags: FlagHolder
    private let connection: RemoteConnection
    private let configuration: Configuration
    private let client: HTTPClient
    private let logger: Logger
    private let counters = Locked(Counters())
    private let etag = Locked<String?>(nil)
    private let onApply: @Sendable (FlagSnapshot) -> Void

    /// A source feeding `flags` from the server of `connection`; `onApply` runs after each
    /// snapshot is applied (for logs and measurements).
    ///
    /// One source holds one connection for its stream: give sources of many instances in one
    /// process a client whose pool allows that many connections per host.
    public init(
        flags: FlagHolder, connection: RemoteConnection, configuration: Configuration = .init(),
        client: HTTPClient = .shared, logger: Logger = Logger(label: "cutover.flags.remote"),
        onApply: @escaping @Sendable (FlagSnapshot) -> Void = { _ in }
    ) {
        self.onApply = onApply
        self.flags = flags
        self.connection = connection
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    /// What the source has done so far.
    public var stats: Counters {
        counters.withLock { $0 }
    }

    /// Listens until cancelled or shut down gracefully.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.reconnectForever() }
    }

    private func reconnectForever() async {
        var backoff = Backoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        while !Task.isCancelled {
            do {
                try await listen { backoff.reset() }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("flag stream lost; polling until it is back", metadata: ["error": "\(error)"])
            }
            await pollWhileWaiting(backoff.next())
        }
    }

    /// Reads the stream until it ends or falls silent; `connected` runs once it is open.
    private func listen(connected: () -> Void) async throws {
        let request = connection.request("/v1/flags/stream", accept: "text/event-stream")
        let response = try await client.execute(request, deadline: .distantFuture)
        guard response.status == .ok else {
            throw RemoteStatusError(status: response.status.code, body: "")
        }
        counters.withLock { $0.connections += 1 }
        connected()
        let lastByte = Locked(ContinuousClock.now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var parser = ServerSentEventParser()
                for try await buffer in response.body {
                    lastByte.withLock { $0 = .now }
                    for event in parser.feed(buffer.readableBytesView) where event.type == "snapshot" {
                        try self.apply(Data(event.data.utf8))
                    }
                }
            }
            group.addTask {
                let limit = self.configuration.silenceLimit
                while true {
                    try await Task.sleep(for: limit / 3)
                    if ContinuousClock.now - lastByte.withLock({ $0 }) > limit {
                        throw RemoteStatusError(status: 0, body: "the stream was silent for \(limit)")
                    }
                }
            }
            // The first to finish (the stream ending, or the watchdog) ends the connection.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Polls the flags every poll interval until `delay` has passed.
    private func pollWhileWaiting(_ delay: Duration) async {
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline, !Task.isCancelled {
            do {
                try await poll()
            } catch {
                logger.debug("flag poll failed", metadata: ["error": "\(error)"])
            }
            let next = min(deadline, ContinuousClock.now + configuration.pollInterval)
            try? await Task.sleep(until: next, clock: .continuous)
        }
    }

    /// Fetches the flags once, unless they are unchanged since the last fetch.
    public func poll() async throws {
        counters.withLock { $0.polls += 1 }
        var request = connection.request("/v1/flags")
        if let tag = etag.withLock({ $0 }) { request.headers.add(name: "If-None-Match", value: tag) }
        let response = try await client.execute(request, timeout: .seconds(10))
        switch response.status.code {
        case 304:
            return
        case 200:
            let body = try await response.body.collect(upTo: 16 << 20)
            try apply(Data(body.readableBytesView))
            etag.withLock { $0 = response.headers.first(name: "ETag") }
        default:
            throw RemoteStatusError(status: response.status.code, body: "")
        }
    }

    private func apply(_ json: Data) throws {
        let snapshot = try JSONDecoder().decode(FlagSnapshot.self, from: json)
        if case .applied = try flags.apply(snapshot) {
            counters.withLock { $0.applied += 1 }
            onApply(snapshot)
        }
    }
}
