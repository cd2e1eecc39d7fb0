import CutoverCore
import CutoverStore
import Foundation
import Hummingbird

/// Reading runs: status, services, events, rollouts, approvals, verdicts.
extension API {
    private struct RunSummary: Encodable {
        var id: String
        var plan: String
        var createdAt: Date
        var active: Bool
    }

    @Sendable func listRuns(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let runs = try await store.runs().map {
            RunSummary(id: $0.id, plan: $0.planName, createdAt: $0.createdAt, active: $0.id == host?.runID)
        }
        return try JSON.response(["runs": runs])
    }

    @Sendable func showRun(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        try JSON.response(try await status(of: context.parameters.require("run")))
    }

    @Sendable func listServices(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        try JSON.response(["services": try await status(of: context.parameters.require("run")).services])
    }

    @Sendable func showService(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let name = try context.parameters.require("service")
        let status = try await status(of: context.parameters.require("run"))
        guard let service = status.services.first(where: { $0.name == name }) else {
            throw APIError.notFound("run \(status.run) has no service '\(name)'", field: "service")
        }
        return try JSON.response(service)
    }

    /// An event as the API shows it.
    struct EventBody: Encodable {
        var sequence: UInt64
        var type: String
        var service: String?
        var at: Double
        var actor: String
        var detail: String
        var rollbackID: String?

        init(_ stored: StoredEvent) {
            sequence = stored.sequence
            type = stored.event.kind.rawValue
            service = stored.event.service
            at = stored.event.at.seconds
            actor = stored.event.actor
            detail = stored.event.detail
            rollbackID = stored.event.rollbackID
        }
    }

    private struct EventPage: Encodable {
        var events: [EventBody]
        var next: UInt64
    }

    @Sendable func listEvents(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let query = request.uri.queryParameters
        let after = try Self.integer(query, "after", default: 0, in: 0...UInt64(Int64.max))
        let limit = try Self.integer(query, "limit", default: 100, in: 1...1000)
        let events = try await store.events(of: run.id, after: after, limit: Int(limit)).map(EventBody.init)
        return try JSON.response(EventPage(events: events, next: events.last?.sequence ?? after))
    }

    @Sendable func listRollouts(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let points = run.id == host?.runID ? host?.rolloutPoints ?? [] : []
        return try JSON.response(["points": points])
    }

    private struct ApprovalBody: Encodable {
        var service: String?
        var decision: String
        var actor: String
        var comment: String
        var evidence: String
        var at: Double

    }

    @Sendable func listApprovals(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let approvals = try await store.approvals(of: run.id).map {
            ApprovalBody(
                service: $0.service, decision: $0.decision == .approved ? "approve" : "reject", actor: $0.actor,
                comment: $0.comment, evidence: $0.evidence, at: $0.at.seconds
            )
        }
        return try JSON.response(["approvals": approvals])
    }

    private struct VerdictBody: Encodable {
        var service: String
        var status: String
        var summary: String
        var rollout: Double
        var at: Double
    }

    @Sendable func listVerdicts(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let query = request.uri.queryParameters
        let limit = try Self.integer(query, "limit", default: 100, in: 1...1000)
        let service = query.get("service")
        let verdicts = try await store.verdicts(of: run.id, service: service, limit: Int(limit)).map {
            VerdictBody(
                service: $0.service, status: ServiceStatus.status(of: $0.judgement), summary: $0.judgement.summary,
                rollout: $0.rollout, at: $0.at.seconds
            )
        }
        return try JSON.response(["verdicts": verdicts])
    }

    // MARK: - Helpers

    /// The run named by the path, or 404.
    func existingRun(_ context: APIContext) async throws -> RunRecord {
        let id = try context.parameters.require("run")
        guard let run = try await store.run(id: id) else { throw APIError.notFound("no run '\(id)'", field: "run") }
        return run
    }

    /// The status of run `id`: live from the host when it drives it, else from its stored state.
    func status(of id: String) async throws -> RunStatus {
        if let host, host.runID == id { return try await host.status() }
        guard let run = try await store.run(id: id) else { throw APIError.notFound("no run '\(id)'", field: "run") }
        let plan: Plan
        do {
            plan = try PlanParser.parse(run.planSource)
        } catch {
            throw APIError(.conflict, code: "conflict", "run '\(id)' has a plan this server cannot read: \(error)")
        }
        let stored = try await store.loadState(of: id)
        let analyzer = HealthAnalyzer()
        let machine = ControllerMachine(plan: plan, state: stored?.state ?? ControllerState(), judge: analyzer.judge)
        let verdicts = try await store.verdicts(of: id, service: nil, limit: 500)
        return RunStatus(
            run: id, machine: machine, revision: stored?.revision ?? 0, timeScale: 1, verdicts: verdicts, analyzer: analyzer
        )
    }

    /// The integer query parameter `name`, `fallback` when absent; 400 when it is not a whole
    /// number in `range`.
    static func integer(
        _ query: Parameters, _ name: String, default fallback: UInt64, in range: ClosedRange<UInt64>
    ) throws -> UInt64 {
        guard let text = query.get(name) else { return fallback }
        guard let value = UInt64(text), range.contains(value) else {
            throw APIError.invalid(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
