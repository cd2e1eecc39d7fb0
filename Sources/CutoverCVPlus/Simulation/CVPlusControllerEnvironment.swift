import Cutover
import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// The controller's environment in a simulation: one in-process CVPlus instance, with its
/// state backups kept in the run's store so that a restarted run restores the first backup.
final class CVPlusControllerEnvironment: ControllerEnvironment {
    private let flags: FlagHolder
    private let backups: StateBackups

    init(app: CVPlusApp, flags: FlagHolder, store: any MigrationStore, runID: String) {
        self.flags = flags
        self.backups = StateBackups(custodian: app, store: store, runID: runID)
    }

    func publish(_ snapshot: FlagSnapshot) async throws {
        try flags.apply(snapshot)
    }

    func backupState(of service: String) async throws {
        try await backups.backupState(of: service)
    }

    func restoreState(of service: String) async throws {
        try await backups.restoreState(of: service)
    }

    /// Readiness probes, a round trip of every state backup, and the rollback path: a canary
    /// flag flipped on the instance and observed back.
    func preflightFailures() async -> [String] {
        var failures = await backups.preflightFailures()
        if flags.current.snapshot != nil {
            failures.append("flags were already published before the run; the rollback path cannot be tested from a clean state")
        }
        return failures
    }

    func announce(_ events: [StoredEvent]) async {}
}
