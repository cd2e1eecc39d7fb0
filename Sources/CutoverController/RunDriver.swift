import CutoverCore
import CutoverStore

/// Drives a run to its end: preflight with its baseline, then samples and ticks, approving due
/// gates when configured to.
///
/// A run the store already holds resumes where its last commit left it: at that time, with the
/// last transition's actions performed again.
public struct RunDriver: Sendable {
    /// How the driver behaves.
    public struct Configuration: Sendable {
        /// How long one sample interval lasts (run time).
        public var sampleInterval: Duration
        /// Whether service gates are approved automatically after ``approvalDelay``.
        public var approvesGates = true
        /// Whether phase checkpoints are approved automatically after ``approvalDelay``;
        /// `nil` (the default) follows ``approvesGates``.
        public var approvesCheckpoints: Bool?
        /// How long an automatic approval takes (run time).
        public var approvalDelay: Duration = .seconds(600)
        /// Who automatic approvals are recorded as.
        public var approver = "auto-approver"
        /// The longest run time the run may take.
        public var timeLimit: Duration = .seconds(90 * 86_400)
        /// Whether the driver returns when nothing can move without a human (a held service,
        /// a gate nobody approves); a server keeps going and waits for the operator instead.
        public var stopsWhenStuck = true

        /// A configuration sampling every `sampleInterval`.
        public init(sampleInterval: Duration) {
            self.sampleInterval = sampleInterval
        }
    }

    /// A moment of the run, reported after each change.
    public struct Progress: Sendable {
        /// Run time.
        public var at: Duration
        /// The run's state.
        public var state: ControllerState
        /// Events committed since the last report.
        public var newEvents: [StoredEvent]
    }

    private let controller: MigrationController
    private let traffic: any RunTraffic
    private let store: any MigrationStore
    private let configuration: Configuration

    /// A driver of `controller`'s run, measured through `traffic`, reading events from `store`.
    public init(controller: MigrationController, traffic: any RunTraffic, store: any MigrationStore, configuration: Configuration) {
        self.controller = controller
        self.traffic = traffic
        self.store = store
        self.configuration = configuration
    }

    /// Drives the run until it ends, the time limit passes or (when configured) it is stuck;
    /// returns the run time it stopped at.
    public func drive(progress: (Progress) -> Void = { _ in }) async throws -> Duration {
        let runID = controller.runID
        var now = await controller.state.now
        var seen = try await store.events(of: runID, after: 0, limit: .max).last?.sequence ?? 0
        func report() async throws {
            let fresh = try await store.events(of: runID, after: seen, limit: .max)
            guard !fresh.isEmpty else { return }
            seen = fresh.last?.sequence ?? seen
            progress(Progress(at: now, state: await controller.state, newEvents: fresh))
        }
        try await controller.resume()
        if await controller.state.stage == .created {
            try await controller.handle(.start, at: now)
        }
        if await controller.state.stage == .preflight {
            let baselineWindow = await controller.machine.plan.preflight.baselineWindow
            while now < baselineWindow {
                now = try await sample(from: now)
            }
            try await controller.completePreflight(at: now)
        }
        try await report()
        var waitingSince: [String: Duration] = [:]
        while await controller.state.stage == .running, now < configuration.timeLimit {
            let state = await controller.state
            try await approveDueGates(state, now: now, waitingSince: &waitingSince)
            if configuration.stopsWhenStuck, state.checkpointAwaitingApproval, !approvesCheckpoints {
                break
            }
            if Self.isJudging(state) {
                now = try await sample(from: now)
            } else if !configuration.stopsWhenStuck || Self.canMove(state, approvesCheckpoints: approvesCheckpoints) {
                now += traffic.idleStep
                try await traffic.idle(until: now)
                try await controller.handle(.tick, at: now)
            } else {
                break
            }
            try await report()
        }
        return now
    }

    /// One sample interval of traffic, then its metrics (or why they could not be measured)
    /// and a tick to the controller.
    private func sample(from start: Duration) async throws -> Duration {
        let end = start + configuration.sampleInterval
        let measured: ControllerInput
        do {
            measured = .sample(try await traffic.sample(from: start, to: end))
        } catch let error as MeasurementError {
            measured = .measurementFailed(reason: error.reason)
        }
        try await controller.handle(measured, at: end)
        try await controller.handle(.tick, at: end)
        return end
    }

    private var approvesCheckpoints: Bool {
        configuration.approvesCheckpoints ?? configuration.approvesGates
    }

    /// Approves the gates and the checkpoint the configuration approves once they waited ``Configuration/approvalDelay``.
    private func approveDueGates(_ state: ControllerState, now: Duration, waitingSince: inout [String: Duration]) async throws {
        var waiting: [String?] = []
        if configuration.approvesGates {
            waiting = state.services.filter { if case .awaitingApproval = $0.value.stage { true } else { false } }
                .map(\.key).sorted()
        }
        if approvesCheckpoints, state.checkpointAwaitingApproval { waiting.append(nil) }
        for gate in waiting {
            let key = gate ?? "checkpoint"
            let since = waitingSince[key] ?? now
            waitingSince[key] = since
            if now - since >= configuration.approvalDelay {
                waitingSince[key] = nil
                try await controller.handle(
                    .command(.approve(service: gate, comment: "approved automatically"), actor: configuration.approver), at: now
                )
            }
        }
    }

    /// Whether health is being judged now, so traffic must flow.
    public static func isJudging(_ state: ControllerState) -> Bool {
        state.phaseSoakStart != nil || state.services.values.contains { run in
            switch run.stage {
            case .stepping, .rollingBack: true
            default: false
            }
        }
    }

    /// Whether waiting can change anything (a window opening, an approval arriving, a soak
    /// ending); a held service needs a human.
    static func canMove(_ state: ControllerState, approvesCheckpoints: Bool) -> Bool {
        if state.services.values.contains(where: { if case .held = $0.stage { true } else { false } }) {
            return false
        }
        if approvesCheckpoints, state.checkpointAwaitingApproval { return true }
        return state.services.values.contains { run in
            switch run.stage {
            // An approval may arrive, or its timeout hold the service.
            case .awaitingWindow, .pending, .awaitingApproval: true
            case .complete: run.dualWriteOffAt != nil
            default: false
            }
        }
    }
}
