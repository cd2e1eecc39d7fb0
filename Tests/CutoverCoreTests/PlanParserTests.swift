import CutoverCore
import Testing

@Suite("Plan parser")
struct PlanParserTests {
    // MARK: The CVPlus example

    @Test("the CVPlus example parses into the spec's seven services, tiers and dependencies")
    func cvplusExample() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        #expect(plan.services.map(\.name) == [
            "cv-analyzer", "improvement-orchestrator", "cache-manager", "recommendation-generator",
            "circuit-breaker-core", "recommendation-orchestrator", "action-orchestrator",
        ])
        #expect(plan.services.map(\.flag) == [
            "cv-analyzer-package-enabled", "improvement-orchestrator-package-enabled", "cache-package-enabled",
            "recommendation-generator-package-enabled", "circuit-breaker-package-enabled",
            "recommendation-orchestrator-package-enabled", "action-orchestrator-package-enabled",
        ])
        #expect(plan.services.map(\.tier) == ["LOW", "LOW", "MEDIUM", "MEDIUM", "CRITICAL", "CRITICAL", "CRITICAL"])
        #expect(plan.phases.map(\.name) == ["week-2-low-risk", "week-3-medium-risk", "week-4-critical-risk"])
        #expect(plan.phases.map(\.services) == [
            ["cv-analyzer", "improvement-orchestrator"], ["cache-manager", "recommendation-generator"],
            ["circuit-breaker-core", "recommendation-orchestrator", "action-orchestrator"],
        ])
        #expect(plan.preflight.baselineWindow == .seconds(30 * 60))
        #expect(plan.preflight.description == "Phase 1: Infrastructure Validation (30 minutes)")
    }

    @Test("the CVPlus tiers: LOW 10…100 every 30 minutes, MEDIUM from 5 % hourly, CRITICAL from 1 % two-hourly with gates from 50 %")
    func cvplusTiers() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let low = try #require(plan.tier(named: "LOW"))
        let medium = try #require(plan.tier(named: "MEDIUM"))
        let critical = try #require(plan.tier(named: "CRITICAL"))
        #expect(low.steps == [10, 25, 50, 75, 100])
        #expect(low.monitoringInterval == .seconds(1800) && low.sampleInterval == .seconds(30) && low.approvalFrom == nil)
        #expect(medium.steps.first == 5 && medium.steps.last == 100)
        #expect(medium.monitoringInterval == .seconds(3600) && medium.approvalFrom == nil)
        #expect(critical.steps.first == 1 && critical.steps.last == 100 && critical.steps.contains(50))
        #expect(critical.monitoringInterval == .seconds(7200) && critical.approvalFrom == 50)
        for tier in [low, medium, critical] {
            #expect(tier.thresholds == Thresholds(), "\(tier.name) has the spec's thresholds")
            #expect(tier.thresholds.errorRate == 0.05 && tier.thresholds.latencyMultiplier == 2)
            #expect(tier.thresholds.latencyPercentile == 95 && tier.thresholds.userSuccessRate == 0.95)
            #expect(tier.thresholds.throughputMinimum == 0.9 && tier.thresholds.integrityFailures == 0)
        }
    }

    @Test("the CVPlus dependencies form a DAG that respects phase order")
    func cvplusDependencies() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let dependencies = Dictionary(uniqueKeysWithValues: plan.services.map { ($0.name, $0.dependsOn) })
        #expect(dependencies["cv-analyzer"] == [])
        #expect(dependencies["improvement-orchestrator"] == ["cv-analyzer"])
        #expect(dependencies["recommendation-generator"]?.contains("cache-manager") == true)
        #expect(dependencies["recommendation-orchestrator"]?.first == "circuit-breaker-core")
        #expect(dependencies["recommendation-orchestrator"]?.contains("recommendation-generator") == true)
        #expect(dependencies["action-orchestrator"]?.contains("recommendation-orchestrator") == true)
        let phaseOf = Dictionary(uniqueKeysWithValues: plan.phases.enumerated().flatMap { index, phase in
            phase.services.map { ($0, index) }
        })
        for service in plan.services {
            for dependency in service.dependsOn {
                #expect(phaseOf[dependency]! <= phaseOf[service.name]!, "\(service.name) → \(dependency)")
            }
        }
        #expect(plan.services(in: plan.phases[2]).map(\.name) == [
            "circuit-breaker-core", "recommendation-orchestrator", "action-orchestrator",
        ])
    }

    @Test("the CVPlus options, windows and notification routes")
    func cvplusOptions() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        let cache = try #require(plan.service(named: "cache-manager")).options
        #expect(cache.dualWrite && cache.readPreference == .candidate)
        let generator = try #require(plan.service(named: "recommendation-generator"))
        #expect(generator.options.fallbackToLegacy)
        #expect(generator.thresholds.custom.map(\.metric) == ["costUnitsPerCall"])
        #expect(generator.thresholds.custom.first?.action == .pause)
        let breaker = try #require(plan.service(named: "circuit-breaker-core")).options
        #expect(breaker.statePreservation && breaker.manualApprovalRequired)
        #expect(try #require(plan.service(named: "recommendation-orchestrator")).options.workflowContinuity)
        #expect(try #require(plan.service(named: "action-orchestrator")).options.transactionSafety)

        #expect(plan.phases.allSatisfy { $0.promotionWindow == "business-hours" && $0.checkpoint.requiresApproval })
        #expect(plan.phases[0].checkpoint.description == "Friday: Phase validation and checkpoint")
        let window = try #require(plan.promotionWindows.first)
        #expect(window.weekdays == [1, 2, 3, 4, 5] && window.startMinute == 9 * 60 && window.endMinute == 17 * 60)

        let routes = Dictionary(grouping: plan.notifications, by: \.channel).mapValues { $0.flatMap(\.severities) }
        #expect(routes[.slack] == [.success])
        #expect(routes[.email] == [.warning] && routes[.sms] == [.warning])
        #expect(routes[.pagerduty] == [.critical])
        #expect(plan.notifications.allSatisfy { $0.targetEnvironmentVariable.allSatisfy { $0.isUppercase || $0 == "_" } })
    }

    // MARK: Many problems at once

    static let brokenPlan = """
        name: broken
        tiers:
          - name: LOW
            steps: [10, 25, 20]
            monitoringInterval: 30 minutes
            sampleInterval: 30s
            approvalFrom: 60
        services:
          - name: cv-analyzer
            flag: cv-analyzer-enabled
            tier: LOWW
            dependsOn: [cv-analyser]
            shadowPercentage: many
          - name: cache-manager
            tier: LOW
            dualWirte: true
        phases:
          - name: week-2
            services: [cv-analyzer, cache-manger]
        """

    @Test("a plan with many problems reports all of them, in file order, at their line and column")
    func manyProblems() {
        let problems = planProblems(Self.brokenPlan)
        let found = problems.map { problem in
            "\(problem.position.map(\.description) ?? "-") \(problem.path) \(problem.code)"
        }
        #expect(found == [
            "4:21 tiers[0].steps[2] stepsNotIncreasing",
            "4:21 tiers[0].steps[2] stepsNotEndingAt100",
            "5:25 tiers[0].monitoringInterval invalidDuration",
            "7:19 tiers[0].approvalFrom approvalOnMissingStep",
            "11:11 services[0].tier unknownTier",
            "12:17 services[0].dependsOn[0] unknownDependency",
            "13:23 services[0].shadowPercentage wrongType",
            "14:5 services[1].flag missingKey",
            "14:11 services[1].name serviceInNoPhase",
            "16:5 services[1].dualWirte unknownKey",
            "19:29 phases[0].services[1] unknownService",
        ])
    }

    @Test("malformed YAML is one problem at libyaml's position")
    func malformedYAML() {
        let problems = planProblems("name: x\ntiers: [a, b\nservices: []\n")
        #expect(problems.count == 1)
        #expect(problems.first?.code == .malformedYAML)
        #expect(problems.first?.position == SourcePosition(line: 3, column: 9))
    }

    @Test("an empty document and a document that is not a mapping")
    func notAPlan() {
        #expect(planProblems("").map(\.code) == [.malformedYAML])
        #expect(planProblems("- a\n- b\n").map(\.code) == [.wrongType])
    }

    // MARK: Suggestions

    @Test(
        "unknown names suggest the closest known one",
        arguments: [
            ("tier: HIGH", "tier: HIHG", "HIGH"),
            ("tier: LOW\n", "tier: LOW\n    depends_on: [b]\n", "dependsOn"),
            ("tier: LOW\n", "tier: LOW\n    fallbackToLegasy: true\n", "fallbackToLegacy"),
            ("promotionWindow: office", "promotionWindow: ofice", "office"),
            ("channel: pagerduty", "channel: pagerdutty", "pagerduty"),
            ("weekdays: [monday, friday]", "weekdays: [monday, firday]", "friday"),
        ]
    )
    func didYouMean(old: String, new: String, suggestion: String) throws {
        let problem = try #require(planProblems(smallPlan((old, new))).first)
        #expect(problem.message.contains("did you mean '\(suggestion)'?"), "\(problem)")
    }

    @Test("a name far from every known one gets no suggestion")
    func noSuggestion() throws {
        let problem = try #require(planProblems(smallPlan(("tier: HIGH", "tier: EXTREME"))).first)
        #expect(problem.code == .unknownTier)
        #expect(!problem.message.contains("did you mean"))
    }

    // MARK: Durations

    @Test(
        "durations: a whole number and a unit, or units combined largest first",
        arguments: [
            ("30s", 30), ("30m", 1800), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), ("1d12h", 129_600),
            ("90m", 5400), ("2h0m30s", 7230), ("0s", 0),
        ] as [(String, Int64)]
    )
    func validDuration(text: String, seconds: Int64) {
        #expect(PlanDuration.parse(text) == .seconds(seconds))
    }

    @Test(
        "other duration spellings are rejected",
        arguments: ["", "30", "1.5h", "30min", "30M", "30m1h", "1h1h", "1h 30m", " 30m", "h", "-5m", "1w", "99999999999999999999s"]
    )
    func invalidDuration(text: String) {
        #expect(PlanDuration.parse(text) == nil)
    }

    @Test("durations format back the way they parse", arguments: ["30s", "30m", "2h", "1d", "1h30m", "1d12h", "2h0m30s"])
    func durationRoundTrip(text: String) throws {
        let duration = try #require(PlanDuration.parse(text))
        #expect(PlanDuration.parse(PlanDuration.format(duration)) == duration)
    }

    @Test("a malformed duration in a plan says what is accepted")
    func durationProblem() throws {
        let problem = try #require(planProblems(smallPlan(("monitoringInterval: 30m", "monitoringInterval: 30min"))).first)
        #expect(problem.code == .invalidDuration)
        #expect(problem.position == SourcePosition(line: 5, column: 25))
    }

    // MARK: Values

    @Test("percentages may be written 5 or 5%; times of day are read as written")
    func percentagesAndTimes() throws {
        let plan = try PlanParser.parse(smallPlan(
            ("tier: LOW\n", "tier: LOW\n    shadowPercentage: 12.5%\n"),
            (#"end: "17:00""#, "end: 17:30")
        ))
        #expect(plan.services[0].options.shadowPercentage == 12.5)
        #expect(plan.promotionWindows[0].endMinute == 17 * 60 + 30)
    }
}
