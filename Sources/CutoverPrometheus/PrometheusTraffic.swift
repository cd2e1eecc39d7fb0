import AsyncHTTPClient
import CutoverController
import CutoverCore
import Foundation
import Logging

/// A driven run's measurements read from Prometheus.
///
/// Each sample waits on the run's ``Pacer`` until the sample's end (plus the source's
/// ``PrometheusSource/lag``), then evaluates every query of ``PrometheusSource`` for each service
/// and cohort at that wall-clock time, with `{{window}}` set to the sample's wall-clock length,
/// and builds the ``MetricsWindow`` the controller judges: counters rounded from the queries'
/// values, the latency histogram rebuilt from bucket counts (``LatencyBuckets``), custom metrics
/// as ``CohortMetrics/external`` values.
///
/// An empty result is no data: the counter stays 0 and the window stays inconclusive. A query
/// that fails — the server unreachable, no answer within the timeout, `status: error`, an
/// answer that is not a measurement — makes the whole sample a ``MeasurementError``, which the
/// driver reports to the controller; the run goes on.
public struct PrometheusTraffic: RunTraffic {
    /// How the traffic measures.
    public struct Configuration: Sendable {
        /// The services measured (the plan's).
        public var services: [String]
        /// The queries, the lag and the custom metrics.
        public var source: PrometheusSource
        /// Queries in flight at once.
        public var maximumConcurrentQueries = 8

        /// Measuring `services` with `source`'s queries.
        public init(services: [String], source: PrometheusSource) {
            self.services = services
            self.source = source
        }
    }

    /// How far run time moves in one step while nothing is judged.
    public let idleStep: Duration
    private let configuration: Configuration
    private let client: PrometheusClient
    private let pacer: Pacer
    private let clock: any Clock<Duration>
    private let wallClock: @Sendable () -> Date
    private let logger: Logger

    /// Traffic on `pacer`'s run time, read through `client`.
    ///
    /// - Parameters:
    ///   - clock: Waits out the source's lag.
    ///   - wallClock: The time queries are evaluated at (Prometheus' time is Unix time).
    public init(
        configuration: Configuration, client: PrometheusClient, pacer: Pacer, idleStep: Duration,
        clock: any Clock<Duration> = ContinuousClock(), wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "cutover.prometheus")
    ) {
        self.configuration = configuration
        self.client = client
        self.pacer = pacer
        self.idleStep = idleStep
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    /// Waits for the sample's end and the lag, then measures every service over the sample's
    /// wall-clock length; throws ``MeasurementError`` when a query fails.
    public func sample(from start: Duration, to end: Duration) async throws -> MetricsWindow {
        try await pacer.wait(until: end)
        if configuration.source.lag > .zero {
            try await clock.sleep(for: configuration.source.lag)
        }
        let time = wallClock()
        do {
            return try await measure(at: time, window: (end - start) / pacer.scale)
        } catch let failure as QueryFailure {
            try Task.checkCancellation()
            logger.info("sample not measured", metadata: ["prometheus.query": "\(failure.label)", "prometheus.error": "\(failure.error)"])
            throw MeasurementError(reason: "\(failure.label): \(failure.error)", underlying: failure.error)
        }
    }

    /// Nothing is judged: run time passes, nothing is queried.
    public func idle(until end: Duration) async throws {
        try await pacer.wait(until: end)
    }

    /// Every service's metrics over the `window` of wall-clock time ending at `time`.
    func measure(at time: Date, window: Duration) async throws -> MetricsWindow {
        let queries = PlannedQuery.all(for: configuration, window: window)
        let results = try await evaluate(queries, at: time)
        var metrics: [String: ServiceMetrics] = [:]
        for (query, result) in zip(queries, results) {
            try metrics[query.service, default: ServiceMetrics(service: query.service, legacy: CohortMetrics(), candidate: CohortMetrics())]
                .apply(result, of: query)
        }
        return MetricsWindow(services: configuration.services.compactMap { metrics[$0] })
    }

    /// The results of `queries`, in their order, with at most
    /// ``Configuration/maximumConcurrentQueries`` in flight; the first failure cancels the rest.
    private func evaluate(_ queries: [PlannedQuery], at time: Date) async throws -> [PrometheusResult] {
        var results = [PrometheusResult?](repeating: nil, count: queries.count)
        try await withThrowingTaskGroup(of: (Int, PrometheusResult).self) { group in
            var next = 0
            func startNext() {
                guard next < queries.count else { return }
                let index = next, query = queries[index], client = self.client
                group.addTask {
                    do throws(PrometheusError) {
                        return (index, try await client.query(query.text, at: time))
                    } catch {
                        throw QueryFailure(label: query.label, error: error)
                    }
                }
                next += 1
            }
            for _ in 0..<max(1, configuration.maximumConcurrentQueries) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}

/// A query that failed, with the service, cohort and measurement it was for.
struct QueryFailure: Error {
    var label: String
    var error: PrometheusError
}
