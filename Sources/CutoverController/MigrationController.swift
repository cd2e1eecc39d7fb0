import CutoverCore
import CutoverStore
import Foundation
import Logging

/// The controller's shell: feeds inputs to the ``ControllerMachine``, commits each transition
/// with its events to the store, then performs the transition's actions.
///
/// A transition is computed on a copy of the machine and adopted only once it is committed, so
/// a failed commit leaves nothing half-applied (wrap the store in ``RetryingMigrationStore`` to
/// ride out transient failures). Inputs are handled one at a time, in the order they arrive.
public actor MigrationController {
    /// The machine: the run's state and the plan.
    public private(set) var machine: ControllerMachine
    /// The run this controller drives.
    public nonisolated let runID: String
    /// Transitions committed so far.
    public private(set) var revision: UInt64
    private var actionsToResume: [ControllerAction]
    private let store: any MigrationStore
    private let environment: any ControllerEnvironment
    private let logger: Logger
    private let turns = TurnQueue()

    /// Opens run `runID` of `store` for `plan`: its committed state when it has one, a new run otherwise.
    ///
    /// Call ``resume()`` before the first input: it performs the last transition's actions again.
    public init(
        plan: Plan, runID: String, store: any MigrationStore, environment: any ControllerEnvironment,
        configuration: ControllerMachine.Configuration = .init(), judge: @escaping ControllerMachine.Judge,
        logger: Logger = Logger(label: "cutover.controller")
    ) async throws {
        let stored = try await store.loadState(of: runID)
        self.machine = ControllerMachine(
            plan: plan, state: stored?.state ?? ControllerState(), configuration: configuration, judge: judge
        )
        self.runID = runID
        self.revision = stored?.revision ?? 0
        self.actionsToResume = stored?.actions ?? []
        self.store = store
        self.environment = environment
        self.logger = logger
    }

    /// The run's state.
    public var state: ControllerState {
        machine.state
    }

    /// The machine and the revision it was committed at, read together.
    public var snapshot: (machine: ControllerMachine, revision: UInt64) {
        (machine, revision)
    }

    /// Publishes the run's latest flags and performs the last committed transition's actions
    /// again; every action is idempotent, so a crash between a commit and its actions loses nothing.
    public func resume() async throws {
        try await turns.run {
            if let flags = try await store.flags(of: runID) {
                try await environment.publish(flags)
            }
            let actions = actionsToResume.filter { if case .record = $0 { false } else { true } }
            actionsToResume = []
            if !actions.isEmpty {
                logger.info("performing the last transition's actions again", metadata: ["run.revision": "\(revision)"])
            }
            try await perform(actions, stored: [])
        }
    }

    /// Applies `input` at `now`: the transition, its commit with its events, then its actions.
    ///
    /// ``ControllerAction/runPreflight`` is the driver's cue: it keeps sending samples for the
    /// plan's baseline window, then calls ``completePreflight(at:)``.
    public func handle(_ input: ControllerInput, at now: Duration) async throws {
        try await turns.run { try await apply(input, at: now) }
    }

    private func apply(_ input: ControllerInput, at now: Duration) async throws {
        var next = machine
        let actions = next.handle(input, at: now)
        let transition = Transition(
            state: next.state, events: actions.recordedEvents, flags: actions.publishedFlags,
            approvals: ApprovalRecord.records(for: input, events: actions.recordedEvents, before: machine.state),
            verdicts: VerdictRecord.changes(from: machine.state, to: next.state), actions: actions,
            alerts: PendingAlert.alerts(for: actions.recordedEvents, routes: machine.plan.notifications)
        )
        let receipt = try await store.commit(transition, to: runID, expectedRevision: revision)
        machine = next
        revision = receipt.revision
        try await perform(actions, stored: receipt.events)
    }

    private func perform(_ actions: [ControllerAction], stored: [StoredEvent]) async throws {
        for action in actions {
            switch action {
            case .publishFlags(let snapshot):
                try await environment.publish(snapshot)
            case .backupState(let service):
                try await environment.backupState(of: service)
            case .restoreState(let service):
                try await environment.restoreState(of: service)
            case .runPreflight:
                break
            case .record:
                await environment.announce(stored)
                for event in stored {
                    logger.info("\(event.event.kind)", metadata: [
                        "event.sequence": "\(event.sequence)", "event.service": "\(event.event.service ?? "-")",
                        "event.detail": "\(event.event.detail)",
                    ])
                }
            }
        }
    }

    /// Runs the preflight checks other than the baseline and reports them to the machine.
    public func completePreflight(at now: Duration) async throws {
        let failures = await environment.preflightFailures()
        try await handle(.preflightCompleted(failures: failures), at: now)
    }
}

extension [ControllerAction] {
    /// The events the actions record, in order.
    var recordedEvents: [MigrationEvent] {
        flatMap { action -> [MigrationEvent] in
            if case .record(let events) = action { return events }
            return []
        }
    }

    /// The flag snapshot the actions publish, if any.
    var publishedFlags: FlagSnapshot? {
        lazy.compactMap { action -> FlagSnapshot? in
            if case .publishFlags(let snapshot) = action { return snapshot }
            return nil
        }.last
    }
}
