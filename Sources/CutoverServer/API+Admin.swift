import CutoverCore
import CutoverStore
import Foundation
import Hummingbird

/// Plans and tokens.
extension API {
    /// A plan revision; with its source only where one plan is shown.
    private struct PlanBody: Encodable {
        var name: String
        var revision: Int
        var savedAt: Date
        var source: String?

        init(_ record: PlanRecord, withSource: Bool) {
            (name, revision, savedAt) = (record.name, record.revision, record.savedAt)
            source = withSource ? record.source : nil
        }
    }

    @Sendable func listPlans(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let plans = try await store.plans().map { PlanBody($0, withSource: false) }
        return try JSON.response(["plans": plans])
    }

    @Sendable func showPlan(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let plan = try await store.plan(named: name) else { throw APIError.notFound("no plan '\(name)'", field: "name") }
        return try JSON.response(PlanBody(plan, withSource: true))
    }

    /// Saves a plan's YAML as its next revision after validating it: 422 lists every problem
    /// with its line and column.
    @Sendable func savePlan(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        guard ["application/yaml", "application/x-yaml", "text/yaml"].contains(where: contentType.hasPrefix) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", "the body must be a plan in YAML (application/yaml)")
        }
        guard let source = String(data: try await JSON.body(of: request), encoding: .utf8) else {
            throw APIError(.badRequest, code: "invalid_plan", "the plan is not UTF-8 text")
        }
        let plan: Plan
        do {
            plan = try PlanParser.parse(source)
        } catch {
            var rejected = APIError(.unprocessableContent, code: "invalid_plan", "the plan has \(error.problems.count) problem(s)")
            rejected.problems = error.problems.map {
                .init(line: $0.position?.line ?? 0, column: $0.position?.column ?? 0, message: $0.message)
            }
            throw rejected
        }
        let saved = try await store.savePlan(name: plan.name, source: source)
        return try JSON.response(PlanBody(saved, withSource: false), status: .created)
    }

    private struct TokenSummary: Encodable {
        var id: String
        var name: String
        var role: String
        var createdAt: Date
        var revokedAt: Date?
    }

    private struct TokenRequest: Decodable {
        var role: Role
        var name: String
    }

    private struct TokenCreated: Encodable {
        var id: String
        var name: String
        var role: String
        var token: String
    }

    @Sendable func listTokens(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let tokens = try await store.tokens().map {
            TokenSummary(id: $0.id, name: $0.name, role: $0.role, createdAt: $0.createdAt, revokedAt: $0.revokedAt)
        }
        return try JSON.response(["tokens": tokens])
    }

    @Sendable func createToken(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let body = try await JSON.decode(TokenRequest.self, from: request, context: context, allowing: ["role", "name"])
        guard (1...128).contains(body.name.unicodeScalars.count) else { throw APIError.invalid("name", "name must be 1 to 128 characters") }
        let (record, secret) = try await tokens.create(role: body.role, name: body.name)
        return try JSON.response(TokenCreated(id: record.id, name: record.name, role: record.role, token: secret), status: .created)
    }

    @Sendable func revokeToken(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await tokens.revoke(id: id) else { throw APIError.notFound("no live token '\(id)'", field: "id") }
        return Response(status: .noContent)
    }
}
