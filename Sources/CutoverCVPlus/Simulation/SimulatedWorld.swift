import Cutover
import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// The parts of one simulation: clock, router, app, controller, traffic.
final class SimulatedWorld: Sendable {
    let clock = SimulationClock()
    let flags = FlagHolder()
    let router: MigrationRouter
    let app: CVPlusApp
    let controller: MigrationController
    let store: any MigrationStore
    let runID: String
    let traffic: TrafficGenerator
    let sampleInterval: Duration
    private let counters = Locked((requests: 0, errors: 0))

    init(_ configuration: CVPlusSimulation.Configuration) async throws {
        store = configuration.store
        runID = configuration.runID
        var routerConfiguration = MigrationRouter.Configuration()
        routerConfiguration.collectionInterval = .seconds(365 * 86_400)
        routerConfiguration.checks.queueCapacity = 1_000_000
        router = try MigrationRouter(flags: flags, configuration: routerConfiguration, clock: clock)
        let clock = self.clock
        let faults = FaultInjector(
            configuration.faults, seed: configuration.seed, rollout: FaultInjector.rollout(from: flags),
            elapsed: { clock.elapsed }
        )
        app = try CVPlusApp(
            router: router, configuration: configuration.app, work: SimulatedWork(), faults: faults, clock: clock
        )
        controller = try await MigrationController(
            plan: configuration.plan, runID: configuration.runID, store: configuration.store,
            environment: CVPlusControllerEnvironment(app: app, flags: flags, store: configuration.store, runID: configuration.runID),
            configuration: configuration.controller, judge: HealthAnalyzer().judge, logger: configuration.logger
        )
        var traffic = configuration.traffic
        traffic.seed = configuration.seed
        self.traffic = TrafficGenerator(configuration: traffic)
        sampleInterval = configuration.plan.tiers.map(\.sampleInterval).min() ?? .seconds(30)
    }

    /// Preflight with a baseline, then samples and ticks until the run ends or cannot move.
    ///
    /// A run the store already holds resumes where its last commit left it: at that time, with
    /// the last transition's actions performed again.
    func drive(
        _ configuration: CVPlusSimulation.Configuration, progress: (CVPlusSimulation.Progress) -> Void
    ) async throws -> CVPlusSimulation.Result {
        var now = await controller.state.now
        clock.advance(to: now)
        let pacer = configuration.pacing.map { Pacer(scale: $0.timeScale, runTime: now) }
        var seen = try await store.events(of: runID, after: 0, limit: .max).last?.sequence ?? 0
        func report() async throws {
            let fresh = try await store.events(of: runID, after: seen, limit: .max)
            guard !fresh.isEmpty else { return }
            seen = fresh.last?.sequence ?? seen
            progress(.init(at: now, state: await controller.state, newEvents: fresh))
        }
        try await controller.resume()
        if await controller.state.stage == .created {
            try await controller.handle(.start, at: now)
        }
        if await controller.state.stage == .preflight {
            while now < configuration.plan.preflight.baselineWindow {
                now = try await sample(from: now, pacer: pacer)
            }
            try await controller.completePreflight(at: now)
        }
        try await report()
        var waitingSince: [String: Duration] = [:]
        while await controller.state.stage == .running, now < configuration.timeLimit {
            let state = await controller.state
            if configuration.approvesGates {
                try await approveDueGates(state, now: now, delay: configuration.approvalDelay, waitingSince: &waitingSince)
            }
            if Self.isJudging(state) {
                now = try await sample(from: now, pacer: pacer)
            } else if Self.canMove(state, approvesGates: configuration.approvesGates) {
                now += pacer == nil ? configuration.idleStep : sampleInterval
                try await pacer?.wait(until: now)
                clock.advance(to: now)
                try await controller.handle(.tick, at: now)
            } else {
                break
            }
            try await report()
        }
        return try await result(now: now, configuration: configuration)
    }

    /// Handles one sample interval of traffic, then feeds its metrics and a tick to the controller.
    private func sample(from start: Duration, pacer: Pacer?) async throws -> Duration {
        let end = start + sampleInterval
        for request in traffic.requests(from: start, to: end) {
            clock.advance(to: request.arrival)
            let outcome = await SimulationClock.withRequest { await app.handle(request) }
            counters.withLock { counters in
                counters.requests += 1
                if outcome.userSawError { counters.errors += 1 }
            }
        }
        try await pacer?.wait(until: end)
        clock.advance(to: end)
        await router.checks.waitUntilIdle()
        try await controller.handle(.sample(router.recorder.collect()), at: end)
        try await controller.handle(.tick, at: end)
        return end
    }

    private func approveDueGates(
        _ state: ControllerState, now: Duration, delay: Duration, waitingSince: inout [String: Duration]
    ) async throws {
        var waiting: [String?] = state.services.filter { if case .awaitingApproval = $0.value.stage { true } else { false } }
            .map(\.key).sorted()
        if state.checkpointAwaitingApproval { waiting.append(nil) }
        for gate in waiting {
            let key = gate ?? "checkpoint"
            let since = waitingSince[key] ?? now
            waitingSince[key] = since
            if now - since >= delay {
                waitingSince[key] = nil
                try await controller.handle(
                    .command(.approve(service: gate, comment: "approved by the simulation"), actor: "simulation-approver"), at: now
                )
            }
        }
    }

    /// Whether health is being judged now, so traffic must flow.
    static func isJudging(_ state: ControllerState) -> Bool {
        state.phaseSoakStart != nil || state.services.values.contains { run in
            switch run.stage {
            case .stepping, .rollingBack: true
            default: false
            }
        }
    }

    /// Whether waiting can change anything (a window opening, an approval arriving, a soak
    /// ending); a held service needs a human, so the simulation stops there.
    static func canMove(_ state: ControllerState, approvesGates: Bool) -> Bool {
        if state.services.values.contains(where: { if case .held = $0.stage { true } else { false } }) {
            return false
        }
        if approvesGates, state.checkpointAwaitingApproval { return true }
        return state.services.values.contains { run in
            switch run.stage {
            // An approval may arrive, or its timeout hold the service.
            case .awaitingWindow, .pending, .awaitingApproval: true
            case .complete: run.dualWriteOffAt != nil
            default: false
            }
        }
    }

    private func result(now: Duration, configuration: CVPlusSimulation.Configuration) async throws -> CVPlusSimulation.Result {
        let state = await controller.state
        let events = try await store.events(of: runID, after: 0, limit: .max)
        _ = router.recorder.collect()
        let totals = router.recorder.collectedTotals()
        let outcome: CVPlusSimulation.Outcome = switch state.stage {
        case .completed: .completed
        case .rolledBack: .rolledBack
        case .failed: .failed
        default: state.services.values.contains { $0.rollbacks > 0 } ? .rolledBack : .paused
        }
        let counts = counters.withLock { $0 }
        return CVPlusSimulation.Result(
            outcome: outcome, virtualTime: now, state: state, events: events, totals: totals,
            requests: counts.requests, requestsWithErrors: counts.errors,
            report: MigrationReport(totals: totals, state: state, events: events.map(\.event), plan: configuration.plan)
        )
    }
}
