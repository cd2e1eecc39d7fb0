extension PrometheusSource {
    /// What one query of a cohort measures, and where it goes in ``CohortMetrics``.
    ///
    /// Counters are read with `increase()` over the sample's window and rounded; the latency is
    /// a histogram's bucket counts `sum by (le)` (see ``LatencyBuckets``).
    public enum Measurement: String, CaseIterable, Hashable, Sendable {
        /// Calls served (``CohortMetrics/calls``).
        case calls
        /// Calls that failed (``CohortMetrics/errors``).
        case errors
        /// Latency bucket counts by `le`, in seconds (``CohortMetrics/latency``).
        case latency
        /// Candidate failures answered by legacy (``CohortMetrics/fallbacks``).
        case fallbacks
        /// Failures the user saw (``CohortMetrics/userFacingErrors``).
        case userFacingErrors
        /// User tasks reported as succeeded (``CohortMetrics/outcomeSuccesses``).
        case outcomeSuccesses
        /// User tasks reported as failed (``CohortMetrics/outcomeFailures``).
        case outcomeFailures
        /// Confirmed integrity failures (``CohortMetrics/integrityFailures``).
        case integrityFailures
        /// Cost units spent (``CohortMetrics/costUnits``).
        case costUnits

        /// The counter this measurement fills; `nil` for the latency histogram.
        public var counter: WritableKeyPath<CohortMetrics, UInt64>? {
            switch self {
            case .calls: \.calls
            case .errors: \.errors
            case .latency: nil
            case .fallbacks: \.fallbacks
            case .userFacingErrors: \.userFacingErrors
            case .outcomeSuccesses: \.outcomeSuccesses
            case .outcomeFailures: \.outcomeFailures
            case .integrityFailures: \.integrityFailures
            case .costUnits: \.costUnits
            }
        }

        /// The metric Cutover's server exports for this measurement at `/metrics`.
        public var exportedMetric: String {
            switch self {
            case .latency: "cutover_router_latency_seconds_bucket"
            case .userFacingErrors: "cutover_router_user_facing_errors_total"
            case .outcomeSuccesses: "cutover_router_outcome_successes_total"
            case .outcomeFailures: "cutover_router_outcome_failures_total"
            case .integrityFailures: "cutover_router_integrity_failures_total"
            case .costUnits: "cutover_router_cost_units_total"
            case .calls, .errors, .fallbacks: "cutover_router_\(rawValue)_total"
            }
        }

        /// The query over Cutover's exported metrics: the increase of the counter over the
        /// sample's window, or the increase of each latency bucket summed by `le`.
        public var defaultQuery: QueryTemplate {
            let series = #"\#(exportedMetric){service="{{service}}",cohort="{{cohort}}"}[{{window}}]"#
            return QueryTemplate(self == .latency ? "sum by (le) (increase(\(series)))" : "sum(increase(\(series)))")
        }
    }
}
