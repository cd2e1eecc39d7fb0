import CutoverCore
import Foundation
import Testing

@Suite("Cohort metrics coding")
struct CohortMetricsCodingTests {
    /// Metrics with every counter set and `calls` latencies between `low` and `high` nanoseconds.
    static func sample(calls: Int = 20_000, low: UInt64 = 1_000, high: UInt64 = 20_000_000_000) -> CohortMetrics {
        var metrics = CohortMetrics()
        var random = UInt64(12345)
        for index in 0..<calls {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            metrics.recordCall(nanoseconds: low + (random >> 20) % (high - low), failed: index.isMultiple(of: 37))
        }
        metrics.fallbacks = 3; metrics.userFacingErrors = 4; metrics.shortCircuited = 5; metrics.outcomeSuccesses = 6
        metrics.outcomeFailures = 7; metrics.integrityFailures = 8; metrics.divergences = 9; metrics.costUnits = 10
        metrics.cacheHits = 11; metrics.cacheMisses = 12; metrics.shadowCalls = 13; metrics.shadowErrors = 14
        metrics.shadowMismatches = 15; metrics.checksShed = 16; metrics.comparatorErrors = 17
        return metrics
    }

    static func roundTrip(_ metrics: CohortMetrics) throws -> CohortMetrics {
        try JSONDecoder().decode(CohortMetrics.self, from: JSONEncoder().encode(metrics))
    }

    @Test("a round trip keeps every counter and every answer of the latency histogram", arguments: [
        (20_000, UInt64(1_000), UInt64(20_000_000_000)), (2_000, 500_000, 3_500_000), (2, 700_000, 700_001), (1, 5_000, 5_001),
    ])
    func roundTrip(calls: Int, low: UInt64, high: UInt64) throws {
        let original = Self.sample(calls: calls, low: low, high: high)
        let decoded = try Self.roundTrip(original)
        let counters: [KeyPath<CohortMetrics, UInt64>] = [
            \.calls, \.errors, \.fallbacks, \.userFacingErrors, \.shortCircuited, \.outcomeSuccesses, \.outcomeFailures,
            \.integrityFailures, \.divergences, \.costUnits, \.cacheHits, \.cacheMisses, \.shadowCalls, \.shadowErrors,
            \.shadowMismatches, \.checksShed, \.comparatorErrors,
        ]
        for counter in counters {
            #expect(decoded[keyPath: counter] == original[keyPath: counter])
        }
        #expect(decoded.calls == UInt64(calls))
        #expect(decoded.latency.totalCount == original.latency.totalCount)
        #expect(decoded.latency.min == original.latency.min)
        #expect(decoded.latency.maxRecorded == original.latency.maxRecorded)
        #expect(decoded.latency.max == original.latency.max)
        for percentile in [0.0, 1, 50, 90, 95, 99, 99.9, 100] {
            #expect(decoded.latency.valueAtPercentile(percentile) == original.latency.valueAtPercentile(percentile))
        }
        #expect(decoded.latency.recordedBuckets.map(\.count) == original.latency.recordedBuckets.map(\.count))
    }

    @Test("empty metrics encode as an empty object and decode to empty metrics")
    func empty() throws {
        #expect(try JSONEncoder().encode(CohortMetrics()) == Data("{}".utf8))
        let decoded = try JSONDecoder().decode(CohortMetrics.self, from: Data("{}".utf8))
        #expect(decoded.calls == 0)
        #expect(decoded.latency.totalCount == 0)
    }

    @Test("a window's latencies encode as their non-empty buckets only, a value and a count each")
    func compact() throws {
        let window = Self.sample(calls: 2_000, low: 500_000, high: 3_500_000)
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(window)) as? [String: Any])
        let flat = try #require(object["latencyBuckets"] as? [UInt64])
        let buckets = window.latency.recordedBuckets
        #expect(buckets.count < 400, "\(buckets.count) buckets")
        #expect(flat == buckets.flatMap { [$0.value, $0.count] })
    }

    @Test("malformed latency data is a decoding error, not a crash")
    func malformed() {
        for json in [#"{"latencyBuckets":[1000]}"#, #"{"latencyBuckets":[1000,1]}"#, #"{"calls":"many"}"#,
                     #"{"latencyMin":5000,"latencyMax":6000,"latencyBuckets":[5000,1,99999999999999999,1,6000,1]}"#] {
            #expect(throws: DecodingError.self, "\(json)") {
                try JSONDecoder().decode(CohortMetrics.self, from: Data(json.utf8))
            }
        }
    }
}
