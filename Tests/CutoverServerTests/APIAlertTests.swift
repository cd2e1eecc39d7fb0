import CutoverCore
import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The alert outbox through the API")
struct APIAlertTests {
    private struct AlertList: Decodable {
        struct Alert: Decodable {
            var sequence: UInt64
            var route: String
            var type: String
            var status: String
            var attempts: Int
            var lastError: String?
        }

        var alerts: [Alert]
    }

    /// A second run in the fixture's store with a rollback announced on two routes; the trigger
    /// through `pages` is dead-lettered.
    private func runWithAlerts(_ fixture: ServerFixture) async throws {
        try await fixture.store.createRun(RunRecord(id: "paged", planName: "p", planSource: serverPlanYAML, createdAt: Date()))
        let events = [
            MigrationEvent(.rollbackInitiated, at: .seconds(60), service: "cv-analyzer", detail: "errors", rollbackID: "rb-1"),
            MigrationEvent(.rollbackCompleted, at: .seconds(62), service: "cv-analyzer", rollbackID: "rb-1"),
        ]
        _ = try await fixture.store.commit(Transition(
            state: ControllerState(), events: events,
            alerts: [PendingAlert(eventIndex: 0, route: "pages"), PendingAlert(eventIndex: 1, route: "pages"), PendingAlert(eventIndex: 0, route: "audit")]
        ), to: "paged", expectedRevision: 0)
        try await fixture.store.recordAlertAttempt(
            AlertID(run: "paged", sequence: 1, route: "pages"), .failed(reason: "HTTP 400: invalid routing key", retryAt: nil)
        )
    }

    @Test("viewers list the outbox, by status; a bad status is a 400 naming the field")
    func list() async throws {
        let fixture = try await ServerFixture()
        try await runWithAlerts(fixture)
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/v1/runs/paged/alerts", method: .get, headers: fixture.headers(.viewer)) { response in
                #expect(response.status == .ok)
                let alerts = try response.decoded(AlertList.self).alerts
                #expect(alerts.map { "\($0.sequence)/\($0.route)/\($0.status)" } == ["1/audit/pending", "1/pages/dead", "2/pages/pending"])
                #expect(alerts[1].lastError == "HTTP 400: invalid routing key" && alerts[1].attempts == 1)
            }
            try await client.execute(uri: "/v1/runs/paged/alerts?status=dead", method: .get, headers: fixture.headers(.viewer)) { response in
                let alerts = try response.decoded(AlertList.self).alerts
                #expect(alerts.map(\.type) == ["ROLLBACK_INITIATED"])
            }
            for bad in ["lost", "", "dead,", "dead,,pending"] {
                try await client.execute(uri: "/v1/runs/paged/alerts?status=\(bad)", method: .get, headers: fixture.headers(.viewer)) { response in
                    #expect(response.status == .badRequest, "status=\(bad)")
                    #expect(response.apiError?.field == "status")
                }
            }
            try await client.execute(uri: "/v1/runs/paged/alerts?status=dead,pending", method: .get, headers: fixture.headers(.viewer)) { response in
                let alerts = try response.decoded(AlertList.self).alerts
                #expect(alerts.map(\.status) == ["pending", "dead", "pending"])
            }
            try await client.execute(uri: "/v1/runs/nope/alerts", method: .get, headers: fixture.headers(.viewer)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("an operator retries a dead alert once; pending, unknown and malformed ones are refused; viewers may not retry")
    func retry() async throws {
        let fixture = try await ServerFixture()
        try await runWithAlerts(fixture)
        try await fixture.application.test(.router) { client in
            let uri = "/v1/runs/paged/alerts/1/pages/retry"
            try await client.execute(uri: uri, method: .post, headers: fixture.headers(.viewer)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: uri, method: .post, headers: fixture.headers(.operator)) { response in
                #expect(response.status == .accepted)
                let alert = try response.decoded(AlertList.Alert.self)
                #expect(alert.status == "pending" && alert.attempts == 1)
            }
            try await client.execute(uri: uri, method: .post, headers: fixture.headers(.operator)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/v1/runs/paged/alerts/9/pages/retry", method: .post, headers: fixture.headers(.operator)) { response in
                #expect(response.status == .notFound)
                #expect(response.apiError?.field == "route")
            }
            try await client.execute(uri: "/v1/runs/paged/alerts/x/pages/retry", method: .post, headers: fixture.headers(.operator)) { response in
                #expect(response.status == .badRequest)
                #expect(response.apiError?.field == "sequence")
            }
        }
        #expect(await fixture.store.alerts(of: "paged", statuses: [.dead], limit: 10).isEmpty)
    }
}
