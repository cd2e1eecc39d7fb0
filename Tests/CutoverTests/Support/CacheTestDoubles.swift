import CutoverCore
import Synchronization

@testable import Cutover

/// One call a ``ScriptedCacheStore`` received.
struct CacheCall: Hashable, Sendable, CustomStringConvertible {
    enum Operation: String, Hashable, Sendable {
        case read, set, remove
    }

    var store: Cohort
    var operation: Operation
    var key: String

    var description: String {
        "\(store).\(operation)(\(key))"
    }
}

/// The calls of several stores, in the order they arrived.
final class CacheCallJournal: Sendable {
    private let calls = Locked<[CacheCall]>([])

    func append(_ call: CacheCall) {
        calls.withLock { $0.append(call) }
    }

    var entries: [CacheCall] {
        calls.withLock { $0 }
    }
}

/// The error a ``ScriptedCacheStore`` throws when told to fail.
struct InjectedStoreFailure: Error, Equatable {
    var store: Cohort
}

/// A cache store for tests: keeps values in a dictionary, journals every call, and fails or stalls on demand.
final class ScriptedCacheStore<Value: Sendable>: CacheBackend, Sendable {
    /// How the store misbehaves.
    struct Script: Sendable {
        var failsWrites = false
        var failsReads = false
        /// Reads sleep this long (on the continuous clock) before answering; cancellation ends the sleep.
        var readDelay: Duration?
    }

    private struct State {
        var values: [String: Value] = [:]
        var script = Script()
    }

    /// Which side of the migration this store plays; journal entries carry it.
    let role: Cohort
    let journal: CacheCallJournal
    private let state = Locked(State())
    private let cancelledReadCount = Atomic<Int>(0)

    init(_ role: Cohort, journal: CacheCallJournal) {
        self.role = role
        self.journal = journal
    }

    /// Changes how the store behaves from now on.
    func script(_ change: (inout Script) -> Void) {
        state.withLock { change(&$0.script) }
    }

    /// Puts `value` under `key` without journaling, as if written before the test.
    func seed(_ value: Value, forKey key: String) {
        state.withLock { $0.values[key] = value }
    }

    /// The value under `key`, read without journaling.
    func stored(_ key: String) -> Value? {
        state.withLock { $0.values[key] }
    }

    /// Reads that were cancelled while they stalled.
    var cancelledReads: Int {
        cancelledReadCount.load(ordering: .relaxed)
    }

    func value(forKey key: String) async throws -> Value? {
        journal.append(CacheCall(store: role, operation: .read, key: key))
        if let delay = state.withLock({ $0.script.readDelay }) {
            do {
                try await Task.sleep(for: delay)
            } catch {
                cancelledReadCount.add(1, ordering: .relaxed)
                throw error
            }
        }
        return try state.withLock { state throws(InjectedStoreFailure) -> Value? in
            if state.script.failsReads { throw InjectedStoreFailure(store: role) }
            return state.values[key]
        }
    }

    func setValue(_ value: Value, forKey key: String, timeToLive: Duration?) async throws {
        journal.append(CacheCall(store: role, operation: .set, key: key))
        try state.withLock { state throws(InjectedStoreFailure) in
            if state.script.failsWrites { throw InjectedStoreFailure(store: role) }
            state.values[key] = value
        }
    }

    func removeValue(forKey key: String) async throws {
        journal.append(CacheCall(store: role, operation: .remove, key: key))
        try state.withLock { state throws(InjectedStoreFailure) in
            if state.script.failsWrites { throw InjectedStoreFailure(store: role) }
            state.values[key] = nil
        }
    }
}

extension FlagSnapshot {
    /// A snapshot with one flag routing `service` to the candidate for `rollout` percent of users.
    static func routing(
        _ service: String, rollout: Double, version: UInt64 = 1, configure: (inout ServiceFlag) -> Void = { _ in }
    ) -> FlagSnapshot {
        var flag = ServiceFlag(key: "\(service)-package-enabled", service: service)
        flag.rolloutPercentage = rollout
        configure(&flag)
        return FlagSnapshot(version: version, flags: [flag])
    }
}

/// A `DualWriteCache` of the `cache-manager` service over two scripted stores, with its router.
struct CacheRig {
    static let service = "cache-manager"

    let clock = VirtualClock()
    let journal = CacheCallJournal()
    let router: MigrationRouter
    let legacy: ScriptedCacheStore<String>
    let candidate: ScriptedCacheStore<String>
    let cache: DualWriteCache<String>
    /// A user the flags bucket: rollout 0 puts them on legacy, rollout 100 on the candidate.
    let user = EvaluationContext(userID: "user-1")

    /// A rig whose `cache-manager` flag has `rollout` percent and the given options.
    init(
        rollout: Double,
        configuration: MigrationRouter.Configuration = .init(),
        configure: (inout ServiceFlag) -> Void = { _ in }
    ) throws {
        let flags = FlagHolder()
        try flags.apply(.routing(Self.service, rollout: rollout, configure: configure))
        router = try MigrationRouter(flags: flags, configuration: configuration, clock: clock)
        legacy = ScriptedCacheStore(.legacy, journal: journal)
        candidate = ScriptedCacheStore(.candidate, journal: journal)
        cache = DualWriteCache(Self.service, legacy: legacy, candidate: candidate, router: router)
    }

    /// The store playing `cohort`.
    func store(_ cohort: Cohort) -> ScriptedCacheStore<String> {
        cohort == .legacy ? legacy : candidate
    }

    /// The cache's metrics since the previous collection (empty metrics when nothing was recorded).
    func collect() -> ServiceMetrics {
        router.recorder.collect()[Self.service]
            ?? ServiceMetrics(service: Self.service, legacy: CohortMetrics(), candidate: CohortMetrics())
    }

    /// Polls `condition` every millisecond until it holds or `timeout` passes; whether it held.
    static func waitUntil(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }
}
