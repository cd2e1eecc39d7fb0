import CutoverAlerts
import CutoverCore
import Foundation
import Testing

/// The preflight's test delivery through every route.
@Suite("Alert channel preflight")
struct AlertPreflightTests {
    @Test("Every route gets a test delivery; PagerDuty gets a change event, which pages nobody")
    func healthyRoutes() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let routes = [
            NotificationRoute(name: "wins", channel: .slack, severities: [.success], targetEnvironmentVariable: "SLACK_URL"),
            NotificationRoute(
                name: "pages", channel: .pagerduty, severities: [.critical], targetEnvironmentVariable: "PD_KEY",
                endpointEnvironmentVariable: "PD_URL"
            ),
        ]
        let check = AlertChannelCheck(routes: routes, runID: "run-7", environment: [
            "SLACK_URL": receiver.url + "/slack", "PD_KEY": "R0UT1NGKEY", "PD_URL": receiver.url + "/v2/enqueue",
        ])
        #expect(await check.failures() == [])
        let byPath = Dictionary(receiver.received.map { ($0.path, $0.json) }, uniquingKeysWith: { $1 })
        #expect((byPath["/slack"]?["text"] as? String)?.contains("delivers before run run-7 starts") == true)
        let change = try #require(byPath["/v2/change/enqueue"])
        #expect(change["routing_key"] as? String == "R0UT1NGKEY")
        #expect(change["event_action"] == nil)
        #expect(((change["payload"] as? [String: Any])?["summary"] as? String)?.contains("'pages'") == true)
        #expect(byPath["/v2/enqueue"] == nil)
    }

    @Test("A dead route fails the preflight with its name: unset variable, refusal, unreachable endpoint")
    func deadRoutes() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        receiver.behave(.fail(status: 404, body: "no_service"))
        let routes = [
            NotificationRoute(name: "wins", channel: .slack, severities: [.success], targetEnvironmentVariable: "SLACK_URL"),
            NotificationRoute(name: "audit", channel: .webhook, severities: [.all], targetEnvironmentVariable: "HOOK"),
            NotificationRoute(name: "gone", channel: .webhook, severities: [.all], targetEnvironmentVariable: "GONE"),
        ]
        let check = AlertChannelCheck(
            routes: routes, runID: "run-7",
            environment: ["HOOK": receiver.url + "/hook", "GONE": "http://127.0.0.1:1/hook"], timeout: .seconds(2)
        )
        let failures = await check.failures()
        #expect(failures.count == 3)
        #expect(failures[0] == "notification route 'wins' (slack) cannot deliver: route 'wins': the environment variable SLACK_URL is not set")
        #expect(failures[1] == "notification route 'audit' (webhook) cannot deliver: HTTP 404: no_service")
        #expect(failures[2].hasPrefix("notification route 'gone' (webhook) cannot deliver: "))
        #expect(!failures[2].contains("127.0.0.1:1"), "the endpoint is a secret: \(failures[2])")
    }
}
