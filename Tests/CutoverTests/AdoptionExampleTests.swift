import CutoverCore
import Foundation
import Testing

@testable import Cutover

/// The README's adoption example, compiled and run.
@Suite("README adoption example")
struct AdoptionExampleTests {
    protocol CVAnalyzing: Sendable {
        func analyze(_ cv: String) async throws -> Analysis
    }

    struct Analysis: Equatable {
        var score: Int
        var isUsable: Bool { score > 0 }
    }

    struct LegacyCVAnalyzer: CVAnalyzing {
        func analyze(_ cv: String) async throws -> Analysis { Analysis(score: cv.count) }
    }

    struct PackageCVAnalyzer: CVAnalyzing {
        func analyze(_ cv: String) async throws -> Analysis { Analysis(score: cv.split(separator: " ").count) }
    }

    struct User {
        var id: String
        var appVersion: String
    }

    @Test("the README example routes by the persisted flags and records outcomes per cohort")
    func readmeExample() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("flags.json").path
        var flag = ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer")
        flag.rolloutPercentage = 100
        try FlagHolder(file: FlagSnapshotFile(path: path)).apply(FlagSnapshot(version: 1, flags: [flag]))

        // From here on, the README's code.
        let flags = FlagHolder(file: FlagSnapshotFile(path: path))
        let router = try MigrationRouter(flags: flags)
        let analyzer: MigratedService<any CVAnalyzing> =
            router.service("cv-analyzer", legacy: LegacyCVAnalyzer(), candidate: PackageCVAnalyzer())

        func analyze(_ cv: String, for user: User) async throws -> Analysis {
            let context = EvaluationContext(userID: user.id, attributes: ["appVersion": .string(user.appVersion)])
            let analysis = try await analyzer.call(context) { try await $0.analyze(cv) }
            analyzer.reportOutcome(context, succeeded: analysis.isUsable)
            return analysis
        }

        let analysis = try await analyze("five words of plain text", for: User(id: "user-42", appVersion: "2.4.1"))
        #expect(analysis == Analysis(score: 5))
        let candidate = try #require(router.recorder.collect()["cv-analyzer"]).candidate
        #expect(candidate.calls == 1)
        #expect(candidate.outcomeSuccesses == 1)
    }
}
