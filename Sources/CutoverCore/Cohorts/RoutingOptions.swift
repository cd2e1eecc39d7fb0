/// The parts of a service flag the request path needs besides the cohort, as plain values.
public struct RoutingOptions: Hashable, Sendable {
    /// A failed candidate read is retried on legacy.
    public var fallbackToLegacy: Bool
    /// Writes fall back only on errors that declare nothing was written.
    public var transactionSafety: Bool
    /// Workflows stay on the cohort they started in.
    public var workflowContinuity: Bool
    /// The kill switch is on.
    public var killSwitch: Bool
    /// With the kill switch on, pinned workflows are released.
    public var unpinOnKill: Bool
    /// Writes go to both stores.
    public var dualWrite: Bool
    /// Which store serves reads of a dual-written service.
    public var readPreference: ReadPreference
    /// Share of legacy-cohort reads that are shadowed on the candidate.
    public var shadow: Rollout
    /// Share of dual-write reads checked for coherence.
    public var coherence: Rollout

    /// Options of a service without a flag: nothing on.
    public static let none = RoutingOptions(
        fallbackToLegacy: false, transactionSafety: false, workflowContinuity: false, killSwitch: false,
        unpinOnKill: false, dualWrite: false, readPreference: .legacy, shadow: .zero, coherence: .zero
    )

    /// Creates options from scratch.
    public init(
        fallbackToLegacy: Bool, transactionSafety: Bool, workflowContinuity: Bool, killSwitch: Bool,
        unpinOnKill: Bool, dualWrite: Bool, readPreference: ReadPreference, shadow: Rollout, coherence: Rollout
    ) {
        self.fallbackToLegacy = fallbackToLegacy
        self.transactionSafety = transactionSafety
        self.workflowContinuity = workflowContinuity
        self.killSwitch = killSwitch
        self.unpinOnKill = unpinOnKill
        self.dualWrite = dualWrite
        self.readPreference = readPreference
        self.shadow = shadow
        self.coherence = coherence
    }

    /// The options of `flag`.
    public init(_ flag: ServiceFlag) {
        self.init(
            fallbackToLegacy: flag.fallbackToLegacy, transactionSafety: flag.transactionSafety,
            workflowContinuity: flag.workflowContinuity, killSwitch: flag.killSwitch, unpinOnKill: flag.unpinOnKill,
            dualWrite: flag.dualWrite, readPreference: flag.readPreference,
            shadow: Rollout(percent: flag.shadowPercentage) ?? .zero,
            coherence: Rollout(percent: flag.coherencePercentage) ?? .zero
        )
    }
}
