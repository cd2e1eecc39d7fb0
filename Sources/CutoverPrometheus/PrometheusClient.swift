import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Instant queries against a Prometheus server's HTTP API (`POST /api/v1/query`).
public struct PrometheusClient: Sendable {
    /// The server's base URL, without a trailing slash.
    public let baseURL: String
    /// How long one query may take.
    public let timeout: Duration
    private let client: HTTPClient

    /// The largest response read; an instant vector of one service's buckets is a few KiB.
    static let maximumResponseBytes = 4 << 20

    /// A client of the server at `baseURL` (e.g. `http://127.0.0.1:9090`).
    public init(baseURL: String, timeout: Duration = .seconds(5), client: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.client = client
    }

    /// Evaluates `query` at `time`.
    public func query(_ query: String, at time: Date) async throws(PrometheusError) -> PrometheusResult {
        var request = HTTPClientRequest(url: baseURL + "/api/v1/query")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let form = [("query", query), ("time", String(format: "%.3f", time.timeIntervalSince1970))]
        request.body = .bytes(ByteBuffer(string: Self.formEncoded(form)))
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .init(timeout))
            status = response.status.code
            body = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            throw Self.transportError(error)
        }
        return try PrometheusResult.parse(Data(body.readableBytesView), httpStatus: status)
    }

    /// A failure to exchange the request, as a query error: a timeout, or the server unreachable.
    private static func transportError(_ error: any Error) -> PrometheusError {
        if let error = error as? HTTPClientError,
           [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            return PrometheusError(.timeout, "no answer in time (\(error))", underlying: error)
        }
        return PrometheusError(.unreachable, "\(error)", underlying: error)
    }

    /// `application/x-www-form-urlencoded` text of `fields`.
    static func formEncoded(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
