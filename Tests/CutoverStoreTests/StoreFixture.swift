import CutoverCore
import CutoverStore
import CutoverStorePostgres
import CutoverStoreSQLite
import Foundation
import Testing

/// The stores the conformance suite runs against. PostgreSQL joins when
/// `CUTOVER_TEST_POSTGRES_URL` names a server (scripts/test starts a throwaway one).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    static var available: [StoreKind] {
        postgresURL == nil ? [.memory, .sqlite] : allCases
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CUTOVER_TEST_POSTGRES_URL"]
    }

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh store of this kind (a new file for SQLite; names made unique by
    /// each test for the shared PostgreSQL database).
    func withStore<T: Sendable>(_ body: @Sendable (any MigrationStore) async throws -> T) async throws -> T {
        switch self {
        case .memory:
            return try await body(InMemoryMigrationStore())
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            return try await body(try SQLiteMigrationStore(path: directory.path("cutover.sqlite")))
        case .postgres:
            guard let url = Self.postgresURL else { throw StoreError(.invalidConfiguration, "no PostgreSQL") }
            return try await PostgresMigrationStore.withStore(url: url) { try await body($0) }
        }
    }
}

/// A directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cutover-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A name no other test uses, for stores shared between tests.
func unique(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8))"
}

/// A run record with a unique id.
func newRun() -> RunRecord {
    RunRecord(id: unique("run"), planName: "plan", planSource: "name: plan\n", createdAt: Date(timeIntervalSince1970: 1_750_000_000))
}

/// A controller state at `now` with one service at `rollout`.
func state(at now: Duration, rollout: Double = 10) -> ControllerState {
    var state = ControllerState()
    state.stage = .running
    state.now = now
    var run = ServiceRun()
    run.stage = .stepping(step: 1)
    run.rollout = rollout
    run.window.service = "cv-analyzer"
    run.window.candidate.recordCall(nanoseconds: 2_000_000, failed: false)
    run.judgement = .healthy("5 checks passed")
    state.services["cv-analyzer"] = run
    state.baselines["cv-analyzer"] = CohortMetrics()
    return state
}

/// A flag snapshot of `version` with cv-analyzer at `rollout`.
func flags(version: UInt64, rollout: Double) -> FlagSnapshot {
    var flag = ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer")
    flag.rolloutPercentage = rollout
    return FlagSnapshot(version: version, flags: [flag])
}
