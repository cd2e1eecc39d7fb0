import CutoverCore

/// One migrating service: its two implementations and the rules that choose between them per call.
///
/// ```swift
/// let analyzer: MigratedService<any CVAnalyzing> =
///     router.service("cv-analyzer", legacy: LegacyAnalyzer(), candidate: PackageAnalyzer())
/// let score = try await analyzer.call(EvaluationContext(userID: user.id)) { try await $0.score(cv) }
/// ```
public struct MigratedService<Implementation: Sendable>: Sendable {
    /// The implementation being replaced.
    public let legacy: Implementation
    /// Its replacement.
    public let candidate: Implementation
    @usableFromInline let routing: ServiceRouting

    init(routing: ServiceRouting, legacy: Implementation, candidate: Implementation) {
        self.routing = routing
        self.legacy = legacy
        self.candidate = candidate
    }

    /// The service name.
    public var name: String { routing.name }
    /// The candidate's local circuit breaker on this instance.
    public var breaker: CircuitBreaker { routing.breaker }
    /// Cohort pins of running workflows.
    public var pins: WorkflowPins { routing.pins }

    /// The cohort `context` is in, honouring the workflow's pin when the service has workflow continuity.
    @inlinable
    public func cohort(for context: EvaluationContext, workflow: String? = nil) -> Cohort {
        routing.route(context, workflow: workflow).cohort
    }

    /// Runs `operation` on the implementation of the request's cohort and records the call.
    ///
    /// A candidate whose breaker is open is skipped for legacy. A failed candidate call runs
    /// again on legacy when the flag allows it (`fallbackToLegacy`; for writes of
    /// `transactionSafety` services only after a ``NothingWrittenError``), so the user sees no
    /// error while the candidate's error is still counted.
    @inlinable
    public func call<Output>(
        _ context: EvaluationContext,
        _ kind: CallKind = .read,
        workflow: String? = nil,
        _ operation: (Implementation) async throws -> Output
    ) async throws -> Output {
        try await perform(routing.route(context, workflow: workflow), kind, operation)
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
        let route = routing.route(context, workflow: workflow)
        guard route.cohort == .legacy, routing.router.sample(route.options.shadow) else {
            return try await perform(route, .read, operation)
        }
        let expected = try await callLegacy(operation)
        let submitted = routing.router.checks.submit { [self] in
            await shadow(expected: expected, key: context.userID, matches: matches, operation)
        }
        if !submitted {
            routing.router.recorder.record(slot: routing.slot, cohort: .candidate) { $0.checksShed &+= 1 }
        }
        return expected
    }

    /// Records whether the user's task succeeded, attributed to the cohort that served the user.
    public func reportOutcome(_ context: EvaluationContext, workflow: String? = nil, succeeded: Bool) {
        routing.router.recorder.record(slot: routing.slot, cohort: cohort(for: context, workflow: workflow)) { metrics in
            if succeeded { metrics.outcomeSuccesses &+= 1 } else { metrics.outcomeFailures &+= 1 }
        }
    }

    /// Records cost units (AI calls, tokens, …) spent for `context`'s cohort.
    public func recordCost(_ units: UInt64, for context: EvaluationContext, workflow: String? = nil) {
        routing.router.recorder.record(slot: routing.slot, cohort: cohort(for: context, workflow: workflow)) {
            $0.costUnits &+= units
        }
    }

    // MARK: - Routing

    @inlinable
    func perform<Output>(
        _ route: ServiceRouting.Route, _ kind: CallKind, _ operation: (Implementation) async throws -> Output
    ) async throws -> Output {
        guard route.cohort == .candidate, routing.admitsCandidate() else {
            return try await callLegacy(operation)
        }
        let start = routing.now()
        do {
            let output = try await operation(candidate)
            routing.candidateSucceeded(since: start)
            return output
        } catch {
            guard routing.candidateFailed(error, kind, route.options, since: start) else { throw error }
        }
        do {
            return try await operation(legacy)
        } catch {
            routing.fallbackFailed(error)
            throw error
        }
    }

    @inlinable
    func callLegacy<Output>(_ operation: (Implementation) async throws -> Output) async throws -> Output {
        let start = routing.now()
        do {
            let output = try await operation(legacy)
            routing.legacySucceeded(since: start)
            return output
        } catch {
            routing.legacyFailed(error, since: start)
            throw error
        }
    }

    // MARK: - Shadow

    private func shadow<Output: Sendable>(
        expected: Output, key: String?, matches: @Sendable (Output, Output) throws -> Bool,
        _ operation: @escaping @Sendable (Implementation) async throws -> Output
    ) async {
        let candidate = self.candidate
        let result = await routing.router.withinBudget { try await operation(candidate) }
        let verdict: ShadowVerdict
        switch result {
        case .success(let actual)?:
            do {
                verdict = try matches(expected, actual) ? .match : .mismatch
            } catch {
                verdict = .comparatorFailed
            }
        case .failure?, nil:
            verdict = .candidateFailed
        }
        routing.router.recorder.record(slot: routing.slot, cohort: .candidate) { metrics in
            metrics.shadowCalls &+= 1
            switch verdict {
            case .match: break
            case .mismatch:
                metrics.shadowMismatches &+= 1
                metrics.integrityFailures &+= 1
            case .comparatorFailed: metrics.comparatorErrors &+= 1
            case .candidateFailed: metrics.shadowErrors &+= 1
            }
        }
        if verdict == .mismatch {
            routing.router.integrityLog.append(IntegrityRecord(
                kind: .shadowMismatch, service: routing.name, key: key, failedStore: nil,
                detail: "shadow result differs from legacy", at: routing.router.time.now()
            ))
        }
    }
}

/// How one shadow call compared with legacy.
private enum ShadowVerdict {
    case match, mismatch, comparatorFailed, candidateFailed
}
