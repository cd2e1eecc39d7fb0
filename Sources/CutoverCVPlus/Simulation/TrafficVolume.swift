import CutoverCore

/// How much of the traffic generator's traffic a simulation replays.
///
/// A plan's smallest steps decide how much traffic a rehearsal needs: the CVPlus plan's 1 %
/// steps with two-hour windows need all of the example's 5 requests/s for their candidate
/// cohort to reach the analysis' minimum of calls. At 100 %, or in a day-long checkpoint soak,
/// the same rate gives each window a hundred times what the analysis needs. ``sized(requestsPerWindow:)``
/// thins the traffic to what the windows being judged need, and never adds any: every request
/// it replays is a real request through the router, the app and the analysis, but a rehearsal
/// reports fewer of them.
public enum TrafficVolume: Hashable, Sendable {
    /// Every request the generator draws.
    case full
    /// In each sample interval, enough requests that every window being judged gets
    /// `requestsPerWindow` requests in its smaller cohort over its monitoring interval: the
    /// steps of stepping services, and the completed services of the current phase (whose
    /// checkpoint soak judges them). All of the generator's while a service rolls back, and
    /// during preflight (whose baseline later judges services at 100 %).
    case sized(requestsPerWindow: Int)

    /// One and a half times the analysis' minimum of candidate calls per window: the
    /// candidates a request reaches only on a cache miss (about 98 % of requests) still get
    /// their minimum, with ten standard deviations of Poisson variation to spare.
    public static let standard = TrafficVolume.sized(
        requestsPerWindow: 3 * Int(HealthAnalyzer.Configuration().minimumCandidateCalls) / 2
    )

    /// `full` or `sized`, as `cutover simulate --traffic` names it.
    public var name: String {
        switch self {
        case .full: "full"
        case .sized: "sized"
        }
    }

    /// The share (`0 ... 1`) of a traffic of `rate` requests/s that `state` needs now.
    func scale(for state: ControllerState, of plan: Plan, rate: Double) -> Double {
        guard case .sized(let requestsPerWindow) = self, state.stage != .preflight, rate > 0 else { return 1 }
        let phase = plan.phases.indices.contains(state.phaseIndex) ? plan.phases[state.phaseIndex].services : []
        var needed = 0.0
        for service in plan.services {
            guard let run = state.services[service.name], let tier = plan.tier(named: service.tier) else { continue }
            let share: Double
            switch run.stage {
            case .rollingBack: return 1
            case .stepping: share = run.rollout < 100 ? min(run.rollout, 100 - run.rollout) / 100 : 1
            case .complete where phase.contains(service.name): share = 1
            default: continue
            }
            let window = Double(tier.monitoringInterval.components.seconds)
            guard share > 0, window > 0 else { return 1 }
            needed = max(needed, Double(requestsPerWindow) / (share * window))
        }
        return needed > 0 ? min(needed / rate, 1) : 1
    }
}
