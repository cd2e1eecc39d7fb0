import CutoverCore
import CutoverStore
import CutoverStorePostgres
import CutoverStoreSQLite
import Foundation

/// Commits transitions of a realistic size (the CVPlus plan's full controller state, three
/// events each) to each store for a few seconds and prints transitions and events per second.
///
///     swift run -c release StoreThroughput [POSTGRES_URL]
///
/// SQLite runs on a temporary file; PostgreSQL joins when a URL is given (or
/// CUTOVER_TEST_POSTGRES_URL is set).
@main
struct StoreThroughput {
    static func main() async throws {
        let seconds = 5.0
        let state = controllerState()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cutover-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteMigrationStore(path: directory.appendingPathComponent("bench.sqlite").path)
        print(try await measure("sqlite", sqlite, state: state, seconds: seconds))
        let url = CommandLine.arguments.dropFirst().first ?? ProcessInfo.processInfo.environment["CUTOVER_TEST_POSTGRES_URL"]
        if let url {
            let line = try await PostgresMigrationStore.withStore(url: url) {
                try await measure("postgres", $0, state: state, seconds: seconds)
            }
            print(line)
        }
    }

    static func measure(_ name: String, _ store: any MigrationStore, state: ControllerState, seconds: Double) async throws -> String {
        let run = RunRecord(id: "bench-\(UUID().uuidString.prefix(8))", planName: "bench", planSource: "", createdAt: Date())
        try await store.createRun(run)
        let clock = ContinuousClock()
        let start = clock.now
        var revision: UInt64 = 0
        var latencies: [Double] = []
        while clock.now - start < .seconds(seconds) {
            let began = clock.now
            let at = Duration.seconds(Int64(revision))
            let events = (0..<3).map { MigrationEvent(.warning, at: at, service: "cv-analyzer", detail: "benchmark event \($0)") }
            revision = try await store.commit(Transition(state: state, events: events), to: run.id, expectedRevision: revision).revision
            latencies.append((clock.now - began).seconds * 1000)
        }
        let elapsed = (clock.now - start).seconds
        latencies.sort()
        let encodingStart = clock.now
        let stateBytes = try StoreCoding.encode(state).count
        let encoding = (clock.now - encodingStart).seconds * 1000
        return String(
            format: "%@: %.0f transitions/s, %.0f events/s (3 per transition, %d-byte state, encoded in %.2f ms); commit p50 %.2f ms, p99 %.2f ms",
            name, Double(revision) / elapsed, Double(revision) * 3 / elapsed, stateBytes, encoding,
            latencies[latencies.count / 2], latencies[latencies.count * 99 / 100]
        )
    }

    /// A running state of seven services, each with a window of traffic in both cohorts and a baseline.
    static func controllerState() -> ControllerState {
        var state = ControllerState()
        state.stage = .running
        for (index, service) in ["cv-analyzer", "improvement-orchestrator", "cache-manager", "recommendation-generator",
                                 "circuit-breaker-core", "recommendation-orchestrator", "action-orchestrator"].enumerated() {
            var run = ServiceRun()
            run.stage = .stepping(step: 1)
            run.rollout = 25
            run.window.service = service
            var baseline = CohortMetrics()
            for call in 0..<2_000 {
                let nanoseconds = UInt64(500_000 + (call * 7_919 + index * 104_729) % 3_000_000)
                run.window.legacy.recordCall(nanoseconds: nanoseconds, failed: call % 97 == 0)
                run.window.candidate.recordCall(nanoseconds: nanoseconds + 100_000, failed: call % 89 == 0)
                baseline.recordCall(nanoseconds: nanoseconds, failed: call % 101 == 0)
            }
            run.judgement = .healthy("5 checks passed over 2000 candidate calls")
            state.services[service] = run
            state.baselines[service] = baseline
        }
        return state
    }
}
