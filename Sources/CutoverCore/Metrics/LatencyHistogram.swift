/// Call latencies in nanoseconds, from 1 µs to 1 hour at two significant digits.
///
/// The buckets are HdrHistogram's for those bounds: 256 sub-buckets of unit width from 0
/// (the unit being 2⁹ ns, the largest power of two at most 1 µs), then for every further
/// power of two 128 sub-buckets twice as wide as the last ones, up to the bucket holding
/// 3.6 × 10¹² ns: 3 456 counts. A value's bucket, its equivalent range, every percentile and
/// every count are HdrHistogram's.
///
/// The histogram holds counts only from its lowest recorded bucket to its highest: a window's
/// latencies fill a few hundred neighbouring buckets, and finding a percentile, merging
/// another histogram, listing the buckets or copying the histogram (a window shared with a
/// stored state, then changed) touches those only. An empty histogram holds no counts at
/// all, so clearing one (``CohortMetrics/reset()``, every collection) costs nothing.
public struct LatencyHistogram: Sendable {
    /// The smallest latency told apart from zero, in nanoseconds (1 µs).
    public static let lowestDiscernibleValue: UInt64 = 1_000
    /// The largest latency recorded, in nanoseconds (1 hour).
    public static let highestTrackableValue: UInt64 = 3_600_000_000_000

    /// log₂ of the unit: the largest power of two at most ``lowestDiscernibleValue``.
    private static let unitMagnitude = 9
    /// log₂ of half the sub-buckets: 256 sub-buckets, the power of two at or above 2 × 10²,
    /// give unit resolution up to 200 units (two significant digits).
    private static let subBucketHalfCountMagnitude = 7
    private static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
    private static let subBucketMask = UInt64(2 * subBucketHalfCount - 1) << unitMagnitude
    /// The leading zero bits of the values of bucket 0.
    private static let leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1
    /// The buckets needed for ``highestTrackableValue``, each doubling the last.
    private static let bucketCount: Int = {
        var smallestUntrackable = UInt64(2 * subBucketHalfCount) << unitMagnitude
        var buckets = 1
        while smallestUntrackable <= highestTrackableValue {
            smallestUntrackable <<= 1
            buckets += 1
        }
        return buckets
    }()
    /// The number of counts: bucket 0's lower half, then the upper half of every bucket.
    private static let countsLength = (bucketCount + 1) * subBucketHalfCount

    /// One non-empty bucket.
    public struct Bucket: Hashable, Sendable {
        /// The highest value of the bucket, in nanoseconds.
        public var value: UInt64
        /// The calls counted in it.
        public var count: UInt64
    }

    /// The counts of the indexes in `populated`, `first` on; none before anything is recorded.
    private var counts: [UInt64] = []
    /// The index (out of ``countsLength``) of `counts[0]`.
    private var first = 0
    /// The calls recorded.
    public private(set) var totalCount: UInt64 = 0
    /// The largest value recorded, exactly (0 when empty).
    public private(set) var maxRecorded: UInt64 = 0
    private var minNonZeroValue = UInt64.max

    /// An empty histogram.
    public init() {}

    /// Records `count` calls of `value` nanoseconds; `false` (and nothing recorded) when the
    /// value is beyond the last bucket.
    @discardableResult
    public mutating func record(_ value: UInt64, count: UInt64 = 1) -> Bool {
        let index = Self.index(of: value)
        guard index < Self.countsLength else { return false }
        cover(index..<index + 1)
        let offset = index - first
        counts.withUnsafeMutableBufferPointer { $0[offset] &+= count }
        totalCount &+= count
        maxRecorded = Swift.max(maxRecorded, value)
        if value != 0 { minNonZeroValue = Swift.min(minNonZeroValue, value) }
        return true
    }

    /// Adds the calls of `other`.
    public mutating func add(_ other: LatencyHistogram) {
        guard !other.counts.isEmpty else { return }
        guard !counts.isEmpty else {
            self = other
            return
        }
        cover(other.populated)
        let offset = other.first - first
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for index in theirs.indices { mine[offset + index] &+= theirs[index] }
            }
        }
        totalCount &+= other.totalCount
        maxRecorded = Swift.max(maxRecorded, other.maxRecorded)
        minNonZeroValue = Swift.min(minNonZeroValue, other.minNonZeroValue)
    }

    /// The smallest value recorded, exactly (0 when empty or when a call took under one unit).
    public var min: UInt64 {
        totalCount == 0 || first == 0 && counts[0] > 0 ? 0 : minNonZeroValue
    }

    /// The highest value equivalent to the largest recorded (0 when empty).
    public var max: UInt64 {
        maxRecorded == 0 ? 0 : Self.highestEquivalent(of: maxRecorded)
    }

    /// The non-empty buckets, in increasing order of value.
    public var recordedBuckets: [Bucket] {
        populated.compactMap { index in
            let count = counts[index - first]
            return count == 0 ? nil : Bucket(value: Self.highestEquivalent(of: Self.value(at: index)), count: count)
        }
    }

    /// The largest value that `percentile` % (0–100) of the calls are at or below (within the
    /// bucket's resolution), clamped to the recorded extremes; 0 when empty.
    public func valueAtPercentile(_ percentile: Double) -> UInt64 {
        guard percentile != 0 else { return min }
        guard percentile < 100 else { return maxRecorded }
        guard totalCount > 0 else { return 0 }
        // One ulp less, so that rounding up does not overrun into the next bucket.
        let requested = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let rank = Swift.max(1, UInt64((requested * Double(totalCount) / 100).rounded(.up)))
        return Swift.max(Swift.min(values(atRanks: [rank])[0], maxRecorded), min)
    }

    /// The value of each of `ranks` (1-based, in sorted order of the calls): the highest value
    /// of the bucket holding that call, or ``maxRecorded`` for a rank past the last call. One
    /// pass over the populated buckets, from the slow end when every rank is in the slower
    /// half (the percentiles a latency check bounds, such as p95 and p99).
    public func values(atRanks ranks: [UInt64]) -> [UInt64] {
        if let lowest = ranks.min(), lowest > totalCount / 2 {
            // Rank r from the fast end is rank n + 1 − r from the slow end; a rank past the
            // last call becomes one no count reaches.
            let fromSlowEnd = ranks.map { $0 <= totalCount ? totalCount - $0 + 1 : .max }
            return values(atRanks: fromSlowEnd, walking: populated.reversed())
        }
        return values(atRanks: ranks, walking: populated)
    }

    /// ``values(atRanks:)`` with ranks counted in the order of `indexes`, a walk over the
    /// populated buckets from either end.
    private func values(atRanks ranks: [UInt64], walking indexes: some Sequence<Int>) -> [UInt64] {
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var values = [UInt64](repeating: maxRecorded, count: ranks.count)
        var next = 0
        var running: UInt64 = 0
        counts.withUnsafeBufferPointer { counts in
            for index in indexes {
                if next == order.count { break }
                running &+= counts[index - first]
                while next < order.count, running >= ranks[order[next]] {
                    values[order[next]] = Self.highestEquivalent(of: Self.value(at: index))
                    next += 1
                }
            }
        }
        return values
    }

    /// The calls whose buckets lie within `range` (its bounds widened to their buckets).
    public func count(within range: ClosedRange<UInt64>) -> UInt64 {
        let low = Swift.max(Self.index(of: range.lowerBound), populated.lowerBound)
        let high = Swift.min(Self.index(of: range.upperBound) + 1, populated.upperBound)
        guard low < high else { return 0 }
        return counts[low - first..<high - first].reduce(0, &+)
    }

    /// The indexes `counts` holds; the counts of all others are zero.
    private var populated: Range<Int> {
        first..<first + counts.count
    }

    /// Extends `counts` with zeros to hold `indexes` too, in whole blocks of
    /// ``subBucketHalfCount`` counts (one power of two of values), so that a window's calls
    /// seldom extend it again.
    private mutating func cover(_ indexes: Range<Int>) {
        guard indexes.lowerBound < first || indexes.upperBound > populated.upperBound else { return }
        let block = Self.subBucketHalfCount
        let indexes = indexes.lowerBound / block * block..<Swift.min((indexes.upperBound + block - 1) / block * block, Self.countsLength)
        guard !counts.isEmpty else {
            counts = [UInt64](repeating: 0, count: indexes.count)
            first = indexes.lowerBound
            return
        }
        if indexes.lowerBound < first {
            counts.insert(contentsOf: repeatElement(0, count: first - indexes.lowerBound), at: 0)
            first = indexes.lowerBound
        }
        if indexes.upperBound > populated.upperBound {
            counts.append(contentsOf: repeatElement(0, count: indexes.upperBound - populated.upperBound))
        }
    }

    /// Calls slower than `value` (calls in its bucket count as not slower).
    public func count(above value: UInt64) -> UInt64 {
        guard value < maxRecorded else { return 0 }
        return totalCount - count(within: 0...value)
    }

    /// The lowest value in the bucket of `value`.
    public static func lowestEquivalent(of value: UInt64) -> UInt64 {
        let bucket = bucketIndex(of: value)
        return (value >> (bucket + unitMagnitude)) << (bucket + unitMagnitude)
    }

    /// The highest value in the bucket of `value`.
    public static func highestEquivalent(of value: UInt64) -> UInt64 {
        lowestEquivalent(of: value) + rangeSize(of: value) - 1
    }

    /// The middle value of the bucket of `value`.
    public static func medianEquivalent(of value: UInt64) -> UInt64 {
        lowestEquivalent(of: value) + rangeSize(of: value) >> 1
    }

    /// The number of values in the bucket of `value`.
    private static func rangeSize(of value: UInt64) -> UInt64 {
        let bucket = bucketIndex(of: value)
        let subBucket = Int(value >> (bucket + unitMagnitude))
        return 1 << (unitMagnitude + (subBucket >= 2 * subBucketHalfCount ? bucket + 1 : bucket))
    }

    /// Which power of two above bucket 0's values `value` is in.
    private static func bucketIndex(of value: UInt64) -> Int {
        leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
    }

    /// Where the count of `value` is.
    private static func index(of value: UInt64) -> Int {
        let bucket = bucketIndex(of: value)
        let subBucket = Int(value >> (bucket + unitMagnitude))
        return (bucket + 1) << subBucketHalfCountMagnitude + subBucket - subBucketHalfCount
    }

    /// The lowest value counted at `index`.
    private static func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << (bucket + unitMagnitude)
    }
}
