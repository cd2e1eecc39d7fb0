/// One append-only audit record: who or what did what, when, with the evidence.
public struct MigrationEvent: Hashable, Sendable, Codable {
    /// What happened.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let runStarted = Kind(rawValue: "RUN_STARTED")
        public static let preflightPassed = Kind(rawValue: "PREFLIGHT_PASSED")
        public static let preflightFailed = Kind(rawValue: "PREFLIGHT_FAILED")
        public static let phaseStarted = Kind(rawValue: "PHASE_STARTED")
        public static let stateBackedUp = Kind(rawValue: "STATE_BACKED_UP")
        public static let dualWriteEnabled = Kind(rawValue: "DUAL_WRITE_ENABLED")
        public static let dualWriteDisabled = Kind(rawValue: "DUAL_WRITE_DISABLED")
        public static let stepStarted = Kind(rawValue: "STEP_STARTED")
        public static let windowExtended = Kind(rawValue: "WINDOW_EXTENDED")
        public static let promoted = Kind(rawValue: "PROMOTED")
        public static let waitingForWindow = Kind(rawValue: "WAITING_FOR_PROMOTION_WINDOW")
        public static let approvalRequested = Kind(rawValue: "APPROVAL_REQUESTED")
        public static let approved = Kind(rawValue: "APPROVED")
        public static let rejected = Kind(rawValue: "REJECTED")
        public static let warning = Kind(rawValue: "WARNING")
        public static let paused = Kind(rawValue: "PAUSED")
        /// A sample could not be measured; the detail has the reason and the failures in a row.
        public static let measurementFailed = Kind(rawValue: "MEASUREMENT_FAILED")
        public static let resumed = Kind(rawValue: "RESUMED")
        public static let stepSkipped = Kind(rawValue: "STEP_SKIPPED")
        public static let promotedFully = Kind(rawValue: "PROMOTED_FULLY")
        public static let serviceCompleted = Kind(rawValue: "SERVICE_COMPLETED")
        public static let checkpointPassed = Kind(rawValue: "CHECKPOINT_PASSED")
        public static let phaseCompleted = Kind(rawValue: "PHASE_COMPLETED")
        public static let rollbackInitiated = Kind(rawValue: "ROLLBACK_INITIATED")
        public static let rollbackStep = Kind(rawValue: "ROLLBACK_STEP")
        public static let stateRestored = Kind(rawValue: "STATE_RESTORED")
        public static let rollbackCompleted = Kind(rawValue: "ROLLBACK_COMPLETED")
        public static let rollbackFailed = Kind(rawValue: "ROLLBACK_FAILED")
        public static let rollbackRefused = Kind(rawValue: "ROLLBACK_REFUSED")
        public static let runCompleted = Kind(rawValue: "RUN_COMPLETED")

        /// Every kind the controller records, for plans that name kinds (notification routes).
        public static let known: [Kind] = [
            .runStarted, .preflightPassed, .preflightFailed, .phaseStarted, .stateBackedUp, .dualWriteEnabled,
            .dualWriteDisabled, .stepStarted, .windowExtended, .promoted, .waitingForWindow, .approvalRequested,
            .approved, .rejected, .warning, .paused, .measurementFailed, .resumed, .stepSkipped, .promotedFully,
            .serviceCompleted, .checkpointPassed, .phaseCompleted, .rollbackInitiated, .rollbackStep, .stateRestored,
            .rollbackCompleted, .rollbackFailed, .rollbackRefused, .runCompleted,
        ]
    }

    /// What happened.
    public var kind: Kind
    /// When, as time since the run's clock origin.
    public var at: Duration
    /// The service concerned, if any.
    public var service: String?
    /// Who or what caused it: `controller` or an operator's identity.
    public var actor: String
    /// A human-readable account with the numbers that justified it.
    public var detail: String
    /// The rollback this event belongs to, if any.
    public var rollbackID: String?

    /// Creates an event.
    public init(
        _ kind: Kind, at: Duration, service: String? = nil, actor: String = "controller", detail: String = "",
        rollbackID: String? = nil
    ) {
        self.kind = kind
        self.at = at
        self.service = service
        self.actor = actor
        self.detail = detail
        self.rollbackID = rollbackID
    }
}
