import CutoverCore
import CutoverStore

/// What the controller acts on: the instances' flags, the services' state, and the checks of preflight.
public protocol ControllerEnvironment: Sendable {
    /// Publishes `snapshot` to every instance (idempotent: publishing a version twice changes nothing).
    func publish(_ snapshot: FlagSnapshot) async throws

    /// Backs up the stateful components of `service` (idempotent: keeps the first backup).
    func backupState(of service: String) async throws

    /// Restores the backup of `service`.
    func restoreState(of service: String) async throws

    /// Runs the preflight checks other than the baseline; returns one message per failure.
    func preflightFailures() async -> [String]

    /// Announces recorded events (notifications); never throws.
    func announce(_ events: [StoredEvent]) async
}
