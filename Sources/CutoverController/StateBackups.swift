import CutoverStore
import Foundation

/// State backups of a run kept in its store: the first backup of each service is kept, so a
/// restarted run restores the state from before its first change.
public struct StateBackups: Sendable {
    private let custodian: any ServiceStateCustodian
    private let store: any MigrationStore
    private let runID: String

    /// Backups of `custodian`'s services for run `runID` of `store`.
    public init(custodian: any ServiceStateCustodian, store: any MigrationStore, runID: String) {
        self.custodian = custodian
        self.store = store
        self.runID = runID
    }

    /// Keeps the first backup; the state hand-over that follows it is idempotent and runs every
    /// time, so a run that crashed between the two still hands the state over when it resumes.
    public func backupState(of service: String) async throws {
        if try await store.backup(of: service, in: runID) == nil, let data = try custodian.backupState(of: service) {
            _ = try await store.saveBackup(StateBackup(run: runID, service: service, data: data, takenAt: Date()))
        }
        try custodian.preserveState(of: service)
    }

    /// Restores the kept backup of `service`, if there is one.
    public func restoreState(of service: String) async throws {
        guard let backup = try await store.backup(of: service, in: runID) else { return }
        try custodian.restoreState(of: service, from: backup.data)
    }

    /// Readiness probes and a round trip of every service's state backup: it must restore,
    /// and where the state holds still, give back the same state.
    public func preflightFailures() async -> [String] {
        var failures = await custodian.readinessFailures()
        for service in custodian.services {
            do {
                guard let before = try custodian.backupState(of: service) else { continue }
                try custodian.restoreState(of: service, from: before)
                if custodian.isStillDuringPreflight, try custodian.backupState(of: service) != before {
                    failures.append("\(service): state restored from a backup differs from the original")
                }
            } catch {
                failures.append("\(service): state backup round trip failed: \(error)")
            }
        }
        return failures
    }
}
