/// The business and cost metrics a ``CustomThreshold`` can name, computed from ``CohortMetrics``.
public enum CustomMetric: String, CaseIterable, Codable, Hashable, Sendable {
    /// Cost units per candidate call (`costUnits / calls`).
    case costUnitsPerCall
    /// Cache reads that found a value (`cacheHits / (cacheHits + cacheMisses)`).
    case cacheHitRate
    /// Candidate calls answered by the legacy fallback (`fallbacks / calls`).
    case fallbackRate
    /// Shadow calls whose result differed from legacy's (`shadowMismatches / shadowCalls`).
    case shadowMismatchRate
    /// Shadow calls that threw or overran their budget (`shadowErrors / shadowCalls`).
    case shadowErrorRate

    /// Whether the metric is a share of events in 0…1, judged with Wilson bounds; otherwise
    /// it is judged on its point estimate.
    public var isFraction: Bool {
        self != .costUnitsPerCall
    }

    /// The metric's numerator and denominator in `metrics`.
    public func counts(in metrics: CohortMetrics) -> (events: UInt64, trials: UInt64) {
        switch self {
        case .costUnitsPerCall: (metrics.costUnits, metrics.calls)
        case .cacheHitRate: (metrics.cacheHits, metrics.cacheHits &+ metrics.cacheMisses)
        case .fallbackRate: (metrics.fallbacks, metrics.calls)
        case .shadowMismatchRate: (metrics.shadowMismatches, metrics.shadowCalls)
        case .shadowErrorRate: (metrics.shadowErrors, metrics.shadowCalls)
        }
    }
}
