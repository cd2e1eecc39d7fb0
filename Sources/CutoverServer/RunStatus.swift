import CutoverCore
import CutoverStore
import Foundation

/// A run as the API and the dashboard show it: its stage, phase and every service.
public struct RunStatus: Encodable, Sendable {
    public struct PhaseStatus: Encodable, Sendable {
        public var index: Int
        public var count: Int
        public var name: String?
        public var title: String?
        public var checkpointAwaitingApproval: Bool
        public var soakRemaining: Double?
    }

    public var run: String
    public var plan: String
    public var stage: String
    public var paused: Bool
    public var revision: UInt64
    public var flagVersion: UInt64
    public var now: Double
    public var timeScale: Double
    public var phase: PhaseStatus
    public var services: [ServiceStatus]

    /// The status of `machine`'s run at `revision`, with each service's last recorded verdict
    /// and its checks as `analyzer` (the controller's) computes them.
    init(
        run: String, machine: ControllerMachine, revision: UInt64, timeScale: Double, verdicts: [VerdictRecord],
        analyzer: HealthAnalyzer
    ) {
        let state = machine.state
        let plan = machine.plan
        self.run = run
        self.plan = plan.name
        self.stage = switch state.stage {
        case .created: "created"
        case .preflight: "preflight"
        case .running: "running"
        case .completed: "completed"
        case .failed: "failed"
        case .rolledBack: "rolled_back"
        }
        self.paused = state.paused
        self.revision = revision
        self.flagVersion = state.flagVersion
        self.now = state.now.seconds
        self.timeScale = timeScale
        let phase = plan.phases.indices.contains(state.phaseIndex) ? plan.phases[state.phaseIndex] : nil
        self.phase = PhaseStatus(
            index: state.phaseIndex, count: plan.phases.count, name: phase?.name, title: phase?.description,
            checkpointAwaitingApproval: state.checkpointAwaitingApproval,
            soakRemaining: state.phaseSoakStart.flatMap { start in
                phase.map { max(0, (start + $0.checkpoint.soak - state.now).seconds) }
            }
        )
        var lastVerdicts: [String: VerdictRecord] = [:]
        for verdict in verdicts { lastVerdicts[verdict.service] = verdict }
        self.services = plan.phases.flatMap { phase in
            phase.services.compactMap { name in
                plan.service(named: name).map {
                    ServiceStatus(
                        service: $0, phase: phase.name, machine: machine, lastVerdict: lastVerdicts[name], analyzer: analyzer
                    )
                }
            }
        }
    }
}

/// One service of a run: stage, step, window, health against every threshold.
public struct ServiceStatus: Encodable, Sendable {
    public struct Judged: Encodable, Sendable {
        public var status: String
        public var summary: String
    }

    public struct Check: Encodable, Sendable {
        public struct Threshold: Encodable, Sendable {
            public var direction: String
            public var value: Double
        }

        public var check: String
        public var status: String
        public var observed: Double?
        public var threshold: Threshold
        public var lower: Double?
        public var upper: Double?
        public var action: String
    }

    public struct PerCohort: Encodable, Sendable {
        public var legacy: UInt64
        public var candidate: UInt64
    }

    public struct LastVerdict: Encodable, Sendable {
        public var status: String
        public var summary: String
        public var at: Double
    }

    public var name: String
    public var tier: String
    public var phase: String
    public var dependsOn: [String]
    public var stage: String
    public var stageDetail: String?
    public var step: Int?
    public var steps: [Double]
    public var rollout: Double
    public var killSwitch: Bool
    public var dualWrite: Bool
    public var windowStart: Double?
    public var windowLength: Double?
    public var windowRemaining: Double?
    public var pendingGate: Bool
    public var judgement: Judged
    public var checks: [Check]
    public var calls: PerCohort
    public var errors: PerCohort
    public var rollbacks: Int
    public var stepsPassed: Int
    public var lastVerdict: LastVerdict?

    init(service: PlanService, phase: String, machine: ControllerMachine, lastVerdict: VerdictRecord?, analyzer: HealthAnalyzer) {
        let run = machine.state.services[service.name] ?? ServiceRun()
        let tier = machine.plan.tier(named: service.tier)
        name = service.name
        self.tier = service.tier
        self.phase = phase
        dependsOn = service.dependsOn
        steps = machine.plan.steps(of: service)
        rollout = run.rollout
        killSwitch = run.killSwitch
        dualWrite = run.dualWrite
        rollbacks = run.rollbacks
        stepsPassed = run.stepsPassed
        (stage, stageDetail, step) = Self.describe(run.stage)
        pendingGate = stage == "awaiting_approval"
        if stage == "stepping", let tier {
            let length = tier.monitoringInterval * (run.extensions + 1)
            windowStart = run.windowStart.seconds
            windowLength = length.seconds
            windowRemaining = max(0, (run.windowStart + length - machine.state.now).seconds)
        }
        judgement = Judged(status: Self.status(of: run.judgement), summary: run.judgement.summary)
        calls = PerCohort(legacy: run.window.legacy.calls, candidate: run.window.candidate.calls)
        errors = PerCohort(legacy: run.window.legacy.errors, candidate: run.window.candidate.errors)
        checks = machine.windowEvidence(of: service.name).map { evidence in
            analyzer.verdict(on: evidence).checks.map(Check.init)
        } ?? []
        self.lastVerdict = lastVerdict.map {
            LastVerdict(status: Self.status(of: $0.judgement), summary: $0.judgement.summary, at: $0.at.seconds)
        }
    }

    /// The stage's name, its detail (a held service's reason, a rollback's mode) and its step.
    private static func describe(_ stage: ServiceRun.Stage) -> (String, String?, Int?) {
        switch stage {
        case .stepping(let step), .awaitingApproval(let step), .awaitingWindow(let step): (status(of: stage), nil, step)
        case .rollingBack(let mode): (status(of: stage), mode.rawValue, nil)
        case .held(let reason): (status(of: stage), reason, nil)
        case .pending, .complete, .rolledBack: (status(of: stage), nil, nil)
        }
    }

    static func status(of judgement: Judgement) -> String {
        switch judgement {
        case .healthy: "healthy"
        case .inconclusive: "inconclusive"
        case .violated: "violated"
        }
    }
}

extension ServiceStatus.Check {
    init(_ result: CheckResult) {
        check = result.check.description
        status = switch result.status {
        case .passed: result.isWarning ? "warning" : "pass"
        case .inconclusive: result.isWarning ? "warning" : "inconclusive"
        case .violated: "violated"
        }
        // JSON has no infinity: an unbounded side of an interval is absent.
        observed = result.observed.flatMap(\.finite)
        threshold = Threshold(direction: result.threshold.direction.rawValue, value: result.threshold.value)
        lower = result.interval?.lower.finite
        upper = result.interval?.upper.finite
        action = result.action.rawValue
    }
}

extension Double {
    /// The value when it is finite, else `nil`.
    var finite: Double? {
        isFinite ? self : nil
    }
}
