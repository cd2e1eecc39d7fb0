import Histogram

/// Distribution-free confidence bounds of a percentile of an HDR histogram.
///
/// In a sample of *n* calls, the number of calls at or below the true q-quantile is
/// Binomial(*n*, *q*), whatever the latency distribution. So the calls of ranks
/// `r = ⌊nq − z·√(nq(1−q))⌋` and `s = ⌈nq + z·√(nq(1−q))⌉ + 1` bound the quantile from below
/// and above, each with one-sided confidence Φ(z) (normal approximation to the binomial).
/// Bounds are widened to the edges of the histogram's buckets (1 % resolution at two
/// significant digits).
struct QuantileBounds: Equatable {
    /// A lower bound (0 when the sample is too small to bound it).
    var lower: Double
    /// The point estimate: the value of rank ⌈nq⌉.
    var point: Double
    /// An upper bound (`infinity` when the sample is too small to bound it).
    var upper: Double

    /// The bounds of the `quantile` (0…1) of `histogram` at one-sided z-score `z`.
    init(_ histogram: Histogram<UInt64>, quantile: Double, z: Double) {
        let n = Double(histogram.totalCount)
        guard n > 0 else {
            self.init(lower: 0, point: 0, upper: .infinity)
            return
        }
        let centre = n * quantile
        let spread = z * (centre * (1 - quantile)).squareRoot()
        let lowerRank = (centre - spread).rounded(.down)
        let upperRank = (centre + spread).rounded(.up) + 1
        let pointRank = max(1, centre.rounded(.up))
        var ranks = [pointRank]
        if lowerRank >= 1 { ranks.append(lowerRank) }
        if upperRank <= n { ranks.append(upperRank) }
        let values = histogram.values(atRanks: ranks.map { UInt64($0) })
        let point = Double(values[0])
        let lower = lowerRank >= 1 ? Double(histogram.lowestEquivalentForValue(values[1])) : 0
        let upper = upperRank <= n ? Double(histogram.highestEquivalentForValue(values[ranks.count - 1])) : .infinity
        self.init(lower: lower, point: point, upper: upper)
    }

    init(lower: Double, point: Double, upper: Double) {
        self.lower = lower
        self.point = point
        self.upper = upper
    }
}

extension Histogram<UInt64> {
    /// The value of each of `ranks` (1-based, in sorted order of the recorded values):
    /// the highest value equivalent to the rank's bucket. One pass over the recorded buckets.
    func values(atRanks ranks: [UInt64]) -> [UInt64] {
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var values = [UInt64](repeating: maxRecorded, count: ranks.count)
        var next = 0
        for bucket in recordedValues() {
            while next < order.count, bucket.totalCountToThisValue >= ranks[order[next]] {
                values[order[next]] = highestEquivalentForValue(bucket.value)
                next += 1
            }
            if next == order.count { break }
        }
        return values
    }

    /// Calls slower than `value` (bucket-equivalent values count as not slower).
    func count(above value: UInt64) -> UInt64 {
        guard value < maxRecorded else { return 0 }
        return totalCount - count(within: 0...value)
    }
}
