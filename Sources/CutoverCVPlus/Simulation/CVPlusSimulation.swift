import Cutover
import CutoverController
import CutoverCore
import CutoverStore
import Foundation
import Logging

/// Rehearses a plan against the CVPlus app in virtual time: the real router, controller and
/// health analysis, on a ``SimulationClock``, with seeded traffic and injected faults.
///
/// Deterministic for a seed: requests are handled one after the other at their arrival times,
/// and background checks finish before each sample is collected.
public struct CVPlusSimulation: Sendable {
    /// What to simulate.
    public struct Configuration: Sendable {
        /// The plan.
        public var plan: Plan
        /// Faults injected into candidates.
        public var faults: [Fault] = []
        /// The seed of traffic and faults.
        public var seed: UInt64 = 1
        /// Whether service gates are approved automatically after ``approvalDelay``.
        public var approvesGates = true
        /// Whether phase checkpoints are approved automatically; `nil` (the default) follows ``approvesGates``.
        public var approvesCheckpoints: Bool?
        /// How long an automatic approval takes.
        public var approvalDelay: Duration = .seconds(600)
        /// The traffic (its seed is replaced by ``seed``): 20 000 users, so that cache misses —
        /// the only calls of the generator and the breaker core — come often enough to judge.
        public var traffic: TrafficGenerator.Configuration = {
            var traffic = TrafficGenerator.Configuration()
            traffic.userCount = 20_000
            return traffic
        }()
        /// How much of ``traffic`` is replayed: by default what the windows being judged need
        /// (``TrafficVolume/standard``); ``TrafficVolume/full`` replays every request.
        public var volume = TrafficVolume.standard
        /// The app: cached recommendations live 2 minutes, for the same reason.
        public var app: CVPlusApp.Configuration = {
            var app = CVPlusApp.Configuration()
            app.cacheTimeToLive = .seconds(120)
            return app
        }()
        /// How far time jumps while nothing is being judged (waiting for a promotion window).
        public var idleStep: Duration = .seconds(300)
        /// The longest virtual time a run may take.
        public var timeLimit: Duration = .seconds(90 * 86_400)
        /// The controller's tuning.
        public var controller = ControllerMachine.Configuration()
        /// Where the run's state and audit log live; a run the store holds already resumes.
        public var store: any MigrationStore = InMemoryMigrationStore()
        /// The run's id in ``store``.
        public var runID = "simulation"
        /// The plan's source, recorded with a new run.
        public var planSource = ""
        /// How run time relates to the wall clock; `nil` runs in virtual time as fast as possible.
        public var pacing: Pacing?
        /// Extends the controller's environment, e.g. with alerting (`AlertingEnvironment`);
        /// unchanged by default, so a rehearsal sends nothing.
        public var wrapEnvironment: @Sendable (any ControllerEnvironment) -> any ControllerEnvironment = { $0 }
        /// Where the controller logs; silent by default (the result carries every event).
        public var logger = Logger(label: "cutover.simulation", factory: { _ in SwiftLogNoOpLogHandler() })

        /// A simulation of `plan`, starting on a Monday at 09:00 in the plan's time zone.
        public init(plan: Plan) {
            self.plan = plan
            controller.startDate = Self.monday9am(in: plan.timeZone)
        }

        static func monday9am(in zone: String) -> Date {
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
            let components = DateComponents(year: 2025, month: 9, day: 1, hour: 9)
            return calendar.date(from: components) ?? Date(timeIntervalSince1970: 1_756_717_200)
        }
    }

    /// Run time held to the wall clock.
    public struct Pacing: Sendable {
        /// How many times faster than real time the run's durations pass.
        public var timeScale: Double

        /// Run time at `timeScale` times real time.
        public init(timeScale: Double) {
            self.timeScale = timeScale
        }
    }

    /// How a run ended.
    public enum Outcome: String, Codable, Sendable {
        case completed
        case rolledBack = "rolled_back"
        case paused
        case failed
    }

    /// What a run left behind.
    public struct Result: Sendable {
        public var outcome: Outcome
        /// Virtual time the run took.
        public var virtualTime: Duration
        /// The controller's final state.
        public var state: ControllerState
        /// The audit log.
        public var events: [StoredEvent]
        /// Everything the router measured.
        public var totals: MetricsWindow
        /// User requests handled, and how many of them showed the user an error.
        public var requests: Int
        public var requestsWithErrors: Int
        /// How much of the traffic ``requests`` is (``Configuration/volume``).
        public var volume: TrafficVolume
        /// The Success Criteria report.
        public var report: MigrationReport
    }

    public let configuration: Configuration

    /// A simulation with `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Runs the plan to its end (or the time limit), reporting progress after each change.
    ///
    /// The simulation's tasks run on a ``SimulationThread`` of their own: one request after the
    /// other, without waking another thread at each hop between them.
    public func run(progress: @Sendable (RunDriver.Progress) -> Void = { _ in }) async throws -> Result {
        if try await configuration.store.run(id: configuration.runID) == nil {
            try await configuration.store.createRun(RunRecord(
                id: configuration.runID, planName: configuration.plan.name, planSource: configuration.planSource,
                createdAt: Date()
            ))
        }
        let thread = SimulationThread()
        defer { thread.finish() }
        return try await withTaskExecutorPreference(thread) {
            let world = try await SimulatedWorld(configuration)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await world.router.run() }
                defer { group.cancelAll() }
                return try await world.drive(configuration, progress: progress)
            }
        }
    }
}
