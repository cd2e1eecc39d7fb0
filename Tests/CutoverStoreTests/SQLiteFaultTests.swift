import CutoverCore
import CutoverStore
import CutoverStoreSQLite
import Foundation
import Testing

/// What the SQLite store does when its file or disk fails: a clear error, nothing half-written.
@Suite("SQLite faults")
struct SQLiteFaultTests {
    @Test("a file that is not a database is reported as corrupt")
    func corruptFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("cutover.sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteMigrationStore(path: path) }
        #expect(error?.code == .corrupt)
        #expect(error?.description.contains("damaged or is not a Cutover database") == true)
    }

    @Test("a database in a directory that cannot be written is reported, not crashed on")
    func unwritableLocation() throws {
        let directory = try TemporaryDirectory()
        defer {
            _ = Self.setImmutable(directory.url.path, false)
            directory.remove()
        }
        try #require(Self.setImmutable(directory.url.path, true), "cannot make the directory read-only here")
        let error = #expect(throws: StoreError.self) { try SQLiteMigrationStore(path: directory.path("cutover.sqlite")) }
        #expect(error?.code == .readOnly)
    }

    @Test("a full database fails the commit whole; after space is freed the same transition commits once")
    func fullDisk() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("cutover.sqlite")
        var capped = SQLiteMigrationStore.Configuration()
        capped.maximumPageCount = 40
        let store = try SQLiteMigrationStore(path: path, configuration: capped)
        let run = newRun()
        try await store.createRun(run)
        var revision: UInt64 = 0
        var failed: Transition?
        for second in 1...200 where failed == nil {
            let transition = Transition(
                state: state(at: .seconds(Int64(second))),
                events: [MigrationEvent(.warning, at: .seconds(Int64(second)), detail: String(repeating: "x", count: 2000))]
            )
            do {
                revision = try await store.commit(transition, to: run.id, expectedRevision: revision).revision
            } catch let error as StoreError {
                #expect(error.code == .full)
                #expect(error.code.isTransient)
                failed = transition
            }
        }
        let transition = try #require(failed, "the capped database never filled up")
        #expect(try await store.loadState(of: run.id)?.revision == revision)
        #expect(try await store.events(of: run.id, after: 0, limit: 1000).count == Int(revision))

        let freed = try SQLiteMigrationStore(path: path)
        let receipt = try await freed.commit(transition, to: run.id, expectedRevision: revision)
        #expect(receipt.events.map(\.sequence) == [revision + 1])
        let sequences = try await freed.events(of: run.id, after: 0, limit: 1000).map(\.sequence)
        #expect(sequences == Array(1...(revision + 1)))
    }

    @Test("a retrying store rides out transient failures and gives up with the error after its attempts")
    func retryingGivesUp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var capped = SQLiteMigrationStore.Configuration()
        capped.maximumPageCount = 30
        var policy = RetryPolicy()
        policy.attempts = 3
        policy.initialDelay = .milliseconds(10)
        let store = RetryingMigrationStore(try SQLiteMigrationStore(path: directory.path("cutover.sqlite"), configuration: capped), policy: policy)
        let run = newRun()
        try await store.createRun(run)
        var revision: UInt64 = 0
        let started = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            for second in 1...500 {
                let transition = Transition(
                    state: state(at: .seconds(Int64(second))),
                    events: [MigrationEvent(.warning, at: .seconds(Int64(second)), detail: String(repeating: "y", count: 2000))]
                )
                revision = try await store.commit(transition, to: run.id, expectedRevision: revision).revision
            }
        }
        #expect(error?.code == .full)
        #expect(ContinuousClock.now - started >= .milliseconds(10))
    }

    /// Makes `path` immutable (even to root, with chattr) or read-only (chmod) when not root.
    static func setImmutable(_ path: String, _ on: Bool) -> Bool {
        if getuid() != 0 {
            return chmod(path, on ? 0o555 : 0o755) == 0
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [on ? "+i" : "-i", path]
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}
