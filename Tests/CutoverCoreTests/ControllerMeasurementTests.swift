import Foundation
import Testing

@testable import CutoverCore

extension Driver {
    /// `count` sample intervals of 30 seconds whose measurement failed, each followed by a tick.
    mutating func failMeasurements(_ count: Int, reason: String = "prometheus unreachable") {
        for _ in 0..<count {
            now += .seconds(30)
            send(.measurementFailed(reason: reason))
            send(.tick)
        }
    }
}

@Suite("Controller: failed measurements")
struct ControllerMeasurementTests {
    @Test("each failure is an event with the reason and the count; the third in a row pauses the run")
    func pauseAfterThree() throws {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.failMeasurements(2)
        #expect(driver.events(.measurementFailed).map(\.detail) == [
            "1 in a row (the run pauses at 3): prometheus unreachable",
            "2 in a row (the run pauses at 3): prometheus unreachable",
        ])
        #expect(!driver.machine.state.paused)
        driver.failMeasurements(1)
        #expect(driver.machine.state.paused)
        let pause = try #require(driver.events(.paused).first)
        #expect(driver.events(.paused).count == 1)
        #expect(pause.actor == "controller")
        #expect(pause.service == nil)
        #expect(pause.detail.hasPrefix(ControllerMachine.measurementPausePrefix))
        #expect(pause.detail.contains("3 times in a row (prometheus unreachable)"))
        // Further failures are recorded but do not pause again.
        driver.failMeasurements(2)
        #expect(driver.events(.measurementFailed).count == 5)
        #expect(driver.events(.paused).count == 1)
    }

    @Test("a measured sample resets the count: failures that do not follow each other never pause")
    func successResets() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        for _ in 0..<4 {
            driver.failMeasurements(2)
            driver.run(minutes: 1)
        }
        #expect(driver.machine.state.measurementFailures == 0)
        #expect(driver.events(.measurementFailed).count == 8)
        #expect(!driver.machine.state.paused)
    }

    @Test("the plan's failuresBeforePause is the limit")
    func planLimit() {
        var source = PrometheusSource(endpoint: .url("http://prometheus:9090"))
        source.failuresBeforePause = 1
        var driver = Driver(plan: testPlan { $0.metricsSource = .prometheus(source) })
        driver.startRun()
        driver.failMeasurements(1)
        #expect(driver.machine.state.paused)
    }

    @Test("a window whose last sample failed is not promoted on the samples before, even when they were healthy")
    func neverPromotesOnMissingData() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.run(minutes: 9)
        #expect(driver.machine.state.services["a"]?.judgement.isHealthy == true)
        driver.failMeasurements(2)
        #expect(driver.stage("a") == .stepping(step: 0))
        #expect(driver.events(.promoted, "a").isEmpty)
        #expect(driver.events(.windowExtended, "a").count == 1)
        // Measured again, the window's samples are judged again and the step passes.
        driver.run(minutes: 10)
        #expect(driver.events(.promoted, "a").count == 1)
    }

    @Test("while paused by failed measurements, traffic does not increase until an operator resumes")
    func pausedUntilResumed() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.failMeasurements(3)
        driver.run(minutes: 30)
        #expect(driver.stage("a") == .awaitingWindow(step: 1))
        #expect(driver.machine.state.services["a"]?.rollout == 10)
        driver.send(.command(.resume, actor: "alice"))
        #expect(driver.stage("a") == .stepping(step: 1))
    }

    @Test("while paused by failed measurements, a violation still rolls back")
    func pausedStillRollsBack() {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.failMeasurements(3)
        driver.run(minutes: 3, candidateErrors: ["a": 0.9])
        #expect(driver.events(.rollbackInitiated, "a").count == 1)
    }

    @Test("failures before the run starts or after it ends change nothing")
    func outsideTheRun() {
        var driver = Driver(plan: testPlan())
        driver.send(.measurementFailed(reason: "early"))
        #expect(driver.events.isEmpty)
        #expect(driver.machine.state.measurementFailures == 0)
    }

    @Test("a state committed before failures were counted still decodes, with none")
    func decodesOlderState() throws {
        var driver = Driver(plan: testPlan())
        driver.startRun()
        driver.failMeasurements(2)
        let encoded = try JSONEncoder().encode(driver.machine.state)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["measurementFailures"] as? Int == 2)
        object["measurementFailures"] = nil
        let older = try JSONDecoder().decode(ControllerState.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(older.measurementFailures == 0)
        #expect(older.services.count == 2)
    }
}

extension Judgement {
    var isHealthy: Bool {
        if case .healthy = self { return true }
        return false
    }
}
