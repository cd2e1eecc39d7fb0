import Foundation

/// The controller as a pure state machine: `state + input → state + actions`.
///
/// It never performs I/O and never reads a clock: every input comes with its time, and every
/// effect is an action for the shell (publish flags, back up or restore state, record events).
/// A shell that persists ``state`` and the recorded events in one transaction, then performs
/// the actions, resumes exactly where it was after a crash.
public struct ControllerMachine: Sendable {
    /// Tuning of the controller.
    public struct Configuration: Sendable {
        /// How long a graceful rollback takes to reach 0 %.
        public var gracefulDuration: Duration = .seconds(300)
        /// Steps of a graceful rollback.
        public var gracefulSteps = 5
        /// Times an inconclusive window is extended before the service is held.
        public var maximumExtensions = 2
        /// How long a gate may wait for an approval before the service is held.
        public var approvalTimeout: Duration = .seconds(86_400)
        /// Samples a rollback waits for legacy traffic to validate before it is declared failed.
        public var legacyValidationSamples = 10
        /// The wall-clock time at the run's time zero, for promotion windows.
        public var startDate = Date(timeIntervalSince1970: 0)

        /// The defaults.
        public init() {}
    }

    /// Judges one service's window: the shell supplies the health analysis.
    public typealias Judge = @Sendable (WindowEvidence) -> (Judgement, warnings: [String])

    /// The plan being run.
    public let plan: Plan
    /// The run's state.
    public internal(set) var state: ControllerState
    let configuration: Configuration
    let judge: Judge
    var pendingEvents: [MigrationEvent] = []
    var pendingActions: [ControllerAction] = []
    var flagsChanged = false

    /// Creates a machine for `plan`, resuming `state` when given.
    public init(plan: Plan, state: ControllerState = ControllerState(), configuration: Configuration = .init(), judge: @escaping Judge) {
        self.plan = plan
        self.configuration = configuration
        self.judge = judge
        var state = state
        for service in plan.services where state.services[service.name] == nil {
            var run = ServiceRun()
            run.window.service = service.name
            state.services[service.name] = run
        }
        self.state = state
    }

    /// Applies `input` at time `now` and returns what the shell must do, in order.
    ///
    /// Run time never goes back: an input dated before the state's time (an operator command
    /// racing a sample) is applied at the state's time.
    public mutating func handle(_ input: ControllerInput, at now: Duration) -> [ControllerAction] {
        state.now = max(state.now, now)
        switch input {
        case .start: start()
        case .preflightCompleted(let failures): completePreflight(failures)
        case .tick: advance()
        case .sample(let window): observe(window)
        case .measurementFailed(let reason): measurementFailed(reason)
        case .command(let command, let actor): perform(command, actor: actor)
        }
        advance()
        return drainActions()
    }

    // MARK: - Run lifecycle

    private mutating func start() {
        guard state.stage == .created else { return }
        state.stage = .preflight
        emit(.runStarted, detail: "plan \(plan.name): \(plan.services.count) services in \(plan.phases.count) phases")
        pendingActions.append(.runPreflight)
    }

    private mutating func completePreflight(_ failures: [String]) {
        guard state.stage == .preflight else { return }
        guard failures.isEmpty else {
            state.stage = .failed("preflight failed")
            emit(.preflightFailed, detail: failures.joined(separator: "; "))
            return
        }
        let baseline = state.baselines.map { "\($0.key): \($0.value.calls) calls, \(percent($0.value.errorRate ?? 0)) errors" }
        emit(.preflightPassed, detail: "legacy baseline captured (\(baseline.sorted().joined(separator: ", ")))")
        state.stage = .running
        startPhase(0)
        flagsChanged = true
    }

    mutating func startPhase(_ index: Int) {
        state.phaseIndex = index
        state.phaseSoakStart = nil
        let phase = plan.phases[index]
        emit(.phaseStarted, detail: "\(phase.name): \(phase.services.joined(separator: ", "))")
    }

    // MARK: - Helpers

    mutating func emit(_ kind: MigrationEvent.Kind, service: String? = nil, actor: String = "controller", detail: String, rollbackID: String? = nil) {
        pendingEvents.append(MigrationEvent(kind, at: state.now, service: service, actor: actor, detail: detail, rollbackID: rollbackID))
    }

    private mutating func drainActions() -> [ControllerAction] {
        var actions: [ControllerAction] = []
        if flagsChanged {
            state.flagVersion += 1
            actions.append(.publishFlags(flagSnapshot()))
            flagsChanged = false
        }
        actions += pendingActions
        if !pendingEvents.isEmpty {
            actions.append(.record(pendingEvents))
        }
        pendingActions = []
        pendingEvents = []
        return actions
    }

    func percent(_ fraction: Double) -> String {
        DecimalText.fixed(fraction * 100, places: 2) + "%"
    }
}

/// What the judge sees of one service's window.
public struct WindowEvidence: Sendable {
    /// The service.
    public var service: PlanService
    /// Both cohorts over the window so far.
    public var window: ServiceMetrics
    /// The legacy baseline from preflight, if captured.
    public var baseline: CohortMetrics?
    /// The share of traffic the candidate should serve (rollout / 100).
    public var expectedCandidateShare: Double
    /// The effective thresholds.
    public var thresholds: Thresholds
}
