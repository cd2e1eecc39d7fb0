/// The routing flag of one migrating service.
///
/// Carries every field of the migration plan's `MigrationFeatureFlags` plus the kill switch,
/// the salt and the stickiness attribute. Missing fields decode to their defaults, so a flag
/// can be as short as `{"key": "cv-analyzer-package-enabled", "service": "cv-analyzer"}`.
public struct ServiceFlag: Hashable, Sendable {
    /// The flag key, e.g. `cv-analyzer-package-enabled`.
    public var key: String
    /// The service the flag routes, e.g. `cv-analyzer`.
    public var service: String
    /// Whether the flag is served at all; a disabled flag routes everyone to legacy.
    public var enabled: Bool
    /// The share of stickiness keys on the candidate, 0–100 with 0.001 precision.
    public var rolloutPercentage: Double
    /// The migration of this service is finished: everyone routes to the candidate.
    public var complete: Bool
    /// Emergency stop: everyone routes to legacy, even when complete. Set by immediate rollbacks.
    public var killSwitch: Bool
    /// The bucketing salt. When `nil` the service shares the salt of its first prerequisite
    /// (so dependent services have aligned cohorts), or else uses its own key.
    public var salt: String?
    /// The context attribute requests are bucketed by.
    public var stickinessAttribute: String
    /// Names of segments a context must be in (any of them) to reach the candidate; empty means everyone.
    public var userSegments: [String]
    /// Conditions the controller watches to roll this service back, as written in the plan.
    public var rollbackConditions: [String]
    /// Keys of flags that must route a context to their candidate before this one may.
    public var dependsOn: [String]
    /// Writes go to both the legacy and the candidate store.
    public var dualWrite: Bool
    /// Which store serves reads of a dual-written service.
    public var readPreference: ReadPreference
    /// A failed candidate read is retried on legacy, invisibly to the user.
    public var fallbackToLegacy: Bool
    /// Per-service overrides of the health thresholds, by metric name.
    public var performanceThresholds: [String: Double]
    /// Stateful components are backed up before changes and restored on rollback.
    public var statePreservation: Bool
    /// Every promotion of this service waits for a human approval.
    public var manualApprovalRequired: Bool
    /// Multi-step workflows stay on the cohort they started in.
    public var workflowContinuity: Bool
    /// Writes are never retried on legacy unless the candidate declares nothing was written.
    public var transactionSafety: Bool
    /// Share (0–100) of legacy-cohort reads that also run the candidate off the request path.
    public var shadowPercentage: Double
    /// Share (0–100) of dual-write cache reads that read both stores and compare them.
    public var coherencePercentage: Double
    /// When the kill switch is on, pinned workflows are released too instead of finishing on the candidate.
    public var unpinOnKill: Bool

    /// Creates a flag with defaults: enabled, 0 % rollout, bucketed by user id, no options.
    public init(key: String, service: String) {
        self.key = key
        self.service = service
        enabled = true
        rolloutPercentage = 0
        complete = false
        killSwitch = false
        salt = nil
        stickinessAttribute = EvaluationContext.userIDAttribute
        userSegments = []
        rollbackConditions = []
        dependsOn = []
        dualWrite = false
        readPreference = .legacy
        fallbackToLegacy = false
        performanceThresholds = [:]
        statePreservation = false
        manualApprovalRequired = false
        workflowContinuity = false
        transactionSafety = false
        shadowPercentage = 0
        coherencePercentage = 0
        unpinOnKill = false
    }
}

extension ServiceFlag: Codable {
    private enum CodingKeys: String, CodingKey {
        case key, service, enabled, rolloutPercentage, complete, killSwitch, salt, stickinessAttribute
        case userSegments, rollbackConditions, dependsOn, dualWrite, readPreference, fallbackToLegacy
        case performanceThresholds, statePreservation, manualApprovalRequired, workflowContinuity
        case transactionSafety, shadowPercentage, coherencePercentage, unpinOnKill
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(String.self, forKey: .key), service: try c.decode(String.self, forKey: .service))
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        rolloutPercentage = try c.decodeIfPresent(Double.self, forKey: .rolloutPercentage) ?? rolloutPercentage
        complete = try c.decodeIfPresent(Bool.self, forKey: .complete) ?? complete
        killSwitch = try c.decodeIfPresent(Bool.self, forKey: .killSwitch) ?? killSwitch
        salt = try c.decodeIfPresent(String.self, forKey: .salt)
        stickinessAttribute = try c.decodeIfPresent(String.self, forKey: .stickinessAttribute) ?? stickinessAttribute
        userSegments = try c.decodeIfPresent([String].self, forKey: .userSegments) ?? userSegments
        rollbackConditions = try c.decodeIfPresent([String].self, forKey: .rollbackConditions) ?? rollbackConditions
        dependsOn = try c.decodeIfPresent([String].self, forKey: .dependsOn) ?? dependsOn
        dualWrite = try c.decodeIfPresent(Bool.self, forKey: .dualWrite) ?? dualWrite
        readPreference = try c.decodeIfPresent(ReadPreference.self, forKey: .readPreference) ?? readPreference
        fallbackToLegacy = try c.decodeIfPresent(Bool.self, forKey: .fallbackToLegacy) ?? fallbackToLegacy
        performanceThresholds =
            try c.decodeIfPresent([String: Double].self, forKey: .performanceThresholds) ?? performanceThresholds
        statePreservation = try c.decodeIfPresent(Bool.self, forKey: .statePreservation) ?? statePreservation
        manualApprovalRequired =
            try c.decodeIfPresent(Bool.self, forKey: .manualApprovalRequired) ?? manualApprovalRequired
        workflowContinuity = try c.decodeIfPresent(Bool.self, forKey: .workflowContinuity) ?? workflowContinuity
        transactionSafety = try c.decodeIfPresent(Bool.self, forKey: .transactionSafety) ?? transactionSafety
        shadowPercentage = try c.decodeIfPresent(Double.self, forKey: .shadowPercentage) ?? shadowPercentage
        coherencePercentage = try c.decodeIfPresent(Double.self, forKey: .coherencePercentage) ?? coherencePercentage
        unpinOnKill = try c.decodeIfPresent(Bool.self, forKey: .unpinOnKill) ?? unpinOnKill
    }
}
