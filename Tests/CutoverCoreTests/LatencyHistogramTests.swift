import CutoverCore
import Histogram
import Testing

/// The latency histogram against HdrHistogram's own implementation with the same bounds.
@Suite("Latency histogram")
struct LatencyHistogramTests {
    /// Both histograms holding the same calls.
    private struct Pair {
        var mine = LatencyHistogram()
        var reference = Histogram<UInt64>(
            lowestDiscernibleValue: LatencyHistogram.lowestDiscernibleValue,
            highestTrackableValue: LatencyHistogram.highestTrackableValue, numberOfSignificantValueDigits: .two
        )

        mutating func record(_ value: UInt64, count: UInt64 = 1) {
            let recorded = mine.record(value, count: count)
            let recordedByReference = reference.record(value, count: count)
            #expect(recorded == recordedByReference, "value \(value)")
        }

        mutating func add(_ other: Pair) {
            mine.add(other.mine)
            reference.add(other.reference)
        }

        /// Every answer of both, compared.
        func expectSameAnswers(_ probes: [UInt64]) {
            #expect(mine.totalCount == reference.totalCount)
            #expect(mine.min == reference.min)
            #expect(mine.maxRecorded == reference.maxRecorded)
            #expect(mine.max == reference.max)
            #expect(mine.recordedBuckets.map(\.value) == reference.recordedValues().map(\.value))
            #expect(mine.recordedBuckets.map(\.count) == reference.recordedValues().map(\.count))
            for percentile in [0, 0.1, 1, 25, 50, 90, 95, 97.5, 99, 99.9, 99.99, 100] {
                #expect(mine.valueAtPercentile(percentile) == reference.valueAtPercentile(percentile), "p\(percentile)")
            }
            for probe in probes {
                #expect(LatencyHistogram.lowestEquivalent(of: probe) == reference.lowestEquivalentForValue(probe))
                #expect(LatencyHistogram.highestEquivalent(of: probe) == reference.highestEquivalentForValue(probe))
                #expect(LatencyHistogram.medianEquivalent(of: probe) == reference.medianEquivalentForValue(probe))
                if probe <= LatencyHistogram.highestTrackableValue {
                    #expect(mine.count(within: 0...probe) == reference.count(within: 0...probe), "≤ \(probe)")
                    #expect(mine.count(within: probe...LatencyHistogram.highestTrackableValue)
                        == reference.count(within: probe...LatencyHistogram.highestTrackableValue), "≥ \(probe)")
                }
            }
        }
    }

    /// A deterministic generator of values spread over every power of two of the range.
    private struct Values {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let magnitude = (state >> 58) % 43  // up to 2⁴², past the highest trackable value
            return (state >> 11) % (UInt64(1) << magnitude)
        }
    }

    @Test("every bucket, percentile, count and extreme is HdrHistogram's", arguments: [1, 7, 200, 5_000] as [Int])
    func matchesReference(calls: Int) {
        var values = Values(state: UInt64(calls))
        var pair = Pair()
        var probes: [UInt64] = [0, 1, 511, 512, 1_000, 131_071, 131_072, 3_600_000_000_000]
        for _ in 0..<calls {
            let value = values.next()
            pair.record(value, count: 1 + value % 3)
            probes.append(value)
        }
        pair.expectSameAnswers(probes)
    }

    @Test("narrow windows of latencies, as services record them, give HdrHistogram's percentiles")
    func windowOfLatencies() {
        var pair = Pair()
        var values = Values(state: 99)
        for _ in 0..<3_000 { pair.record(20_000_000 + values.next() % 60_000_000) }
        pair.expectSameAnswers([20_000_000, 45_123_456, 80_000_000])
    }

    @Test("adding histograms gives HdrHistogram's sum, whichever side is empty")
    func adding() {
        var values = Values(state: 3)
        var first = Pair()
        var second = Pair()
        for _ in 0..<300 { first.record(1_000_000 + values.next() % 5_000_000) }
        for _ in 0..<300 { second.record(40_000_000 + values.next() % 90_000_000) }
        var empty = Pair()
        empty.add(first)
        empty.expectSameAnswers([1_000_000, 6_000_000])
        empty.add(second)
        empty.add(Pair())
        empty.expectSameAnswers([1_000_000, 50_000_000, 130_000_000])
        // The first histogram is unchanged by the one that took its counts.
        first.expectSameAnswers([1_000_000, 6_000_000])
        #expect(first.mine.totalCount == 300)
        // Counts below the ones held, and then around them, extend the histogram downwards.
        var slower = second
        slower.add(first)
        slower.record(500_000_000)
        slower.add(first)
        slower.expectSameAnswers([1_000_000, 50_000_000, 500_000_000])
        second.expectSameAnswers([40_000_000, 130_000_000])
    }

    @Test("values beyond the last bucket are refused; an empty histogram answers zero")
    func edges() {
        var histogram = LatencyHistogram()
        #expect(histogram.totalCount == 0 && histogram.min == 0 && histogram.max == 0)
        #expect(histogram.valueAtPercentile(50) == 0)
        #expect(histogram.recordedBuckets.isEmpty)
        #expect(histogram.count(within: 0...LatencyHistogram.highestTrackableValue) == 0)
        #expect(histogram.values(atRanks: [1, 2]) == [0, 0])
        let recorded = histogram.record(UInt64.max)
        #expect(!recorded)
        #expect(histogram.totalCount == 0)
        var pair = Pair()
        pair.record(LatencyHistogram.highestTrackableValue)
        pair.record(LatencyHistogram.highestTrackableValue * 2)
        pair.record(0)
        pair.expectSameAnswers([0, LatencyHistogram.highestTrackableValue])
    }

    @Test("ranks read the buckets in one pass, in any order, and past the last call give the maximum")
    func ranks() {
        var histogram = LatencyHistogram()
        histogram.record(10_000, count: 2)
        histogram.record(2_000_000, count: 3)
        let values = histogram.values(atRanks: [5, 1, 3, 6])
        #expect(values[0] == LatencyHistogram.highestEquivalent(of: 2_000_000))
        #expect(values[1] == LatencyHistogram.highestEquivalent(of: 10_000))
        #expect(values[2] == LatencyHistogram.highestEquivalent(of: 2_000_000))
        #expect(values[3] == 2_000_000)
    }

    @Test("ranks in the slower half, read from the slow end, are the ranks read from the fast end")
    func ranksFromEitherEnd() {
        var values = Values(state: 17)
        var histogram = LatencyHistogram()
        for _ in 0..<400 { histogram.record(1_000_000 + values.next() % 200_000_000, count: 1 + values.next() % 3) }
        let calls = histogram.totalCount
        for rank in calls / 2 + 1...calls + 1 {
            // With rank 1 among them, the ranks are read from the fast end.
            #expect(histogram.values(atRanks: [rank]) == [histogram.values(atRanks: [1, rank])[1]], "rank \(rank)")
        }
        let upper = [calls + 5, calls * 99 / 100, calls, calls * 95 / 100 + 1]
        #expect(histogram.values(atRanks: upper) == Array(histogram.values(atRanks: [1] + upper).dropFirst()))
    }
}
