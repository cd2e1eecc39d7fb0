import CutoverCore

/// The cache of a migrating stateful service (the plan's CacheManager): two stores, one router flag.
///
/// - **Writes** go to the store of the request's cohort (authoritative) first; its failure
///   fails the request. While the flag's `dualWrite` is on they then go to the other store;
///   a failure there never fails the request but is recorded as a divergence with its key.
/// - **Reads** follow the flag's `readPreference`: `legacy`, `candidate` (the request's cohort,
///   with the candidate's breaker and `fallbackToLegacy`), or `fastest` (both stores race, the
///   first hit wins and the other read is cancelled).
/// - **Coherence:** a `coherencePercentage` share of reads also reads both stores in the
///   background and records values that differ as integrity failures.
public struct DualWriteCache<Value: Sendable>: Sendable {
    private let service: MigratedService<Store>
    private let isEqual: @Sendable (Value, Value) -> Bool

    /// A store tagged with its cohort, so a read knows which store answered (after a fallback: legacy).
    private struct Store: Sendable {
        let cohort: Cohort
        let backend: any CacheBackend<Value>
    }

    /// Creates the cache of `name` over two stores, comparing values with `isEqual`.
    public init(
        _ name: String = "cache-manager",
        legacy: any CacheBackend<Value>,
        candidate: any CacheBackend<Value>,
        router: MigrationRouter,
        breaker: CircuitBreaker? = nil,
        isEqual: @escaping @Sendable (Value, Value) -> Bool
    ) {
        service = router.service(
            name, legacy: Store(cohort: .legacy, backend: legacy), candidate: Store(cohort: .candidate, backend: candidate),
            breaker: breaker
        )
        self.isEqual = isEqual
    }

    /// The value under `key` for the request in `context`.
    public func value(forKey key: String, context: EvaluationContext) async throws -> Value? {
        let route = service.routing.route(context, workflow: nil)
        if service.routing.router.sample(route.options.coherence) {
            scheduleCoherenceCheck(key)
        }
        let value: Value?
        let servedBy: Cohort
        switch route.options.readPreference {
        case .legacy:
            value = try await service.callLegacy { try await $0.backend.value(forKey: key) }
            servedBy = .legacy
        case .candidate:
            (value, servedBy) = try await service.call(context) { (try await $0.backend.value(forKey: key), $0.cohort) }
        case .fastest:
            (value, servedBy) = try await fastestRead(key)
        }
        service.routing.router.recorder.record(slot: service.routing.slot, cohort: servedBy) { metrics in
            if value == nil { metrics.cacheMisses &+= 1 } else { metrics.cacheHits &+= 1 }
        }
        return value
    }

    /// Stores `value` under `key` for the request in `context`.
    public func setValue(
        _ value: Value, forKey key: String, timeToLive: Duration? = nil, context: EvaluationContext
    ) async throws {
        try await write(key, context, operation: "set") { try await $0.setValue(value, forKey: key, timeToLive: timeToLive) }
    }

    /// Removes the value under `key` for the request in `context`.
    public func removeValue(forKey key: String, context: EvaluationContext) async throws {
        try await write(key, context, operation: "remove") { try await $0.removeValue(forKey: key) }
    }

    private func write(
        _ key: String, _ context: EvaluationContext, operation: String,
        _ body: (any CacheBackend<Value>) async throws -> Void
    ) async throws {
        let route = service.routing.route(context, workflow: nil)
        let authoritative = route.cohort
        let start = service.routing.now()
        do {
            try await body(store(authoritative))
            service.routing.record(authoritative, since: start, failed: false)
        } catch {
            service.routing.record(authoritative, since: start, failed: true) { $0.userFacingErrors &+= 1 }
            throw error
        }
        guard route.options.dualWrite else { return }
        let secondary = authoritative.other
        do {
            try await body(store(secondary))
        } catch {
            service.routing.router.recorder.record(slot: service.routing.slot, cohort: secondary) { $0.divergences &+= 1 }
            service.routing.router.integrityLog.append(IntegrityRecord(
                kind: .divergence, service: service.routing.name, key: key, failedStore: secondary,
                detail: "\(operation) failed on the \(secondary) store: \(error)", at: service.routing.router.time.now()
            ))
        }
    }

    private func store(_ cohort: Cohort) -> any CacheBackend<Value> {
        (cohort == .legacy ? service.legacy : service.candidate).backend
    }

    /// Races both stores; the first hit wins and the other read is cancelled.
    private func fastestRead(_ key: String) async throws -> (Value?, Cohort) {
        try await withThrowingTaskGroup(of: (Cohort, Value?, Duration).self) { group in
            for cohort in Cohort.allCases {
                let store = store(cohort)
                group.addTask {
                    let start = service.routing.now()
                    do {
                        let value = try await store.value(forKey: key)
                        return (cohort, value, service.routing.now() - start)
                    } catch where !Task.isCancelled {
                        recordRead(cohort, duration: service.routing.now() - start, failed: true)
                        throw error
                    }
                }
            }
            var lastError: (any Error)?
            var firstMiss: Cohort?
            while let next = await group.nextResult() {
                switch next {
                case .success(let (cohort, value, duration)):
                    recordRead(cohort, duration: duration)
                    if value != nil {
                        group.cancelAll()
                        return (value, cohort)
                    }
                    firstMiss = firstMiss ?? cohort
                case .failure(let error):
                    lastError = error
                }
            }
            if let firstMiss { return (nil, firstMiss) }
            throw lastError ?? CancellationError()
        }
    }

    private func recordRead(_ cohort: Cohort, duration: Duration, failed: Bool = false) {
        let nanoseconds = duration.nanoseconds
        service.routing.router.recorder.record(slot: service.routing.slot, cohort: cohort) {
            $0.recordCall(nanoseconds: nanoseconds, failed: failed)
        }
    }

    private func scheduleCoherenceCheck(_ key: String) {
        let (legacy, candidate, isEqual, service) = (service.legacy.backend, service.candidate.backend, isEqual, service)
        let submitted = service.routing.router.checks.submit {
            let values = await service.routing.router.withinBudget {
                (try await legacy.value(forKey: key), try await candidate.value(forKey: key))
            }
            guard case .success(let (legacyValue?, candidateValue?))? = values, !isEqual(legacyValue, candidateValue) else {
                return
            }
            service.routing.router.recorder.record(slot: service.routing.slot, cohort: .candidate) { $0.integrityFailures &+= 1 }
            service.routing.router.integrityLog.append(IntegrityRecord(
                kind: .coherenceMismatch, service: service.routing.name, key: key, failedStore: nil,
                detail: "legacy and candidate caches hold different values", at: service.routing.router.time.now()
            ))
        }
        if !submitted {
            service.routing.router.recorder.record(slot: service.routing.slot, cohort: .candidate) { $0.checksShed &+= 1 }
        }
    }
}

extension DualWriteCache where Value: Equatable {
    /// Creates the cache of `name` over two stores of equatable values.
    public init(
        _ name: String = "cache-manager",
        legacy: any CacheBackend<Value>,
        candidate: any CacheBackend<Value>,
        router: MigrationRouter,
        breaker: CircuitBreaker? = nil
    ) {
        self.init(name, legacy: legacy, candidate: candidate, router: router, breaker: breaker, isEqual: ==)
    }
}
