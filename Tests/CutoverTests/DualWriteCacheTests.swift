import CutoverCore
import Testing

@testable import Cutover

@Suite("Dual-write cache")
struct DualWriteCacheTests {
    /// A write the cache performs.
    enum Write: String, CaseIterable, Sendable {
        case set, remove

        var operation: CacheCall.Operation {
            self == .set ? .set : .remove
        }

        func perform(on rig: CacheRig, key: String) async throws {
            switch self {
            case .set: try await rig.cache.setValue("new", forKey: key, context: rig.user)
            case .remove: try await rig.cache.removeValue(forKey: key, context: rig.user)
            }
        }
    }

    /// A rollout and the cohort it puts the rig's user in: the authoritative store of writes.
    struct Placement: Sendable, CustomTestStringConvertible {
        var rollout: Double
        var authoritative: Cohort

        var testDescription: String { "rollout \(rollout) → \(authoritative)" }

        static let both = [Placement(rollout: 0, authoritative: .legacy), Placement(rollout: 100, authoritative: .candidate)]
    }

    // MARK: - Writes

    @Test("with dual write on, a write reaches both stores, the request's cohort first", arguments: Placement.both)
    func dualWriteOrder(placement: Placement) async throws {
        let rig = try CacheRig(rollout: placement.rollout) { $0.dualWrite = true }
        let authoritative = placement.authoritative
        try await rig.cache.setValue("v", forKey: "k", context: rig.user)
        #expect(rig.legacy.stored("k") == "v")
        #expect(rig.candidate.stored("k") == "v")
        try await rig.cache.removeValue(forKey: "k", context: rig.user)
        #expect(rig.legacy.stored("k") == nil)
        #expect(rig.candidate.stored("k") == nil)
        let secondary = authoritative.other
        #expect(rig.journal.entries == [
            CacheCall(store: authoritative, operation: .set, key: "k"),
            CacheCall(store: secondary, operation: .set, key: "k"),
            CacheCall(store: authoritative, operation: .remove, key: "k"),
            CacheCall(store: secondary, operation: .remove, key: "k"),
        ])
        #expect(rig.router.integrityLog.records.isEmpty)
    }

    @Test(
        "a failed write to the other store does not fail the request and is recorded as a divergence",
        arguments: Placement.both, Write.allCases
    )
    func secondaryFailureIsDivergence(placement: Placement, write: Write) async throws {
        let rig = try CacheRig(rollout: placement.rollout) { $0.dualWrite = true }
        let secondary = placement.authoritative.other
        rig.store(secondary).script { $0.failsWrites = true }

        try await write.perform(on: rig, key: "user:7")

        #expect(rig.journal.entries.map(\.store) == [placement.authoritative, secondary])
        let records = rig.router.integrityLog.records
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.kind == .divergence)
        #expect(record.service == CacheRig.service)
        #expect(record.key == "user:7")
        #expect(record.failedStore == secondary)
        let metrics = rig.collect()
        #expect(metrics[secondary].divergences == 1)
        #expect(metrics[placement.authoritative].divergences == 0)
        #expect(metrics[placement.authoritative].userFacingErrors == 0)
        #expect(metrics[placement.authoritative].calls == 1)
    }

    @Test(
        "a failed write to the authoritative store fails the request and skips the other store",
        arguments: Placement.both, Write.allCases
    )
    func authoritativeFailureThrows(placement: Placement, write: Write) async throws {
        let rig = try CacheRig(rollout: placement.rollout) { $0.dualWrite = true }
        rig.store(placement.authoritative).script { $0.failsWrites = true }
        rig.store(placement.authoritative.other).seed("old", forKey: "k")

        await #expect(throws: InjectedStoreFailure(store: placement.authoritative)) {
            try await write.perform(on: rig, key: "k")
        }

        #expect(rig.journal.entries == [CacheCall(store: placement.authoritative, operation: write.operation, key: "k")])
        #expect(rig.store(placement.authoritative.other).stored("k") == "old")
        #expect(rig.router.integrityLog.records.isEmpty)
        let metrics = rig.collect()
        #expect(metrics[placement.authoritative].errors == 1)
        #expect(metrics[placement.authoritative].userFacingErrors == 1)
        #expect(metrics[placement.authoritative.other].divergences == 0)
    }

    @Test("with dual write off, only the authoritative store is written", arguments: Placement.both, Write.allCases)
    func singleWrite(placement: Placement, write: Write) async throws {
        let rig = try CacheRig(rollout: placement.rollout) { $0.dualWrite = false }
        rig.legacy.seed("old", forKey: "k")
        rig.candidate.seed("old", forKey: "k")

        try await write.perform(on: rig, key: "k")

        #expect(rig.journal.entries == [CacheCall(store: placement.authoritative, operation: write.operation, key: "k")])
        #expect(rig.store(placement.authoritative.other).stored("k") == "old")
        #expect(rig.store(placement.authoritative).stored("k") == (write == .set ? "new" : nil))
    }

    // MARK: - Reads

    @Test(
        "reads follow the read preference and count the hit on the serving store's cohort",
        arguments: [
            (ReadPreference.legacy, 0.0, Cohort.legacy),
            (.legacy, 100, .legacy),
            (.candidate, 0, .legacy),
            (.candidate, 100, .candidate),
        ]
    )
    func readPreference(preference: ReadPreference, rollout: Double, serving: Cohort) async throws {
        let rig = try CacheRig(rollout: rollout) {
            $0.dualWrite = true
            $0.readPreference = preference
        }
        rig.legacy.seed("legacy-value", forKey: "k")
        rig.candidate.seed("candidate-value", forKey: "k")

        #expect(try await rig.cache.value(forKey: "k", context: rig.user) == "\(serving)-value")

        #expect(rig.journal.entries == [CacheCall(store: serving, operation: .read, key: "k")])
        let metrics = rig.collect()
        #expect(metrics[serving].cacheHits == 1)
        #expect(metrics[serving].calls == 1)
        #expect(metrics[serving.other].cacheHits == 0)
        #expect(metrics[serving.other].calls == 0)
    }

    @Test("hits and misses are counted on the serving cohort", arguments: Placement.both)
    func countsHitsAndMisses(placement: Placement) async throws {
        let serving = placement.authoritative
        let rig = try CacheRig(rollout: placement.rollout) { $0.readPreference = .candidate }
        rig.store(serving).seed("v", forKey: "present")
        rig.store(serving.other).seed("v", forKey: "absent")

        for key in ["present", "absent", "absent", "present", "absent"] {
            _ = try await rig.cache.value(forKey: key, context: rig.user)
        }

        let metrics = rig.collect()
        #expect(metrics[serving].cacheHits == 2)
        #expect(metrics[serving].cacheMisses == 3)
        #expect(metrics[serving.other].cacheHits == 0)
        #expect(metrics[serving.other].cacheMisses == 0)
    }

    @Test("a candidate read that falls back to legacy counts the hit on legacy, which served it")
    func fallbackHitCountedOnLegacy() async throws {
        let rig = try CacheRig(rollout: 100) {
            $0.readPreference = .candidate
            $0.fallbackToLegacy = true
        }
        rig.candidate.script { $0.failsReads = true }
        rig.legacy.seed("legacy-value", forKey: "k")

        #expect(try await rig.cache.value(forKey: "k", context: rig.user) == "legacy-value")

        let metrics = rig.collect()
        #expect(metrics.candidate.fallbacks == 1)
        #expect(metrics.candidate.errors == 1)
        #expect(metrics.legacy.cacheHits == 1)
        #expect(metrics.candidate.cacheHits + metrics.candidate.cacheMisses == 0)
    }

    // MARK: - Fastest

    // The slow read stalls for a day: only its cancellation lets the read return within the limit.
    @Test("fastest: the first hit wins and the slow read is cancelled", .timeLimit(.minutes(1)), arguments: Cohort.allCases)
    func fastestCancelsLoser(slow: Cohort) async throws {
        let rig = try CacheRig(rollout: 0) { $0.readPreference = .fastest }
        let fast = slow.other
        rig.store(slow).seed("slow-value", forKey: "k")
        rig.store(slow).script { $0.readDelay = .seconds(86_400) }
        rig.store(fast).seed("fast-value", forKey: "k")

        let value = try await rig.cache.value(forKey: "k", context: rig.user)

        #expect(value == "fast-value")
        #expect(rig.store(slow).cancelledReads == 1)
        #expect(rig.store(fast).cancelledReads == 0)
        let metrics = rig.collect()
        #expect(metrics[fast].cacheHits == 1)
        #expect(metrics[slow].cacheHits + metrics[slow].cacheMisses == 0)
        // Losing the race is not an error of the slow store.
        #expect(metrics[slow].errors == 0)
    }

    @Test("fastest: a quick miss waits for the other store's hit", arguments: Cohort.allCases)
    func fastestMissWaitsForHit(slow: Cohort) async throws {
        let rig = try CacheRig(rollout: 0) { $0.readPreference = .fastest }
        rig.store(slow).seed("slow-value", forKey: "k")
        rig.store(slow).script { $0.readDelay = .milliseconds(50) }

        #expect(try await rig.cache.value(forKey: "k", context: rig.user) == "slow-value")

        #expect(rig.legacy.cancelledReads + rig.candidate.cancelledReads == 0)
        let metrics = rig.collect()
        #expect(metrics[slow].cacheHits == 1)
        #expect(metrics.legacy.cacheMisses + metrics.candidate.cacheMisses == 0)
    }

    @Test("fastest: a failing store's error is measured; the other store's hit or miss answers", arguments: Cohort.allCases)
    func fastestSurvivesFailure(failing: Cohort) async throws {
        let rig = try CacheRig(rollout: 0) { $0.readPreference = .fastest }
        rig.store(failing).script { $0.failsReads = true }
        rig.store(failing.other).seed("v", forKey: "k")

        // A miss waits for both stores, so the failure is always seen.
        #expect(try await rig.cache.value(forKey: "absent", context: rig.user) == nil)
        let afterMiss = rig.collect()
        #expect(afterMiss[failing.other].cacheMisses == 1)
        #expect(afterMiss[failing].calls == 1)
        #expect(afterMiss[failing].errors == 1)
        #expect(afterMiss[failing].userFacingErrors == 0)
        #expect(afterMiss[failing.other].errors == 0)

        #expect(try await rig.cache.value(forKey: "k", context: rig.user) == "v")
        let afterHit = rig.collect()
        #expect(afterHit[failing.other].cacheHits == 1)
        #expect(afterHit[failing].cacheHits + afterHit[failing].cacheMisses == 0)
    }

    @Test("fastest: when both stores fail, the read fails")
    func fastestBothFail() async throws {
        let rig = try CacheRig(rollout: 0) { $0.readPreference = .fastest }
        rig.legacy.script { $0.failsReads = true }
        rig.candidate.script { $0.failsReads = true }
        await #expect(throws: InjectedStoreFailure.self) {
            try await rig.cache.value(forKey: "k", context: rig.user)
        }
    }

    // MARK: - Coherence

    @Test(
        "coherence checks record differing values as integrity failures, equal values as nothing",
        arguments: ReadPreference.allCases
    )
    func coherenceMismatch(preference: ReadPreference) async throws {
        var configuration = MigrationRouter.Configuration()
        configuration.checks.maxConcurrent = 1
        let rig = try CacheRig(rollout: 0, configuration: configuration) {
            $0.dualWrite = true
            $0.readPreference = preference
            $0.coherencePercentage = 100
        }
        rig.legacy.seed("same", forKey: "equal")
        rig.candidate.seed("same", forKey: "equal")
        rig.legacy.seed("old", forKey: "differs")
        rig.candidate.seed("new", forKey: "differs")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rig.router.run() }
            // Checks run one at a time in submission order: once "differs" is reported, "equal" was checked.
            _ = try await rig.cache.value(forKey: "equal", context: rig.user)
            _ = try await rig.cache.value(forKey: "differs", context: rig.user)
            let reported = await CacheRig.waitUntil { !rig.router.integrityLog.records.isEmpty }
            let metrics = rig.collect()
            group.cancelAll()

            #expect(reported)
            let records = rig.router.integrityLog.records
            #expect(records.count == 1)
            #expect(records.first?.kind == .coherenceMismatch)
            #expect(records.first?.key == "differs")
            #expect(records.first?.service == CacheRig.service)
            #expect(metrics.candidate.integrityFailures == 1)
        }
    }

    @Test("without a running router, coherence checks wait and never touch the request")
    func coherenceIsOffRequestPath() async throws {
        let rig = try CacheRig(rollout: 0) { $0.coherencePercentage = 100 }
        rig.legacy.seed("old", forKey: "k")
        rig.candidate.seed("new", forKey: "k")
        #expect(try await rig.cache.value(forKey: "k", context: rig.user) == "old")
        #expect(rig.journal.entries == [CacheCall(store: .legacy, operation: .read, key: "k")])
        #expect(rig.router.integrityLog.records.isEmpty)
    }
}
