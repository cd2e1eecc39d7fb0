/// What one service's cohort did during a window.
///
/// It encodes its latency histogram compactly (see `CohortMetrics+Coding.swift`): a controller
/// commits the metrics of every window with each transition.
public struct CohortMetrics: Sendable {
    /// Calls served by this cohort's implementation.
    public var calls: UInt64 = 0
    /// Calls whose implementation threw.
    public var errors: UInt64 = 0
    /// Candidate failures the user did not see because legacy answered instead.
    public var fallbacks: UInt64 = 0
    /// Calls whose error reached the user.
    public var userFacingErrors: UInt64 = 0
    /// Candidate-cohort calls the open circuit breaker sent to legacy.
    public var shortCircuited: UInt64 = 0
    /// User tasks the application reported as succeeded.
    public var outcomeSuccesses: UInt64 = 0
    /// User tasks the application reported as failed.
    public var outcomeFailures: UInt64 = 0
    /// Confirmed data-integrity failures: shadow and coherence mismatches.
    public var integrityFailures: UInt64 = 0
    /// Dual writes that reached only one store.
    public var divergences: UInt64 = 0
    /// Cost units spent (AI calls, tokens, …), as reported by the application.
    public var costUnits: UInt64 = 0
    /// Cache reads that found a value.
    public var cacheHits: UInt64 = 0
    /// Cache reads that found nothing.
    public var cacheMisses: UInt64 = 0
    /// Shadow calls run on the candidate.
    public var shadowCalls: UInt64 = 0
    /// Shadow calls that threw or overran their time budget.
    public var shadowErrors: UInt64 = 0
    /// Shadow calls whose result differed from legacy's.
    public var shadowMismatches: UInt64 = 0
    /// Shadow or coherence checks dropped because the background queue was full.
    public var checksShed: UInt64 = 0
    /// Comparators that threw; the comparison is then unknown, not a mismatch.
    public var comparatorErrors: UInt64 = 0
    /// Latency of this cohort's implementation calls, in nanoseconds.
    public var latency = LatencyHistogram()
    /// Business and cost metrics measured outside Cutover, by the name thresholds use.
    public var external: [String: ExternalMeasurement] = [:]

    /// Empty metrics.
    public init() {}

    /// Records one implementation call of `nanoseconds` that succeeded or threw.
    @inline(__always)
    public mutating func recordCall(nanoseconds: UInt64, failed: Bool) {
        calls &+= 1
        if failed { errors &+= 1 }
        latency.record(min(nanoseconds, LatencyHistogram.highestTrackableValue))
    }

    /// The error rate of implementation calls, or `nil` without calls.
    public var errorRate: Double? {
        calls == 0 ? nil : Double(errors) / Double(calls)
    }

    /// Adds `other` to these metrics.
    public mutating func add(_ other: CohortMetrics) {
        calls &+= other.calls
        errors &+= other.errors
        fallbacks &+= other.fallbacks
        userFacingErrors &+= other.userFacingErrors
        shortCircuited &+= other.shortCircuited
        outcomeSuccesses &+= other.outcomeSuccesses
        outcomeFailures &+= other.outcomeFailures
        integrityFailures &+= other.integrityFailures
        divergences &+= other.divergences
        costUnits &+= other.costUnits
        cacheHits &+= other.cacheHits
        cacheMisses &+= other.cacheMisses
        shadowCalls &+= other.shadowCalls
        shadowErrors &+= other.shadowErrors
        shadowMismatches &+= other.shadowMismatches
        checksShed &+= other.checksShed
        comparatorErrors &+= other.comparatorErrors
        latency.add(other.latency)
        for (name, measurement) in other.external {
            external[name, default: ExternalMeasurement()].add(measurement)
        }
    }

    /// Zeroes every counter and the histogram.
    public mutating func reset() {
        self = CohortMetrics()
    }
}

/// Both cohorts of one service during a window.
public struct ServiceMetrics: Codable, Sendable {
    /// The service name.
    public var service: String
    /// The legacy cohort.
    public var legacy: CohortMetrics
    /// The candidate cohort.
    public var candidate: CohortMetrics

    /// Creates the metrics of `service`.
    public init(service: String, legacy: CohortMetrics, candidate: CohortMetrics) {
        self.service = service
        self.legacy = legacy
        self.candidate = candidate
    }

    /// Adds `other`'s cohorts to this one's.
    public mutating func add(_ other: ServiceMetrics) {
        legacy.add(other.legacy)
        candidate.add(other.candidate)
    }

    /// The metrics of `cohort`.
    public subscript(cohort: Cohort) -> CohortMetrics {
        get { cohort == .legacy ? legacy : candidate }
        set {
            if cohort == .legacy { legacy = newValue } else { candidate = newValue }
        }
    }
}

/// Everything recorded between two collections.
public struct MetricsWindow: Codable, Sendable {
    /// Every registered service, in slot order.
    public var services: [ServiceMetrics]

    /// Creates a window.
    public init(services: [ServiceMetrics]) {
        self.services = services
    }

    /// The metrics of `service`, if it recorded anything.
    public subscript(service: String) -> ServiceMetrics? {
        services.first { $0.service == service }
    }

    /// Adds `other`'s counts to this window's, service by service.
    public mutating func add(_ other: MetricsWindow) {
        for metrics in other.services {
            if let index = services.firstIndex(where: { $0.service == metrics.service }) {
                services[index].add(metrics)
            } else {
                services.append(metrics)
            }
        }
    }
}
