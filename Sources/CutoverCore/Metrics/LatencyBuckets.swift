/// Latencies counted into fixed buckets, the way a Prometheus histogram holds them; and a
/// latency histogram rebuilt from such buckets.
///
/// Cutover exports `cutover_router_latency_seconds` with ``boundaries``: 41 upper bounds from
/// 1 ms to 10 s, ten per decade at round values (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8), so two
/// neighbouring bounds are at most 1.34× apart; the last bucket (`+Inf`) holds the rest.
/// Adding a window's histogram costs one step per non-empty bucket of it, whatever the
/// number of calls.
public struct LatencyBuckets: Hashable, Sendable {
    /// The upper bounds of the exported buckets, in seconds, increasing.
    public static let boundaries: [Double] = {
        // Parsed from decimal text, so that each bound is the double nearest its round value
        // (0.00125, not 1.25 × 0.001) and prints as it reads.
        let mantissas = ["1", "1.25", "1.5", "2", "2.5", "3", "4", "5", "6", "8"]
        return (-3...0).flatMap { exponent in mantissas.compactMap { Double("\($0)e\(exponent)") } } + [10]
    }()

    /// Calls per bucket (not cumulative): one count per boundary, then the `+Inf` bucket.
    public private(set) var counts = [UInt64](repeating: 0, count: Self.boundaries.count + 1)
    /// The sum of the latencies, in seconds (each histogram bucket counted at its middle value).
    public private(set) var sum: Double = 0

    /// No calls.
    public init() {}

    /// Every call counted so far.
    public var total: UInt64 {
        counts.reduce(0, &+)
    }

    /// Calls at or below each boundary, then the total (the `+Inf` bucket).
    public var cumulative: [UInt64] {
        var running: UInt64 = 0
        return counts.map { count in
            running &+= count
            return running
        }
    }

    /// Adds the calls of `histogram`. A histogram bucket counts towards the first boundary at
    /// or above its middle value, so a call is misplaced only when it lies within half a
    /// histogram bucket (under 1 % at two significant digits) of a boundary.
    public mutating func add(_ histogram: LatencyHistogram) {
        for bucket in histogram.recordedBuckets {
            let seconds = Double(LatencyHistogram.medianEquivalent(of: bucket.value)) / 1e9
            let index = Self.boundaries.partitioningIndex { $0 >= seconds }
            counts[index] &+= UInt64(bucket.count)
            sum += seconds * Double(bucket.count)
        }
    }

    /// A latency histogram holding the calls of Prometheus buckets: each bucket's
    /// upper bound in seconds (`+Inf` included) with the cumulative count at it, in any order.
    ///
    /// Counts are rounded (an `increase()` is extrapolated, so it is rarely whole) and made
    /// non-decreasing. A bucket's calls are spread evenly over its range, as PromQL's
    /// `histogram_quantile` assumes; calls above the last finite bound are placed at that
    /// bound, the least they can be.
    public static func histogram(fromCumulative buckets: [(upperBound: Double, count: Double)]) -> LatencyHistogram {
        var histogram = LatencyHistogram()
        var lower = 0.0
        var previous: UInt64 = 0
        for bucket in buckets.sorted(by: { $0.upperBound < $1.upperBound }) {
            let cumulative = max(previous, bucket.count.isFinite ? UInt64(max(0, bucket.count.rounded())) : 0)
            let calls = cumulative - previous
            previous = cumulative
            let upper = bucket.upperBound.isFinite ? bucket.upperBound : lower
            if calls > 0 { spread(calls, over: lower...max(lower, upper), into: &histogram) }
            lower = max(lower, upper)
        }
        return histogram
    }

    /// Records `calls` at up to 16 evenly spaced points of `range` (seconds).
    private static func spread(_ calls: UInt64, over range: ClosedRange<Double>, into histogram: inout LatencyHistogram) {
        let points = min(calls, 16)
        let share = calls / points
        let remainder = calls % points
        for point in 0..<points {
            let seconds = range.lowerBound + (range.upperBound - range.lowerBound) * (Double(point) + 0.5) / Double(points)
            let nanoseconds = UInt64(
                min(max(seconds * 1e9, Double(LatencyHistogram.lowestDiscernibleValue)), Double(LatencyHistogram.highestTrackableValue))
            )
            histogram.record(nanoseconds, count: share + (point < remainder ? 1 : 0))
        }
    }
}

extension Array {
    /// The index of the first element satisfying `belongs` (or `endIndex`), for an array where
    /// every such element follows every other one (binary search).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
