import CutoverCore
import Testing

@Suite("Latency buckets")
struct LatencyBucketsTests {
    @Test("41 increasing bounds from 1 ms to 10 s, at most 1.34× apart, printed as written")
    func boundaries() {
        let bounds = LatencyBuckets.boundaries
        #expect(bounds.count == 41)
        #expect(bounds.first == 0.001)
        #expect(bounds.last == 10)
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $1 > $0 && $1 / $0 <= 1.34 })
        #expect(bounds[1].description == "0.00125")
    }

    @Test("an HDR histogram is counted into the buckets by value, with its sum")
    func countsAndSum() {
        var histogram = CohortMetrics().latency
        histogram.record(500_000, count: 3)  // 0.5 ms → le 0.001
        histogram.record(45_000_000, count: 10)  // 45 ms → le 0.05
        histogram.record(20_000_000_000, count: 1)  // 20 s → +Inf
        var buckets = LatencyBuckets()
        buckets.add(histogram)
        buckets.add(histogram)
        let cumulative = buckets.cumulative
        let index = { (bound: Double) in LatencyBuckets.boundaries.firstIndex(of: bound)! }
        #expect(cumulative[index(0.001)] == 6)
        #expect(cumulative[index(0.04)] == 6)
        #expect(cumulative[index(0.05)] == 26)
        #expect(cumulative[index(10)] == 26)
        #expect(cumulative.last == 28)
        #expect(buckets.total == 28)
        #expect(abs(buckets.sum - 2 * (3 * 0.0005 + 10 * 0.045 + 20)) < 0.5)
    }

    @Test("a histogram rebuilt from buckets keeps the counts and interpolates within a bucket")
    func rebuild() {
        // 100 calls in (40 ms, 50 ms], 100 in (50 ms, 60 ms], 10 above 10 s; given out of order.
        let histogram = LatencyBuckets.histogram(fromCumulative: [
            (upperBound: 0.06, count: 200.2), (upperBound: .infinity, count: 210), (upperBound: 0.04, count: 0),
            (upperBound: 0.05, count: 99.6), (upperBound: 10, count: 200),
        ])
        #expect(histogram.totalCount == 210)
        #expect(histogram.count(within: 40_000_001...50_000_000) == 100)
        #expect(histogram.count(within: 50_000_001...60_000_000) == 100)
        let median = Double(histogram.valueAtPercentile(50)) / 1e6
        #expect(abs(median - 50.5) < 1.5, "median \(median) ms")
        // Calls past the last finite bound are at that bound.
        #expect(histogram.maxRecorded >= 9_900_000_000 && histogram.maxRecorded <= 10_100_000_000)
    }

    @Test("rounded counts that go down are made non-decreasing; NaN and negative counts add nothing")
    func nonMonotonic() {
        let histogram = LatencyBuckets.histogram(fromCumulative: [
            (upperBound: 0.01, count: 5), (upperBound: 0.02, count: 4.4), (upperBound: 0.03, count: .nan),
            (upperBound: 0.04, count: -3), (upperBound: .infinity, count: 7),
        ])
        #expect(histogram.totalCount == 7)
        #expect(histogram.count(within: 0...10_000_000) == 5)
    }

    @Test("exported buckets rebuilt keep the p95 within a bucket's width")
    func roundTrip() {
        let original = CohortMetrics.cohort(calls: 5_000, milliseconds: 40).latency
        var buckets = LatencyBuckets()
        buckets.add(original)
        let bounds = LatencyBuckets.boundaries.map { $0 } + [.infinity]
        let rebuilt = LatencyBuckets.histogram(fromCumulative: zip(bounds, buckets.cumulative).map { (upperBound: $0, count: Double($1)) })
        #expect(rebuilt.totalCount == original.totalCount)
        let ratio = Double(rebuilt.valueAtPercentile(95)) / Double(original.valueAtPercentile(95))
        #expect(ratio > 1 / 1.34 && ratio < 1.34, "ratio \(ratio)")
    }
}
