import CutoverCore
import Synchronization
import Testing

@testable import Cutover

/// A candidate whose answer waits until the test releases it.
final class Gate: Sendable {
    private let waiters = Locked<[CheckedContinuation<Void, Never>]>([])
    private let opened = Atomic<Bool>(false)
    let started = Counter()

    func pass() async {
        started.increment()
        await withCheckedContinuation { continuation in
            let resumeNow = waiters.withLock { waiters -> Bool in
                if opened.load(ordering: .acquiring) { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let pending = waiters.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            opened.store(true, ordering: .releasing)
            defer { waiters.removeAll() }
            return waiters
        }
        pending.forEach { $0.resume() }
    }
}

struct Answering: Sendable {
    let answer: String
    let gate: Gate?
    let failing: Bool

    init(_ answer: String, gate: Gate? = nil, failing: Bool = false) {
        self.answer = answer
        self.gate = gate
        self.failing = failing
    }

    func respond() async throws -> String {
        await gate?.pass()
        if failing { throw Echo.Failure() }
        return answer
    }
}

/// Collects the router's current window and returns everything recorded so far.
func totals(_ router: MigrationRouter) -> MetricsWindow {
    _ = router.recorder.collect()
    return router.recorder.collectedTotals()
}

@Suite("Shadow calls")
struct ShadowCallTests {
    let user = EvaluationContext(userID: "user-7")

    func shadowRouter(
        percent: Double = 100, configure: (inout MigrationRouter.Configuration) -> Void = { _ in }
    ) throws -> MigrationRouter {
        var configuration = MigrationRouter.Configuration()
        configure(&configuration)
        return try makeRouter(rollout: 0, configure: { $0.shadowPercentage = percent }, configuration: configuration)
    }

    @Test("the user gets legacy's answer before the shadow candidate finishes; a mismatch is an integrity failure")
    func shadowIsOffTheRequestPath() async throws {
        let router = try shadowRouter()
        let gate = Gate()
        let service = router.service("svc", legacy: Answering("legacy"), candidate: Answering("different", gate: gate))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await router.run() }
            let answer = try await service.call(user, shadowComparing: ==) { try await $0.respond() }
            #expect(answer == "legacy")
            #expect(await eventually { gate.started.count == 1 })
            #expect(router.integrityLog.records.isEmpty)
            gate.open()
            #expect(await eventually { !router.integrityLog.records.isEmpty })
            group.cancelAll()
        }
        let record = try #require(router.integrityLog.records.first)
        #expect(record.kind == .shadowMismatch)
        #expect(record.key == "user-7")
        let candidate = try #require(totals(router)["svc"]).candidate
        #expect(candidate.shadowCalls == 1)
        #expect(candidate.shadowMismatches == 1)
        #expect(candidate.integrityFailures == 1)
    }

    @Test("matching shadow results record no integrity failure")
    func matchingShadow() async throws {
        let router = try shadowRouter()
        let service = router.service("svc", legacy: Answering("same"), candidate: Answering("same"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await router.run() }
            _ = try await service.call(user, shadowComparing: ==) { try await $0.respond() }
            #expect(await eventually { totals(router)["svc"]?.candidate.shadowCalls == 1 })
            group.cancelAll()
        }
        #expect(totals(router)["svc"]?.candidate.integrityFailures == 0)
    }

    @Test("a throwing comparator or a failing shadow call never affects the user's result")
    func throwingComparatorAndShadow() async throws {
        struct ComparatorFailure: Error {}
        let router = try shadowRouter()
        let throwing = router.service("svc", legacy: Answering("legacy"), candidate: Answering("x"))
        let failing = router.service("other", legacy: Answering("legacy"), candidate: Answering("x", failing: true))
        try router.flags.apply(FlagSnapshot(version: 2, flags: ["svc", "other"].map { name in
            var flag = ServiceFlag(key: "\(name)-package-enabled", service: name)
            flag.shadowPercentage = 100
            return flag
        }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await router.run() }
            let first = try await throwing.call(user, shadowComparing: { _, _ in throw ComparatorFailure() }) {
                try await $0.respond()
            }
            let second = try await failing.call(user, shadowComparing: ==) { try await $0.respond() }
            #expect(first == "legacy")
            #expect(second == "legacy")
            #expect(await eventually {
                let totals = totals(router)
                return totals["svc"]?.candidate.comparatorErrors == 1 && totals["other"]?.candidate.shadowErrors == 1
            })
            group.cancelAll()
        }
        #expect(router.integrityLog.records.isEmpty)
    }

    @Test("a shadow call that overruns its time budget is abandoned and counted")
    func shadowTimeBudget() async throws {
        let clock = VirtualClock()
        var configuration = MigrationRouter.Configuration()
        configuration.checkTimeBudget = .milliseconds(200)
        configuration.collectionInterval = .seconds(3600)
        let router = try makeRouter(
            rollout: 0, configure: { $0.shadowPercentage = 100 }, configuration: configuration, clock: clock
        )
        let gate = Gate()
        let service = router.service("svc", legacy: Answering("legacy"), candidate: Answering("late", gate: gate))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await router.run() }
            _ = try await service.call(user, shadowComparing: ==) { try await $0.respond() }
            #expect(await eventually { gate.started.count == 1 && clock.sleeperCount >= 2 })
            clock.advance(by: .milliseconds(200))
            gate.open()
            #expect(await eventually { totals(router)["svc"]?.candidate.shadowCalls == 1 })
            group.cancelAll()
        }
        let candidate = try #require(totals(router)["svc"]).candidate
        #expect(candidate.shadowErrors == 1)
        #expect(candidate.shadowMismatches == 0)
    }

    @Test("shadow calls are shed when the background queue is full")
    func shadowsAreShedUnderLoad() async throws {
        let router = try shadowRouter { $0.checks.queueCapacity = 2 }
        let service = router.service("svc", legacy: Answering("legacy"), candidate: Answering("legacy"))
        for _ in 0..<10 {
            #expect(try await service.call(user, shadowComparing: ==) { try await $0.respond() } == "legacy")
        }
        #expect(router.recorder.collect()["svc"]?.candidate.checksShed == 8)
    }

    @Test("the sampler picks the configured share of calls", arguments: [0.0, 1.0, 25.0, 100.0])
    func samplingShare(percent: Double) throws {
        let router = try shadowRouter(percent: percent)
        let share = try #require(Rollout(percent: percent))
        let draws = 100_000
        let picked = (0..<draws).count { _ in router.sample(share) }
        let expected = Double(draws) * percent / 100
        // Binomial standard deviation is at most 158 for 100 000 draws; allow 5 of them.
        #expect(abs(Double(picked) - expected) <= 5 * (expected * (1 - percent / 100)).squareRoot() + 1)
    }

    @Test("a service with shadowPercentage 0 never runs its candidate for legacy reads")
    func noShadowWhenOff() async throws {
        let router = try shadowRouter(percent: 0)
        let gate = Gate()
        let service = router.service("svc", legacy: Answering("legacy"), candidate: Answering("x", gate: gate))
        for id in 0..<200 {
            _ = try await service.call(EvaluationContext(userID: "u\(id)"), shadowComparing: ==) { try await $0.respond() }
        }
        #expect(router.recorder.collect()["svc"]?.candidate.checksShed == 0)
        #expect(gate.started.count == 0)
    }
}
