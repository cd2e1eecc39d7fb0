extension ControllerMachine {
    /// Starts a rollback of `scope` (around `service`), unless data safety forbids an automatic
    /// one. A rollback that covers no service that moved changes nothing.
    mutating func rollback(_ scope: RollbackScope, mode: RollbackMode, service: String?, reason: String, actor: String) {
        let targets = rollbackTargets(scope, around: service)
        let moved = targets.filter { name in
            guard let run = state.services[name] else { return false }
            switch run.stage {
            case .pending, .rolledBack, .rollingBack: return false
            default: return true
            }
        }
        guard !moved.isEmpty else { return }
        if actor == "controller", let stale = moved.first(where: { state.services[$0]?.legacyStale == true }) {
            emit(.rollbackRefused, service: stale, detail: """
                automatic \(mode.rawValue) rollback refused: \(stale) took writes on the candidate while dual write \
                was off, so legacy is stale. Reconcile legacy's data, acknowledge it, then roll back. Reason: \(reason)
                """)
            for name in moved { hold(name, because: "rollback refused until legacy's data is reconciled") }
            return
        }
        state.rollbackCount += 1
        let id = "rollback_\(service ?? scope.rawValue)_\(state.rollbackCount)"
        emit(.rollbackInitiated, service: service, actor: actor, detail: """
            scope \(scope.rawValue), mode \(mode.rawValue), services \(moved.joined(separator: ", ")): \(reason)
            """, rollbackID: id)
        for name in targets where !moved.contains(name) && state.services[name]?.stage == .pending {
            update(name) { $0.stage = .rolledBack; $0.rollbackID = id }
        }
        let now = state.now
        for name in moved {
            update(name) { run in
                run.stage = .rollingBack(mode)
                run.rollbackID = id
                run.rollbackStart = now
                run.rollbackFrom = run.rollout
                run.rollbacks += 1
                run.validationSamples = 0
                if mode == .immediate {
                    run.rollout = 0
                    run.killSwitch = true
                }
            }
            if mode == .immediate { finishTrafficShift(name) }
        }
        flagsChanged = true
    }

    /// Services a rollback covers, dependents first (reverse dependency order).
    func rollbackTargets(_ scope: RollbackScope, around service: String?) -> [String] {
        let names: Set<String>
        switch scope {
        case .complete:
            names = Set(plan.services.map(\.name))
        case .phase:
            names = Set(plan.phases[state.phaseIndex].services)
        case .service:
            var found: Set<String> = service.map { [$0] } ?? []
            var changed = true
            while changed {
                changed = false
                for candidate in plan.services where !found.contains(candidate.name) {
                    if candidate.dependsOn.contains(where: found.contains) {
                        found.insert(candidate.name)
                        changed = true
                    }
                }
            }
            names = found
        }
        return dependencyOrder().reversed().filter(names.contains)
    }

    /// Every service, each after the services it depends on.
    func dependencyOrder() -> [String] {
        var ordered: [String] = []
        var placed: Set<String> = []
        while ordered.count < plan.services.count {
            let before = ordered.count
            for service in plan.services where !placed.contains(service.name) {
                if service.dependsOn.allSatisfy(placed.contains) {
                    ordered.append(service.name)
                    placed.insert(service.name)
                }
            }
            if ordered.count == before { break }
        }
        return ordered
    }

    /// Graceful rollbacks step the rollout down evenly over the graceful duration.
    mutating func stepGracefulRollback(_ service: PlanService) {
        guard let run = state.services[service.name], run.rollout > 0 else { return }
        let stepLength = configuration.gracefulDuration / configuration.gracefulSteps
        let stepsDone = Int((state.now - run.rollbackStart) / stepLength)
        let remaining = max(configuration.gracefulSteps - stepsDone, 0)
        let target = run.rollbackFrom * Double(remaining) / Double(configuration.gracefulSteps)
        guard target < run.rollout else { return }
        update(service.name) { $0.rollout = target }
        emit(.rollbackStep, service: service.name, detail: "rollout \(format(target))%", rollbackID: run.rollbackID)
        flagsChanged = true
        if target == 0 { finishTrafficShift(service.name) }
    }

    /// Traffic is on legacy: restore backed-up state; legacy's health is validated on the next samples.
    private mutating func finishTrafficShift(_ service: String) {
        guard let plan = plan.service(named: service), let run = state.services[service] else { return }
        if plan.options.statePreservation, run.backedUp {
            pendingActions.append(.restoreState(service: service))
            emit(.stateRestored, service: service, detail: "state restored from the pre-migration backup", rollbackID: run.rollbackID)
        }
    }

    /// After a rollback, legacy must serve healthily before the rollback counts as completed.
    mutating func validateLegacy(of service: PlanService, sample: ServiceMetrics) {
        guard let run = state.services[service.name], run.rollout == 0 else { return }
        let limit = thresholds(of: service).errorRate
        if sample.legacy.calls > 0 {
            let rate = sample.legacy.errorRate ?? 0
            let duration = state.now - run.rollbackStart
            if rate <= limit {
                update(service.name) { $0.stage = .rolledBack }
                emit(.rollbackCompleted, service: service.name, detail: """
                    traffic on legacy after \(describe(duration)); legacy error rate \(percent(rate)) over \(sample.legacy.calls) calls
                    """, rollbackID: run.rollbackID)
            } else {
                update(service.name) { $0.stage = .rolledBack }
                emit(.rollbackFailed, service: service.name, detail: """
                    legacy is unhealthy too: error rate \(percent(rate)) over \(sample.legacy.calls) calls (limit \(percent(limit)))
                    """, rollbackID: run.rollbackID)
            }
            return
        }
        update(service.name) { $0.validationSamples += 1 }
        if run.validationSamples + 1 >= configuration.legacyValidationSamples {
            update(service.name) { $0.stage = .rolledBack }
            emit(.rollbackFailed, service: service.name, detail: "no legacy traffic to validate the rollback with", rollbackID: run.rollbackID)
        }
    }
}
