import Foundation

/// The app side of state preservation: what holds each service's stateful components (circuit
/// breakers, workflows, cached data) and can back them up, hand them over and restore them.
public protocol ServiceStateCustodian: Sendable {
    /// A backup of the stateful components of `service`, or `nil` when it has none.
    func backupState(of service: String) throws -> Data?

    /// Hands the state of `service` over from legacy to the candidate (idempotent); returns
    /// whether the service has state to hand over.
    @discardableResult
    func preserveState(of service: String) throws -> Bool

    /// Restores the components of `service` from `backup`.
    func restoreState(of service: String, from backup: Data) throws

    /// Readiness probes; one message per failure.
    func readinessFailures() async -> [String]

    /// The services whose state this custodian holds.
    var services: [String] { get }

    /// Whether the state holds still while preflight checks it, so that a backup restored and
    /// backed up again must equal the original; not so while live traffic changes it.
    var isStillDuringPreflight: Bool { get }
}

extension ServiceStateCustodian {
    /// State holds still by default.
    public var isStillDuringPreflight: Bool { true }
}
