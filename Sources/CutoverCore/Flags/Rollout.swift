/// The share of stickiness keys routed to the candidate, with a precision of 0.001 %.
public struct Rollout: Hashable, Comparable, Sendable {
    /// The rollout in thousandths of a percent, `0 ... 100_000`.
    public let thousandthsOfPercent: Int

    /// No key on the candidate.
    public static let zero = Rollout(thousandthsOfPercent: 0)
    /// Every key on the candidate.
    public static let full = Rollout(thousandthsOfPercent: Int(Bucketing.bucketCount))

    /// Creates a rollout from thousandths of a percent, clamped to `0 ... 100_000`.
    public init(thousandthsOfPercent: Int) {
        self.thousandthsOfPercent = min(max(thousandthsOfPercent, 0), Int(Bucketing.bucketCount))
    }

    /// Creates a rollout from a percentage, rounded to 0.001 %; `nil` when outside 0–100 or not a number.
    public init?(percent: Double) {
        guard percent.isFinite, percent >= 0, percent <= 100 else { return nil }
        self.init(thousandthsOfPercent: Int((percent * 1000).rounded()))
    }

    /// The rollout as a percentage.
    public var percent: Double {
        Double(thousandthsOfPercent) / 1000
    }

    /// Whether a key in `bucket` is inside this rollout.
    @inlinable
    public func includes(bucket: Int) -> Bool {
        bucket < thousandthsOfPercent
    }

    public static func < (lhs: Rollout, rhs: Rollout) -> Bool {
        lhs.thousandthsOfPercent < rhs.thousandthsOfPercent
    }
}

extension Rollout: CustomStringConvertible {
    public var description: String {
        "\(percent)%"
    }
}
