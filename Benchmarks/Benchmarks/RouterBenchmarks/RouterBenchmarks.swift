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

let calls = 100_000

/// Runs `calls` router calls in each of `tasks` concurrent tasks.
func callConcurrently(_ service: MigratedService<Analyzer>, tasks: Int) async throws {
    try await withThrowingTaskGroup(of: Int.self) { group in
        for task in 0..<tasks {
            group.addTask {
                let context = EvaluationContext(userID: "user-\(task)")
                var total = 0
                for _ in 0..<calls {
                    total &+= try await service.call(context) { $0.score("cv") }
                }
                return total
            }
        }
        for try await total in group {
            blackHole(total)
        }
    }
}

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

    Benchmark("Router call (decide + call + record)") { benchmark async throws in
        for _ in benchmark.scaledIterations {
            blackHole(try await analyzer.call(context) { $0.score("cv") })
        }
    }

    Benchmark("Shadowed call, request path (100 % sampled)") { benchmark async throws in
        let legacyUser = (0..<1000).lazy.map { EvaluationContext(userID: "user-\($0)") }
            .first { analyzer.cohort(for: $0) == .legacy }!
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

    let throughput = Benchmark.Configuration(
        metrics: [.wallClock], scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 30
    )

    Benchmark("Router calls, 1 task × 100k", configuration: throughput) { _ async throws in
        try await callConcurrently(analyzer, tasks: 1)
    }

    Benchmark("Router calls, 2 tasks × 100k", configuration: throughput) { _ async throws in
        try await callConcurrently(analyzer, tasks: 2)
    }
}

@inline(never)
func direct(_ implementation: Analyzer) async -> Int {
    implementation.score("cv")
}
