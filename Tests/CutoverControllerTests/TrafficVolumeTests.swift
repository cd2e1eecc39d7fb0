import CutoverCore
import Testing

@testable import CutoverCVPlus

/// Two phases over the CVPlus services, 10-minute windows.
private let twoPhasePlanYAML = """
    name: two-phases
    timeZone: UTC
    tiers:
      - name: FAST
        steps: [25, 50, 100]
        monitoringInterval: 10m
        sampleInterval: 30s
    services:
      - name: cv-analyzer
        flag: cv-analyzer-package-enabled
        tier: FAST
      - name: improvement-orchestrator
        flag: improvement-orchestrator-package-enabled
        tier: FAST
    phases:
      - name: first
        services: [cv-analyzer]
      - name: second
        services: [improvement-orchestrator]
    """

@Suite("Simulation traffic volume")
struct TrafficVolumeTests {
    let plan: Plan
    let sized = TrafficVolume.sized(requestsPerWindow: 300)

    init() throws {
        plan = try PlanParser.parse(twoPhasePlanYAML)
    }

    func state(phase: Int, _ runs: [String: (ServiceRun.Stage, Double)]) -> ControllerState {
        var state = ControllerState()
        state.stage = .running
        state.phaseIndex = phase
        for (name, (stage, rollout)) in runs {
            var run = ServiceRun()
            run.stage = stage
            run.rollout = rollout
            state.services[name] = run
        }
        return state
    }

    @Test("a stepping service gets its requests per window in its smaller cohort, never more than all traffic")
    func steppingShare() {
        // 300 requests in 10 minutes at a 25 % share: 2 requests/s of 10.
        let quarter = state(phase: 0, ["cv-analyzer": (.stepping(step: 0), 25)])
        #expect(abs(sized.scale(for: quarter, of: plan, rate: 10) - 0.2) < 1e-9)
        // At 75 % the legacy quarter is the smaller cohort: the same need.
        let threeQuarters = state(phase: 0, ["cv-analyzer": (.stepping(step: 1), 75)])
        #expect(abs(sized.scale(for: threeQuarters, of: plan, rate: 10) - 0.2) < 1e-9)
        // At 100 % the whole traffic is the candidate's: 0.5 requests/s.
        let whole = state(phase: 0, ["cv-analyzer": (.stepping(step: 2), 100)])
        #expect(abs(sized.scale(for: whole, of: plan, rate: 10) - 0.05) < 1e-9)
        // A traffic too thin for the need is replayed whole, not inflated.
        #expect(sized.scale(for: quarter, of: plan, rate: 1) == 1)
    }

    @Test("the neediest window decides; completed services of earlier phases do not count")
    func neediestWindow() {
        let both = state(phase: 1, [
            "cv-analyzer": (.complete, 100), "improvement-orchestrator": (.stepping(step: 0), 25),
        ])
        #expect(abs(sized.scale(for: both, of: plan, rate: 10) - 0.2) < 1e-9)
        let soak = state(phase: 1, ["cv-analyzer": (.complete, 100), "improvement-orchestrator": (.complete, 100)])
        #expect(abs(sized.scale(for: soak, of: plan, rate: 10) - 0.05) < 1e-9)
        let earlierOnly = state(phase: 1, ["cv-analyzer": (.complete, 100), "improvement-orchestrator": (.pending, 0)])
        #expect(sized.scale(for: earlierOnly, of: plan, rate: 10) == 1, "nothing sized for: all traffic")
    }

    @Test("preflight, a rollback and full volume replay every request")
    func wholeTraffic() {
        var preflight = state(phase: 0, [:])
        preflight.stage = .preflight
        #expect(sized.scale(for: preflight, of: plan, rate: 10) == 1)
        let rollingBack = state(phase: 0, ["cv-analyzer": (.rollingBack(.graceful), 40)])
        #expect(sized.scale(for: rollingBack, of: plan, rate: 10) == 1)
        let quarter = state(phase: 0, ["cv-analyzer": (.stepping(step: 0), 25)])
        #expect(TrafficVolume.full.scale(for: quarter, of: plan, rate: 10) == 1)
    }

    @Test("a thinned stream keeps its share of the requests, deterministically")
    func thinnedStream() {
        var configuration = TrafficGenerator.Configuration()
        configuration.userCount = 200
        configuration.baseRate = 4
        let traffic = TrafficGenerator(configuration: configuration)
        let all = traffic.requests(from: .zero, to: .seconds(6 * 3600))
        let quarter = traffic.requests(from: .zero, to: .seconds(6 * 3600), scale: 0.25)
        #expect(all == traffic.requests(from: .zero, to: .seconds(6 * 3600), scale: 1))
        #expect(quarter == traffic.requests(from: .zero, to: .seconds(6 * 3600), scale: 0.25))
        let share = Double(quarter.count) / Double(all.count)
        #expect(abs(share - 0.25) < 0.02, "share \(share)")
        #expect(traffic.requests(from: .zero, to: .seconds(3600), scale: 0).isEmpty)
    }
}
