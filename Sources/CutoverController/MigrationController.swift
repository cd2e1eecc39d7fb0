import CutoverCore
import Logging

/// The controller's shell: feeds inputs to the ``ControllerMachine``, commits each transition
/// with its events to the store, then performs the transition's actions.
public actor MigrationController {
    /// The machine: the run's state and the plan.
    public private(set) var machine: ControllerMachine
    private let store: any ControllerStore
    private let environment: any ControllerEnvironment
    private let logger: Logger

    /// Creates a controller for `machine`, resuming from `store`'s state when it has one.
    public init(
        machine: ControllerMachine, store: any ControllerStore, environment: any ControllerEnvironment,
        logger: Logger = Logger(label: "cutover.controller")
    ) {
        self.machine = machine
        self.store = store
        self.environment = environment
        self.logger = logger
    }

    /// The run's state.
    public var state: ControllerState {
        machine.state
    }

    /// Applies `input` at `now`: the transition, its commit with its events, then its actions.
    ///
    /// ``ControllerAction/runPreflight`` is the driver's cue: it keeps sending samples for the
    /// plan's baseline window, then calls ``completePreflight(at:)``.
    public func handle(_ input: ControllerInput, at now: Duration) async throws {
        let actions = machine.handle(input, at: now)
        let events = actions.flatMap { action -> [MigrationEvent] in
            if case .record(let events) = action { return events }
            return []
        }
        let stored = try await store.commit(state: machine.state, events: events)
        try await perform(actions, stored: stored)
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
