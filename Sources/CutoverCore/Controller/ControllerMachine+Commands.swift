extension ControllerMachine {
    /// Carries out an operator command; commands that do not apply change nothing.
    mutating func perform(_ command: ControllerCommand, actor: String) {
        switch command {
        case .pause:
            guard !state.paused else { return }
            state.paused = true
            emit(.paused, actor: actor, detail: "traffic increases paused")
        case .resume:
            resume(actor: actor)
        case .approve(let service, let comment):
            approve(service, comment: comment, actor: actor)
        case .reject(let service, let comment):
            guard let service, isAwaitingApproval(service) else { return }
            emit(.rejected, service: service, actor: actor, detail: comment)
            rollback(.service, mode: .graceful, service: service, reason: "approval rejected: \(comment)", actor: actor)
        case .rollback(let scope, let mode, let service, let reason):
            rollback(scope, mode: mode, service: service, reason: reason, actor: actor)
        case .skipStep(let service):
            guard let plan = plan.service(named: service), case .stepping(let step)? = state.services[service]?.stage else { return }
            emit(.stepSkipped, service: service, actor: actor, detail: "window of \(format(steps(of: plan)[step]))% ended early")
            promote(plan, from: step, evidence: "step skipped by \(actor)")
        case .promoteFully(let service):
            guard let plan = plan.service(named: service), let run = state.services[service], run.stage != .complete,
                  run.stage != .pending else { return }
            emit(.promotedFully, service: service, actor: actor, detail: "promoted from \(format(run.rollout))% to 100%")
            complete(plan, evidence: "promoted fully by \(actor)")
        case .acknowledgeReconciled(let service):
            guard state.services[service]?.legacyStale == true else { return }
            update(service) { $0.legacyStale = false }
            emit(.resumed, service: service, actor: actor, detail: "legacy's data reconciled; rollbacks allowed again")
        }
    }

    private mutating func resume(actor: String) {
        if state.paused {
            state.paused = false
            emit(.resumed, actor: actor, detail: "traffic increases resumed")
        }
        for service in plan.services {
            guard case .held? = state.services[service.name]?.stage, state.services[service.name]?.legacyStale == false else {
                continue
            }
            let step = steps(of: service).firstIndex { $0 >= (state.services[service.name]?.rollout ?? 0) } ?? 0
            emit(.resumed, service: service.name, actor: actor, detail: "resumed at step \(format(steps(of: service)[step]))%")
            requestStep(service, step: step)
        }
    }

    private mutating func approve(_ service: String?, comment: String, actor: String) {
        guard let service else {
            guard state.checkpointAwaitingApproval else { return }
            emit(.approved, actor: actor, detail: "checkpoint: \(comment)")
            passCheckpoint(actor: actor)
            return
        }
        guard let plan = plan.service(named: service), case .awaitingApproval(let step)? = state.services[service]?.stage else {
            return
        }
        emit(.approved, service: service, actor: actor, detail: "\(format(steps(of: plan)[step]))%: \(comment)")
        if state.paused || !promotionAllowed(plan) {
            update(service) { $0.stage = .awaitingWindow(step: step) }
        } else {
            openStep(plan, step: step)
        }
    }

    private func isAwaitingApproval(_ service: String) -> Bool {
        if case .awaitingApproval? = state.services[service]?.stage { return true }
        return false
    }
}
