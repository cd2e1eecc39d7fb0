import CutoverCore
import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Operator commands through the API")
struct APICommandTests {
    private struct Accepted: Decodable { var revision: UInt64 }

    @Test("an approval moves the waiting gate and records the token as actor; replaying it is a 409 that changes nothing")
    func approvalAndReplay() async throws {
        let fixture = try await ServerFixture()
        let driving = try await fixture.drive { status in
            status.services.contains { $0.name == "recommendation-generator" && $0.pendingGate }
        }
        defer { driving.cancel() }
        try await fixture.application.test(.router) { client in
            let body = json(#"{"service":"recommendation-generator","decision":"approve","comment":"looks good"}"#)
            try await client.execute(uri: "/v1/runs/run-1/approvals", method: .post, headers: fixture.headers(.operator, jsonType), body: body) {
                #expect($0.status == .accepted)
            }
            let status = try await fixture.host.status()
            let service = try #require(status.services.first { $0.name == "recommendation-generator" })
            #expect(!service.pendingGate)
            let events = await fixture.store.events(of: "run-1", after: 0, limit: 1000)
            let approved = try #require(events.last { $0.event.kind == .approved })
            #expect(approved.event.actor.hasPrefix("operator-tester"))
            let approvals = await fixture.store.approvals(of: "run-1")
            #expect(approvals.count == 1)
            #expect(approvals.first?.comment == "looks good")

            // The same request again: the gate is no longer waiting.
            try await client.execute(uri: "/v1/runs/run-1/approvals", method: .post, headers: fixture.headers(.operator, jsonType), body: body) { response in
                #expect(response.status == .conflict)
                #expect(response.apiError?.field == "service")
            }
            #expect(await fixture.store.approvals(of: "run-1").count == 1)
            let afterReplay = await fixture.store.events(of: "run-1", after: 0, limit: 1000)
            #expect(afterReplay.filter { $0.event.kind == .approved }.count == 1)
        }
    }

    @Test("pause and resume each work once; the second of each is a 409")
    func pauseResume() async throws {
        let fixture = try await ServerFixture()
        let driving = try await fixture.drive { $0.stage == "running" }
        defer { driving.cancel() }
        try await fixture.application.test(.router) { client in
            let pause = "/v1/runs/run-1/pause", resume = "/v1/runs/run-1/resume"
            let headers = fixture.headers(.operator, jsonType)
            try await client.execute(uri: pause, method: .post, headers: headers, body: json(#"{"reason":"lunch"}"#)) { #expect($0.status == .accepted) }
            #expect(try await fixture.host.status().paused)
            try await client.execute(uri: pause, method: .post, headers: headers, body: json("{}")) { #expect($0.status == .conflict) }
            try await client.execute(uri: resume, method: .post, headers: fixture.headers(.operator)) { #expect($0.status == .accepted) }
            try await client.execute(uri: resume, method: .post, headers: fixture.headers(.operator)) { #expect($0.status == .conflict) }
            #expect(try await !fixture.host.status().paused)
        }
        let kinds = await fixture.store.events(of: "run-1", after: 0, limit: 1000).map(\.event.kind)
        #expect(kinds.filter { $0 == .paused }.count == 1)
        #expect(kinds.filter { $0 == .resumed }.count == 1)
    }

    @Test("a rollback through the API rolls the service back and names its operator")
    func rollback() async throws {
        let fixture = try await ServerFixture()
        let driving = try await fixture.drive { status in
            status.services.contains { $0.name == "cv-analyzer" && $0.stage == "stepping" }
        }
        defer { driving.cancel() }
        try await fixture.application.test(.router) { client in
            let body = json(#"{"service":"cv-analyzer","scope":"service","mode":"immediate","reason":"customer reports"}"#)
            try await client.execute(uri: "/v1/runs/run-1/rollback", method: .post, headers: fixture.headers(.operator, jsonType), body: body) {
                #expect($0.status == .accepted)
            }
            let service = try #require(try await fixture.host.status().services.first { $0.name == "cv-analyzer" })
            #expect(["rolling_back", "rolled_back"].contains(service.stage))
            #expect(service.rollout == 0)
            try await client.execute(uri: "/v1/runs/run-1/rollback", method: .post, headers: fixture.headers(.operator, jsonType), body: body) {
                #expect($0.status == .conflict)
            }
        }
        let initiated = await fixture.store.events(of: "run-1", after: 0, limit: 1000).filter { $0.event.kind == .rollbackInitiated }
        #expect(initiated.count == 1)
        #expect(initiated.first?.event.actor.hasPrefix("operator-tester") == true)
    }

    @Test("events page by sequence without gaps or repeats")
    func eventPaging() async throws {
        let fixture = try await ServerFixture()
        let driving = try await fixture.drive { $0.services.contains { $0.pendingGate } }
        driving.cancel()
        struct Page: Decodable {
            struct Event: Decodable { var sequence: UInt64; var type: String }
            var events: [Event]
            var next: UInt64
        }
        let total = await fixture.store.events(of: "run-1", after: 0, limit: 1000).count
        #expect(total >= 4)
        try await fixture.application.test(.router) { client in
            var after: UInt64 = 0
            var seen: [UInt64] = []
            while true {
                let page = try await client.execute(uri: "/v1/runs/run-1/events?after=\(after)&limit=2", method: .get, headers: fixture.headers(.viewer)) {
                    try $0.decoded(Page.self)
                }
                if page.events.isEmpty { break }
                seen += page.events.map(\.sequence)
                after = page.next
            }
            #expect(seen == Array(1...UInt64(seen.count)))
            #expect(seen.count >= total)
        }
    }
}
