import CutoverCore
import CutoverStore
import Foundation
import Hummingbird
import Logging

/// The HTTP API under `/v1`, the dashboard at `/` and Prometheus' `/metrics`.
struct API: Sendable {
    let store: any MigrationStore
    let host: RunHost?
    let publisher: FlagPublisher
    let tokens: TokenAuthority
    let exporter: PrometheusExporter
    let heartbeat: Duration

    /// Every route the server answers.
    var routes: [APIRoute] {
        [
            APIRoute(method: .get, path: "/", access: .open, handler: dashboard),
            APIRoute(method: .get, path: "/metrics", access: .open, handler: metrics),
            APIRoute(method: .get, path: "/v1/health", access: .open, handler: health),
            APIRoute(method: .get, path: "/v1/openapi.yaml", access: .open, handler: openAPI),
            APIRoute(method: .get, path: "/v1/plans", access: .role(.viewer), handler: listPlans),
            APIRoute(method: .post, path: "/v1/plans", access: .role(.admin), handler: savePlan),
            APIRoute(method: .get, path: "/v1/plans/{name}", access: .role(.viewer), handler: showPlan),
            APIRoute(method: .get, path: "/v1/runs", access: .role(.viewer), handler: listRuns),
            APIRoute(method: .get, path: "/v1/runs/{run}", access: .role(.viewer), handler: showRun),
            APIRoute(method: .get, path: "/v1/runs/{run}/services", access: .role(.viewer), handler: listServices),
            APIRoute(method: .get, path: "/v1/runs/{run}/services/{service}", access: .role(.viewer), handler: showService),
            APIRoute(method: .get, path: "/v1/runs/{run}/events", access: .role(.viewer), handler: listEvents),
            APIRoute(method: .get, path: "/v1/runs/{run}/stream", access: .role(.viewer), tokenInQuery: true, handler: streamRun),
            APIRoute(method: .get, path: "/v1/runs/{run}/rollouts", access: .role(.viewer), handler: listRollouts),
            APIRoute(method: .get, path: "/v1/runs/{run}/approvals", access: .role(.viewer), handler: listApprovals),
            APIRoute(method: .post, path: "/v1/runs/{run}/approvals", access: .role(.operator), handler: decideGate),
            APIRoute(method: .get, path: "/v1/runs/{run}/verdicts", access: .role(.viewer), handler: listVerdicts),
            APIRoute(method: .get, path: "/v1/runs/{run}/alerts", access: .role(.viewer), handler: listAlerts),
            APIRoute(
                method: .post, path: "/v1/runs/{run}/alerts/{sequence}/{route}/retry", access: .role(.operator),
                handler: retryAlert
            ),
            APIRoute(method: .post, path: "/v1/runs/{run}/rollback", access: .role(.operator), handler: rollback),
            APIRoute(method: .post, path: "/v1/runs/{run}/pause", access: .role(.operator), handler: pause),
            APIRoute(method: .post, path: "/v1/runs/{run}/resume", access: .role(.operator), handler: resume),
            APIRoute(method: .get, path: "/v1/flags", access: .flags, handler: flags),
            APIRoute(method: .get, path: "/v1/flags/stream", access: .flags, tokenInQuery: true, handler: streamFlags),
            APIRoute(method: .post, path: "/v1/metrics", access: .role(.sdk), handler: ingestMetrics),
            APIRoute(method: .get, path: "/v1/tokens", access: .role(.admin), handler: listTokens),
            APIRoute(method: .post, path: "/v1/tokens", access: .role(.admin), handler: createToken),
            APIRoute(method: .delete, path: "/v1/tokens/{id}", access: .role(.admin), handler: revokeToken),
        ]
    }

    /// A router answering ``routes``, with JSON errors for everything, unknown routes included.
    func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: JSONErrorMiddleware(routes: routes.map { ($0.method, $0.path) }))
        router.add(middleware: exporter.requestCounter)
        for route in routes {
            let authenticated = authenticate(route)
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                try await authenticated(request, context)
            }
        }
        return router
    }

    /// The route's handler behind its access check.
    private func authenticate(_ route: APIRoute) -> @Sendable (Request, APIContext) async throws -> Response {
        let tokens = self.tokens
        return { request, context in
            if case .open = route.access { return try await route.handler(request, context, nil) }
            guard let secret = Self.secret(of: request, inQuery: route.tokenInQuery) else {
                throw APIError(.unauthorized, code: "unauthorized", "a bearer token is required")
            }
            guard let identity = try await tokens.identify(secret) else {
                throw APIError(.unauthorized, code: "unauthorized", "the token is unknown or revoked")
            }
            guard route.access.allows(identity.role) else {
                throw APIError(.forbidden, code: "forbidden", "a token with role \(identity.role.rawValue) may not do this")
            }
            return try await route.handler(request, context, identity)
        }
    }

    /// The bearer token of `request`: its `Authorization` header, or its `access_token`
    /// query parameter where allowed.
    static func secret(of request: Request, inQuery: Bool) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        return inQuery ? request.uri.queryParameters.get("access_token") : nil
    }

    // MARK: - Open routes

    @Sendable func health(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        try JSON.response(["status": "ok"])
    }

    @Sendable func dashboard(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try Assets.dashboard()))
        )
    }

    @Sendable func openAPI(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try Assets.openAPI()))
        )
    }

    @Sendable func metrics(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: await exporter.exposition(host: host, publisher: publisher)))
        )
    }
}

/// Turns every error into the API's JSON error body: framework errors (unknown route, wrong
/// method, oversized body) by their status, anything else as a 500 that says nothing more.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = APIContext

    /// Every route's method and path template, to tell a wrong method (405) from an unknown path (404).
    let routes: [(method: HTTPRequest.Method, path: String)]

    func handle(_ request: Request, context: APIContext, next: @concurrent (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError where error.status == .notFound && answersOtherMethods(request.uri.path) {
            throw APIError.from(HTTPError(.methodNotAllowed))
        } catch let error as HTTPError {
            throw APIError.from(error)
        } catch let error as StoreError where error.code.isTransient {
            throw APIError(.serviceUnavailable, code: "unavailable", "the store is unavailable; retry later")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw APIError(.internalServerError, code: "internal", "the server failed to answer; see its log")
        }
    }

    /// Whether some route has this path with another method.
    private func answersOtherMethods(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.contains { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }
}
