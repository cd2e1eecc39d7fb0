/// A migration plan: services in phases, each with a risk tier, dependencies and options.
///
/// Plans are written in YAML (see `Examples/plans/cvplus-phase3.yaml`) and parsed with
/// ``PlanParser``, which reports every problem with its line and column.
public struct Plan: Hashable, Sendable {
    /// The plan's name.
    public var name: String
    /// Time zone of the promotion windows, e.g. `Europe/Berlin`.
    public var timeZone: String
    /// Phase 1 of a migration: what must hold before anything starts.
    public var preflight: Preflight
    /// Named risk tiers (LOW, MEDIUM, CRITICAL in the CVPlus plan).
    public var tiers: [RiskTier]
    /// The services being migrated.
    public var services: [PlanService]
    /// Phases, run in order.
    public var phases: [Phase]
    /// When traffic may increase; rollbacks happen any time.
    public var promotionWindows: [PromotionWindow]
    /// Where events are announced.
    public var notifications: [NotificationRoute]
    /// Where a served run's measurements come from; `nil` for the metrics app instances ship.
    public var metricsSource: MetricsSource?

    /// Creates a plan.
    public init(
        name: String, timeZone: String = "UTC", preflight: Preflight = Preflight(), tiers: [RiskTier],
        services: [PlanService], phases: [Phase], promotionWindows: [PromotionWindow] = [],
        notifications: [NotificationRoute] = [], metricsSource: MetricsSource? = nil
    ) {
        self.name = name
        self.timeZone = timeZone
        self.preflight = preflight
        self.tiers = tiers
        self.services = services
        self.phases = phases
        self.promotionWindows = promotionWindows
        self.notifications = notifications
        self.metricsSource = metricsSource
    }

    /// The tier named `name`.
    public func tier(named name: String) -> RiskTier? {
        tiers.first { $0.name == name }
    }

    /// The service named `name`.
    public func service(named name: String) -> PlanService? {
        services.first { $0.name == name }
    }
}

/// What preflight checks before a run starts.
public struct Preflight: Hashable, Sendable {
    /// How long the legacy baseline is captured.
    public var baselineWindow: Duration
    /// Longest acceptable time for a flag change to reach every connected instance.
    public var maximumPropagation: Duration
    /// What the plan calls this stage, e.g. "Phase 1: Infrastructure Validation (30 minutes)".
    public var description: String?

    /// Creates preflight settings (defaults: 30-minute baseline, 2-second propagation).
    public init(
        baselineWindow: Duration = .seconds(1800), maximumPropagation: Duration = .seconds(2), description: String? = nil
    ) {
        self.baselineWindow = baselineWindow
        self.maximumPropagation = maximumPropagation
        self.description = description
    }
}

/// One migrating service of a plan.
public struct PlanService: Hashable, Sendable {
    /// The service name, e.g. `cache-manager`.
    public var name: String
    /// Its flag key, e.g. `cache-package-enabled`.
    public var flag: String
    /// The name of its risk tier.
    public var tier: String
    /// Services that must be at least as far along (by name).
    public var dependsOn: [String]
    /// Rollout percentages, overriding the tier's when not `nil`.
    public var steps: [Double]?
    /// Threshold overrides for this service.
    public var thresholds: ThresholdOverrides
    /// Flag options (dual write, fallback, workflow continuity, …), as published to instances.
    public var options: ServiceOptions
    /// What the service is, in the plan's words.
    public var description: String?

    /// Creates a service of `tier` flagged by `flag`.
    public init(
        name: String, flag: String, tier: String, dependsOn: [String] = [], steps: [Double]? = nil,
        thresholds: ThresholdOverrides = ThresholdOverrides(), options: ServiceOptions = ServiceOptions(),
        description: String? = nil
    ) {
        self.description = description
        self.name = name
        self.flag = flag
        self.tier = tier
        self.dependsOn = dependsOn
        self.steps = steps
        self.thresholds = thresholds
        self.options = options
    }
}

/// The per-service options a plan sets on the service's flag, and how the controller treats them.
public struct ServiceOptions: Hashable, Sendable {
    /// Dual write is switched on before the first step (and off after `dualWriteSoak` at 100 %).
    public var dualWrite = false
    /// How long dual write stays on after the service completes.
    public var dualWriteSoak: Duration = .seconds(3600)
    /// Which store serves reads while dual writing.
    public var readPreference: ReadPreference = .legacy
    /// A failed candidate read retries on legacy.
    public var fallbackToLegacy = false
    /// State is backed up before changes and restored on rollback.
    public var statePreservation = false
    /// Every promotion needs a human approval.
    public var manualApprovalRequired = false
    /// Workflows stay on their starting cohort.
    public var workflowContinuity = false
    /// Immediate rollbacks release pinned workflows.
    public var unpinOnRollback = false
    /// Writes never retry on legacy after a possible commit.
    public var transactionSafety = false
    /// Share of legacy reads shadowed on the candidate, in percent.
    public var shadowPercentage: Double = 0
    /// Share of cache reads checked for coherence, in percent.
    public var coherencePercentage: Double = 0
    /// User segments the candidate is limited to (by name).
    public var userSegments: [String] = []

    /// Options with everything off.
    public init() {}
}

/// A phase: services migrated together, then a checkpoint.
public struct Phase: Hashable, Sendable {
    /// The phase's name, e.g. `week-2-low-risk`.
    public var name: String
    /// Its services, by name.
    public var services: [String]
    /// Name of the promotion window that applies, if any.
    public var promotionWindow: String?
    /// What must hold before the next phase starts.
    public var checkpoint: Checkpoint
    /// What the plan calls the phase, e.g. "Week 2: Low-Risk Migration".
    public var description: String?

    /// Creates a phase.
    public init(
        name: String, services: [String], promotionWindow: String? = nil, checkpoint: Checkpoint = Checkpoint(),
        description: String? = nil
    ) {
        self.name = name
        self.services = services
        self.promotionWindow = promotionWindow
        self.checkpoint = checkpoint
        self.description = description
    }
}

/// The end of a phase: every service complete and healthy over a soak, optionally approved.
public struct Checkpoint: Hashable, Sendable {
    /// How long every service must stay healthy at 100 %.
    public var soak: Duration
    /// Whether a human must approve the checkpoint.
    public var requiresApproval: Bool
    /// What is checked, in the plan's words, e.g. "Friday: Phase validation and checkpoint".
    public var description: String?

    /// Creates a checkpoint.
    public init(soak: Duration = .seconds(3600), requiresApproval: Bool = false, description: String? = nil) {
        self.soak = soak
        self.requiresApproval = requiresApproval
        self.description = description
    }
}
