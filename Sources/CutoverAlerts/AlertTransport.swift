import AsyncHTTPClient
import CutoverStore
import Foundation
import NIOCore
import NIOHTTP1

/// Sends alert requests: over HTTP in production, anything in a test.
public protocol AlertTransport: Sendable {
    /// Posts `request`, giving up after `timeout`; throws an ``AlertDeliveryError`` saying
    /// whether a later attempt can help.
    func send(_ request: AlertRequest, timeout: Duration) async throws(AlertDeliveryError)
}

/// Posts alerts with AsyncHTTPClient: a 2xx is a delivery; 408, 429, 5xx, timeouts and
/// connection failures are worth another attempt; any other status is a refusal.
public struct HTTPAlertTransport: AlertTransport {
    private let client: HTTPClient

    /// A transport over `client` (the shared client by default).
    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func send(_ request: AlertRequest, timeout: Duration) async throws(AlertDeliveryError) {
        var http = HTTPClientRequest(url: request.url)
        http.method = .POST
        for header in request.headers {
            http.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        if !http.headers.contains(name: "Content-Type") {
            http.headers.add(name: "Content-Type", value: "application/json")
        }
        http.headers.add(name: "User-Agent", value: "cutover")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let status: UInt
        let body: String
        do {
            let response = try await client.execute(http, timeout: .nanoseconds(timeout.storedNanoseconds))
            status = response.status.code
            let bytes = try await response.body.collect(upTo: 64 * 1024)
            body = String(buffer: bytes)
        } catch {
            throw AlertDeliveryError(.unavailable, Self.describe(error, timeout: timeout, hiding: request.allSecrets))
        }
        guard !(200..<300).contains(status) else { return }
        let excerpt = Self.redact(String(body.prefix(200)), hiding: request.allSecrets)
        let message = "HTTP \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        let transient = status >= 500 || status == 408 || status == 429
        throw AlertDeliveryError(transient ? .unavailable : .rejected, message)
    }

    /// A failure in words without the request's secrets.
    static func describe(_ error: any Error, timeout: Duration, hiding secrets: [String]) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return "no answer within \(timeout)"
        }
        return redact("could not deliver: \(error)", hiding: secrets)
    }

    /// `text` with every secret of four or more characters replaced by `<secret>`.
    static func redact(_ text: String, hiding secrets: [String]) -> String {
        secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<secret>") }
    }
}
