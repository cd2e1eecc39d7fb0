import Hummingbird

/// One route of the API: method, path (in the OpenAPI document's `{parameter}` form), who may
/// call it, and its handler. The router is built from ``API/routes``, and a test checks that
/// list against `docs/openapi.yaml` both ways.
struct APIRoute: Sendable {
    typealias Handler = @Sendable (Request, APIContext, TokenIdentity?) async throws -> Response

    var method: HTTPRequest.Method
    var path: String
    var access: Access
    /// Whether the token may come as the `access_token` query parameter (event streams, which
    /// browsers open without headers).
    var tokenInQuery = false
    var handler: Handler

    /// The path in Hummingbird's `:parameter` form.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }
}
