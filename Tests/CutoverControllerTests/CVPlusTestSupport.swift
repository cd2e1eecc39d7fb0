import Cutover
import CutoverCore
import CutoverCVPlus
import Foundation

/// Builds CVPlus apps over a router on a simulation clock, for the CVPlus tests.
enum CVPlusFixture {
    /// A snapshot routing every CVPlus service to its candidate for `rollout` percent of users.
    static func snapshot(
        rollout: Double, version: UInt64 = 1, configure: (CVPlusService, inout ServiceFlag) -> Void = { _, _ in }
    ) -> FlagSnapshot {
        let flags = CVPlusService.allCases.map { service in
            var flag = ServiceFlag(key: service.flagKey, service: service.rawValue)
            flag.rolloutPercentage = rollout
            flag.workflowContinuity = service == .recommendationOrchestrator
            flag.transactionSafety = service == .actionOrchestrator
            if service == .cacheManager { flag.readPreference = .candidate }
            configure(service, &flag)
            return flag
        }
        return FlagSnapshot(version: version, flags: flags)
    }

    /// One app, its router and clock.
    struct Harness {
        let app: CVPlusApp
        let router: MigrationRouter
        let clock: SimulationClock
        let faults: FaultInjector

        /// Everything recorded so far.
        func totals() -> MetricsWindow {
            _ = router.recorder.collect()
            return router.recorder.collectedTotals()
        }

        /// Installs a newer snapshot at `rollout`.
        func setRollout(_ rollout: Double, version: UInt64, configure: (CVPlusService, inout ServiceFlag) -> Void = { _, _ in }) throws {
            try router.flags.apply(CVPlusFixture.snapshot(rollout: rollout, version: version, configure: configure))
        }
    }

    /// An app with simulated work on a `SimulationClock`, flags at `rollout` and `faults` injected.
    static func harness(
        rollout: Double,
        faults: [Fault] = [],
        configuration: CVPlusApp.Configuration = .init(),
        configure: (CVPlusService, inout ServiceFlag) -> Void = { _, _ in }
    ) throws -> Harness {
        let clock = SimulationClock()
        let router = try MigrationRouter(flags: FlagHolder(), clock: clock)
        try router.flags.apply(snapshot(rollout: rollout, configure: configure))
        let injector = FaultInjector(faults, seed: 1, rollout: FaultInjector.rollout(from: router.flags), elapsed: { clock.elapsed })
        let app = try CVPlusApp(router: router, configuration: configuration, work: SimulatedWork(), faults: injector, clock: clock)
        return Harness(app: app, router: router, clock: clock, faults: injector)
    }

    /// A few requests of a small population.
    static func requests(count: Int, seed: UInt64 = 3) -> [UserRequest] {
        var configuration = TrafficGenerator.Configuration()
        configuration.seed = seed
        configuration.userCount = 50
        configuration.baseRate = 5
        let traffic = TrafficGenerator(configuration: configuration)
        return Array(traffic.requests(from: .zero, to: .seconds(60)).prefix(count))
    }
}
