import CutoverCVPlus
import CutoverController
import CutoverCore
import CutoverStore
import Foundation
import Testing

/// A small plan over the CVPlus services with short windows, so a whole run takes seconds.
let shortPlanYAML = """
    name: short
    timeZone: UTC
    preflight:
      baselineWindow: 5m
    tiers:
      - name: FAST
        steps: [25, 50, 100]
        monitoringInterval: 10m
        sampleInterval: 30s
      - name: GATED
        steps: [25, 100]
        monitoringInterval: 10m
        sampleInterval: 30s
        approvalFrom: 100
    services:
      - name: cv-analyzer
        flag: cv-analyzer-package-enabled
        tier: FAST
      - name: improvement-orchestrator
        flag: improvement-orchestrator-package-enabled
        tier: FAST
        dependsOn: [cv-analyzer]
      - name: recommendation-generator
        flag: recommendation-generator-package-enabled
        tier: GATED
        fallbackToLegacy: true
    phases:
      - name: only
        services: [cv-analyzer, improvement-orchestrator, recommendation-generator]
        checkpoint:
          soak: 10m
    """

func shortSimulation(faults: [String] = [], seed: UInt64 = 3, approves: Bool = true) throws -> CVPlusSimulation {
    var configuration = CVPlusSimulation.Configuration(plan: try PlanParser.parse(shortPlanYAML))
    configuration.faults = try Fault.parse(faults)
    configuration.seed = seed
    configuration.approvesGates = approves
    configuration.traffic.baseRate = 2
    configuration.controller.approvalTimeout = .seconds(3600)
    return CVPlusSimulation(configuration: configuration)
}

@Suite("Simulation in virtual time", .serialized)
struct SimulationTests {
    @Test("a healthy run completes every service in dependency order with no user-facing error")
    func healthyRunCompletes() async throws {
        let result = try await shortSimulation().run()
        #expect(result.outcome == .completed)
        #expect(result.requestsWithErrors == 0)
        for service in ["cv-analyzer", "improvement-orchestrator", "recommendation-generator"] {
            #expect(result.state.services[service]?.stage == .complete)
        }
        let completions = result.events.filter { $0.event.kind == .serviceCompleted }.compactMap(\.event.service)
        #expect(completions.firstIndex(of: "cv-analyzer")! < completions.firstIndex(of: "improvement-orchestrator")!)
        #expect(result.events.map(\.sequence) == Array(1...UInt64(result.events.count)))
        #expect(result.events.contains { $0.event.kind == .approved && $0.event.actor == "simulation-approver" })
    }

    @Test("the same seed gives the same run, event for event")
    func deterministic() async throws {
        let first = try await shortSimulation(faults: ["cv-analyzer:errors=0.3@50%"]).run()
        let second = try await shortSimulation(faults: ["cv-analyzer:errors=0.3@50%"]).run()
        // Wall-clock stamps differ between runs; sequence numbers and events may not.
        #expect(first.events.map(\.sequence) == second.events.map(\.sequence))
        #expect(first.events.map(\.event) == second.events.map(\.event))
        #expect(first.requests == second.requests)
    }

    @Test("an error spike from a step rolls the service and its dependents back immediately")
    func errorSpikeRollsBack() async throws {
        let result = try await shortSimulation(faults: ["cv-analyzer:errors=0.3@50%"]).run()
        #expect(result.outcome == .rolledBack)
        let initiated = try #require(result.events.first { $0.event.kind == .rollbackInitiated })
        #expect(initiated.event.service == "cv-analyzer")
        #expect(initiated.event.detail.contains("mode immediate"))
        #expect(initiated.event.detail.contains("errorRate violated"))
        #expect(result.state.services["cv-analyzer"]?.stage == .rolledBack)
        #expect(result.state.services["improvement-orchestrator"]?.stage == .rolledBack)
        #expect(result.report.rollbacks.first?.outcome.contains("completed") == true)
        // The rollback began at the 50 % step, never at 25 %.
        let started = result.events.filter { $0.event.kind == .stepStarted && $0.event.service == "cv-analyzer" }
        #expect(started.last?.event.detail.hasPrefix("rollout 50%") == true)
    }

    @Test("candidate errors absorbed by fallback are counted but never reach users")
    func fallbackAbsorbsErrors() async throws {
        let result = try await shortSimulation(faults: ["recommendation-generator:errors=0.02@25%"]).run()
        let generator = try #require(result.report.services.first { $0.service == "recommendation-generator" })
        #expect(generator.absorbedByFallback > 0)
        #expect(generator.userFacingErrors == 0)
    }

    @Test("without approvals the gated service waits, then is held, and the run ends paused")
    func approvalTimeout() async throws {
        let result = try await shortSimulation(approves: false).run()
        #expect(result.outcome == .paused)
        guard case .held(let reason)? = result.state.services["recommendation-generator"]?.stage else {
            Issue.record("expected the gated service to be held")
            return
        }
        #expect(reason.contains("timed out"))
    }

    @Test("a checkpoint nobody signs off ends the rehearsal paused at once, not at the time limit")
    func unapprovedCheckpointStops() async throws {
        let gatedCheckpoint = shortPlanYAML.replacingOccurrences(of: "soak: 10m", with: "soak: 10m\n      requiresApproval: true")
        var configuration = try shortSimulation().configuration
        configuration.plan = try PlanParser.parse(gatedCheckpoint)
        configuration.approvesCheckpoints = false
        configuration.timeLimit = .seconds(3 * 86_400)   // where a rehearsal that keeps waiting would stop
        let result = try await CVPlusSimulation(configuration: configuration).run()
        #expect(result.outcome == .paused)
        #expect(result.state.checkpointAwaitingApproval)
        #expect(result.virtualTime < .seconds(86_400), "stopped after \(result.virtualTime)")
        #expect(result.events.last?.event.kind == .approvalRequested)
    }

    @Test("a sized rehearsal reaches the same decisions as the full traffic with fewer requests")
    func sizedMatchesFull() async throws {
        var full = try shortSimulation().configuration
        full.volume = .full
        let fullResult = try await CVPlusSimulation(configuration: full).run()
        let sizedResult = try await shortSimulation().run()
        #expect(fullResult.outcome == .completed && sizedResult.outcome == .completed)
        #expect(sizedResult.requests < fullResult.requests * 3 / 4, "\(sizedResult.requests) of \(fullResult.requests)")
        let decisions = { (result: CVPlusSimulation.Result) in
            result.events.map { "\($0.event.kind.rawValue) \($0.event.service ?? "")" }
        }
        #expect(decisions(sizedResult) == decisions(fullResult))
    }
}
