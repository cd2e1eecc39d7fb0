import Foundation

extension ControllerMachine {
    /// Moves everything time or state allows: starts ready services, ends windows, opens
    /// steps, steps graceful rollbacks down, switches dual write off, passes checkpoints.
    mutating func advance() {
        guard state.stage == .running else { return }
        for service in plan.services {
            advance(service)
        }
        advancePhase()
    }

    private mutating func advance(_ service: PlanService) {
        guard let run = state.services[service.name] else { return }
        switch run.stage {
        case .pending:
            if isReady(service) { begin(service) }
        case .stepping(let step):
            endWindowIfDue(service, step: step)
        case .awaitingApproval(let step):
            if state.now - run.windowStart >= configuration.approvalTimeout {
                hold(service.name, because: "approval for \(steps(of: service)[step])% timed out")
            }
        case .awaitingWindow(let step):
            if !state.paused, promotionAllowed(service) { openStep(service, step: step) }
        case .complete:
            if let tier = plan.tier(named: service.tier), state.now - run.windowStart >= tier.monitoringInterval {
                resetWindow(of: service.name)
            }
            if let off = run.dualWriteOffAt, state.now >= off, run.dualWrite {
                update(service.name) { $0.dualWrite = false; $0.dualWriteOffAt = nil }
                emit(.dualWriteDisabled, service: service.name, detail: "dual write off after the completion soak")
                flagsChanged = true
            }
        case .rollingBack(.graceful):
            stepGracefulRollback(service)
        case .rollingBack(.immediate), .rolledBack, .held:
            break
        }
    }

    /// A pending service starts when its phase is current and every dependency is complete.
    private func isReady(_ service: PlanService) -> Bool {
        guard let phase = plan.phases.firstIndex(where: { $0.services.contains(service.name) }),
              phase == state.phaseIndex else { return false }
        return service.dependsOn.allSatisfy { state.services[$0]?.stage == .complete }
    }

    private mutating func begin(_ service: PlanService) {
        if service.options.statePreservation, state.services[service.name]?.backedUp == false {
            pendingActions.append(.backupState(service: service.name))
            update(service.name) { $0.backedUp = true }
            emit(.stateBackedUp, service: service.name, detail: "state backed up before the first change")
        }
        if service.options.dualWrite {
            update(service.name) { $0.dualWrite = true }
            emit(.dualWriteEnabled, service: service.name, detail: "dual write on before any traffic moves")
            flagsChanged = true
        }
        requestStep(service, step: 0)
    }

    /// Step `step` starts now, or waits for an approval or the promotion window.
    mutating func requestStep(_ service: PlanService, step: Int) {
        let percent = steps(of: service)[step]
        if needsApproval(service, step: step) {
            let now = state.now
            update(service.name) { $0.stage = .awaitingApproval(step: step); $0.windowStart = now }
            emit(.approvalRequested, service: service.name, detail: "approval needed to move to \(format(percent))%")
        } else if state.paused || !promotionAllowed(service) {
            update(service.name) { $0.stage = .awaitingWindow(step: step) }
            emit(.waitingForWindow, service: service.name, detail: "\(format(percent))% waits for the promotion window")
        } else {
            openStep(service, step: step)
        }
    }

    mutating func openStep(_ service: PlanService, step: Int) {
        let percent = steps(of: service)[step]
        update(service.name) { $0.stage = .stepping(step: step); $0.rollout = percent }
        resetWindow(of: service.name)
        let tier = plan.tier(named: service.tier)
        emit(.stepStarted, service: service.name, detail: "rollout \(format(percent))% for \(tier.map { describe($0.monitoringInterval) } ?? "?")")
        flagsChanged = true
    }

    private func needsApproval(_ service: PlanService, step: Int) -> Bool {
        if service.options.manualApprovalRequired, step > 0 { return true }
        guard let from = plan.tier(named: service.tier)?.approvalFrom else { return false }
        return steps(of: service)[step] >= from
    }

    private mutating func endWindowIfDue(_ service: PlanService, step: Int) {
        guard let run = state.services[service.name], let tier = plan.tier(named: service.tier),
              state.now - run.windowStart >= tier.monitoringInterval * (run.extensions + 1) else { return }
        switch run.judgement {
        case .healthy(let summary):
            update(service.name) { $0.stepsPassed += 1 }
            promote(service, from: step, evidence: summary.text)
        case .inconclusive(let summary):
            if run.extensions < configuration.maximumExtensions {
                update(service.name) { $0.extensions += 1 }
                emit(.windowExtended, service: service.name, detail: "not enough evidence yet (\(summary)); window extended")
            } else {
                hold(service.name, because: "no conclusive data after \(run.extensions) extensions: \(summary)")
            }
        case .violated:
            break
        }
    }

    mutating func promote(_ service: PlanService, from step: Int, evidence: String) {
        let all = steps(of: service)
        if step + 1 < all.count {
            emit(.promoted, service: service.name, detail: "\(format(all[step]))% → \(format(all[step + 1]))%: \(evidence)")
            requestStep(service, step: step + 1)
        } else {
            complete(service, evidence: evidence)
        }
    }

    mutating func complete(_ service: PlanService, evidence: String) {
        let now = state.now
        update(service.name) { run in
            run.stage = .complete
            run.rollout = 100
            run.completedAt = now
            if run.dualWrite { run.dualWriteOffAt = now + service.options.dualWriteSoak }
        }
        emit(.serviceCompleted, service: service.name, detail: "100% with a clean final window: \(evidence)")
        resetWindow(of: service.name)
        flagsChanged = true
    }

    /// Passes the phase checkpoint once every service completed and soaked; ends the run.
    private mutating func advancePhase() {
        let phase = plan.phases[state.phaseIndex]
        let runs = phase.services.compactMap { state.services[$0] }
        if runs.allSatisfy({ $0.stage == .complete }) {
            let soakStart = state.phaseSoakStart ?? runs.compactMap(\.completedAt).max() ?? state.now
            state.phaseSoakStart = soakStart
            guard state.now - soakStart >= phase.checkpoint.soak else { return }
            if phase.checkpoint.requiresApproval {
                if !state.checkpointAwaitingApproval {
                    state.checkpointAwaitingApproval = true
                    emit(.approvalRequested, detail: "checkpoint of \(phase.name) needs approval")
                }
                return
            }
            passCheckpoint(actor: "controller")
        } else if runs.allSatisfy({ $0.stage == .complete || $0.stage == .rolledBack }) {
            state.stage = .rolledBack
            emit(.runCompleted, detail: "stopped after a rollback in \(phase.name)")
        }
    }

    mutating func passCheckpoint(actor: String) {
        let phase = plan.phases[state.phaseIndex]
        state.checkpointAwaitingApproval = false
        emit(.checkpointPassed, actor: actor, detail: "\(phase.name): every service complete and healthy over \(describe(phase.checkpoint.soak))")
        emit(.phaseCompleted, detail: phase.name)
        if state.phaseIndex + 1 < plan.phases.count {
            startPhase(state.phaseIndex + 1)
            advance()
        } else {
            state.stage = .completed
            emit(.runCompleted, detail: "every service migrated")
        }
    }

    /// Whether traffic may increase for `service` now (its phase's promotion window).
    func promotionAllowed(_ service: PlanService) -> Bool {
        guard let phase = plan.phases.first(where: { $0.services.contains(service.name) }),
              let name = phase.promotionWindow,
              let window = plan.promotionWindows.first(where: { $0.name == name }) else { return true }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: plan.timeZone) ?? .gmt
        let date = configuration.startDate.addingTimeInterval(Double(state.now.components.seconds))
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let isoWeekday = ((parts.weekday ?? 1) + 5) % 7 + 1
        return window.contains(weekday: isoWeekday, minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    func steps(of service: PlanService) -> [Double] {
        service.steps ?? plan.tier(named: service.tier)?.steps ?? [100]
    }

    mutating func update(_ service: String, _ body: (inout ServiceRun) -> Void) {
        guard var run = state.services[service] else { return }
        body(&run)
        state.services[service] = run
    }

    func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }

    func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
