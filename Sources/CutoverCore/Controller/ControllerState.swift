/// Where a run stands: everything the controller needs to resume exactly where it was.
///
/// It is `Codable` so that a store can persist it whole with each transition.
public struct ControllerState: Codable, Sendable {
    /// The run as a whole.
    public enum Stage: Hashable, Sendable, Codable {
        case created, preflight, running, completed, failed(String), rolledBack
    }

    /// The run's stage.
    public var stage: Stage = .created
    /// Index of the current phase.
    public var phaseIndex = 0
    /// When the current phase's last service completed (start of the checkpoint soak).
    public var phaseSoakStart: Duration?
    /// The checkpoint waits for a human approval.
    public var checkpointAwaitingApproval = false
    /// Traffic increases are paused by an operator.
    public var paused = false
    /// Version of the last published flag snapshot.
    public var flagVersion: UInt64 = 0
    /// Every service of the plan, by name.
    public var services: [String: ServiceRun] = [:]
    /// Rollbacks started so far (for ids).
    public var rollbackCount = 0
    /// Legacy baselines captured during preflight, by service.
    public var baselines: [String: CohortMetrics] = [:]
    /// Time of the latest input.
    public var now: Duration = .zero
    /// Samples that could not be measured since the last one that was.
    public var measurementFailures = 0

    /// An empty state for a run that has not started.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case stage, phaseIndex, phaseSoakStart, checkpointAwaitingApproval, paused, flagVersion, services
        case rollbackCount, baselines, now, measurementFailures
    }

    /// Decodes a state; one committed before measurement failures were counted has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stage = try container.decode(Stage.self, forKey: .stage)
        phaseIndex = try container.decode(Int.self, forKey: .phaseIndex)
        phaseSoakStart = try container.decodeIfPresent(Duration.self, forKey: .phaseSoakStart)
        checkpointAwaitingApproval = try container.decode(Bool.self, forKey: .checkpointAwaitingApproval)
        paused = try container.decode(Bool.self, forKey: .paused)
        flagVersion = try container.decode(UInt64.self, forKey: .flagVersion)
        services = try container.decode([String: ServiceRun].self, forKey: .services)
        rollbackCount = try container.decode(Int.self, forKey: .rollbackCount)
        baselines = try container.decode([String: CohortMetrics].self, forKey: .baselines)
        now = try container.decode(Duration.self, forKey: .now)
        measurementFailures = try container.decodeIfPresent(Int.self, forKey: .measurementFailures) ?? 0
    }
}

/// Where one service of a run stands.
public struct ServiceRun: Codable, Sendable {
    /// The service's stage.
    public enum Stage: Hashable, Sendable, Codable {
        /// Waiting for its phase or its dependencies.
        case pending
        /// Holding step `step` and judging it.
        case stepping(step: Int)
        /// Step `step` waits for a human approval before it starts.
        case awaitingApproval(step: Int)
        /// Step `step` waits for the promotion window to open.
        case awaitingWindow(step: Int)
        /// At 100 % with a clean final window.
        case complete
        /// Returning traffic to legacy.
        case rollingBack(RollbackMode)
        /// Back on legacy after a rollback.
        case rolledBack
        /// Stopped by a pause-action violation or a refused rollback; a human decides.
        case held(String)
    }

    /// The service's stage.
    public var stage: Stage = .pending
    /// Current rollout, percent.
    public var rollout: Double = 0
    /// The flag's kill switch.
    public var killSwitch = false
    /// Dual write is on.
    public var dualWrite = false
    /// When dual write is switched off (after the completion soak).
    public var dualWriteOffAt: Duration?
    /// Start of the current step's window.
    public var windowStart: Duration = .zero
    /// Times the current window was extended for lack of data.
    public var extensions = 0
    /// Metrics accumulated over the current window.
    public var window = ServiceMetrics(service: "", legacy: CohortMetrics(), candidate: CohortMetrics())
    /// The latest judgement of the current window.
    public var judgement: Judgement = .noSamplesYet
    /// Warnings already raised in this window (raised once each).
    public var warned: Set<String> = []
    /// State was backed up before the first change.
    public var backedUp = false
    /// The candidate took writes that legacy did not (no dual write): automatic rollbacks are refused.
    public var legacyStale = false
    /// Rollbacks of this service.
    public var rollbacks = 0
    /// The rollback in progress or last done, and when it started.
    public var rollbackID: String?
    public var rollbackStart: Duration = .zero
    /// Rollout when the rollback started (graceful rollbacks step down from it).
    public var rollbackFrom: Double = 0
    /// Samples seen while validating legacy after a rollback.
    public var validationSamples = 0
    /// Steps whose window passed.
    public var stepsPassed = 0
    /// When the service completed.
    public var completedAt: Duration?

    /// A service that has not started.
    public init() {}
}

/// What the controller concluded about a window so far.
public enum Judgement: Hashable, Sendable, Codable {
    /// Enough evidence that every check passes.
    case healthy(Explanation)
    /// Not enough evidence either way.
    case inconclusive(Explanation)
    /// A threshold is violated with evidence; `action` says what to do.
    case violated(ViolationAction, Explanation)

    /// The judgement of a window that has seen no sample.
    public static let noSamplesYet = Judgement.inconclusive("no samples yet")

    /// The judgement's explanation.
    public var explanation: Explanation {
        switch self {
        case .healthy(let explanation), .inconclusive(let explanation), .violated(_, let explanation): explanation
        }
    }

    /// The judgement's explanation in words.
    public var summary: String {
        explanation.text
    }

    /// Whether this is ``noSamplesYet``, told without putting a verdict into words: a judgement
    /// read from a verdict never is.
    public var isNoSamplesYet: Bool {
        explanation.verdict == nil && self == .noSamplesYet
    }
}
