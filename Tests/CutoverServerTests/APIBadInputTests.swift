import CutoverCore
import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API bad input: clear 4xx, no state change")
struct APIBadInputTests {
    @Test("oversized bodies, wrong content types, invalid JSON, unknown and missing fields")
    func malformedBodies() async throws {
        let fixture = try await ServerFixture()
        let revisionBefore = try await fixture.host.status().revision
        try await fixture.application.test(.router) { client in
            let rollback = "/v1/runs/run-1/rollback"
            let big = ByteBuffer(string: #"{"reason":""# + String(repeating: "x", count: 2 << 20) + #""}"#)
            let cases: [(HTTPFields, ByteBuffer, HTTPResponse.Status, String, String?)] = [
                (jsonType, big, .contentTooLarge, "payload_too_large", nil),
                ([.contentType: "text/plain"], json(#"{"reason":"x"}"#), .unsupportedMediaType, "unsupported_media_type", nil),
                (jsonType, json("{not json"), .badRequest, "invalid_json", nil),
                (jsonType, json("[1, 2]"), .badRequest, "invalid_json", nil),
                (jsonType, json(#"{"service":"cv-analyzer","reason":"r","force":true}"#), .badRequest, "invalid_field", "force"),
                (jsonType, json(#"{"service":"cv-analyzer"}"#), .badRequest, "missing_field", "reason"),
                (jsonType, json(#"{"service":"cv-analyzer","reason":"r","mode":"sideways"}"#), .badRequest, "invalid_field", "mode"),
                (jsonType, json(#"{"service":"cv-analyzer","reason":"  "}"#), .badRequest, "invalid_field", "reason"),
                (jsonType, json(#"{"reason":"r"}"#), .badRequest, "missing_field", "service"),
                (jsonType, json(#"{"service":"no-such-service","reason":"r"}"#), .notFound, "not_found", "service"),
            ]
            for (headers, body, status, code, field) in cases {
                try await client.execute(uri: rollback, method: .post, headers: fixture.headers(.operator, headers), body: body) { response in
                    #expect(response.status == status, "\(code) \(field ?? "")")
                    #expect(response.apiError?.code == code)
                    if let field { #expect(response.apiError?.field == field) }
                }
            }
        }
        #expect(try await fixture.host.status().revision == revisionBefore)
        #expect(await fixture.store.events(of: "run-1", after: 0, limit: 100).isEmpty)
    }

    @Test("unknown routes, runs and services, bad query parameters, wrong methods")
    func unknownThings() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            let cases: [(HTTPRequest.Method, String, HTTPResponse.Status, String)] = [
                (.get, "/v1/nothing-here", .notFound, "not_found"),
                (.get, "/v1/runs/no-such-run", .notFound, "not_found"),
                (.get, "/v1/runs/run-1/services/no-such-service", .notFound, "not_found"),
                (.get, "/v1/plans/none", .notFound, "not_found"),
                (.get, "/v1/runs/run-1/events?limit=0", .badRequest, "invalid_field"),
                (.get, "/v1/runs/run-1/events?after=-3", .badRequest, "invalid_field"),
                (.get, "/v1/runs/run-1/events?limit=abc", .badRequest, "invalid_field"),
                (.put, "/v1/runs", .methodNotAllowed, "method_not_allowed"),
            ]
            for (method, path, status, code) in cases {
                try await client.execute(uri: path, method: method, headers: fixture.headers(.admin)) { response in
                    #expect(response.status == status, "\(method) \(path)")
                    #expect(response.apiError?.code == code, "\(method) \(path)")
                    #expect(response.headers[.contentType] == "application/json")
                }
            }
        }
    }

    @Test("a plan with problems is refused with each problem's line and column, and nothing is saved")
    func invalidPlan() async throws {
        let fixture = try await ServerFixture()
        struct Refusal: Decodable {
            struct Detail: Decodable { var code: String; var problems: [Problem] }
            struct Problem: Decodable { var line: Int; var column: Int; var message: String }
            var error: Detail
        }
        let broken = "name: broken\ntimeZone: UTC\ntiers:\n  - name: LOW\n    steps: [10, 500]\nservices: []\nphases: []\n"
        try await fixture.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/plans", method: .post, headers: fixture.headers(.admin, [.contentType: "application/yaml"]),
                body: ByteBuffer(string: broken)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let refusal = try response.decoded(Refusal.self)
                #expect(refusal.error.code == "invalid_plan")
                #expect(!refusal.error.problems.isEmpty)
                #expect(refusal.error.problems.contains { $0.line == 5 })
            }
            try await client.execute(
                uri: "/v1/plans", method: .post, headers: fixture.headers(.admin, [.contentType: "application/yaml"]),
                body: ByteBuffer(string: serverPlanYAML)
            ) { #expect($0.status == .created) }
        }
        #expect(await fixture.store.plans().map(\.name) == ["server-test"])
    }

    @Test("metrics batches with unknown services, empty instances or absurd counts are refused and count nothing")
    func badMetrics() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            let bodies = [
                #"{"instance":"","sequence":1,"window":{"services":[]}}"#,
                #"{"instance":"a","sequence":0,"window":{"services":[]}}"#,
                #"{"instance":"a","sequence":1,"window":{"services":[{"service":"nope","legacy":{},"candidate":{}}]}}"#,
                #"{"instance":"a","sequence":1,"window":{"services":[{"service":"cv-analyzer","legacy":{"calls":18446744073709551615},"candidate":{}}]}}"#,
                #"{"instance":"a","sequence":1,"window":{"services":[{"service":"cv-analyzer","legacy":{"latencyMin":1,"latencyMax":2,"latencyBuckets":[1,18446744073709551615,2,18446744073709551615]},"candidate":{}}]}}"#,
            ]
            for body in bodies {
                try await client.execute(uri: "/v1/metrics", method: .post, headers: fixture.headers(.sdk, jsonType), body: json(body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                }
            }
        }
        #expect(fixture.host.ingest.counts.accepted == 0)
        #expect(fixture.host.ingest.drain().services.isEmpty)
    }
}
