import CutoverCore

/// One query of a sample: the service, cohort and measurement it fills, and its rendered text.
struct PlannedQuery: Sendable {
    /// What the query's value becomes.
    enum Target: Sendable {
        /// A counter or the latency histogram.
        case measurement(PrometheusSource.Measurement)
        /// A custom business or cost metric, by name.
        case custom(String)
    }

    var service: String
    var cohort: Cohort
    var target: Target
    var text: String

    /// `cv-analyzer candidate errors`, for messages.
    var label: String {
        switch target {
        case .measurement(let measurement): "\(service) \(cohort.rawValue) \(measurement.rawValue)"
        case .custom(let name): "\(service) \(cohort.rawValue) \(name)"
        }
    }

    /// Every query of one sample: each measurement and custom metric of each service and cohort.
    static func all(for configuration: PrometheusTraffic.Configuration, window: Duration) -> [PlannedQuery] {
        let source = configuration.source
        let targets = PrometheusSource.Measurement.allCases.map { (Target.measurement($0), source.query(for: $0)) }
            + source.custom.map { (Target.custom($0.name), $0.query) }
        return configuration.services.flatMap { service in
            Cohort.allCases.flatMap { cohort in
                targets.map { target, template in
                    PlannedQuery(
                        service: service, cohort: cohort, target: target,
                        text: template.render(service: service, cohort: cohort, window: window)
                    )
                }
            }
        }
    }
}

extension ServiceMetrics {
    /// Puts the value of `query` into the cohort it measured.
    mutating func apply(_ result: PrometheusResult, of query: PlannedQuery) throws(QueryFailure) {
        do {
            switch query.target {
            case .measurement(let measurement):
                if let counter = measurement.counter {
                    self[query.cohort][keyPath: counter] = try Self.count(result)
                } else {
                    self[query.cohort].latency = try Self.latency(result)
                }
            case .custom(let name):
                if let value = result.total {
                    self[query.cohort].external[name] = ExternalMeasurement(value: value)
                }
            }
        } catch {
            throw QueryFailure(label: query.label, error: error)
        }
    }

    /// A count: the result's total rounded (an `increase()` is extrapolated), 0 without data.
    static func count(_ result: PrometheusResult) throws(PrometheusError) -> UInt64 {
        guard let total = result.total else { return 0 }
        guard total.isFinite else {
            throw PrometheusError(.unsupportedResult, "\(total) is not a count")
        }
        return UInt64(min(max(0, total.rounded()), Double(CohortMetrics.maximumDecodedCount)))
    }

    /// A latency histogram from bucket counts by `le` (summed over series with the same `le`).
    static func latency(_ result: PrometheusResult) throws(PrometheusError) -> LatencyHistogram {
        guard case .vector(let elements) = result else {
            throw PrometheusError(.unsupportedResult, "latency buckets must be a vector by 'le', found a scalar")
        }
        var buckets: [Double: Double] = [:]
        for element in elements where !element.value.isNaN {
            guard let bound = element.labels["le"].flatMap(Double.init) else {
                throw PrometheusError(
                    .unsupportedResult, "latency buckets need an 'le' label (write the query with 'sum by (le)')"
                )
            }
            buckets[bound, default: 0] += element.value
        }
        return LatencyBuckets.histogram(fromCumulative: buckets.map { (upperBound: $0.key, count: $0.value) })
    }
}
