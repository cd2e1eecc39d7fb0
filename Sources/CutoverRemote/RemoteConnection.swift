import AsyncHTTPClient
import Foundation
import NIOHTTP1

/// Where the Cutover server is and how to authenticate to it.
public struct RemoteConnection: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public var serverURL: String
    /// A bearer token with role `sdk`.
    public var token: String

    /// A connection to `serverURL` with `token`.
    public init(serverURL: String, token: String) {
        self.serverURL = serverURL.hasSuffix("/") ? String(serverURL.dropLast()) : serverURL
        self.token = token
    }

    /// A request for `path` with the token and `Accept` set.
    func request(_ path: String, method: HTTPMethod = .GET, accept: String = "application/json") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: serverURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: accept)
        return request
    }
}

/// The server answered with a status the client cannot use.
public struct RemoteStatusError: Error, CustomStringConvertible {
    /// The status.
    public var status: UInt
    /// The start of the body, for the log.
    public var body: String

    public var description: String { "server answered \(status): \(body)" }

    /// Whether trying again later can help (server errors, throttling, timeouts).
    public var isTransient: Bool {
        status >= 500 || status == 429 || status == 408
    }
}
