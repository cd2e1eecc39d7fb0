/// Distribution-free confidence bounds of a percentile of a latency histogram.
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
    init(_ histogram: LatencyHistogram, quantile: Double, z: Double) {
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
        let lower = lowerRank >= 1 ? Double(LatencyHistogram.lowestEquivalent(of: values[1])) : 0
        let upper = upperRank <= n ? Double(LatencyHistogram.highestEquivalent(of: values[ranks.count - 1])) : .infinity
        self.init(lower: lower, point: point, upper: upper)
    }

    init(lower: Double, point: Double, upper: Double) {
        self.lower = lower
        self.point = point
        self.upper = upper
    }
}
