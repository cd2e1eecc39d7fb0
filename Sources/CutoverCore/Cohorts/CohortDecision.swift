/// The cohort of one request for one service, with the reason it was chosen.
public enum CohortDecision: Hashable, Sendable {
    /// The instance has never received flags: everything runs on legacy (fail-static).
    case notSynced
    /// No flag routes this service.
    case unknownService
    /// The flag is disabled.
    case disabled
    /// The kill switch is on.
    case killSwitch
    /// The service's migration is complete: everyone is on the candidate.
    case complete
    /// The context has no value for the stickiness attribute, so it cannot be bucketed.
    case noStickinessKey
    /// The context is in none of the flag's segments.
    case outsideSegments
    /// A prerequisite (its index in the compiled flags) routes this context to legacy.
    case prerequisiteOnLegacy(Int)
    /// The key's bucket is inside the rollout.
    case insideRollout(bucket: Int)
    /// The key's bucket is outside the rollout.
    case outsideRollout(bucket: Int)

    /// The cohort this decision puts the request in.
    @inlinable
    public var cohort: Cohort {
        switch self {
        case .complete, .insideRollout: .candidate
        default: .legacy
        }
    }
}
