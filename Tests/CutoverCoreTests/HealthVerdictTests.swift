import CutoverCore
import Foundation
import Testing

/// Warnings, custom checks, action precedence, coding and descriptions of verdicts.
@Suite("Health verdicts")
struct HealthVerdictTests {
    @Test("A value past 80 % of its threshold passes with a warning")
    func warnings() throws {
        let errors = analyze(candidate: .cohort(calls: 20_000, errors: 900), legacy: .cohort(calls: 180_000))
        let errorRate = try #require(errors[.errorRate])
        #expect(errorRate.status == .passed)
        #expect(errorRate.isWarning)
        #expect(errorRate.severity == .warning)
        #expect(abs(errorRate.warningLevel - 0.04) < 1e-12)
        #expect(errors.status == .healthy)
        #expect(errors.warnings.map(\.check) == [.errorRate])

        let latency = try #require(healthyTenPercent(milliseconds: 90)[.latency])
        #expect(latency.status == .passed)
        #expect(latency.isWarning)
        #expect(abs(latency.warningLevel - 1.6) < 1e-12)

        let success = healthyTenPercent {
            $0.outcomeSuccesses = 19_100
            $0.outcomeFailures = 900
        }
        let userSuccess = try #require(success[.userSuccess])
        #expect(userSuccess.isWarning)
        #expect(abs(userSuccess.warningLevel - 0.96) < 1e-12)
    }

    @Test("Values below 80 % of their thresholds raise no warning")
    func noWarnings() {
        #expect(healthyTenPercent(errors: 30, milliseconds: 75).warnings.isEmpty)
    }

    @Test("A value past 80 % on too few calls to show it is not yet a warning")
    func warningsNeedEvidence() throws {
        let result = try #require(healthyTenPercent(errors: 45)[.errorRate])
        #expect(try #require(result.observed) > result.warningLevel)
        #expect(!result.isWarning)
    }

    @Test("A violated check is not also a warning")
    func violationIsNotWarning() throws {
        let result = try #require(healthyTenPercent(errors: 150)[.errorRate])
        #expect(!result.isWarning)
        #expect(result.severity == .critical)
    }

    @Test(
        "The most severe action wins: immediate > graceful > pause",
        arguments: [
            ([ViolationAction.pause, .gracefulRollback, .immediateRollback], ViolationAction.immediateRollback),
            ([.immediateRollback, .pause], .immediateRollback),
            ([.pause, .gracefulRollback], .gracefulRollback),
            ([.pause], .pause),
        ]
    )
    func precedence(actions: [ViolationAction], expected: ViolationAction) {
        #expect(Verdict.mostSevere(actions) == expected)
        #expect(Verdict.mostSevere(actions.reversed()) == expected)
    }

    @Test("A sample violating several checks takes the most severe action")
    func precedenceInVerdict() {
        var thresholds = Thresholds()
        thresholds.custom = [CustomThreshold(metric: "costUnitsPerCall", maximum: 2)]
        let expensiveAndSlow = analyze(
            candidate: .cohort(calls: 1_000, milliseconds: 150) { $0.costUnits = 3_000 }, legacy: .cohort(calls: 9_000),
            thresholds: thresholds
        )
        #expect(expensiveAndSlow.violations.map(\.check) == [.latency, .custom("costUnitsPerCall")])
        #expect(expensiveAndSlow.action == .gracefulRollback)
        #expect(expensiveAndSlow.severity == .major)

        let alsoFailing = analyze(
            candidate: .cohort(calls: 1_000, errors: 200, milliseconds: 150) { $0.costUnits = 3_000 },
            legacy: .cohort(calls: 9_000), thresholds: thresholds
        )
        #expect(alsoFailing.action == .immediateRollback)
        #expect(alsoFailing.violations.first?.check == .errorRate)
    }

    @Test("Custom metrics: cost per call against a maximum pauses; rates are judged with bounds")
    func customMetrics() throws {
        var thresholds = Thresholds()
        thresholds.custom = [
            CustomThreshold(metric: "costUnitsPerCall", maximum: 2, minimum: 0.5),
            CustomThreshold(metric: "cacheHitRate", minimum: 0.6, action: .gracefulRollback),
        ]
        let expensive = analyze(
            candidate: .cohort(calls: 1_000) {
                $0.costUnits = 3_000
                $0.cacheHits = 300
                $0.cacheMisses = 700
            },
            legacy: .cohort(calls: 9_000), thresholds: thresholds
        )
        let costs = expensive.checks.filter { $0.check == .custom("costUnitsPerCall") }
        #expect(costs.map(\.status) == [.violated, .passed])
        #expect(costs.first?.observed == 3)
        #expect(costs.first?.action == .pause)
        let hits = try #require(expensive[.custom("cacheHitRate")])
        #expect(hits.status == .violated)
        #expect(expensive.action == .gracefulRollback)

        let frugal = analyze(
            candidate: .cohort(calls: 1_000) {
                $0.costUnits = 1_000
                $0.cacheHits = 900
                $0.cacheMisses = 100
            },
            legacy: .cohort(calls: 9_000), thresholds: thresholds
        )
        #expect(frugal.status == .healthy, "\(frugal)")
    }

    @Test("An unknown custom metric is inconclusive, so it never promotes unchecked")
    func unknownMetric() throws {
        var thresholds = Thresholds()
        thresholds.custom = [CustomThreshold(metric: "costPerCall", maximum: 2)]
        let verdict = analyze(candidate: .cohort(calls: 1_000), legacy: .cohort(calls: 9_000), thresholds: thresholds)
        #expect(try #require(verdict[.custom("costPerCall")]).status == .inconclusive)
        #expect(verdict.status == .inconclusive)
    }

    @Test("Verdicts survive a JSON round trip, unbounded intervals included")
    func codableRoundTrip() throws {
        var thresholds = Thresholds()
        thresholds.custom = [CustomThreshold(metric: "costUnitsPerCall", maximum: 2)]
        let verdicts = [
            analyze(
                candidate: .cohort(calls: 1_000, errors: 150, milliseconds: 150) { $0.costUnits = 2_500 },
                legacy: .cohort(calls: 9_000), thresholds: thresholds
            ),
            analyze(candidate: .cohort(calls: 10), legacy: .cohort(calls: 10), share: 0.5),
            healthyTenPercent(),
        ]
        for verdict in verdicts {
            let data = try JSONEncoder().encode(verdict)
            let decoded = try JSONDecoder().decode(Verdict.self, from: data)
            #expect(decoded == verdict)
        }
        let json = try #require(String(data: try JSONEncoder().encode(verdicts[0]), encoding: .utf8))
        #expect(json.contains("\"custom:costUnitsPerCall\""))
        #expect(json.contains("\"immediate-rollback\""))
    }

    @Test("Descriptions name the check, the value, the bound and the evidence")
    func descriptions() throws {
        let verdict = healthyTenPercent(errors: 150)
        let text = verdict.description
        #expect(text.hasPrefix("violated → immediate-rollback: errorRate violated: 15.00 %"))
        #expect(text.contains("at most 5.00 %"))
        #expect(text.contains("lower bound"))
        #expect(text.contains("150 of 1000"))
        #expect(healthyTenPercent().description.hasPrefix("healthy: 5 checks passed over 1000 candidate calls"))
    }

    @Test("Verdicts map onto controller judgements with their action")
    func judgements() {
        let judge: ControllerMachine.Judge = HealthAnalyzer().judge
        _ = judge
        let violated = healthyTenPercent(errors: 150)
        #expect(violated.judgement == .violated(.immediateRollback, Judgement.Explanation(violated.description)))
        guard case .healthy = healthyTenPercent().judgement else {
            Issue.record("a healthy verdict must be a healthy judgement")
            return
        }
    }

    @Test("Wilson bounds match reference values")
    func wilsonBounds() {
        let none = ConfidenceInterval.wilson(events: 0, trials: 100, confidence: 0.99)
        #expect(none.lower == 0)
        #expect(abs(none.upper - 0.05133) < 1e-4)
        let some = ConfidenceInterval.wilson(events: 50, trials: 1_000, confidence: 0.975)
        #expect(abs(some.lower - 0.03813) < 2e-4)
        #expect(abs(some.upper - 0.06531) < 2e-4)
    }
}
