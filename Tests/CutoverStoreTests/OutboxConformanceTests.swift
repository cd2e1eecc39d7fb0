import CutoverCore
import CutoverStore
import Foundation
import Testing

/// The alert outbox, on every store: alerts are stored with their events, once, and move
/// from pending to delivered or dead.
@Suite("Outbox conformance")
struct OutboxConformanceTests {
    private static let rollback = MigrationEvent(
        .rollbackInitiated, at: .seconds(90), service: "cv-analyzer", detail: "error rate 8 % > 5 %", rollbackID: "rb-1"
    )
    private static let step = MigrationEvent(.stepStarted, at: .seconds(90), service: "cv-analyzer")

    /// A run with one committed transition: a step (no alert) and a rollback for two routes.
    private func committedRun(_ store: any MigrationStore, at date: Date) async throws -> (run: String, transition: Transition) {
        let run = newRun()
        try await store.createRun(run)
        let transition = Transition(
            state: state(at: .seconds(90)), events: [Self.step, Self.rollback],
            alerts: [PendingAlert(eventIndex: 1, route: "pages"), PendingAlert(eventIndex: 1, route: "audit")],
            recordedAt: date
        )
        _ = try await store.commit(transition, to: run.id, expectedRevision: 0)
        return (run.id, transition)
    }

    private func pending(of run: String, in store: any MigrationStore) async throws -> [AlertRecord] {
        try await store.alerts(of: run, statuses: [.pending], limit: 100)
    }

    @Test("a transition's alerts are stored with its events, due at once, and a retried commit adds none", arguments: StoreKind.available)
    func storedWithEvents(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            let (run, transition) = try await committedRun(store, at: date)
            _ = try await store.commit(transition, to: run, expectedRevision: 0)

            let alerts = try await pending(of: run, in: store)
            #expect(alerts.map(\.route) == ["audit", "pages"])
            #expect(alerts.allSatisfy { $0.sequence == 2 && $0.event == Self.rollback && $0.attempts == 0 })
            #expect(alerts.allSatisfy { $0.status == .pending && abs($0.nextAttemptAt.timeIntervalSince(date)) < 0.001 })
            #expect(alerts.first?.id.description == "\(run)/2/audit")
        }
    }

    @Test("failed attempts are counted and rescheduled; the last one makes the alert dead", arguments: StoreKind.available)
    func retriesAndDeadLetters(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            let (run, _) = try await committedRun(store, at: date)
            let pages = AlertID(run: run, sequence: 2, route: "pages")
            let audit = AlertID(run: run, sequence: 2, route: "audit")

            try await store.recordAlertAttempt(pages, .failed(reason: "HTTP 503", retryAt: date.addingTimeInterval(2)))
            var alert = try #require(try await pending(of: run, in: store).first { $0.route == "pages" })
            #expect(alert.attempts == 1 && alert.lastError == "HTTP 503")
            #expect(abs(alert.nextAttemptAt.timeIntervalSince(date) - 2) < 0.001)

            try await store.recordAlertAttempt(pages, .failed(reason: "HTTP 400: bad routing key", retryAt: nil))
            try await store.recordAlertAttempt(audit, .delivered(at: date.addingTimeInterval(1)))
            #expect(try await pending(of: run, in: store).isEmpty)
            alert = try #require(try await store.alerts(of: run, statuses: [.dead], limit: 10).first)
            #expect(alert.route == "pages" && alert.attempts == 2 && alert.lastError == "HTTP 400: bad routing key")
            let delivered = try #require(try await store.alerts(of: run, statuses: [.delivered], limit: 10).first)
            #expect(delivered.route == "audit" && delivered.attempts == 1 && delivered.deliveredAt != nil)
            #expect(try await store.alerts(of: run, statuses: Set(AlertRecord.Status.allCases), limit: 10).count == 2)

            let error = await #expect(throws: StoreError.self) {
                try await store.recordAlertAttempt(audit, .delivered(at: date))
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test("a dead alert can be put back in the queue, once", arguments: StoreKind.available)
    func requeue(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            let (run, _) = try await committedRun(store, at: date)
            let pages = AlertID(run: run, sequence: 2, route: "pages")
            #expect(try await store.requeueAlert(pages, at: date) == false)
            try await store.recordAlertAttempt(pages, .failed(reason: "timed out", retryAt: nil))
            #expect(try await store.requeueAlert(pages, at: date.addingTimeInterval(60)) == true)
            #expect(try await store.requeueAlert(pages, at: date) == false)
            let alert = try #require(try await pending(of: run, in: store).first { $0.route == "pages" })
            #expect(alert.attempts == 1 && abs(alert.nextAttemptAt.timeIntervalSince(date) - 60) < 0.001)
        }
    }
}
