/// What the shell must do after a transition. Every action is idempotent, so a shell that
/// crashed after persisting the transition can perform its actions again.
public enum ControllerAction: Hashable, Sendable, Codable {
    /// Run the preflight checks and answer with ``ControllerInput/preflightCompleted(failures:)``.
    case runPreflight
    /// Publish this flag snapshot to every instance.
    case publishFlags(FlagSnapshot)
    /// Snapshot the stateful components of `service` (before its first change).
    case backupState(service: String)
    /// Restore the snapshot taken by ``backupState(service:)``.
    case restoreState(service: String)
    /// Append these events to the audit log and route them to notifications.
    case record([MigrationEvent])
}
