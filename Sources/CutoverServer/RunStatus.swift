import CutoverCore
import CutoverStore
import Foundation

/// A run as the API and the dashboard show it: its stage, phase and every service.
struct RunStatus: Encodable, Sendable {
    struct PhaseStatus: Encodable, Sendable {
        var index: Int
        var count: Int
        var name: String?
        var title: String?
        var checkpointAwaitingApproval: Bool
        var soakRemaining: Double?
    }

    var run: String
    var plan: String
    var stage: String
    var paused: Bool
    var revision: UInt64
    var flagVersion: UInt64
    var now: Double
    var timeScale: Double
    var phase: PhaseStatus
    var services: [ServiceStatus]

    /// The status of `machine`'s run at `revision`, with each service's last recorded verdict.
    init(run: String, machine: ControllerMachine, revision: UInt64, timeScale: Double, verdicts: [VerdictRecord]) {
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
                    ServiceStatus(service: $0, phase: phase.name, machine: machine, lastVerdict: lastVerdicts[name])
                }
            }
        }
    }
}

/// One service of a run: stage, step, window, health against every threshold.
struct ServiceStatus: Encodable, Sendable {
    struct Judged: Encodable, Sendable {
        var status: String
        var summary: String
    }

    struct Check: Encodable, Sendable {
        struct Threshold: Encodable, Sendable {
            var direction: String
            var value: Double
        }

        var check: String
        var status: String
        var observed: Double?
        var threshold: Threshold
        var lower: Double?
        var upper: Double?
        var action: String
    }

    struct PerCohort: Encodable, Sendable {
        var legacy: UInt64
        var candidate: UInt64
    }

    struct LastVerdict: Encodable, Sendable {
        var status: String
        var summary: String
        var at: Double
    }

    var name: String
    var tier: String
    var phase: String
    var dependsOn: [String]
    var stage: String
    var stageDetail: String?
    var step: Int?
    var steps: [Double]
    var rollout: Double
    var killSwitch: Bool
    var dualWrite: Bool
    var windowStart: Double?
    var windowLength: Double?
    var windowRemaining: Double?
    var pendingGate: Bool
    var judgement: Judged
    var checks: [Check]
    var calls: PerCohort
    var errors: PerCohort
    var rollbacks: Int
    var stepsPassed: Int
    var lastVerdict: LastVerdict?

    init(service: PlanService, phase: String, machine: ControllerMachine, lastVerdict: VerdictRecord?) {
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
            HealthAnalyzer().verdict(on: evidence).checks.map(Check.init)
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
        observed = result.observed
        threshold = Threshold(direction: result.threshold.direction.rawValue, value: result.threshold.value)
        lower = result.interval?.lower
        upper = result.interval?.upper
        action = result.action.rawValue
    }
}
