import CutoverCore

/// The non-generic half of a ``MigratedService``: routing, breaker and recording.
///
/// The generic call path is inlined into the application's code; everything it does besides
/// calling the implementation lives here, compiled once.
@usableFromInline
struct ServiceRouting: Sendable {
    /// The cohort of one call and the flag options that apply to it.
    @usableFromInline
    struct Route: Sendable {
        @usableFromInline var cohort: Cohort
        @usableFromInline var options: RoutingOptions

        @usableFromInline
        init(cohort: Cohort, options: RoutingOptions) {
            self.cohort = cohort
            self.options = options
        }
    }

    let name: String
    let slot: Int
    let router: MigrationRouter
    let breaker: CircuitBreaker
    let pins: WorkflowPins

    /// The route of a call: its cohort (honouring workflow pins) and the flag's options.
    @usableFromInline
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

    /// Now, on the router's clock: call latencies are measured on it, so a simulation clock
    /// yields simulated latencies.
    @usableFromInline
    func now() -> Duration {
        router.time.now()
    }

    /// Whether the candidate's breaker lets this call through; counts the calls it turns away.
    @usableFromInline
    func admitsCandidate() -> Bool {
        if breaker.acquire().isAdmitted { return true }
        router.recorder.record(slot: slot, cohort: .candidate) { $0.shortCircuited &+= 1 }
        return false
    }

    /// Records a candidate call that succeeded.
    @usableFromInline
    func candidateSucceeded(since start: Duration) {
        let duration = record(.candidate, since: start, failed: false)
        breaker.record(.success, duration: duration)
    }

    /// Records a candidate call that threw `error`; returns whether the call may run on legacy instead.
    @usableFromInline
    func candidateFailed(
        _ error: any Error, _ kind: CallKind, _ options: RoutingOptions, since start: Duration
    ) -> Bool {
        if error is CancellationError { return false }
        let fallsBack = Self.mayFallBack(kind, options, after: error)
        let duration = record(.candidate, since: start, failed: true) { metrics in
            if fallsBack { metrics.fallbacks &+= 1 } else { metrics.userFacingErrors &+= 1 }
        }
        breaker.record(.failure, duration: duration)
        return fallsBack
    }

    /// Records that the legacy fallback of a failed candidate call failed too.
    @usableFromInline
    func fallbackFailed(_ error: any Error) {
        if error is CancellationError { return }
        router.recorder.record(slot: slot, cohort: .candidate) { $0.userFacingErrors &+= 1 }
    }

    /// Records a legacy call that succeeded.
    @usableFromInline
    func legacySucceeded(since start: Duration) {
        record(.legacy, since: start, failed: false)
    }

    /// Records a legacy call that threw `error`.
    @usableFromInline
    func legacyFailed(_ error: any Error, since start: Duration) {
        if error is CancellationError { return }
        record(.legacy, since: start, failed: true) { $0.userFacingErrors &+= 1 }
    }

    /// Whether a failed candidate call may run again on legacy.
    static func mayFallBack(_ kind: CallKind, _ options: RoutingOptions, after error: any Error) -> Bool {
        guard options.fallbackToLegacy else { return false }
        if kind == .write, options.transactionSafety {
            return error is any NothingWrittenError
        }
        return true
    }

    /// Records one implementation call of `cohort` that started at `start`; returns its duration.
    @discardableResult
    func record(
        _ cohort: Cohort, since start: Duration, failed: Bool,
        _ extra: (inout CohortMetrics) -> Void = { _ in }
    ) -> Duration {
        let duration = now() - start
        let nanoseconds = duration.nanoseconds
        router.recorder.record(slot: slot, cohort: cohort) { metrics in
            metrics.recordCall(nanoseconds: nanoseconds, failed: failed)
            extra(&metrics)
        }
        return duration
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
