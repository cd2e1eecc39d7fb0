/// A business or cost metric measured outside Cutover (a metrics source's custom query, e.g.
/// a conversion rate from Prometheus) for one cohort: the values its samples measured, added
/// up, so that a window's value is their mean.
public struct ExternalMeasurement: Codable, Hashable, Sendable {
    /// The sum of the samples' values.
    public var total: Double
    /// How many samples measured a value.
    public var samples: UInt64

    /// One sample's value.
    public init(value: Double) {
        total = value
        samples = 1
    }

    /// No sample yet.
    public init() {
        total = 0
        samples = 0
    }

    /// The mean of the samples' values, or `nil` without samples.
    public var mean: Double? {
        samples == 0 ? nil : total / Double(samples)
    }

    /// Adds `other`'s samples to these.
    public mutating func add(_ other: ExternalMeasurement) {
        total += other.total
        samples &+= other.samples
    }
}
