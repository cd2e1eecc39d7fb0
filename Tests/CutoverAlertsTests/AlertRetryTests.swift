import CutoverAlerts
import CutoverCore
import CutoverStore
import CutoverStoreSQLite
import Foundation
import Testing

/// Deliveries that fail, hang and recover: nothing is lost, nothing is sent twice, order holds.
@Suite("Alert retries and dead letters")
struct AlertRetryTests {
    private let pages = NotificationRoute(
        name: "pages", channel: .pagerduty, severities: [.critical], targetEnvironmentVariable: "PD_KEY",
        endpointEnvironmentVariable: "PD_URL"
    )

    private func environment(_ receiver: AlertReceiver) -> [String: String] {
        ["PD_KEY": "R0UT1NGKEY", "PD_URL": receiver.url + "/v2/enqueue"]
    }

    @Test("A failing endpoint is retried with growing delays; the resolve waits behind its trigger; recovery delivers both once")
    func failThenRecover() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        receiver.behave(.fail(status: 503, body: "maintenance"))
        let fixture = try await AlertFixture(routes: [pages])
        try await fixture.commit(rollbackEvents())
        let dispatcher = fixture.dispatcher(environment: environment(receiver))

        var delays: [TimeInterval] = []
        for _ in 0..<4 {
            #expect(try await dispatcher.deliverDue() == 1)
            let trigger = try #require(try await fixture.alerts(.pending).first)
            #expect(trigger.event.kind == .rollbackInitiated && trigger.lastError == "HTTP 503: maintenance")
            delays.append(trigger.nextAttemptAt.timeIntervalSince(fixture.date.now))
            #expect(try await dispatcher.deliverDue() == 0, "nothing is due before the backoff passes")
            fixture.date.advance(by: delays.last! + 0.001)
        }
        #expect(zip(delays, delays.dropFirst()).allSatisfy { $0.0 < $0.1 * 1.01 || $0.1 >= 2 }, "\(delays)")
        #expect(delays.allSatisfy { $0 >= 1 && $0 <= 300 })
        #expect(receiver.received.map { $0.json["event_action"] as? String } == Array(repeating: "trigger", count: 4))

        receiver.behave(.accept)
        #expect(try await dispatcher.deliverDue() == 1)
        #expect(try await dispatcher.deliverDue() == 1)
        #expect(try await dispatcher.deliverDue() == 0)
        let actions = receiver.received.map { $0.json["event_action"] as? String }
        #expect(actions == ["trigger", "trigger", "trigger", "trigger", "trigger", "resolve"])
        let delivered = try await fixture.alerts(.delivered)
        #expect(delivered.map(\.attempts) == [5, 1])
    }

    @Test("An endpoint that hangs times out and is retried; one that refuses the request dead-letters it at once")
    func hangAndRefuse() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        receiver.behave(.hang)
        let fixture = try await AlertFixture(routes: [pages])
        try await fixture.commit(rollbackEvents())
        let dispatcher = fixture.dispatcher(environment: environment(receiver), timeout: .milliseconds(300))
        let start = ContinuousClock.now
        try await dispatcher.deliverDue()
        #expect(ContinuousClock.now - start < .seconds(5))
        let timedOut = try #require(try await fixture.alerts(.pending).first)
        #expect(timedOut.attempts == 1 && timedOut.lastError == "no answer within 0.3 seconds")

        receiver.behave(.fail(status: 400, body: #"{"status":"invalid event","errors":["'routing_key' R0UT1NGKEY is invalid"]}"#))
        fixture.date.advance(by: 600)
        try await dispatcher.deliverDue()
        let dead = try #require(try await fixture.alerts(.dead).first)
        #expect(dead.attempts == 2)
        #expect(dead.lastError?.hasPrefix("HTTP 400: ") == true)
        #expect(dead.lastError?.contains("R0UT1NGKEY") == false, "secrets never reach the outbox or the logs")
        #expect(dead.lastError?.contains("<secret>") == true)
        #expect(try await fixture.alerts(.pending).count == 1, "the resolve stays queued behind the dead trigger's route")
    }

    @Test("Attempts run out: the alert is dead-lettered and can be requeued")
    func attemptsRunOut() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        receiver.behave(.fail(status: 500, body: ""))
        let fixture = try await AlertFixture(routes: [pages])
        try await fixture.commit([rollbackEvents()[0]])
        let dispatcher = fixture.dispatcher(environment: environment(receiver))
        for _ in 0..<10 {
            try await dispatcher.deliverDue()
            fixture.date.advance(by: 301)
        }
        let dead = try #require(try await fixture.alerts(.dead).first)
        #expect(dead.attempts == 10 && receiver.received.count == 10)
        receiver.behave(.accept)
        #expect(try await fixture.store.requeueAlert(dead.id, at: fixture.date.now))
        try await dispatcher.deliverDue()
        #expect(try await fixture.alerts(.delivered).map(\.attempts) == [11])
    }

    @Test("A missing secret is reported by the variable's name and retried, never sent")
    func missingSecret() async throws {
        let fixture = try await AlertFixture(routes: [pages])
        try await fixture.commit([rollbackEvents()[0]])
        try await fixture.dispatcher(environment: [:]).deliverDue()
        let alert = try #require(try await fixture.alerts(.pending).first)
        #expect(alert.lastError == "route 'pages': the environment variable PD_KEY is not set")
    }

    @Test("A crash between the event and its alert: a new process on the same database delivers it, once")
    func crashBeforeDelivery() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cutover-alerts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cutover.sqlite").path
        let runID: String
        do {
            // The first process commits the rollback and dies before any delivery.
            let fixture = try await AlertFixture(routes: [pages], store: try SQLiteMigrationStore(path: path))
            try await fixture.commit(rollbackEvents())
            runID = fixture.runID
        }
        let store = try SQLiteMigrationStore(path: path)
        let restarted = AlertDispatcher(runID: runID, routes: [pages], store: store, environment: environment(receiver))
        try await restarted.deliverDue()
        try await restarted.deliverDue()
        try await restarted.deliverDue()
        #expect(receiver.received.map { $0.json["event_action"] as? String } == ["trigger", "resolve"])
        #expect(try await store.alerts(of: runID, statuses: [.delivered], limit: 10).count == 2)
    }

    @Test("Two passes over the outbox at once (the service's loop and a flush) never send an alert twice")
    func concurrentPasses() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        receiver.behave(.acceptAfter(.milliseconds(200)))
        let fixture = try await AlertFixture(routes: [pages])
        try await fixture.commit(rollbackEvents())
        let dispatcher = fixture.dispatcher(environment: environment(receiver))
        async let first = dispatcher.deliverDue()
        async let second = dispatcher.deliverDue()
        #expect(try await first + second == 2)
        #expect(receiver.received.map { $0.json["event_action"] as? String } == ["trigger", "resolve"])
        #expect(try await fixture.alerts(.delivered).count == 2)
    }

    @Test("Without routes the service idles until it is cancelled, then returns")
    func withoutRoutes() async throws {
        let fixture = try await AlertFixture(routes: [])
        let running = Task { try await fixture.dispatcher(environment: [:]).run() }
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        try await running.value
    }

    @Test("Running as a service, a nudge delivers new alerts without waiting for the poll")
    func runsAsService() async throws {
        let receiver = try await AlertReceiver.start()
        defer { receiver.stop() }
        let fixture = try await AlertFixture(routes: [pages])
        let dispatcher = fixture.dispatcher(environment: environment(receiver))
        let running = Task { try await dispatcher.run() }
        defer { running.cancel() }
        try await fixture.commit(rollbackEvents())
        dispatcher.nudge()
        let deadline = ContinuousClock.now + .seconds(10)
        while receiver.received.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(receiver.received.map { $0.json["event_action"] as? String } == ["trigger", "resolve"])
    }
}
