import CutoverCore
import Foundation
import Testing

@Suite("Alerts: severities, routes and messages")
struct AlertMessageTests {
    private let rollback = MigrationEvent(
        .rollbackInitiated, at: .seconds(2 * 3600 + 90), service: "recommendation-generator",
        detail: "error rate 8.1 % > 5 % (\"errors\")", rollbackID: "rb-7"
    )

    @Test("events map to the spec's severities: completions succeed, warnings warn, rollbacks are critical")
    func severities() {
        #expect(MigrationEvent(.serviceCompleted, at: .zero).severity == .success)
        #expect(MigrationEvent(.phaseCompleted, at: .zero).severity == .success)
        #expect(MigrationEvent(.warning, at: .zero).severity == .warning)
        #expect(MigrationEvent(.paused, at: .zero, actor: "controller").severity == .warning)
        #expect(MigrationEvent(.paused, at: .zero, actor: "alice").severity == nil)
        for kind in [MigrationEvent.Kind.rollbackInitiated, .rollbackCompleted, .rollbackFailed, .rollbackRefused] {
            #expect(MigrationEvent(kind, at: .zero).severity == .critical)
        }
        #expect(MigrationEvent(.stepStarted, at: .zero).severity == nil)
    }

    @Test("a route carries its severities, its event kinds, or everything")
    func routesCarry() {
        let pages = NotificationRoute(name: "p", channel: .pagerduty, severities: [.critical], targetEnvironmentVariable: "K")
        let approvals = NotificationRoute(
            name: "a", channel: .webhook, severities: [], events: [.approvalRequested], targetEnvironmentVariable: "U"
        )
        let everything = NotificationRoute(name: "e", channel: .webhook, severities: [.all], targetEnvironmentVariable: "U")
        let approval = MigrationEvent(.approvalRequested, at: .zero)
        #expect(pages.carries(rollback) && !pages.carries(approval))
        #expect(approvals.carries(approval) && !approvals.carries(rollback))
        #expect(everything.carries(approval) && everything.carries(rollback))
    }

    @Test("the message names the event, service, run, detail and rollback")
    func message() {
        let message = AlertMessage(run: "cvplus", sequence: 41, event: rollback)
        #expect(message.subject == "ROLLBACK_INITIATED recommendation-generator (run cvplus)")
        #expect(message.text.contains("error rate 8.1 %"))
        #expect(message.text.contains("by controller, at run time 2h1m30s, event #41, rollback rb-7"))
        #expect(message.severityName == "critical")
        #expect(AlertMessage(run: "r", sequence: 1, event: MigrationEvent(.stepStarted, at: .zero)).severityName == "info")
    }

    @Test("a body template renders valid JSON with escaped values")
    func template() throws {
        let message = AlertMessage(run: "cvplus", sequence: 41, event: rollback)
        let body = AlertTemplate.email.render(message.placeholderValues(recipient: "oncall@example.com"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(json["to"] == "oncall@example.com")
        #expect(json["subject"] == message.subject)
        #expect(json["text"] == message.text)
        #expect(AlertTemplate("{{ run }}/{{missing}}").render(["run": "x"]) == "x/")
        #expect(AlertTemplate("a {{b}} {{ c }}").placeholderNames == ["b", "c"])
    }

    @Test("headers resolve their variables from the environment, or name the missing one")
    func headers() throws {
        let header = try #require(AlertHeader("Authorization: Bearer ${MAIL_KEY}"))
        #expect(header.name == "Authorization" && header.variableNames == ["MAIL_KEY"])
        #expect(try header.resolved(in: ["MAIL_KEY": "s3cret"]).get() == "Bearer s3cret")
        #expect(throws: AlertHeader.MissingVariable(name: "MAIL_KEY")) { try header.resolved(in: [:]).get() }
        #expect(AlertHeader("no colon here") == nil)
        #expect(AlertHeader("Bad Name: x") == nil)
    }

    @Test("the CVPlus plan routes each severity as the spec's Communication Plan says")
    func cvplusRoutes() throws {
        let plan = try PlanParser.parse(try examplePlanText("cvplus-phase3.yaml"))
        func routes(for event: MigrationEvent) -> [NotificationRoute.Channel] {
            plan.notifications.filter { $0.carries(event) }.map(\.channel).sorted { $0.rawValue < $1.rawValue }
        }
        #expect(routes(for: MigrationEvent(.phaseCompleted, at: .zero)) == [.slack])
        #expect(routes(for: MigrationEvent(.warning, at: .zero)) == [.email, .sms])
        #expect(routes(for: rollback) == [.pagerduty])
    }
}
