import Metrics
import CutoverCore

/// Reports collected windows through swift-metrics, whichever backend the application bootstrapped.
///
/// Dimensions are bounded: `service` (the plan's services), `cohort` (two values) and, for
/// latency, `quantile` (three values). Metric objects are created once and reused.
final class SwiftMetricsExporter: Sendable {
    private struct Key: Hashable {
        var label: String
        var service: String
        var cohort: Cohort
        var quantile: String?
    }

    private static let counters: [(label: String, value: @Sendable (CohortMetrics) -> UInt64)] = [
        ("cutover_calls_total", \.calls), ("cutover_errors_total", \.errors),
        ("cutover_fallbacks_total", \.fallbacks), ("cutover_user_facing_errors_total", \.userFacingErrors),
        ("cutover_short_circuited_total", \.shortCircuited), ("cutover_outcome_successes_total", \.outcomeSuccesses),
        ("cutover_outcome_failures_total", \.outcomeFailures), ("cutover_integrity_failures_total", \.integrityFailures),
        ("cutover_divergences_total", \.divergences), ("cutover_cost_units_total", \.costUnits),
        ("cutover_cache_hits_total", \.cacheHits), ("cutover_cache_misses_total", \.cacheMisses),
        ("cutover_shadow_calls_total", \.shadowCalls), ("cutover_shadow_errors_total", \.shadowErrors),
        ("cutover_shadow_mismatches_total", \.shadowMismatches), ("cutover_checks_shed_total", \.checksShed),
    ]

    private static let quantiles: [(name: String, percentile: Double)] = [("0.5", 50), ("0.95", 95), ("0.99", 99)]

    private let factory: any MetricsFactory
    private let counterCache = Locked<[Key: Counter]>([:])
    private let gaugeCache = Locked<[Key: Gauge]>([:])

    /// Creates an exporter reporting to `factory`.
    init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Adds the window's counts to the counters and sets the latency quantile gauges.
    func export(_ window: MetricsWindow) {
        for service in window.services {
            for cohort in Cohort.allCases {
                let metrics = service[cohort]
                for (label, value) in Self.counters {
                    let count = value(metrics)
                    if count > 0 {
                        counter(Key(label: label, service: service.service, cohort: cohort)).increment(by: Int64(count))
                    }
                }
                guard metrics.latency.totalCount > 0 else { continue }
                for (name, percentile) in Self.quantiles {
                    let nanoseconds = metrics.latency.valueAtPercentile(percentile)
                    let key = Key(label: "cutover_latency_seconds", service: service.service, cohort: cohort, quantile: name)
                    gauge(key).record(Double(nanoseconds) / 1e9)
                }
            }
        }
    }

    private func counter(_ key: Key) -> Counter {
        counterCache.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(
                label: key.label, dimensions: [("service", key.service), ("cohort", key.cohort.rawValue)], factory: factory
            )
            cache[key] = counter
            return counter
        }
    }

    private func gauge(_ key: Key) -> Gauge {
        gaugeCache.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge = Gauge(
                label: key.label,
                dimensions: [("service", key.service), ("cohort", key.cohort.rawValue), ("quantile", key.quantile ?? "")],
                factory: factory
            )
            cache[key] = gauge
            return gauge
        }
    }
}
