import CutoverCore
import Foundation
import Hummingbird
import HummingbirdTesting

/// A stand-in for Prometheus' HTTP API at the edge of the tests: `POST /api/v1/query` answers
/// what ``answer`` says for the query, and every query is recorded with its `time`.
struct FakePrometheus: Sendable {
    /// The HTTP status and JSON body for a query.
    typealias Answer = @Sendable (_ query: String) async -> (status: HTTPResponse.Status, body: String)

    /// Every query received, with its `time` parameter, in arrival order.
    let received = Locked<[(query: String, time: String)]>([])
    let answer: Answer

    init(answer: @escaping Answer) {
        self.answer = answer
    }

    /// Serves on a free loopback port while `body` runs with the server's base URL.
    func serve<T: Sendable>(_ body: @escaping @Sendable (_ url: String) async throws -> T) async throws -> T {
        let router = Router()
        let received = self.received, answer = self.answer
        router.post("/api/v1/query") { request, _ -> Response in
            let form = Self.form(String(buffer: try await request.body.collect(upTo: 1 << 20)))
            let query = form["query"] ?? ""
            received.withLock { $0.append((query, form["time"] ?? "")) }
            let (status, text) = await answer(query)
            return Response(
                status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text))
            )
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await application.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)")
        }
    }

    private static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    /// A successful vector answer of `elements` (labels, value).
    static func vector(_ elements: [([String: String], String)]) -> (status: HTTPResponse.Status, body: String) {
        let items = elements.map { labels, value in
            let metric = labels.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",")
            return #"{"metric":{\#(metric)},"value":[1700000000.5,"\#(value)"]}"#
        }
        return (.ok, #"{"status":"success","data":{"resultType":"vector","result":[\#(items.joined(separator: ","))]}}"#)
    }

    /// A Prometheus error answer.
    static func error(_ type: String, _ message: String, status: HTTPResponse.Status = .badRequest) -> (status: HTTPResponse.Status, body: String) {
        (status, #"{"status":"error","errorType":"\#(type)","error":"\#(message)"}"#)
    }
}
