import CutoverCore

/// One migrating service: its two implementations and the rules that choose between them per call.
///
/// ```swift
/// let analyzer = router.service("cv-analyzer", legacy: LegacyAnalyzer(), candidate: PackageAnalyzer())
/// let score = try await analyzer.call(EvaluationContext(userID: user.id)) { try await $0.score(cv) }
/// ```
public struct MigratedService<Implementation: Sendable>: Sendable {
    /// The service name.
    public let name: String
    /// The implementation being replaced.
    public let legacy: Implementation
    /// Its replacement.
    public let candidate: Implementation
    /// The candidate's local circuit breaker on this instance.
    public let breaker: CircuitBreaker
    /// Cohort pins of running workflows.
    public let pins: WorkflowPins
    let slot: Int
    let router: MigrationRouter

    init(
        name: String, slot: Int, router: MigrationRouter, legacy: Implementation, candidate: Implementation,
        breaker: CircuitBreaker, pins: WorkflowPins
    ) {
        self.name = name
        self.slot = slot
        self.router = router
        self.legacy = legacy
        self.candidate = candidate
        self.breaker = breaker
        self.pins = pins
    }

    /// The cohort `context` is in, honouring the workflow's pin when the service has workflow continuity.
    public func cohort(for context: EvaluationContext, workflow: String? = nil) -> Cohort {
        route(context, workflow: workflow).cohort
    }

    /// Runs `operation` on the implementation of the request's cohort and records the call.
    ///
    /// A candidate whose breaker is open is skipped for legacy. A failed candidate call runs
    /// again on legacy when the flag allows it (`fallbackToLegacy`; for writes of
    /// `transactionSafety` services only after a ``NothingWrittenError``), so the user sees no
    /// error while the candidate's error is still counted.
    public func call<Output>(
        _ context: EvaluationContext,
        _ kind: CallKind = .read,
        workflow: String? = nil,
        _ operation: (Implementation) async throws -> Output
    ) async throws -> Output {
        let route = route(context, workflow: workflow)
        return try await perform(route, kind, operation)
    }

    /// Like ``call(_:_:workflow:_:)`` for a read, and for a sampled share of legacy-cohort reads
    /// (`shadowPercentage`) also runs the candidate in the background and compares the results.
    ///
    /// The shadow call never delays or fails the user's request: it runs after the legacy
    /// result is returned, within the router's time budget, and is dropped under load. A
    /// mismatch (the comparator returns `false`) is recorded as an integrity failure; a
    /// comparator that throws is counted, never treated as a mismatch.
    public func call<Output: Sendable>(
        _ context: EvaluationContext,
        workflow: String? = nil,
        shadowComparing matches: @escaping @Sendable (Output, Output) throws -> Bool,
        _ operation: @escaping @Sendable (Implementation) async throws -> Output
    ) async throws -> Output {
        let route = route(context, workflow: workflow)
        guard route.cohort == .legacy, router.sample(route.options.shadow) else {
            return try await perform(route, .read, operation)
        }
        let expected = try await callLegacy(operation)
        let submitted = router.checks.submit { [self] in
            await shadow(expected: expected, key: context.userID, matches: matches, operation)
        }
        if !submitted {
            router.recorder.record(slot: slot, cohort: .candidate) { $0.checksShed &+= 1 }
        }
        return expected
    }

    /// Records whether the user's task succeeded, attributed to the cohort that served the user.
    public func reportOutcome(_ context: EvaluationContext, workflow: String? = nil, succeeded: Bool) {
        router.recorder.record(slot: slot, cohort: cohort(for: context, workflow: workflow)) { metrics in
            if succeeded { metrics.outcomeSuccesses &+= 1 } else { metrics.outcomeFailures &+= 1 }
        }
    }

    /// Records cost units (AI calls, tokens, …) spent for `context`'s cohort.
    public func recordCost(_ units: UInt64, for context: EvaluationContext, workflow: String? = nil) {
        router.recorder.record(slot: slot, cohort: cohort(for: context, workflow: workflow)) { $0.costUnits &+= units }
    }

    // MARK: - Routing

    struct Route {
        var cohort: Cohort
        var options: RoutingOptions
    }

    @inline(__always)
    func route(_ context: EvaluationContext, workflow: String?) -> Route {
        var route = router.flags.withCurrent { flags in
            Route(cohort: flags.decide(slot: slot, context: context).cohort, options: flags.options(slot: slot))
        }
        if let workflow, route.options.workflowContinuity {
            if route.options.killSwitch, route.options.unpinOnKill {
                pins.unpin(workflow)
            } else {
                route.cohort = pins.cohort(for: workflow, decided: route.cohort)
            }
        }
        return route
    }

    private func perform<Output>(
        _ route: Route, _ kind: CallKind, _ operation: (Implementation) async throws -> Output
    ) async throws -> Output {
        if route.cohort == .candidate {
            if breaker.acquire().isAdmitted {
                return try await callCandidate(kind, route.options, operation)
            }
            router.recorder.record(slot: slot, cohort: .candidate) { $0.shortCircuited &+= 1 }
        }
        return try await callLegacy(operation)
    }

    func callLegacy<Output>(_ operation: (Implementation) async throws -> Output) async throws -> Output {
        let start = ContinuousClock.now
        do {
            let output = try await operation(legacy)
            record(.legacy, since: start, failed: false)
            return output
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            record(.legacy, since: start, failed: true) { $0.userFacingErrors &+= 1 }
            throw error
        }
    }

    private func callCandidate<Output>(
        _ kind: CallKind, _ options: RoutingOptions,
        _ operation: (Implementation) async throws -> Output
    ) async throws -> Output {
        let start = ContinuousClock.now
        let failure: any Error
        do {
            let output = try await operation(candidate)
            let duration = record(.candidate, since: start, failed: false)
            breaker.record(.success, duration: duration)
            return output
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            failure = error
        }
        let duration = ContinuousClock.now - start
        breaker.record(.failure, duration: duration)
        guard Self.mayFallBack(kind, options, after: failure) else {
            record(.candidate, since: start, failed: true) { $0.userFacingErrors &+= 1 }
            throw failure
        }
        record(.candidate, since: start, failed: true) { $0.fallbacks &+= 1 }
        do {
            return try await operation(legacy)
        } catch {
            router.recorder.record(slot: slot, cohort: .candidate) { $0.userFacingErrors &+= 1 }
            throw error
        }
    }

    /// Whether a failed candidate call may run again on legacy.
    static func mayFallBack(_ kind: CallKind, _ options: RoutingOptions, after error: any Error) -> Bool {
        guard options.fallbackToLegacy else { return false }
        if kind == .write, options.transactionSafety {
            return error is any NothingWrittenError
        }
        return true
    }

    @discardableResult
    func record(
        _ cohort: Cohort, since start: ContinuousClock.Instant, failed: Bool,
        _ extra: (inout CohortMetrics) -> Void = { _ in }
    ) -> Duration {
        let duration = ContinuousClock.now - start
        let nanoseconds = duration.nanoseconds
        router.recorder.record(slot: slot, cohort: cohort) { metrics in
            metrics.recordCall(nanoseconds: nanoseconds, failed: failed)
            extra(&metrics)
        }
        return duration
    }

    // MARK: - Shadow

    private func shadow<Output: Sendable>(
        expected: Output, key: String?, matches: @Sendable (Output, Output) throws -> Bool,
        _ operation: @escaping @Sendable (Implementation) async throws -> Output
    ) async {
        let candidate = self.candidate
        let result = await router.withinBudget { try await operation(candidate) }
        var mismatch = false
        router.recorder.record(slot: slot, cohort: .candidate) { metrics in
            metrics.shadowCalls &+= 1
            switch result {
            case .success(let actual)?:
                do {
                    if try !matches(expected, actual) {
                        mismatch = true
                        metrics.shadowMismatches &+= 1
                        metrics.integrityFailures &+= 1
                    }
                } catch {
                    metrics.comparatorErrors &+= 1
                }
            case .failure?, nil:
                metrics.shadowErrors &+= 1
            }
        }
        if mismatch {
            router.integrityLog.append(IntegrityRecord(
                kind: .shadowMismatch, service: name, key: key, failedStore: nil,
                detail: "shadow result differs from legacy", at: router.time.now()
            ))
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
