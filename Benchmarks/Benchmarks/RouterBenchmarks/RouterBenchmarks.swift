import Benchmark
import Cutover
import CutoverCore

/// A CV-analyzer-like implementation: a small synchronous computation.
struct Analyzer: Sendable {
    let weight: Int

    func score(_ text: String) -> Int {
        text.utf8.count &* weight
    }
}

/// 64 users, about half of them in each cohort at a 50 % rollout.
let users = (0..<64).map { EvaluationContext(userID: "user-\($0)") }

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    var flag = ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer")
    flag.rolloutPercentage = 50
    flag.fallbackToLegacy = true
    flag.shadowPercentage = 100
    let flags = FlagHolder()
    try! flags.apply(FlagSnapshot(version: 1, flags: [flag]))
    let router = try! MigrationRouter(flags: flags)
    let analyzer = router.service("cv-analyzer", legacy: Analyzer(weight: 1), candidate: Analyzer(weight: 2))
    let slot = flags.slots.slot(for: "cv-analyzer")
    let context = EvaluationContext(userID: "user-0012345")
    let compiled = flags.current
    let legacyUser = users.first { analyzer.cohort(for: $0) == .legacy }!
    let candidateUser = users.first { analyzer.cohort(for: $0) == .candidate }!

    Benchmark("Cohort decision (compiled flags)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(compiled.decide(slot: slot, context: context))
        }
    }

    Benchmark("Cohort decision (service, live flags)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(analyzer.cohort(for: context))
        }
    }

    Benchmark("Recording one call") { benchmark in
        for index in benchmark.scaledIterations {
            router.recorder.record(slot: slot, cohort: .candidate) {
                $0.recordCall(nanoseconds: UInt64(index & 1023) &* 1000, failed: false)
            }
        }
    }

    Benchmark("Direct call") { benchmark async in
        let implementation = analyzer.candidate
        for _ in benchmark.scaledIterations {
            blackHole(await direct(implementation))
        }
    }

    Benchmark("Router call, legacy cohort (decide + call + record)") { benchmark async throws in
        for _ in benchmark.scaledIterations {
            blackHole(try await analyzer.call(legacyUser) { $0.score("cv") })
        }
    }

    Benchmark("Router call, candidate cohort (decide + breaker + call + record)") { benchmark async throws in
        for _ in benchmark.scaledIterations {
            blackHole(try await analyzer.call(candidateUser) { $0.score("cv") })
        }
    }

    Benchmark("Shadowed call, request path (100 % sampled)") { benchmark async throws in
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await router.run() }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try await analyzer.call(legacyUser, shadowComparing: ==) { $0.score("cv") })
            }
            benchmark.stopMeasurement()
            group.cancelAll()
        }
    }
}

@inline(never)
func direct(_ implementation: Analyzer) async -> Int {
    implementation.score("cv")
}
