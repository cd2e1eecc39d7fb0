import Testing

@testable import CutoverCore

/// A two-service plan: `b` depends on `a`, tier T with steps 10/50/100, 10-minute windows.
func testPlan(approvalFrom: Double? = nil, checkpointApproval: Bool = false, configure: (inout Plan) -> Void = { _ in }) -> Plan {
    var plan = Plan(
        name: "test",
        tiers: [RiskTier(name: "T", steps: [10, 50, 100], monitoringInterval: .seconds(600), approvalFrom: approvalFrom)],
        services: [
            PlanService(name: "a", flag: "a-enabled", tier: "T"),
            PlanService(name: "b", flag: "b-enabled", tier: "T", dependsOn: ["a"]),
        ],
        phases: [Phase(name: "one", services: ["a", "b"], checkpoint: Checkpoint(soak: .seconds(600), requiresApproval: checkpointApproval))]
    )
    configure(&plan)
    return plan
}

/// Judges by candidate error rate alone: healthy with ≥ 100 calls under 5 %, violated above 20 %.
let simpleJudge: ControllerMachine.Judge = { evidence in
    let candidate = evidence.window.candidate
    guard candidate.calls >= 100 else { return (.inconclusive("\(candidate.calls) calls"), []) }
    let rate = candidate.errorRate ?? 0
    if rate > 0.2 { return (.violated(.immediateRollback, "error rate \(rate)"), []) }
    return (.healthy("error rate \(rate)"), rate > 0.04 ? ["error rate near threshold"] : [])
}

/// Drives a machine through virtual time with synthetic samples.
struct Driver {
    var machine: ControllerMachine
    var now: Duration = .zero
    var actions: [ControllerAction] = []

    init(plan: Plan, configuration: ControllerMachine.Configuration = .init(), judge: @escaping ControllerMachine.Judge = simpleJudge) {
        machine = ControllerMachine(plan: plan, configuration: configuration, judge: judge)
    }

    mutating func send(_ input: ControllerInput) {
        actions += machine.handle(input, at: now)
    }

    mutating func startRun() {
        send(.start)
        send(.sample(window(["a": (100, 0, 0, 0), "b": (100, 0, 0, 0)])))
        send(.preflightCompleted(failures: []))
    }

    /// Advances `minutes` minutes, one 30-second sample at a time, with candidate errors per service.
    mutating func run(minutes: Int, candidateErrors: [String: Double] = [:], legacyCalls: UInt64 = 200) {
        for _ in 0..<(minutes * 2) {
            now += .seconds(30)
            var counts: [String: (UInt64, UInt64, UInt64, UInt64)] = [:]
            for (name, run) in machine.state.services {
                let candidateCalls = UInt64(run.rollout * 4)
                let errors = UInt64(Double(candidateCalls) * (candidateErrors[name] ?? 0))
                counts[name] = (legacyCalls, 0, candidateCalls, errors)
            }
            send(.sample(window(counts)))
            send(.tick)
        }
    }

    func window(_ counts: [String: (legacy: UInt64, legacyErrors: UInt64, candidate: UInt64, candidateErrors: UInt64)]) -> MetricsWindow {
        MetricsWindow(services: counts.sorted { $0.key < $1.key }.map { name, count in
            var legacy = CohortMetrics()
            legacy.calls = count.legacy
            legacy.errors = count.legacyErrors
            var candidate = CohortMetrics()
            candidate.calls = count.candidate
            candidate.errors = count.candidateErrors
            return ServiceMetrics(service: name, legacy: legacy, candidate: candidate)
        })
    }

    var events: [MigrationEvent] {
        actions.flatMap { action -> [MigrationEvent] in
            if case .record(let events) = action { return events }
            return []
        }
    }

    func events(_ kind: MigrationEvent.Kind, _ service: String? = nil) -> [MigrationEvent] {
        events.filter { $0.kind == kind && (service == nil || $0.service == service) }
    }

    var lastFlags: FlagSnapshot? {
        actions.reversed().lazy.compactMap { action -> FlagSnapshot? in
            if case .publishFlags(let snapshot) = action { return snapshot }
            return nil
        }.first
    }

    func stage(_ service: String) -> ServiceRun.Stage? {
        machine.state.services[service]?.stage
    }
}

@Suite("Controller state machine")
struct ControllerMachineTests {
    @Test("a healthy run promotes each service through its steps in dependency order, then completes")
    func healthyRun() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        #expect(driver.stage("a") == .stepping(step: 0))
        #expect(driver.stage("b") == .pending)
        #expect(driver.lastFlags?.flag(forService: "a")?.rolloutPercentage == 10)
        driver.run(minutes: 35)
        #expect(driver.stage("a") == .complete)
        #expect(driver.stage("b") != .pending)
        driver.run(minutes: 45)
        #expect(driver.stage("b") == .complete)
        #expect(driver.machine.state.stage == .completed)
        #expect(driver.events(.stepStarted, "a").map(\.detail).map { $0.hasPrefix("rollout 10%") || $0.hasPrefix("rollout 50%") || $0.hasPrefix("rollout 100%") } == [true, true, true])
        #expect(driver.events(.checkpointPassed).count == 1)
        #expect(driver.lastFlags?.flag(forService: "b")?.complete == true)
        // Every window ran its full length: a's three steps took at least 30 minutes.
        let aDone = driver.events(.serviceCompleted, "a").first!.at
        #expect(aDone >= .seconds(1800))
    }

    @Test("a dependent never starts before its dependency completes")
    func dependencyOrder() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        for _ in 0..<60 {
            driver.run(minutes: 1)
            if driver.stage("a") != .complete {
                #expect(driver.stage("b") == .pending)
            }
        }
    }

    @Test("a violation rolls back the service and its dependents immediately, with kill switch and events")
    func immediateRollback() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.run(minutes: 35)
        driver.run(minutes: 3, candidateErrors: ["a": 0.9])
        #expect(driver.stage("a") == .rolledBack)
        #expect(driver.stage("b") == .rolledBack)
        let initiated = driver.events(.rollbackInitiated)
        #expect(initiated.count == 1)
        #expect(initiated.first?.detail.contains("services b, a") == true)
        #expect(driver.events(.rollbackCompleted).count == 2)
        #expect(driver.lastFlags?.flag(forService: "a")?.killSwitch == true)
        #expect(driver.lastFlags?.flag(forService: "a")?.rolloutPercentage == 0)
        #expect(driver.machine.state.stage == .rolledBack)
    }

    @Test("a graceful rollback steps the rollout down over five minutes")
    func gracefulRollback() {
        let judge: ControllerMachine.Judge = { evidence in
            (evidence.window.candidate.errors > 0 ? .violated(.gracefulRollback, "slow") : .inconclusive("waiting"), [])
        }
        var driver = Driver(plan: testPlan(), judge: judge)
        driver.startRun()
        driver.run(minutes: 1, candidateErrors: ["a": 0.5])
        let steps = driver.events(.rollbackStep, "a")
        #expect(steps.isEmpty)
        driver.run(minutes: 6)
        let rollouts = driver.events(.rollbackStep, "a").map(\.detail)
        #expect(rollouts == ["rollout 8%", "rollout 6%", "rollout 4%", "rollout 2%", "rollout 0%"])
        #expect(driver.stage("a") == .rolledBack)
    }

    @Test("steps at or above the gate wait for an approval with identity; rejection rolls back")
    func approvalGate() {
        var driver = Driver(plan: testPlan(approvalFrom: 50))
        driver.startRun()
        driver.run(minutes: 12)
        #expect(driver.stage("a") == .awaitingApproval(step: 1))
        #expect(driver.events(.approvalRequested, "a").count == 1)
        driver.run(minutes: 30)
        #expect(driver.stage("a") == .awaitingApproval(step: 1))
        driver.send(.command(.approve(service: "a", comment: "looks fine"), actor: "alice"))
        #expect(driver.stage("a") == .stepping(step: 1))
        #expect(driver.events(.approved, "a").first?.actor == "alice")
        driver.send(.command(.approve(service: "a", comment: "again"), actor: "alice"))
        #expect(driver.events(.approved, "a").count == 1)
        driver.run(minutes: 12)
        driver.send(.command(.reject(service: "a", comment: "not now"), actor: "bob"))
        #expect(driver.events(.rejected, "a").first?.actor == "bob")
        #expect(driver.stage("a") == .rollingBack(.graceful))
    }

    @Test("an approval that never comes holds the service after the timeout")
    func approvalTimeout() {
        var configuration = ControllerMachine.Configuration()
        configuration.approvalTimeout = .seconds(1800)
        var driver = Driver(plan: testPlan(approvalFrom: 50), configuration: configuration)
        driver.startRun()
        driver.run(minutes: 45)
        guard case .held(let reason)? = driver.stage("a") else {
            Issue.record("expected a hold, got \(String(describing: driver.stage("a")))")
            return
        }
        #expect(reason.contains("timed out"))
    }

    @Test("no data extends the window, then holds; it never promotes on no data")
    func inconclusiveWindows() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        for _ in 0..<70 {
            driver.now += .seconds(30)
            driver.send(.sample(driver.window(["a": (0, 0, 0, 0)])))
            driver.send(.tick)
        }
        #expect(driver.events(.windowExtended, "a").count == 2)
        #expect(driver.events(.promoted, "a").isEmpty)
        if case .held? = driver.stage("a") {} else { Issue.record("expected a hold") }
    }

    @Test("an automatic rollback of a service whose candidate took writes without dual write is refused")
    func dataSafetyRefusal() {
        let plan = testPlan { plan in plan.services[0].options.transactionSafety = true }
        var driver = Driver(plan: plan)
        driver.startRun()
        driver.run(minutes: 2)
        driver.run(minutes: 2, candidateErrors: ["a": 0.5])
        #expect(driver.events(.rollbackRefused, "a").count == 1)
        #expect(driver.events(.rollbackInitiated).isEmpty)
        if case .held? = driver.stage("a") {} else { Issue.record("expected a hold") }
        driver.send(.command(.acknowledgeReconciled(service: "a"), actor: "carol"))
        driver.send(.command(.rollback(.service, mode: .immediate, service: "a", reason: "after reconciling"), actor: "carol"))
        #expect(driver.events(.rollbackInitiated).first?.actor == "carol")
    }

    @Test("pause stops promotions, resume continues; skip and promote fully are recorded with the actor")
    func operatorCommands() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.send(.command(.pause, actor: "dave"))
        driver.run(minutes: 12)
        #expect(driver.stage("a") == .awaitingWindow(step: 1))
        driver.send(.command(.resume, actor: "dave"))
        #expect(driver.stage("a") == .stepping(step: 1))
        driver.send(.command(.skipStep(service: "a"), actor: "erin"))
        #expect(driver.stage("a") == .stepping(step: 2))
        #expect(driver.events(.stepSkipped, "a").first?.actor == "erin")
        driver.send(.command(.promoteFully(service: "a"), actor: "erin"))
        #expect(driver.stage("a") == .complete)
        #expect(driver.events(.promotedFully, "a").count == 1)
    }

    @Test("a checkpoint that needs approval holds the next phase until approved")
    func checkpointApproval() {
        let plan = testPlan(checkpointApproval: true) { plan in
            plan.services.append(PlanService(name: "c", flag: "c-enabled", tier: "T"))
            plan.phases.append(Phase(name: "two", services: ["c"]))
        }
        var driver = Driver(plan: plan)
        driver.startRun()
        driver.run(minutes: 90)
        #expect(driver.machine.state.checkpointAwaitingApproval)
        #expect(driver.stage("c") == .pending)
        driver.send(.command(.approve(service: nil, comment: "phase one done"), actor: "frank"))
        #expect(driver.machine.state.phaseIndex == 1)
        #expect(driver.stage("c") == .stepping(step: 0))
    }

    @Test("state is backed up before the first change and restored on rollback; dual write goes on first")
    func backupsAndDualWrite() {
        let plan = testPlan { plan in
            plan.services[0].options.statePreservation = true
            plan.services[0].options.dualWrite = true
        }
        var driver = Driver(plan: plan)
        driver.startRun()
        #expect(driver.actions.contains(.backupState(service: "a")))
        #expect(driver.lastFlags?.flag(forService: "a")?.dualWrite == true)
        driver.run(minutes: 2, candidateErrors: ["a": 0.5])
        #expect(driver.actions.contains(.restoreState(service: "a")))
        let kinds = driver.events.map(\.kind)
        let backup = kinds.firstIndex(of: .stateBackedUp)!
        let dualWrite = kinds.firstIndex(of: .dualWriteEnabled)!
        let firstStep = kinds.firstIndex(of: .stepStarted)!
        #expect(backup < firstStep)
        #expect(dualWrite < firstStep)
    }

    @Test("a failed preflight starts nothing and says why")
    func preflightFailure() {
        var driver = Driver(plan: testPlan())
        driver.send(.start)
        driver.send(.preflightCompleted(failures: ["readiness probe of b failed"]))
        #expect(driver.machine.state.stage == .failed("preflight failed"))
        #expect(driver.events(.preflightFailed).first?.detail == "readiness probe of b failed")
        #expect(driver.lastFlags == nil)
    }

    @Test("flag versions only increase, and every published snapshot is valid")
    func flagVersions() throws {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.run(minutes: 90)
        let versions = driver.actions.compactMap { action -> UInt64? in
            if case .publishFlags(let snapshot) = action { return snapshot.version }
            return nil
        }
        #expect(versions == versions.sorted())
        #expect(Set(versions).count == versions.count)
        for action in driver.actions {
            if case .publishFlags(let snapshot) = action { try snapshot.validate() }
        }
    }
}
