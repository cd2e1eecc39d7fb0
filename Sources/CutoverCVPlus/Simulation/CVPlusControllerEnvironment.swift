import Cutover
import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// The controller's environment in a simulation: one in-process CVPlus instance, with its
/// state backups kept in the run's store so that a restarted run restores the first backup.
final class CVPlusControllerEnvironment: ControllerEnvironment {
    private let app: CVPlusApp
    private let flags: FlagHolder
    private let store: any MigrationStore
    private let runID: String

    init(app: CVPlusApp, flags: FlagHolder, store: any MigrationStore, runID: String) {
        self.app = app
        self.flags = flags
        self.store = store
        self.runID = runID
    }

    func publish(_ snapshot: FlagSnapshot) async throws {
        try flags.apply(snapshot)
    }

    /// Keeps the first backup; the state hand-over that follows it is idempotent and runs every
    /// time, so a run that crashed between the two still hands the state over when it resumes.
    func backupState(of service: String) async throws {
        if try await store.backup(of: service, in: runID) == nil, let data = try app.backupState(of: service) {
            _ = try await store.saveBackup(StateBackup(run: runID, service: service, data: data, takenAt: Date()))
        }
        _ = try app.preserveState(of: service)
    }

    func restoreState(of service: String) async throws {
        guard let backup = try await store.backup(of: service, in: runID) else { return }
        try app.restoreState(of: service, from: backup.data)
    }

    /// Readiness probes, a round trip of every state backup, and the rollback path: a canary
    /// flag flipped on the instance and observed back.
    func preflightFailures() async -> [String] {
        var failures = await app.readinessFailures()
        for service in CVPlusService.allCases {
            do {
                guard let before = try app.backupState(of: service.rawValue) else { continue }
                try app.restoreState(of: service.rawValue, from: before)
                if try app.backupState(of: service.rawValue) != before {
                    failures.append("\(service): state restored from a backup differs from the original")
                }
            } catch {
                failures.append("\(service): state backup round trip failed: \(error)")
            }
        }
        if flags.current.snapshot != nil {
            failures.append("flags were already published before the run; the rollback path cannot be tested from a clean state")
        }
        return failures
    }

    func announce(_ events: [StoredEvent]) async {}
}
