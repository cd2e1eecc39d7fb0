import Foundation
import Testing

@testable import CutoverCore

@Suite("Health: metrics measured outside Cutover")
struct HealthExternalMetricTests {
    static let thresholds = {
        var thresholds = Thresholds()
        thresholds.custom = [CustomThreshold(metric: "conversionRate", minimum: 0.2, action: .gracefulRollback)]
        return thresholds
    }()

    /// A healthy candidate of 1 000 calls whose samples measured `values` of the conversion rate.
    static func candidate(_ values: [Double], calls: Int = 1_000) -> CohortMetrics {
        .cohort(calls: calls) { metrics in
            for value in values {
                var sample = CohortMetrics()
                sample.external["conversionRate"] = ExternalMeasurement(value: value)
                metrics.add(sample)
            }
        }
    }

    @Test("a custom threshold is judged on the mean of the samples' values")
    func judgedOnMean() throws {
        let low = analyze(candidate: Self.candidate([0.1, 0.2, 0.15]), legacy: .cohort(calls: 9_000), thresholds: Self.thresholds)
        let check = try #require(low[.custom("conversionRate")])
        #expect(check.status == .violated)
        #expect(abs((check.observed ?? 0) - 0.15) < 1e-9)
        #expect(check.evidence.events == 3)
        #expect(low.action == .gracefulRollback)
        let fine = analyze(candidate: Self.candidate([0.3, 0.25]), legacy: .cohort(calls: 9_000), thresholds: Self.thresholds)
        #expect(try #require(fine[.custom("conversionRate")]).status == .passed)
    }

    @Test("without a measured value, or below the minimum of calls, the check is inconclusive")
    func inconclusive() throws {
        let none = analyze(candidate: Self.candidate([]), legacy: .cohort(calls: 9_000), thresholds: Self.thresholds)
        let check = try #require(none[.custom("conversionRate")])
        #expect(check.status == .inconclusive)
        #expect(check.note?.contains("the metrics source gave no value") == true)
        let few = analyze(candidate: Self.candidate([0.01], calls: 50), legacy: .cohort(calls: 9_000), thresholds: Self.thresholds)
        #expect(try #require(few[.custom("conversionRate")]).status == .inconclusive)
    }

    @Test("external values survive the window's JSON encoding; windows without any encode as before")
    func coding() throws {
        let metrics = Self.candidate([0.5, 0.25], calls: 10)
        let decoded = try JSONDecoder().decode(CohortMetrics.self, from: JSONEncoder().encode(metrics))
        #expect(decoded.external == metrics.external)
        #expect(decoded.external["conversionRate"]?.mean == 0.375)
        let plain = try JSONEncoder().encode(CohortMetrics.cohort(calls: 10))
        #expect(!String(decoding: plain, as: UTF8.self).contains("external"))
    }
}
