import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API authentication and roles")
struct APIAuthTests {
    @Test("no token, a malformed header, an unknown token: 401 with a JSON error")
    func unauthenticated() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            for headers: HTTPFields in [[:], [.authorization: "Basic abc"], [.authorization: "Bearer cut_not-a-token"]] {
                try await client.execute(uri: "/v1/runs", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    #expect(response.apiError?.code == "unauthorized")
                }
            }
        }
    }

    @Test("each role reaches what it may and gets 403 beyond it")
    func roles() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            // (role, method, path, allowed)
            let cases: [(Role, HTTPRequest.Method, String, Bool)] = [
                (.sdk, .get, "/v1/runs", false), (.sdk, .post, "/v1/metrics", true),
                (.viewer, .get, "/v1/runs", true), (.viewer, .post, "/v1/metrics", false),
                (.viewer, .post, "/v1/runs/run-1/pause", false), (.viewer, .get, "/v1/tokens", false),
                (.operator, .post, "/v1/runs/run-1/pause", true), (.operator, .get, "/v1/tokens", false),
                (.admin, .get, "/v1/tokens", true), (.admin, .post, "/v1/metrics", true),
            ]
            for (role, method, path, allowed) in cases {
                try await client.execute(uri: path, method: method, headers: fixture.headers(role, jsonType), body: json("{}")) { response in
                    if allowed {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) \(method) \(path)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) \(method) \(path)")
                        #expect(response.apiError?.code == "forbidden")
                    }
                }
            }
        }
    }

    @Test("open routes need no token: health, dashboard, OpenAPI, Prometheus")
    func openRoutes() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            for path in ["/v1/health", "/", "/v1/openapi.yaml", "/metrics"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("cutover_service_rollout_percent{service=\"cv-analyzer\"}"))
                #expect(text.contains("# HELP cutover_service_stage"))
            }
        }
    }

    @Test("a token created through the API works at once and stops working when revoked; only its hash is stored")
    func tokenLifecycle() async throws {
        let fixture = try await ServerFixture()
        struct Created: Decodable { var id: String; var token: String; var role: String }
        try await fixture.application.test(.router) { client in
            let created = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: fixture.headers(.admin, jsonType), body: json(#"{"role":"viewer","name":"ci"}"#)
            ) { response in
                #expect(response.status == .created)
                return try response.decoded(Created.self)
            }
            #expect(created.role == "viewer")
            let stored = await fixture.store.tokens().first { $0.id == created.id }
            #expect(stored != nil)
            #expect(stored?.hash != created.token && stored?.hash.count == 64)
            let bearer: HTTPFields = [.authorization: "Bearer \(created.token)"]
            try await client.execute(uri: "/v1/runs", method: .get, headers: bearer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/tokens/\(created.id)", method: .delete, headers: fixture.headers(.admin)) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/v1/runs", method: .get, headers: bearer) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/tokens/\(created.id)", method: .delete, headers: fixture.headers(.admin)) {
                #expect($0.status == .notFound)
            }
        }
    }
}
