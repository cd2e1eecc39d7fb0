import CutoverCore
import Testing

@Suite("Plan schedule and overview")
struct PlanScheduleTests {
    @Test("minimum phase durations: the longest dependency chain's steps × window, plus the checkpoint soak")
    func cvplusMinimumDurations() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let hours = plan.phases.map { plan.minimumDuration(of: $0) / .seconds(3600) }
        // Week 2: 2 LOW services × 5 steps × 30m + 24h; week 3: 2 × 6 × 1h + 24h; week 4: 3 × 7 × 2h + 48h.
        #expect(hours == [29, 36, 90])
        #expect(plan.criticalPath(of: plan.phases[2]).services.map(\.name) == [
            "circuit-breaker-core", "recommendation-orchestrator", "action-orchestrator",
        ])
    }

    @Test("independent services of a phase run side by side")
    func parallelServices() throws {
        let plan = try PlanParser.parse(smallPlan(
            ("dependsOn: [a]", "dependsOn: []"), ("tier: HIGH", "tier: LOW"),
            ("services: [a]", "services: [a, b]"), ("  - name: two\n    services: [b]\n", "")
        ))
        // Both LOW (3 steps × 30m) in parallel, plus the default 1h soak.
        #expect(plan.minimumDuration(of: plan.phases[0]) == .seconds(90 * 60 + 3600))
    }

    @Test("services are shown in dependency order, whatever order the phase lists them in")
    func dependencyOrder() throws {
        let plan = try PlanParser.parse(smallPlan(("services: [a]", "services: [b, a]"), ("  - name: two\n    services: [b]\n", "")))
        #expect(plan.services(in: plan.phases[0]).map(\.name) == ["a", "b"])
    }

    @Test("gated steps: from the tier's approvalFrom, or every increase with manualApprovalRequired")
    func approvalSteps() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let breaker = try #require(plan.service(named: "circuit-breaker-core"))
        let orchestrator = try #require(plan.service(named: "recommendation-orchestrator"))
        let analyzer = try #require(plan.service(named: "cv-analyzer"))
        #expect(plan.approvalSteps(of: breaker) == Array(plan.steps(of: breaker).dropFirst()))
        #expect(plan.approvalSteps(of: orchestrator) == [50, 75, 100])
        #expect(plan.approvalSteps(of: analyzer).isEmpty)
    }

    @Test("the overview lists every phase, service, gate and minimum duration, and states its assumption")
    func overview() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let text = PlanOverview(plan).lines.joined(separator: "\n")
        for service in plan.services {
            #expect(text.contains("\(service.name) [\(service.tier)] flag \(service.flag)"))
        }
        #expect(text.contains("minimum duration: 1d5h"))
        #expect(text.contains("approval:   before 50%, 75%, 100%"))
        #expect(text.contains("costUnitsPerCall > 200 → pause and alert"))
        #expect(text.contains(PlanOverview.assumption))
        #expect(text.contains("  rollback-pages: pagerduty to $CVPLUS_PAGERDUTY_ROUTING_KEY via $CVPLUS_PAGERDUTY_EVENTS_URL, carrying critical"))
        #expect(PlanOverview(try PlanParser.parse(smallPlan(("severities: [critical]", "events: [APPROVAL_REQUESTED]")))).lines
            .contains("  pages: pagerduty to $PAGERDUTY_KEY, carrying APPROVAL_REQUESTED"))
    }
}
