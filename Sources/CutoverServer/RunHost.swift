import CutoverAlerts
import CutoverController
import CutoverCore
import CutoverStore
import Foundation
import Logging

/// One run driven by the server: its controller on the paced clock, fed with the metrics app
/// instances ship (or another ``RunHost/TrafficSource``), publishing flags through the
/// ``FlagPublisher``, taking operators' commands.
public actor RunHost {
    /// How the run is driven.
    public struct Configuration: Sendable {
        /// The run's id.
        public var runID: String
        /// How many times faster than real time the plan's durations pass.
        public var timeScale: Double = 1
        /// Whether gates are approved automatically after ``approvalDelay`` (the demo's default).
        public var approvesGates = false
        /// How long an automatic approval waits, in run time.
        public var approvalDelay: Duration = .seconds(600)
        /// Whether driving ends when nothing can move without a human (a held service); a
        /// server keeps driving and waits for its operators.
        public var stopsWhenStuck = false
        /// The controller's tuning.
        public var controller = ControllerMachine.Configuration()
        /// The health analysis' tuning.
        public var analyzer = HealthAnalyzer.Configuration()
        /// Where notification routes read their targets and secrets: the process's environment.
        public var alertEnvironment = ProcessInfo.processInfo.environment
        /// How alerts are delivered.
        public var alerts = AlertDispatcher.Configuration()
        /// Where the run's measurements come from: the metrics instances ship, by default.
        public var traffic = TrafficSource.shipped

        /// A configuration for run `runID`.
        public init(runID: String) {
            self.runID = runID
        }
    }

    /// A rollout change, for the dashboard's chart.
    public struct RolloutPoint: Codable, Sendable {
        /// Run time, seconds.
        public var at: Double
        public var service: String
        /// Percent.
        public var rollout: Double
    }

    /// The run's id.
    public nonisolated let runID: String
    /// The plan.
    public nonisolated let plan: Plan
    /// The paced clock of run time.
    public nonisolated let pacer: Pacer
    /// The metrics instances ship.
    public nonisolated let ingest: MetricsIngest
    /// Delivers the run's alerts: run it beside the server, in the process that holds the run's lease.
    public nonisolated let alerts: AlertDispatcher
    let changes = ChangeSignal()
    private let controller: MigrationController
    private let store: any MigrationStore
    private let configuration: Configuration
    private let rollouts = Locked<[RolloutPoint]>([])

    /// Opens (or creates) run `configuration.runID` of `store` for `plan`, publishing through
    /// `publisher` and backing up state through `custodian` when the app provides one.
    public init(
        plan: Plan, planSource: String, store: any MigrationStore, publisher: FlagPublisher,
        custodian: (any ServiceStateCustodian)?, configuration: Configuration, logger: Logger
    ) async throws {
        let runID = configuration.runID
        if try await store.run(id: runID) == nil {
            try await store.createRun(RunRecord(id: runID, planName: plan.name, planSource: planSource, createdAt: Date()))
        }
        let changes = self.changes
        let rollouts = self.rollouts
        let backups = custodian.map { StateBackups(custodian: $0, store: store, runID: runID) }
        // The pacer starts at the stored run time, so the clock continues where a restart left it.
        let stored = try await store.loadState(of: runID)
        let pacer = Pacer(scale: configuration.timeScale, runTime: stored?.state.now ?? .zero)
        let environment = ServerControllerEnvironment(
            publisher: publisher, backups: backups,
            published: { snapshot in
                let at = pacer.runTime.seconds
                rollouts.withLock { points in
                    for flag in snapshot.flags {
                        let rollout = flag.killSwitch || !flag.enabled ? 0 : flag.complete ? 100 : flag.rolloutPercentage
                        // Only changes: a publication repeats every service's flag.
                        if points.last(where: { $0.service == flag.service })?.rollout != rollout {
                            points.append(RolloutPoint(at: at, service: flag.service, rollout: rollout))
                        }
                    }
                }
                changes.notify()
            },
            announced: { _ in changes.notify() }
        )
        let alerts = AlertDispatcher(
            runID: runID, routes: plan.notifications, store: store, environment: configuration.alertEnvironment,
            configuration: configuration.alerts, logger: logger
        )
        let check = AlertChannelCheck(
            routes: plan.notifications, runID: runID, environment: configuration.alertEnvironment,
            timeout: configuration.alerts.timeout
        )
        self.alerts = alerts
        self.controller = try await MigrationController(
            plan: plan, runID: runID, store: store,
            environment: AlertingEnvironment(environment, dispatcher: alerts, check: check), configuration: configuration.controller,
            judge: HealthAnalyzer(configuration: configuration.analyzer).judge, logger: logger
        )
        self.runID = runID
        self.plan = plan
        self.pacer = pacer
        self.ingest = MetricsIngest(services: plan.services.map(\.name))
        self.store = store
        self.configuration = configuration
    }

    /// Drives the run until it ends, reporting each change; the host keeps answering afterwards.
    public func drive(progress: @escaping @Sendable (RunDriver.Progress) -> Void = { _ in }) async throws {
        var driving = RunDriver.Configuration(sampleInterval: plan.tiers.map(\.sampleInterval).min() ?? .seconds(30))
        driving.approvesGates = configuration.approvesGates
        driving.approvalDelay = configuration.approvalDelay
        driving.stopsWhenStuck = configuration.stopsWhenStuck
        driving.timeLimit = .seconds(3650 * 86_400)
        let traffic = configuration.traffic.make(pacer, ingest, driving.sampleInterval)
        let driver = RunDriver(controller: controller, traffic: traffic, store: store, configuration: driving)
        let changes = self.changes
        _ = try await driver.drive { moment in
            changes.notify()
            progress(moment)
        }
        changes.notify()
    }

    /// Applies an operator's command now; returns the revision it was committed at.
    public func perform(_ command: ControllerCommand, actor: String) async throws -> UInt64 {
        try await controller.handle(.command(command, actor: actor), at: pacer.runTime)
        changes.notify()
        return await controller.revision
    }

    /// The run's machine and revision, read together.
    func snapshot() async -> (machine: ControllerMachine, revision: UInt64) {
        await controller.snapshot
    }

    /// The run's status.
    public func status() async throws -> RunStatus {
        let (machine, revision) = await snapshot()
        let verdicts = try await store.verdicts(of: runID, service: nil, limit: 500)
        return RunStatus(
            run: runID, machine: machine, revision: revision, timeScale: pacer.scale, verdicts: verdicts,
            analyzer: HealthAnalyzer(configuration: configuration.analyzer)
        )
    }

    /// Every rollout change published by this server, oldest first.
    nonisolated var rolloutPoints: [RolloutPoint] {
        rollouts.withLock { $0 }
    }
}
