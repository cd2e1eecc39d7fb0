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
    let volume: TrafficVolume
    let plan: Plan
    fileprivate let counters = Locked((requests: 0, errors: 0))

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
            environment: configuration.wrapEnvironment(
                CVPlusControllerEnvironment(app: app, flags: flags, store: configuration.store, runID: configuration.runID)
            ),
            configuration: configuration.controller, judge: HealthAnalyzer().judge, logger: configuration.logger
        )
        var traffic = configuration.traffic
        traffic.seed = configuration.seed
        self.traffic = TrafficGenerator(configuration: traffic)
        volume = configuration.volume
        plan = configuration.plan
        sampleInterval = configuration.plan.tiers.map(\.sampleInterval).min() ?? .seconds(30)
    }

    /// Drives the run through ``RunDriver`` with this world as its traffic.
    func drive(
        _ configuration: CVPlusSimulation.Configuration, progress: (RunDriver.Progress) -> Void
    ) async throws -> CVPlusSimulation.Result {
        clock.advance(to: await controller.state.now)
        var driving = RunDriver.Configuration(sampleInterval: sampleInterval)
        driving.approvesGates = configuration.approvesGates
        driving.approvesCheckpoints = configuration.approvesCheckpoints
        driving.approvalDelay = configuration.approvalDelay
        driving.approver = "simulation-approver"
        driving.timeLimit = configuration.timeLimit
        let traffic = Traffic(world: self, pacer: configuration.pacing.map { Pacer(scale: $0.timeScale, runTime: clock.elapsed) },
                              idleStep: configuration.pacing == nil ? configuration.idleStep : sampleInterval)
        let driver = RunDriver(controller: controller, traffic: traffic, store: store, configuration: driving)
        let now = try await driver.drive(progress: progress)
        return try await result(now: now, configuration: configuration)
    }

    /// The world's requests as a driven run's traffic: one request after the other at its
    /// arrival time, as many as the ``TrafficVolume`` asks for now, held to the wall clock when paced.
    private struct Traffic: RunTraffic {
        let world: SimulatedWorld
        let pacer: Pacer?
        let idleStep: Duration

        func sample(from start: Duration, to end: Duration) async throws -> MetricsWindow {
            let scale = world.volume.scale(
                for: await world.controller.state, of: world.plan, rate: world.traffic.rate(at: start)
            )
            for request in world.traffic.requests(from: start, to: end, scale: scale) {
                world.clock.advance(to: request.arrival)
                let outcome = await world.app.handle(request)
                world.counters.withLock { counters in
                    counters.requests += 1
                    if outcome.userSawError { counters.errors += 1 }
                }
            }
            try await pacer?.wait(until: end)
            world.clock.advance(to: end)
            await world.router.checks.waitUntilIdle()
            return world.router.recorder.collect()
        }

        func idle(until end: Duration) async throws {
            try await pacer?.wait(until: end)
            world.clock.advance(to: end)
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
            requests: counts.requests, requestsWithErrors: counts.errors, volume: volume,
            report: MigrationReport(totals: totals, state: state, events: events.map(\.event), plan: configuration.plan)
        )
    }
}
