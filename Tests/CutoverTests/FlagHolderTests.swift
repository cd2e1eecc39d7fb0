import CutoverCore
import Foundation
import Synchronization
import Testing

@testable import Cutover

@Suite("Flag holder")
struct FlagHolderTests {
    static let serviceName = "cv-analyzer"

    static func snapshot(version: UInt64, rollout: Double = 100) -> FlagSnapshot {
        .routing(serviceName, rollout: rollout, version: version)
    }

    /// The cohort `flags` choose for `userID` on the test service.
    static func cohort(_ flags: CompiledFlags, _ userID: String = "user-1") -> Cohort {
        flags.decide(service: serviceName, context: EvaluationContext(userID: userID)).cohort
    }

    // MARK: - Unsynced

    @Test("an instance that never synced routes everything to legacy", arguments: [nil, "user-1", "user-2", ""])
    func unsyncedRoutesToLegacy(userID: String?) async throws {
        let holder = FlagHolder()
        let context = EvaluationContext(userID: userID)
        #expect(holder.current.version == nil)
        #expect(holder.current.decide(service: Self.serviceName, context: context) == .notSynced)
        let router = try MigrationRouter(flags: holder, clock: VirtualClock())
        let service = router.service(Self.serviceName, legacy: "legacy", candidate: "candidate")
        #expect(service.cohort(for: context) == .legacy)
        #expect(try await service.call(context) { $0 } == "legacy")
    }

    // MARK: - Versions

    @Test("a newer snapshot applies")
    func newerApplies() throws {
        let holder = FlagHolder()
        #expect(try holder.apply(Self.snapshot(version: 1, rollout: 0)) == .applied(version: 1))
        #expect(Self.cohort(holder.current) == .legacy)
        #expect(try holder.apply(Self.snapshot(version: 2, rollout: 100)) == .applied(version: 2))
        #expect(holder.current.version == 2)
        #expect(Self.cohort(holder.current) == .candidate)
    }

    @Test("an older or equal version is stale and changes nothing", arguments: [1, 4, 5] as [UInt64])
    func staleIgnored(version: UInt64) throws {
        let holder = FlagHolder()
        try holder.apply(Self.snapshot(version: 5, rollout: 100))
        let before = holder.current
        #expect(try holder.apply(Self.snapshot(version: version, rollout: 0)) == .stale(current: 5))
        #expect(holder.current === before)
        #expect(Self.cohort(holder.current) == .candidate)
    }

    /// A snapshot with one problem, and the field the validation error names.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var field: String
        var flag: ServiceFlag

        var testDescription: String { field }

        static let all: [InvalidCase] = {
            func make(_ field: String, _ change: (inout ServiceFlag) -> Void) -> InvalidCase {
                var flag = ServiceFlag(key: "\(FlagHolderTests.serviceName)-package-enabled", service: FlagHolderTests.serviceName)
                change(&flag)
                return InvalidCase(field: field, flag: flag)
            }
            return [
                make("rolloutPercentage") { $0.rolloutPercentage = 150 },
                make("coherencePercentage") { $0.coherencePercentage = -1 },
                make("service") { $0.service = "" },
                make("dependsOn[0]") { $0.dependsOn = ["no-such-flag"] },
                make("userSegments[0]") { $0.userSegments = ["no-such-segment"] },
            ]
        }()
    }

    @Test("an invalid snapshot throws and keeps the old flags", arguments: InvalidCase.all)
    func invalidKeepsOldFlags(invalid: InvalidCase) throws {
        let holder = FlagHolder()
        try holder.apply(Self.snapshot(version: 1, rollout: 0))
        let before = holder.current

        let error = #expect(throws: FlagValidationError.self) {
            try holder.apply(FlagSnapshot(version: 2, flags: [invalid.flag]))
        }

        #expect(error?.problems.map(\.field) == [invalid.field])
        #expect(holder.current === before)
        #expect(holder.current.version == 1)
        // The rejected version does not block a valid snapshot with the same version.
        #expect(try holder.apply(Self.snapshot(version: 2, rollout: 100)) == .applied(version: 2))
    }

    // MARK: - Persistence

    @Test("a new holder on the same file restores the last applied snapshot")
    func restoresAcrossRestart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = FlagSnapshotFile(path: directory.path("flags/snapshot.json"))

        let first = FlagHolder(file: file)
        try first.apply(Self.snapshot(version: 3, rollout: 0))
        try first.apply(Self.snapshot(version: 7, rollout: 100))
        #expect(throws: FlagValidationError.self) {
            try first.apply(FlagSnapshot(version: 8, flags: [InvalidCase.all[0].flag]))
        }
        #expect(try first.apply(Self.snapshot(version: 6, rollout: 0)) == .stale(current: 7))

        let restarted = FlagHolder(file: file)
        #expect(restarted.current.version == 7)
        #expect(restarted.current.snapshot == Self.snapshot(version: 7, rollout: 100))
        #expect(Self.cohort(restarted.current) == .candidate)
        #expect(try restarted.apply(Self.snapshot(version: 7, rollout: 0)) == .stale(current: 7))
    }

    @Test("a holder whose file does not exist yet starts unsynced")
    func missingFileStartsUnsynced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let holder = FlagHolder(file: FlagSnapshotFile(path: directory.path("absent.json")))
        #expect(holder.current.version == nil)
    }

    @Test(
        "a corrupt or invalid persisted file starts unsynced without crashing",
        arguments: [
            "",
            "not json at all",
            #"{"version": 4, "flags": [{"key": "k", "serv"#,
            #"{"flags": []}"#,
            #"{"version": 4, "flags": [{"key": "k", "service": "cv-analyzer", "rolloutPercentage": 500}]}"#,
        ]
    )
    func corruptFileStartsUnsynced(contents: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("snapshot.json")
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))

        let holder = FlagHolder(file: FlagSnapshotFile(path: path))

        #expect(holder.current.version == nil)
        #expect(holder.current.decide(service: Self.serviceName, context: EvaluationContext(userID: "u")) == .notSynced)
        // The holder still works and replaces the corrupt file with a good one.
        #expect(try holder.apply(Self.snapshot(version: 1)) == .applied(version: 1))
        #expect(FlagHolder(file: FlagSnapshotFile(path: path)).current.version == 1)
    }

    @Test("a snapshot that cannot be persisted still applies in memory")
    func persistFailureStillApplies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = directory.path("not-a-directory")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let holder = FlagHolder(file: FlagSnapshotFile(path: blocker + "/snapshot.json"))

        #expect(try holder.apply(Self.snapshot(version: 2)) == .applied(version: 2))
        #expect(holder.current.version == 2)
    }

    // MARK: - Concurrency

    @Test("readers on many tasks never see the version go backwards while a writer applies newer ones")
    func versionsNeverGoBackwards() async throws {
        let holder = FlagHolder()
        let finalVersion: UInt64 = 1_000
        let writerDone = DoneSignal()

        let outcomes = await withTaskGroup(of: ReaderOutcome.self) { group in
            for reader in 0..<8 {
                group.addTask {
                    var outcome = ReaderOutcome()
                    var repeatAfterDone = true
                    while repeatAfterDone {
                        repeatAfterDone = !writerDone.isDone
                        // Alternate the locked read and the thread-cached read the request path uses.
                        let version = reader.isMultiple(of: 2)
                            ? holder.current.version ?? 0
                            : holder.withCurrent { $0.version ?? 0 }
                        outcome.observe(version)
                        await Task.yield()
                    }
                    return outcome
                }
            }
            group.addTask {
                for version in 1...finalVersion {
                    _ = try? holder.apply(Self.snapshot(version: version, rollout: Double(version % 101)))
                    if version.isMultiple(of: 10) { await Task.yield() }
                }
                writerDone.finish()
                return ReaderOutcome()
            }
            var outcomes: [ReaderOutcome] = []
            for await outcome in group {
                outcomes.append(outcome)
            }
            return outcomes
        }

        #expect(holder.current.version == finalVersion)
        #expect(outcomes.allSatisfy { $0.backwardSteps == 0 }, "\(outcomes.map(\.backwardSteps))")
        #expect(outcomes.filter { $0.reads > 0 }.allSatisfy { $0.last == finalVersion })
    }
}

/// What one reader saw of the held version.
private struct ReaderOutcome: Sendable {
    var reads = 0
    var last: UInt64 = 0
    var backwardSteps = 0

    mutating func observe(_ version: UInt64) {
        if version < last { backwardSteps += 1 }
        last = version
        reads += 1
    }
}

/// Tells readers that the writer has finished.
private final class DoneSignal: Sendable {
    private let done = Atomic<Bool>(false)

    var isDone: Bool { done.load(ordering: .acquiring) }

    func finish() {
        done.store(true, ordering: .releasing)
    }
}

/// A fresh directory under the system's temporary directory.
private struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cutover-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String {
        url.appendingPathComponent(relative).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
