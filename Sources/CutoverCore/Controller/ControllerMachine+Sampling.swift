extension ControllerMachine {
    /// Folds one sample into baselines (during preflight) or the windows of active services, and judges them.
    mutating func observe(_ sample: MetricsWindow) {
        state.measurementFailures = 0
        switch state.stage {
        case .preflight:
            for metrics in sample.services where plan.service(named: metrics.service) != nil {
                state.baselines[metrics.service, default: CohortMetrics()].add(metrics.legacy)
            }
        case .running:
            for metrics in sample.services {
                guard let service = plan.service(named: metrics.service), state.services[service.name] != nil else {
                    continue
                }
                // Folded in place: adding to a copy of the run would copy the window's latency
                // histograms even when no other state (a stored snapshot) shares them.
                state.services[service.name]?.fold(metrics, transactionSafety: service.options.transactionSafety)
                judgeWindow(of: service, sample: metrics)
            }
        default:
            return
        }
    }

    private mutating func judgeWindow(of service: PlanService, sample: ServiceMetrics) {
        guard var run = state.services[service.name] else { return }
        let judged: Bool
        switch run.stage {
        case .stepping, .complete: judged = true
        default: judged = false
        }
        if judged {
            let (judgement, warnings) = judge(evidence(of: service, run))
            run.judgement = judgement
            for warning in warnings where run.warned.insert(warning).inserted {
                emit(.warning, service: service.name, detail: warning)
            }
            state.services[service.name] = run
            if case .violated(let action, let reason) = judgement {
                react(to: action, of: service.name, reason: reason.text)
            }
        } else if case .rollingBack = run.stage {
            validateLegacy(of: service, sample: sample)
        }
    }

    /// What a violation does: roll back (automatic), or hold the service for a human.
    private mutating func react(to action: ViolationAction, of service: String, reason: String) {
        switch action {
        case .immediateRollback:
            rollback(.service, mode: .immediate, service: service, reason: reason, actor: "controller")
        case .gracefulRollback:
            rollback(.service, mode: .graceful, service: service, reason: reason, actor: "controller")
        case .pause:
            hold(service, because: "paused for a manual decision: \(reason)")
        }
    }

    mutating func hold(_ service: String, because reason: String) {
        guard var run = state.services[service] else { return }
        if case .held = run.stage { return }
        run.stage = .held(reason)
        state.services[service] = run
        emit(.paused, service: service, detail: reason)
    }

    /// The thresholds of `service`: its tier's, with its overrides.
    /// What the current window of `service` is judged on, or `nil` for a service of no plan tier.
    public func windowEvidence(of service: String) -> WindowEvidence? {
        guard let planned = plan.service(named: service), let run = state.services[service] else { return nil }
        return evidence(of: planned, run)
    }

    private func evidence(of service: PlanService, _ run: ServiceRun) -> WindowEvidence {
        WindowEvidence(
            service: service, window: run.window, baseline: state.baselines[service.name],
            expectedCandidateShare: run.rollout / 100, thresholds: thresholds(of: service)
        )
    }

    /// The thresholds `service` is judged against: its tier's with its own overrides.
    public func thresholds(of service: PlanService) -> Thresholds {
        service.thresholds.applied(to: plan.tier(named: service.tier)?.thresholds ?? Thresholds())
    }

    /// Starts a fresh window for the service's current step.
    mutating func resetWindow(of service: String) {
        guard var run = state.services[service] else { return }
        run.windowStart = state.now
        run.extensions = 0
        run.window = ServiceMetrics(service: service, legacy: CohortMetrics(), candidate: CohortMetrics())
        run.judgement = .noSamplesYet
        run.warned = []
        state.services[service] = run
    }
}

private extension ServiceRun {
    /// Adds `sample` to the current window. A candidate call of a transaction-safe service
    /// without dual write leaves legacy's data stale.
    mutating func fold(_ sample: ServiceMetrics, transactionSafety: Bool) {
        window.add(sample)
        if sample.candidate.calls > 0, transactionSafety, !dualWrite {
            legacyStale = true
        }
    }
}
