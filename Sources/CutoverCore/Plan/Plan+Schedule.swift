extension Plan {
    /// The rollout percentages `service` steps through: its own, or else its tier's.
    public func steps(of service: PlanService) -> [Double] {
        service.steps ?? tier(named: service.tier)?.steps ?? []
    }

    /// The steps of `service` that wait for a human approval before they start: every step
    /// after the first when the service requires manual approval, and every step at or above
    /// its tier's `approvalFrom`.
    public func approvalSteps(of service: PlanService) -> [Double] {
        let from = tier(named: service.tier)?.approvalFrom
        return steps(of: service).enumerated().filter { index, step in
            (service.options.manualApprovalRequired && index > 0) || from.map { step >= $0 } == true
        }.map(\.element)
    }

    /// The services of `phase` in dependency order: a service comes after every service of
    /// the phase it depends on; otherwise the phase's own order is kept.
    public func services(in phase: Phase) -> [PlanService] {
        var remaining = phase.services.compactMap { service(named: $0) }
        var ordered: [PlanService] = []
        while !remaining.isEmpty {
            let names = Set(remaining.map(\.name))
            let next = remaining.firstIndex { !$0.dependsOn.contains(where: names.contains) } ?? 0
            ordered.append(remaining.remove(at: next))
        }
        return ordered
    }

    /// How long `service` takes at least: one monitoring interval per step.
    public func minimumDuration(of service: PlanService) -> Duration {
        (tier(named: service.tier)?.monitoringInterval ?? .zero) * steps(of: service).count
    }

    /// The longest chain of dependent services inside `phase` (they run one after another;
    /// independent services run side by side), and its minimum duration.
    ///
    /// Services of earlier phases are complete before the phase starts, so they add nothing.
    public func criticalPath(of phase: Phase) -> (services: [PlanService], duration: Duration) {
        var best: [String: (services: [PlanService], duration: Duration)] = [:]
        var longest: (services: [PlanService], duration: Duration) = ([], .zero)
        for service in services(in: phase) {
            let before = service.dependsOn.compactMap { best[$0] }.max { $0.duration < $1.duration }
            let chain = ((before?.services ?? []) + [service], (before?.duration ?? .zero) + minimumDuration(of: service))
            best[service.name] = chain
            if chain.1 > longest.duration { longest = chain }
        }
        return longest
    }

    /// The least time `phase` can take: its critical path plus the checkpoint soak.
    ///
    /// Assumes every window is healthy and conclusive at its first try, approvals come at
    /// once and promotion windows are always open; real runs take longer.
    public func minimumDuration(of phase: Phase) -> Duration {
        criticalPath(of: phase).duration + phase.checkpoint.soak
    }
}
