import CutoverCore
import Testing

/// One broken rule: an edit of the small plan and the problem it must produce.
struct BrokenRule: Sendable, CustomTestStringConvertible {
    let name: String
    let edits: [(String, String)]
    let code: PlanProblem.Code
    let path: String

    init(_ name: String, _ edits: [(String, String)], _ code: PlanProblem.Code, at path: String) {
        self.name = name
        self.edits = edits
        self.code = code
        self.path = path
    }

    var yaml: String { smallPlan(edits: edits) }

    var testDescription: String { name }

    /// Expects the rule's problem among the plan's, at its path and with a position.
    func expectReported(sourceLocation: SourceLocation = #_sourceLocation) {
        let problems = planProblems(yaml)
        let match = problems.first { $0.code == code && $0.path == path }
        #expect(match != nil, "got \(problems)", sourceLocation: sourceLocation)
        #expect(match?.position != nil, sourceLocation: sourceLocation)
    }
}

@Suite("Plan validation")
struct PlanValidationTests {
    @Test("the small plan is valid")
    func smallPlanIsValid() throws {
        let plan = try PlanParser.parse(smallPlan)
        #expect(plan.services.map(\.name) == ["a", "b"])
        #expect(plan.problems().isEmpty)
    }

    static let rules: [BrokenRule] = [
        BrokenRule("a string where a number is expected", [("approvalFrom: 50", "approvalFrom: fifty")], .wrongType, at: "tiers[1].approvalFrom"),
        BrokenRule("a scalar where a list is expected", [("dependsOn: [a]", "dependsOn: a")], .wrongType, at: "services[1].dependsOn"),
        BrokenRule("a number where a boolean is expected", [("tier: LOW\n", "tier: LOW\n    dualWrite: 1\n")], .wrongType, at: "services[0].dualWrite"),
        BrokenRule("a missing required key", [("    flag: a-enabled\n", "")], .missingKey, at: "services[0].flag"),
        BrokenRule("an unknown key", [("tier: LOW\n", "tier: LOW\n    dualWirte: true\n")], .unknownKey, at: "services[0].dualWirte"),
        BrokenRule("a tier-only threshold on a service", [("tier: LOW\n", "tier: LOW\n    thresholds:\n      warningAt: 50\n")], .unknownKey, at: "services[0].thresholds.warningAt"),
        BrokenRule("a duration without a unit", [("monitoringInterval: 30m", "monitoringInterval: 30")], .invalidDuration, at: "tiers[0].monitoringInterval"),
        BrokenRule("a zero duration", [("monitoringInterval: 30m", "monitoringInterval: 0s")], .invalidDuration, at: "tiers[0].monitoringInterval"),
        BrokenRule("a time that is not HH:MM", [(#"start: "09:00""#, #"start: "9am""#)], .invalidTime, at: "promotionWindows[0].start"),
        BrokenRule("a window starting after its end", [(#"start: "09:00""#, #"start: "18:00""#)], .emptyWindow, at: "promotionWindows[0].start"),
        BrokenRule("a window without weekdays", [("weekdays: [monday, friday]", "weekdays: []")], .emptyWindow, at: "promotionWindows[0].weekdays"),
        BrokenRule("an unknown weekday", [("weekdays: [monday, friday]", "weekdays: [monday, fryday]")], .unknownWeekday, at: "promotionWindows[0].weekdays[1]"),
        BrokenRule("an unknown channel", [("channel: pagerduty", "channel: pager")], .unknownValue, at: "notifications[0].channel"),
        BrokenRule("an unknown severity", [("severities: [critical]", "severities: [urgent]")], .unknownValue, at: "notifications[0].severities[0]"),
        BrokenRule("an unknown read preference", [("tier: LOW\n", "tier: LOW\n    readPreference: slowest\n")], .unknownValue, at: "services[0].readPreference"),
        BrokenRule("an unknown violation action", [("tier: LOW\n", "tier: LOW\n    thresholds:\n      custom:\n        - metric: cost\n          maximum: 1\n          action: panic\n")], .unknownValue, at: "services[0].thresholds.custom[0].action"),
        BrokenRule("a step outside 0–100", [("steps: [10, 50, 100]", "steps: [-5, 50, 100]")], .outOfRange, at: "tiers[0].steps[0]"),
        BrokenRule("a step above 100", [("steps: [10, 50, 100]", "steps: [10, 50, 100, 120]")], .outOfRange, at: "tiers[0].steps[3]"),
        BrokenRule("an error rate above 100 %", [("monitoringInterval: 30m", "monitoringInterval: 30m\n    thresholds:\n      errorRate: 120")], .outOfRange, at: "tiers[0].thresholds.errorRate"),
        BrokenRule("a shadow percentage above 100", [("tier: LOW\n", "tier: LOW\n    shadowPercentage: 101%\n")], .outOfRange, at: "services[0].shadowPercentage"),
        BrokenRule("an approvalFrom outside 0–100", [("approvalFrom: 50", "approvalFrom: 150")], .outOfRange, at: "tiers[1].approvalFrom"),
        BrokenRule("a duplicate service name", [("  - name: b\n", "  - name: a\n"), ("dependsOn: [a]", "dependsOn: []")], .duplicateName, at: "services[1].name"),
        BrokenRule("a duplicate tier name", [("  - name: HIGH\n", "  - name: LOW\n"), ("tier: HIGH", "tier: LOW")], .duplicateName, at: "tiers[1].name"),
        BrokenRule("a duplicate flag key", [("flag: b-enabled", "flag: a-enabled")], .duplicateFlagKey, at: "services[1].flag"),
        BrokenRule("an unknown tier", [("tier: HIGH", "tier: HIHG")], .unknownTier, at: "services[1].tier"),
        BrokenRule("an unknown service in a phase", [("services: [b]", "services: [b, c]")], .unknownService, at: "phases[1].services[1]"),
        BrokenRule("a service in no phase", [("services: [b]", "services: []")], .serviceInNoPhase, at: "services[1].name"),
        BrokenRule("a phase without services", [("services: [b]", "services: []")], .emptyPhase, at: "phases[1].services"),
        BrokenRule("a service in two phases", [("services: [b]", "services: [b, a]")], .serviceInTwoPhases, at: "phases[1].services[1]"),
        BrokenRule("an unknown dependency", [("dependsOn: [a]", "dependsOn: [z]")], .unknownDependency, at: "services[1].dependsOn[0]"),
        BrokenRule("a dependency named by its flag key", [("dependsOn: [a]", "dependsOn: [a-enabled]")], .unknownDependency, at: "services[1].dependsOn[0]"),
        BrokenRule("a dependency listed twice", [("dependsOn: [a]", "dependsOn: [a, a]")], .duplicateDependency, at: "services[1].dependsOn[1]"),
        BrokenRule(
            "a dependency cycle",
            [("tier: LOW\n", "tier: LOW\n    dependsOn: [b]\n"), ("services: [a]", "services: [a, b]"), ("  - name: two\n    services: [b]\n", "")],
            .dependencyCycle, at: "services[0].dependsOn[0]"
        ),
        BrokenRule("a self-dependency", [("dependsOn: [a]", "dependsOn: [b]")], .dependencyCycle, at: "services[1].dependsOn[0]"),
        BrokenRule("a dependency on a later phase", [("tier: LOW\n", "tier: LOW\n    dependsOn: [b]\n"), ("dependsOn: [a]", "dependsOn: []")], .dependencyInLaterPhase, at: "services[0].dependsOn[0]"),
        BrokenRule("no steps", [("steps: [10, 50, 100]", "steps: []")], .noSteps, at: "tiers[0].steps"),
        BrokenRule("steps not increasing", [("steps: [10, 50, 100]", "steps: [50, 10, 100]")], .stepsNotIncreasing, at: "tiers[0].steps[1]"),
        BrokenRule("a repeated step", [("steps: [10, 50, 100]", "steps: [10, 10, 100]")], .stepsNotIncreasing, at: "tiers[0].steps[1]"),
        BrokenRule("steps not ending at 100", [("steps: [10, 50, 100]", "steps: [10, 50]")], .stepsNotEndingAt100, at: "tiers[0].steps[1]"),
        BrokenRule("a service's own steps not ending at 100", [("dependsOn: [a]", "dependsOn: [a]\n    steps: [1, 50, 90]")], .stepsNotEndingAt100, at: "services[1].steps[2]"),
        BrokenRule("a gate on a missing step", [("approvalFrom: 50", "approvalFrom: 40")], .approvalOnMissingStep, at: "tiers[1].approvalFrom"),
        BrokenRule("a service's steps missing its tier's gate", [("dependsOn: [a]", "dependsOn: [a]\n    steps: [1, 25, 100]")], .approvalOnMissingStep, at: "services[1].steps"),
        BrokenRule("a sample interval longer than the window", [("monitoringInterval: 30m", "monitoringInterval: 30m\n    sampleInterval: 1h")], .sampleLongerThanMonitoring, at: "tiers[0].sampleInterval"),
        BrokenRule("an unknown promotion window", [("promotionWindow: office", "promotionWindow: ofice")], .unknownPromotionWindow, at: "phases[0].promotionWindow"),
        BrokenRule("an unknown time zone", [("name: small\n", "name: small\ntimeZone: Mars/Olympus\n")], .unknownTimeZone, at: "timeZone"),
        BrokenRule("a custom threshold without bounds", [("tier: LOW\n", "tier: LOW\n    thresholds:\n      custom:\n        - metric: cost\n")], .invalidThreshold, at: "services[0].thresholds.custom[0]"),
        BrokenRule("a custom threshold minimum above its maximum", [("tier: LOW\n", "tier: LOW\n    thresholds:\n      custom:\n        - metric: cost\n          minimum: 5\n          maximum: 1\n")], .invalidThreshold, at: "services[0].thresholds.custom[0].minimum"),
        BrokenRule("coherence checks without dual write", [("tier: LOW\n", "tier: LOW\n    coherencePercentage: 5\n")], .conflictingOptions, at: "services[0].coherencePercentage"),
        BrokenRule("a URL as notification target", [("targetEnvironmentVariable: PAGERDUTY_KEY", "targetEnvironmentVariable: https://events.pagerduty.com/x")], .invalidTarget, at: "notifications[0].targetEnvironmentVariable"),
        BrokenRule("a route carrying nothing", [("severities: [critical]", "severities: []")], .emptyValue, at: "notifications[0].severities"),
        BrokenRule("an unknown event kind", [("severities: [critical]", "events: [APPROVAL_REQESTED]")], .unknownValue, at: "notifications[0].events[0]"),
        BrokenRule("an e-mail route without its provider's endpoint", [("channel: pagerduty", "channel: email")], .missingKey, at: "notifications[0].endpointEnvironmentVariable"),
        BrokenRule("an endpoint on a Slack route", [("channel: pagerduty", "channel: slack\n    endpointEnvironmentVariable: HOOK")], .conflictingOptions, at: "notifications[0].endpointEnvironmentVariable"),
        BrokenRule("an endpoint that is a URL", [("channel: pagerduty", "channel: pagerduty\n    endpointEnvironmentVariable: http://x")], .invalidTarget, at: "notifications[0].endpointEnvironmentVariable"),
        BrokenRule("a header without a colon", [("channel: pagerduty", "channel: webhook\n    headers: [\"Authorization Bearer\"]")], .invalidHeader, at: "notifications[0].headers[0]"),
        BrokenRule("a header naming a malformed variable", [("channel: pagerduty", "channel: webhook\n    headers: [\"X-Key: ${1KEY}\"]")], .invalidHeader, at: "notifications[0].headers[0]"),
        BrokenRule("a body on a PagerDuty route", [("channel: pagerduty", "channel: pagerduty\n    body: '{}'")], .conflictingOptions, at: "notifications[0].body"),
        BrokenRule("an unknown placeholder", [("channel: pagerduty", "channel: webhook\n    body: '{\"t\": \"{{sumary}}\"}'")], .unknownPlaceholder, at: "notifications[0].body"),
        BrokenRule("a body that is not JSON", [("channel: pagerduty", "channel: webhook\n    body: '{\"t\": {{text}}}'")], .invalidTemplate, at: "notifications[0].body"),
        BrokenRule("an empty name", [("name: small", "name: \"\"")], .emptyValue, at: "name"),
        BrokenRule("a duplicate key", [("name: small\n", "name: small\nname: again\n")], .malformedYAML, at: "yaml"),
        BrokenRule("malformed YAML", [("steps: [10, 50, 100]", "steps: [10, 50, 100")], .malformedYAML, at: "yaml"),
    ]

    @Test("each rule has a failing case, reported at its value", arguments: rules)
    func brokenRule(_ rule: BrokenRule) {
        rule.expectReported()
    }

    @Test("problems come in file order")
    func fileOrder() {
        let problems = planProblems(smallPlan(
            ("targetEnvironmentVariable: PAGERDUTY_KEY", "targetEnvironmentVariable: 'a b'"),
            ("tier: HIGH", "tier: HIHG"),
            ("steps: [10, 50, 100]", "steps: [10, 50]")
        ))
        #expect(problems.map(\.code) == [.stepsNotEndingAt100, .unknownTier, .invalidTarget])
        let positions = problems.compactMap(\.position)
        #expect(positions == positions.sorted())
    }

    @Test("the spec's 'package' read preference is the candidate")
    func packageReadPreference() throws {
        let plan = try PlanParser.parse(smallPlan(("tier: LOW\n", "tier: LOW\n    dualWrite: true\n    readPreference: package\n")))
        #expect(plan.services[0].options.readPreference == .candidate)
        #expect(plan.services[0].options.dualWrite)
    }

    @Test("a plan built in code is validated too, without positions")
    func planBuiltInCode() {
        let plan = Plan(
            name: "code",
            tiers: [RiskTier(name: "LOW", steps: [10, 5], monitoringInterval: .seconds(60), approvalFrom: 50)],
            services: [PlanService(name: "a", flag: "a-enabled", tier: "LOW", dependsOn: ["a"])],
            phases: [Phase(name: "one", services: ["a"])]
        )
        let codes = plan.problems().map(\.code)
        #expect(codes.contains(.stepsNotIncreasing))
        #expect(codes.contains(.stepsNotEndingAt100))
        #expect(codes.contains(.approvalOnMissingStep))
        #expect(codes.contains(.dependencyCycle))
        #expect(plan.problems().allSatisfy { $0.position == nil })
        #expect(throws: PlanValidationError.self) { try plan.validate() }
    }
}
