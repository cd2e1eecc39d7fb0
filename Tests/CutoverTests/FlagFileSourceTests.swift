import CutoverCore
import Foundation
import Testing

@testable import Cutover

@Suite("Flag file source")
struct FlagFileSourceTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)

    func write(_ text: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("flags.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func flags(version: Int, rollout: Double) -> String {
        """
        {"version": \(version), "flags": [{"key": "svc-enabled", "service": "svc", "rolloutPercentage": \(rollout)}]}
        """
    }

    @Test("a changed file is applied, an unchanged one is not read twice")
    func appliesChanges() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let holder = FlagHolder()
        let path = try write(flags(version: 1, rollout: 10))
        let source = FlagFileSource(path: path, holder: holder, clock: VirtualClock())
        #expect(source.poll() == .delivered(.applied(version: 1)))
        #expect(source.poll() == .unchanged)
        _ = try write(flags(version: 2, rollout: 20))
        #expect(source.poll() == .delivered(.applied(version: 2)))
        #expect(holder.current.flag(slot: holder.slots.slot(for: "svc"))?.rolloutPercentage == 20)
    }

    @Test("an invalid, unreadable or stale file leaves the flags as they were",
          arguments: ["{not json", #"{"version": 9, "flags": [{"key": "k", "service": "svc", "rolloutPercentage": 150}]}"#])
    func rejectsBadFiles(content: String) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let holder = FlagHolder()
        let path = try write(flags(version: 5, rollout: 30))
        let source = FlagFileSource(path: path, holder: holder, clock: VirtualClock())
        source.poll()
        _ = try write(content)
        guard case .rejected(let reason) = source.poll() else {
            Issue.record("expected the file to be rejected")
            return
        }
        #expect(reason.contains("flags.json"))
        #expect(holder.current.version == 5)
        _ = try write(flags(version: 4, rollout: 90))
        #expect(source.poll() == .delivered(.stale(current: 5)))
        try FileManager.default.removeItem(atPath: path)
        if case .rejected = source.poll() {} else { Issue.record("a missing file must be rejected") }
        #expect(holder.current.version == 5)
    }

    @Test("running the source polls on its clock")
    func runPolls() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = VirtualClock()
        let holder = FlagHolder()
        let path = try write(flags(version: 1, rollout: 10))
        let source = FlagFileSource(path: path, holder: holder, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await source.run() }
            #expect(await eventually { holder.current.version == 1 && clock.sleeperCount == 1 })
            _ = try write(flags(version: 2, rollout: 10))
            clock.advance(by: .seconds(1))
            #expect(await eventually { holder.current.version == 2 })
            group.cancelAll()
        }
    }
}
