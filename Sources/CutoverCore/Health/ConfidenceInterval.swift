/// Two one-sided confidence bounds of an estimate, each holding with probability ``confidence``.
///
/// The health checks use one bound at a time: a threshold of the form "at most *L*" is violated
/// when ``lower`` exceeds *L* and passes with confidence when ``upper`` is at most *L*.
///
/// An unbounded side is encoded by omission, since JSON has no infinity.
public struct ConfidenceInterval: Codable, Hashable, Sendable {
    /// The lower one-sided bound.
    public var lower: Double
    /// The upper one-sided bound (`infinity` when the data cannot bound the estimate from above).
    public var upper: Double
    /// The probability that each bound, on its own, holds, e.g. `0.99`.
    public var confidence: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double, confidence: Double) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    private enum CodingKeys: String, CodingKey {
        case lower, upper, confidence
    }

    /// Decodes an interval; a missing bound is unbounded.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lower = try container.decodeIfPresent(Double.self, forKey: .lower) ?? -.infinity
        upper = try container.decodeIfPresent(Double.self, forKey: .upper) ?? .infinity
        confidence = try container.decode(Double.self, forKey: .confidence)
    }

    /// Encodes the interval, omitting unbounded sides.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if lower.isFinite { try container.encode(lower, forKey: .lower) }
        if upper.isFinite { try container.encode(upper, forKey: .upper) }
        try container.encode(confidence, forKey: .confidence)
    }

    /// The one-sided Wilson score bounds of a binomial proportion: `events` out of `trials`.
    ///
    /// Without trials the interval is `[0, 1]`: nothing is known.
    public static func wilson(events: UInt64, trials: UInt64, confidence: Double) -> ConfidenceInterval {
        guard trials > 0 else { return ConfidenceInterval(lower: 0, upper: 1, confidence: confidence) }
        let n = Double(trials)
        let p = Double(min(events, trials)) / n
        let z = NormalDistribution.quantile(confidence)
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let scale = 1 + z2 / n
        return ConfidenceInterval(
            lower: max(0, (centre - spread) / scale), upper: min(1, (centre + spread) / scale), confidence: confidence
        )
    }
}
