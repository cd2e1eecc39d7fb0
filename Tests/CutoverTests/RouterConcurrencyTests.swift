import CutoverCore
import Testing

@testable import Cutover

@Suite("One router under concurrent load")
struct RouterConcurrencyTests {
    @Test("many tasks calling one router while its flags change lose no count and keep cohorts sticky")
    func concurrentCallsWhileFlagsChange() async throws {
        let router = try makeRouter(rollout: 0) { $0.fallbackToLegacy = true }
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        let tasks = 16
        let callsPerTask = 2_000
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for version in 2...101 {
                    try router.flags.apply(snapshot(rollout: Double(version - 1), version: UInt64(version)) {
                        $0.fallbackToLegacy = true
                    })
                    await Task.yield()
                }
                return 0
            }
            for task in 0..<tasks {
                group.addTask {
                    var candidateAnswers = 0
                    for call in 0..<callsPerTask {
                        let context = EvaluationContext(userID: "user-\(task)-\(call % 50)")
                        let answer = try await service.call(context) { try $0.answer() }
                        if answer == "candidate" {
                            candidateAnswers += 1
                        }
                    }
                    return candidateAnswers
                }
            }
            var candidateAnswers = 0
            for try await count in group {
                candidateAnswers += count
            }
            let window = router.recorder.collect()
            let metrics = try #require(window["svc"])
            #expect(metrics.legacy.calls + metrics.candidate.calls == UInt64(tasks * callsPerTask))
            #expect(metrics.candidate.calls == UInt64(candidateAnswers))
            #expect(metrics.legacy.latency.totalCount == metrics.legacy.calls)
            #expect(metrics.candidate.latency.totalCount == metrics.candidate.calls)
        }
        // At 100 % every user is on the candidate; raising the rollout never moved anyone back.
        #expect(router.flags.current.version == 101)
        #expect(service.cohort(for: EvaluationContext(userID: "user-0-0")) == .candidate)
    }

    @Test("a user's cohort only changes when the rollout crosses the user's bucket")
    func cohortsAreStickyAcrossVersions() throws {
        let router = try makeRouter(rollout: 30)
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        let users = (0..<5_000).map { EvaluationContext(userID: "user-\($0)") }
        let before = users.map { service.cohort(for: $0) }
        try router.flags.apply(snapshot(rollout: 30, version: 2) { $0.shadowPercentage = 10 })
        #expect(users.map { service.cohort(for: $0) } == before)
        try router.flags.apply(snapshot(rollout: 60, version: 3))
        let after = users.map { service.cohort(for: $0) }
        for (old, new) in zip(before, after) where old == .candidate {
            #expect(new == .candidate)
        }
        let candidatesAfter = after.count { $0 == Cohort.candidate }
        let candidatesBefore = before.count { $0 == Cohort.candidate }
        #expect(candidatesAfter > candidatesBefore)
    }
}
