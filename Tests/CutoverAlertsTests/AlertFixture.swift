import CutoverAlerts
import CutoverCore
import CutoverStore
import Foundation
import Logging

/// A wall clock a test moves by hand.
final class TestDate: Sendable {
    private let date = Locked(Date(timeIntervalSince1970: 1_700_000_000))

    var now: Date { date.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        date.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// A run in a store whose transitions carry alerts, and a dispatcher for it.
struct AlertFixture {
    let store: any MigrationStore
    let runID: String
    let routes: [NotificationRoute]
    let date = TestDate()
    private let revision = Locked<UInt64>(0)

    /// A fixture over `store` (a new in-memory one by default) with `routes`.
    init(routes: [NotificationRoute], store: any MigrationStore = InMemoryMigrationStore()) async throws {
        self.store = store
        self.routes = routes
        runID = "run-\(UUID().uuidString.prefix(8))"
        try await store.createRun(RunRecord(id: runID, planName: "p", planSource: "", createdAt: Date()))
    }

    /// Commits `events` with the alerts `routes` ask for, as a controller does; returns their sequence numbers.
    @discardableResult
    func commit(_ events: [MigrationEvent]) async throws -> [UInt64] {
        let expected = revision.withLock { $0 }
        let receipt = try await store.commit(Transition(
            state: ControllerState(), events: events, alerts: PendingAlert.alerts(for: events, routes: routes),
            recordedAt: date.now
        ), to: runID, expectedRevision: expected)
        revision.withLock { $0 = receipt.revision }
        return receipt.events.map(\.sequence)
    }

    /// A dispatcher of the run on the fixture's clock, with `environment` as its environment.
    func dispatcher(environment: [String: String], timeout: Duration = .seconds(5)) -> AlertDispatcher {
        var configuration = AlertDispatcher.Configuration()
        configuration.timeout = timeout
        configuration.pollInterval = .milliseconds(50)
        let date = self.date
        return AlertDispatcher(
            runID: runID, routes: routes, store: store, environment: environment, configuration: configuration,
            now: { date.now }, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// The run's alerts with `status`.
    func alerts(_ status: AlertRecord.Status) async throws -> [AlertRecord] {
        try await store.alerts(of: runID, statuses: [status], limit: 100)
    }
}

/// Events of a rollback of `service`: initiated, then completed.
func rollbackEvents(_ id: String = "rb-1", service: String = "recommendation-generator") -> [MigrationEvent] {
    [
        MigrationEvent(.rollbackInitiated, at: .seconds(600), service: service, detail: "error rate 8.2 % > 5 %", rollbackID: id),
        MigrationEvent(.rollbackCompleted, at: .seconds(602), service: service, detail: "traffic on legacy", rollbackID: id),
    ]
}
