@testable import CutoverServer
import Foundation
import HTTPTypes
import Testing
import Yams

@Suite("OpenAPI document")
struct APIDocumentTests {
    /// The document's operations as `METHOD path`.
    static func documentedOperations() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/openapi.yaml").standardized
        let document = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        return Set(paths.flatMap { path, item -> [String] in
            ((item as? [String: Any]) ?? [:]).keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test("every route of the router is in docs/openapi.yaml, and every documented operation is a route")
    func routesMatchDocument() async throws {
        let fixture = try await ServerFixture()
        let routed = Set(fixture.server.api.routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations no route answers")
        #expect(routed.count >= 20)
    }

    @Test("the server serves the same document it is tested against")
    func servedDocumentIsTheFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/openapi.yaml").standardized
        #expect(try Assets.openAPI() == Data(contentsOf: url))
    }
}
