import Cutover
import CutoverController
import CutoverCore
import Foundation

/// The controller's environment in a simulation: one in-process CVPlus instance.
final class CVPlusControllerEnvironment: ControllerEnvironment {
    private let app: CVPlusApp
    private let flags: FlagHolder
    private let backups = Locked<[String: Data]>([:])

    init(app: CVPlusApp, flags: FlagHolder) {
        self.app = app
        self.flags = flags
    }

    func publish(_ snapshot: FlagSnapshot) async throws {
        try flags.apply(snapshot)
    }

    func backupState(of service: String) async throws {
        guard backups.withLock({ $0[service] == nil }), let data = try app.backupState(of: service) else { return }
        backups.withLock { $0[service] = data }
        _ = try app.preserveState(of: service)
    }

    func restoreState(of service: String) async throws {
        guard let data = backups.withLock({ $0[service] }) else { return }
        try app.restoreState(of: service, from: data)
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
