import CutoverAlerts
import CutoverCore
import CutoverStore
import Foundation
import Testing

/// Each channel's payload, as its provider documents it, delivered to a local receiver.
@Suite("Alert payloads")
struct AlertPayloadTests {
    @Test("PagerDuty: a rollback triggers one incident and its completion resolves it (Events API v2)")
    func pagerDuty() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let route = NotificationRoute(
            name: "pages", channel: .pagerduty, severities: [.critical], targetEnvironmentVariable: "PD_KEY",
            endpointEnvironmentVariable: "PD_URL"
        )
        let fixture = try await AlertFixture(routes: [route])
        try await fixture.commit(rollbackEvents())
        let dispatcher = fixture.dispatcher(environment: ["PD_KEY": "R0UT1NGKEY", "PD_URL": receiver.url + "/v2/enqueue"])
        #expect(try await dispatcher.deliverDue() == 1)
        #expect(try await dispatcher.deliverDue() == 1)

        let bodies = receiver.received.map(\.json)
        try #require(bodies.count == 2)
        #expect(receiver.received.allSatisfy { $0.path == "/v2/enqueue" && $0.headers["content-type"] == "application/json" })
        let trigger = bodies[0], resolve = bodies[1]
        #expect(trigger["routing_key"] as? String == "R0UT1NGKEY")
        #expect(trigger["event_action"] as? String == "trigger")
        #expect(trigger["dedup_key"] as? String == "cutover/\(fixture.runID)/rb-1")
        let payload = try #require(trigger["payload"] as? [String: Any])
        #expect((payload["summary"] as? String)?.hasPrefix("ROLLBACK_INITIATED recommendation-generator") == true)
        #expect((payload["summary"] as? String)?.contains("error rate 8.2 % > 5 %") == true)
        #expect(payload["severity"] as? String == "critical")
        #expect(payload["source"] as? String == "cutover run \(fixture.runID)")
        #expect(payload["component"] as? String == "recommendation-generator")
        #expect(resolve["event_action"] as? String == "resolve")
        #expect(resolve["dedup_key"] as? String == trigger["dedup_key"] as? String)
        #expect(resolve["routing_key"] as? String == "R0UT1NGKEY")
        #expect(try await fixture.alerts(.delivered).count == 2)
    }

    @Test("Slack: the incoming webhook gets a text message for a completion")
    func slack() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let route = NotificationRoute(name: "wins", channel: .slack, severities: [.success], targetEnvironmentVariable: "SLACK_URL")
        let fixture = try await AlertFixture(routes: [route])
        try await fixture.commit([
            MigrationEvent(.stepStarted, at: .seconds(1), service: "cv-analyzer"),
            MigrationEvent(.phaseCompleted, at: .seconds(2), detail: "week-2-low-risk"),
        ])
        try await fixture.dispatcher(environment: ["SLACK_URL": receiver.url + "/services/T0/B0/XYZ"]).deliverDue()
        let received = try #require(receiver.received.first)
        #expect(receiver.received.count == 1)
        #expect(received.path == "/services/T0/B0/XYZ")
        #expect((received.json["text"] as? String)?.hasPrefix("PHASE_COMPLETED (run \(fixture.runID))\nweek-2-low-risk") == true)
    }

    @Test("E-mail and SMS: the provider's endpoint gets the body template with the recipient and headers from the environment")
    func emailAndSMS() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let email = NotificationRoute(
            name: "mail", channel: .email, severities: [.warning], targetEnvironmentVariable: "ONCALL",
            endpointEnvironmentVariable: "MAIL_API", headers: ["Authorization: Bearer ${MAIL_KEY}"]
        )
        let sms = NotificationRoute(
            name: "sms", channel: .sms, severities: [.warning], targetEnvironmentVariable: "PHONE",
            endpointEnvironmentVariable: "SMS_API",
            body: #"{"To": "{{recipient}}", "Body": "{{severity}}: {{subject}}"}"#
        )
        let fixture = try await AlertFixture(routes: [email, sms])
        try await fixture.commit([MigrationEvent(.warning, at: .seconds(5), service: "cv-analyzer", detail: "error rate 4.3 % (80 % of 5 %)")])
        try await fixture.dispatcher(environment: [
            "ONCALL": "oncall@example.com", "MAIL_API": receiver.url + "/mail", "MAIL_KEY": "k-123",
            "PHONE": "+15550100", "SMS_API": receiver.url + "/sms",
        ]).deliverDue()
        let byPath = Dictionary(receiver.received.map { ($0.path, $0) }, uniquingKeysWith: { $1 })
        let mail = try #require(byPath["/mail"])
        #expect(mail.headers["authorization"] == "Bearer k-123")
        #expect(mail.json["to"] as? String == "oncall@example.com")
        #expect(mail.json["subject"] as? String == "WARNING cv-analyzer (run \(fixture.runID))")
        #expect((mail.json["text"] as? String)?.contains("error rate 4.3 %") == true)
        let text = try #require(byPath["/sms"])
        #expect(text.json["To"] as? String == "+15550100")
        #expect(text.json["Body"] as? String == "warning: WARNING cv-analyzer (run \(fixture.runID))")
    }

    @Test("A generic webhook gets every event it asks for as JSON")
    func webhook() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let route = NotificationRoute(
            name: "audit", channel: .webhook, severities: [], events: [.approvalRequested, .stepStarted],
            targetEnvironmentVariable: "HOOK"
        )
        let fixture = try await AlertFixture(routes: [route])
        let sequences = try await fixture.commit([
            MigrationEvent(.stepStarted, at: .seconds(1), service: "cv-analyzer"),
            MigrationEvent(.promoted, at: .seconds(2), service: "cv-analyzer"),
            MigrationEvent(.approvalRequested, at: .seconds(3), service: "action-orchestrator", detail: "step 50 %"),
        ])
        let dispatcher = fixture.dispatcher(environment: ["HOOK": receiver.url + "/hook"])
        try await dispatcher.deliverDue()
        try await dispatcher.deliverDue()
        let bodies = receiver.received.map(\.json)
        #expect(bodies.map { $0["type"] as? String } == ["STEP_STARTED", "APPROVAL_REQUESTED"])
        #expect(bodies.map { ($0["sequence"] as? NSNumber)?.uint64Value } == [sequences[0], sequences[2]])
        #expect(bodies.last?["service"] as? String == "action-orchestrator")
        #expect(bodies.last?["run"] as? String == fixture.runID)
        #expect(bodies.last?["at"] as? Double == 3)
    }
}
