import CutoverCore
import CutoverStore
import Foundation
import Hummingbird

/// Operators' commands: approvals, rollbacks, pause and resume. Each is checked against the
/// run's state first, so a replayed or stale command is a 409 and changes nothing, and each
/// records the token's name as its actor.
extension API {
    private struct Decision: Decodable {
        enum Kind: String, Decodable { case approve, reject }
        var service: String?
        var decision: Kind
        var comment: String?
    }

    private struct RollbackRequest: Decodable {
        var service: String?
        var scope: RollbackScope?
        var mode: RollbackMode?
        var reason: String
    }

    private struct PauseRequest: Decodable {
        var reason: String?
    }

    private struct Accepted: Encodable {
        var revision: UInt64
    }

    @Sendable func decideGate(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let host = try await activeHost(context)
        let body = try await JSON.decode(Decision.self, from: request, context: context, allowing: ["service", "decision", "comment"])
        let state = await host.snapshot().machine.state
        if let service = body.service {
            let run = try Self.service(service, of: host, in: state)
            guard case .awaitingApproval = run.stage else {
                throw APIError.conflict("\(service) has no gate waiting for a decision", field: "service")
            }
        } else if !state.checkpointAwaitingApproval {
            throw APIError.conflict("the phase checkpoint is not waiting for a decision", field: "service")
        }
        let comment = body.comment ?? ""
        let command: ControllerCommand = body.decision == .approve
            ? .approve(service: body.service, comment: comment) : .reject(service: body.service, comment: comment)
        return try await accepted(host.perform(command, actor: Self.actor(identity)))
    }

    @Sendable func rollback(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let host = try await activeHost(context)
        let body = try await JSON.decode(
            RollbackRequest.self, from: request, context: context, allowing: ["service", "scope", "mode", "reason"]
        )
        let scope = body.scope ?? .service
        guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.invalid("reason", "reason must not be empty")
        }
        let state = await host.snapshot().machine.state
        if let service = body.service {
            let run = try Self.service(service, of: host, in: state)
            switch run.stage {
            case .pending, .rolledBack, .rollingBack:
                throw APIError.conflict("\(service) has no traffic to roll back (\(ServiceStatus.status(of: run.stage)))", field: "service")
            default: break
            }
        } else if scope == .service {
            throw APIError.missing("service")
        }
        guard state.stage == .running else { throw APIError.conflict("the run is not running") }
        let command = ControllerCommand.rollback(scope, mode: body.mode ?? .immediate, service: body.service, reason: body.reason)
        return try await accepted(host.perform(command, actor: Self.actor(identity)))
    }

    @Sendable func pause(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let host = try await activeHost(context)
        if request.headers[.contentLength].flatMap(Int.init) ?? 0 > 0 || request.headers[.contentType] != nil {
            _ = try await JSON.decode(PauseRequest.self, from: request, context: context, allowing: ["reason"])
        }
        let state = await host.snapshot().machine.state
        guard state.stage == .running else { throw APIError.conflict("the run is not running") }
        guard !state.paused else { throw APIError.conflict("the run is paused already") }
        return try await accepted(host.perform(.pause, actor: Self.actor(identity)))
    }

    @Sendable func resume(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let host = try await activeHost(context)
        let state = await host.snapshot().machine.state
        guard state.paused else { throw APIError.conflict("the run is not paused") }
        return try await accepted(host.perform(.resume, actor: Self.actor(identity)))
    }

    // MARK: - Helpers

    /// The host of the run named by the path: 404 for an unknown run, 409 for one this server does not drive.
    private func activeHost(_ context: APIContext) async throws -> RunHost {
        let run = try await existingRun(context)
        guard let host, host.runID == run.id else {
            throw APIError.conflict("run '\(run.id)' is not driven by this server", field: "run")
        }
        return host
    }

    /// The state of `service` in the run, or 404 for a service the plan does not have.
    private static func service(_ name: String, of host: RunHost, in state: ControllerState) throws -> ServiceRun {
        guard host.plan.service(named: name) != nil, let run = state.services[name] else {
            throw APIError.notFound("the plan has no service '\(name)'", field: "service")
        }
        return run
    }

    static func actor(_ identity: TokenIdentity?) -> String {
        identity?.actor ?? "anonymous"
    }

    private func accepted(_ revision: UInt64) throws -> Response {
        try JSON.response(Accepted(revision: revision), status: .accepted)
    }
}

extension ServiceStatus {
    /// The API's name of a service stage.
    static func status(of stage: ServiceRun.Stage) -> String {
        switch stage {
        case .pending: "pending"
        case .stepping: "stepping"
        case .awaitingApproval: "awaiting_approval"
        case .awaitingWindow: "awaiting_window"
        case .complete: "complete"
        case .rollingBack: "rolling_back"
        case .rolledBack: "rolled_back"
        case .held: "held"
        }
    }
}
