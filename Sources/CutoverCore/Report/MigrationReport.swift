import Foundation

/// The spec's Success Criteria judged with numbers, per service and for the plan.
public struct MigrationReport: Codable, Sendable {
    /// One criterion's verdict.
    public struct Criterion: Codable, Sendable, Hashable {
        /// The criterion, e.g. `zeroDowntime`.
        public var name: String
        /// Whether it is met.
        public var met: Bool
        /// The numbers behind the verdict.
        public var evidence: String
    }

    /// One service's figures and verdicts.
    public struct ServiceReport: Codable, Sendable {
        public var service: String
        public var stage: String
        public var rollout: Double
        public var stepsPassed: Int
        public var rollbacks: Int
        /// Errors users saw on the candidate path (the migration's own downtime).
        public var userFacingErrors: UInt64
        /// Candidate errors that fallback absorbed.
        public var absorbedByFallback: UInt64
        public var legacyCalls: UInt64
        public var candidateCalls: UInt64
        public var legacyP95Milliseconds: Double?
        public var candidateP95Milliseconds: Double?
        public var criteria: [Criterion]
    }

    /// One rollback with its reason and evidence.
    public struct Rollback: Codable, Sendable, Hashable {
        public var id: String
        public var service: String?
        public var initiated: String
        public var outcome: String
        /// Seconds since the run started.
        public var at: Double
    }

    public var services: [ServiceReport]
    public var rollbacks: [Rollback]
    /// The plan-wide criteria (each met when met for every service).
    public var criteria: [Criterion]

    /// Builds the report from the run's cumulative metrics, its final state and its events.
    public init(totals: MetricsWindow, state: ControllerState, events: [MigrationEvent], plan: Plan) {
        let services = plan.services.map { service in
            let metrics = totals[service.name] ?? ServiceMetrics(service: service.name, legacy: CohortMetrics(), candidate: CohortMetrics())
            return Self.report(service.name, metrics, run: state.services[service.name] ?? ServiceRun())
        }
        self.services = services
        rollbacks = Self.rollbacks(in: events)
        let names = services.first?.criteria.map(\.name) ?? []
        criteria = names.map { name in
            let all = services.compactMap { $0.criteria.first { $0.name == name } }
            let failing = all.filter { !$0.met }.count
            return Criterion(name: name, met: failing == 0, evidence: failing == 0 ? "met by every service" : "\(failing) services miss it")
        }
    }

    private static func report(_ name: String, _ metrics: ServiceMetrics, run: ServiceRun) -> ServiceReport {
        let legacy = metrics.legacy
        let candidate = metrics.candidate
        let legacyP95 = legacy.calls > 0 ? Double(legacy.latency.valueAtPercentile(95)) / 1e6 : nil
        let candidateP95 = candidate.calls > 0 ? Double(candidate.latency.valueAtPercentile(95)) / 1e6 : nil
        var criteria: [Criterion] = []
        criteria.append(Criterion(
            name: "zeroDowntime", met: candidate.userFacingErrors == 0,
            evidence: "\(candidate.userFacingErrors) user-facing errors on the candidate path; \(candidate.fallbacks) candidate errors absorbed by fallback"
        ))
        if let legacyP95, let candidateP95, legacyP95 > 0 {
            let ratio = candidateP95 / legacyP95
            criteria.append(Criterion(
                name: "performanceParity", met: ratio <= 1.1,
                evidence: String(format: "p95 %.1f ms vs legacy %.1f ms (×%.2f)", candidateP95, legacyP95, ratio)
            ))
        } else {
            criteria.append(Criterion(name: "performanceParity", met: candidate.calls == 0, evidence: "no candidate latency measured"))
        }
        criteria.append(Criterion(
            name: "dataIntegrity", met: candidate.integrityFailures == 0 && legacy.divergences + candidate.divergences == 0,
            evidence: "\(candidate.integrityFailures) integrity failures, \(legacy.divergences + candidate.divergences) divergent writes"
        ))
        let agreement = candidate.shadowCalls == 0 ? nil : 1 - Double(candidate.shadowMismatches) / Double(candidate.shadowCalls)
        criteria.append(Criterion(
            name: "featureCompatibility", met: (agreement ?? 1) == 1,
            evidence: agreement.map { String(format: "%.3f%% shadow agreement over %d shadow calls", $0 * 100, candidate.shadowCalls) }
                ?? "no shadow calls"
        ))
        let outcomes = candidate.outcomeSuccesses + candidate.outcomeFailures
        let success = outcomes == 0 ? nil : Double(candidate.outcomeSuccesses) / Double(outcomes)
        criteria.append(Criterion(
            name: "reliability", met: (success ?? 1) >= 0.999,
            evidence: success.map { String(format: "%.3f%% of candidate user tasks succeeded", $0 * 100) } ?? "no user outcomes on the candidate"
        ))
        let legacyCost = legacy.calls == 0 ? nil : Double(legacy.costUnits) / Double(legacy.calls)
        let candidateCost = candidate.calls == 0 ? nil : Double(candidate.costUnits) / Double(candidate.calls)
        criteria.append(Criterion(
            name: "costOptimization", met: (candidateCost ?? 0) <= (legacyCost ?? .infinity),
            evidence: String(format: "%.2f cost units per call vs legacy %.2f", candidateCost ?? 0, legacyCost ?? 0)
        ))
        return ServiceReport(
            service: name, stage: describe(run.stage), rollout: run.rollout, stepsPassed: run.stepsPassed, rollbacks: run.rollbacks,
            userFacingErrors: candidate.userFacingErrors, absorbedByFallback: candidate.fallbacks,
            legacyCalls: legacy.calls, candidateCalls: candidate.calls,
            legacyP95Milliseconds: legacyP95, candidateP95Milliseconds: candidateP95, criteria: criteria
        )
    }

    private static func rollbacks(in events: [MigrationEvent]) -> [Rollback] {
        let initiated = events.filter { $0.kind == .rollbackInitiated }
        return initiated.map { start in
            let ends = events.filter { $0.rollbackID == start.rollbackID && ($0.kind == .rollbackCompleted || $0.kind == .rollbackFailed) }
            let outcome = ends.map { "\($0.service ?? "-") \($0.kind == .rollbackCompleted ? "completed" : "failed"): \($0.detail)" }
            return Rollback(
                id: start.rollbackID ?? "-", service: start.service, initiated: start.detail,
                outcome: outcome.isEmpty ? "in progress" : outcome.joined(separator: "; "), at: start.at.seconds
            )
        }
    }

    /// A service stage as a short word: `pending`, `step 2`, `complete`, `rolled back`, …
    public static func describe(_ stage: ServiceRun.Stage) -> String {
        switch stage {
        case .pending: "pending"
        case .stepping(let step): "step \(step + 1)"
        case .awaitingApproval(let step): "awaiting approval (step \(step + 1))"
        case .awaitingWindow(let step): "awaiting window (step \(step + 1))"
        case .complete: "complete"
        case .rollingBack(let mode): "rolling back (\(mode.rawValue))"
        case .rolledBack: "rolled back"
        case .held(let reason): "held: \(reason)"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
