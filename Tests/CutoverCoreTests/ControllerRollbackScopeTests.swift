import Foundation
import Testing

@testable import CutoverCore

@Suite("Controller rollback scopes and promotion windows")
struct ControllerRollbackScopeTests {
    /// Phase one holds `a` and `b` (b depends on a) and the independent `c`; phase two holds `d`.
    func twoPhasePlan() -> Plan {
        testPlan { plan in
            plan.services.append(PlanService(name: "c", flag: "c-enabled", tier: "T"))
            plan.services.append(PlanService(name: "d", flag: "d-enabled", tier: "T"))
            plan.phases[0].services.append("c")
            plan.phases.append(Phase(name: "two", services: ["d"]))
        }
    }

    @Test("a phase rollback covers every moved service of the current phase, dependents first")
    func phaseScope() {
        var driver = Driver(plan: twoPhasePlan())
        driver.startRun()
        driver.run(minutes: 35)
        driver.send(.command(.rollback(.phase, mode: .immediate, service: nil, reason: "drill"), actor: "gina"))
        let initiated = driver.events(.rollbackInitiated)
        #expect(initiated.count == 1)
        #expect(initiated.first?.actor == "gina")
        #expect(initiated.first?.detail.contains("scope phase, mode immediate, services c, b, a") == true)
        for service in ["a", "b", "c"] {
            #expect(driver.lastFlags?.flag(forService: service)?.rolloutPercentage == 0)
            #expect(driver.lastFlags?.flag(forService: service)?.killSwitch == true)
        }
        #expect(driver.stage("d") == .pending)
    }

    @Test("a complete rollback covers every service of the plan that moved")
    func completeScope() {
        var driver = Driver(plan: twoPhasePlan())
        driver.startRun()
        driver.run(minutes: 15)
        driver.send(.command(.rollback(.complete, mode: .graceful, service: nil, reason: "stop everything"), actor: "hank"))
        #expect(driver.events(.rollbackInitiated).first?.detail.contains("scope complete, mode graceful") == true)
        #expect(driver.stage("a") == .rollingBack(.graceful))
        #expect(driver.stage("c") == .rollingBack(.graceful))
        driver.run(minutes: 7)
        #expect(driver.stage("a") == .rolledBack)
        #expect(driver.stage("c") == .rolledBack)
        #expect(driver.events(.rollbackCompleted).count == 2)
    }

    @Test("outside the promotion window traffic does not increase; it resumes when the window opens")
    func promotionWindow() {
        let plan = testPlan { plan in
            plan.promotionWindows = [PromotionWindow(name: "office", weekdays: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 9 * 60 + 15)]
            plan.phases[0].promotionWindow = "office"
        }
        var configuration = ControllerMachine.Configuration()
        // Monday 1 September 2025, 09:00 UTC.
        configuration.startDate = Date(timeIntervalSince1970: 1_756_717_200)
        var driver = Driver(plan: plan, configuration: configuration)
        driver.startRun()
        #expect(driver.stage("a") == .stepping(step: 0))
        driver.run(minutes: 30)
        // 10 % passes at 09:10 and 50 % opens inside the window; 50 % passes at 09:20, after it
        // closed at 09:15, so 100 % waits.
        guard case .awaitingWindow? = driver.stage("a") else {
            Issue.record("expected a wait for the window, got \(String(describing: driver.stage("a")))")
            return
        }
        let waitingAt = driver.events(.waitingForWindow, "a").first?.at
        #expect(waitingAt == .seconds(1200))
        #expect(driver.machine.state.services["a"]?.rollout == 50)
        // Next morning at 09:00 the step opens.
        while driver.now < .seconds(24 * 3600 + 60) {
            driver.now += .seconds(300)
            driver.send(.tick)
        }
        if case .stepping? = driver.stage("a") {} else { Issue.record("the step should open in the next window") }
    }
}

@Suite("Controller commands that do not apply")
struct ControllerIgnoredCommandTests {
    @Test("a rollback of an unknown or untouched service records nothing and changes nothing")
    func rollbackOfNothing() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        let before = driver.events.count
        driver.send(.command(.rollback(.service, mode: .immediate, service: "no-such-service", reason: "typo"), actor: "ivy"))
        driver.send(.command(.rollback(.service, mode: .immediate, service: "b", reason: "not started"), actor: "ivy"))
        #expect(driver.events.count == before)
        #expect(driver.stage("a") == .stepping(step: 0))
        #expect(driver.stage("b") == .pending)
    }
}
