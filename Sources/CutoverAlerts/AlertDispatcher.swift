import CutoverCore
import CutoverStore
import Foundation
import Logging
import ServiceLifecycle

/// Delivers one run's alerts from the store's outbox: in order per route, retried with
/// exponential backoff and jitter, dead-lettered when retrying cannot help or attempts run out.
///
/// Alerts reach the outbox in the same transaction as their events, so a crash between an
/// event and its delivery only delays the alert: the next dispatcher of the run sends it. A
/// crash after the endpoint accepted an alert but before the store recorded it sends it once
/// more; PagerDuty folds the repeat into the same incident by its dedup key.
///
/// Run one dispatcher per run, in the process that holds the run's controller lease.
public final class AlertDispatcher: Service, Sendable {
    /// How deliveries are paced.
    public struct Configuration: Sendable {
        /// How often the outbox is read when nothing wakes the dispatcher.
        public var pollInterval: Duration = .seconds(1)
        /// How long one delivery may take.
        public var timeout: Duration = .seconds(10)
        /// Attempts and backoff: by default 10 attempts from 2 s to 5 min apart (about 20 minutes).
        public var retry: RetryPolicy = {
            var retry = RetryPolicy()
            retry.attempts = 10
            retry.initialDelay = .seconds(2)
            retry.maximumDelay = .seconds(300)
            return retry
        }()
        /// The most pending alerts read at once.
        public var batchSize = 500

        /// The defaults.
        public init() {}
    }

    private let runID: String
    private let routes: [String: NotificationRoute]
    private let store: any MigrationStore
    private let environment: [String: String]
    private let transport: any AlertTransport
    private let configuration: Configuration
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let wakeUps = ChangeSignal()
    /// One pass over the outbox at a time: the service's loop and a ``flush(timeout:)`` must
    /// never attempt the same alert together.
    private let passes = TurnQueue()

    /// A dispatcher of `runID`'s alerts through `routes`, with secrets from `environment`.
    public init(
        runID: String, routes: [NotificationRoute], store: any MigrationStore,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any AlertTransport = HTTPAlertTransport(), configuration: Configuration = .init(),
        now: @escaping @Sendable () -> Date = Date.init, logger: Logger = Logger(label: "cutover.alerts")
    ) {
        self.runID = runID
        self.routes = Dictionary(routes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.environment = environment
        self.transport = transport
        self.configuration = configuration
        self.now = now
        self.logger = logger
    }

    /// Delivers due alerts until cancelled or shut down gracefully, waking when ``nudge()`` is
    /// called and at least every poll interval.
    public func run() async throws {
        guard !routes.isEmpty else {
            // A plan without routes queues no alert: nothing to read until the service stops.
            try? await gracefulShutdown()
            return
        }
        let wakeUps = wakeUps.changes()
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [configuration] in
                while !Task.isCancelled {
                    try await Task.sleep(for: configuration.pollInterval)
                    self.nudge()
                }
            }
            defer { group.cancelAll() }
            for await _ in wakeUps.cancelOnGracefulShutdown() {
                do {
                    try await deliverDue()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("reading the alert outbox failed", metadata: ["alert.error": "\(error)"])
                }
            }
        }
    }

    /// Wakes the dispatcher: new alerts were committed.
    public func nudge() {
        wakeUps.notify()
    }

    /// Attempts every alert that is due and first in its route's queue; returns how many.
    @discardableResult
    public func deliverDue() async throws -> Int {
        try await passes.run { try await deliverDueNow() }
    }

    private func deliverDueNow() async throws -> Int {
        let pending = try await store.alerts(of: runID, statuses: [.pending], limit: configuration.batchSize)
        var heads: [String: AlertRecord] = [:]
        for alert in pending where heads[alert.route] == nil {
            heads[alert.route] = alert
        }
        let moment = now()
        let due = heads.values.filter { $0.nextAttemptAt <= moment }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for alert in due {
                group.addTask { try await self.attempt(alert) }
            }
            try await group.waitForAll()
        }
        return due.count
    }

    /// Delivers what is due until nothing is, or `timeout` has passed: for a process about to
    /// exit. Alerts waiting for a retry stay in the outbox for the run's next dispatcher.
    public func flush(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, try await deliverDue() > 0 {}
    }

    private func attempt(_ alert: AlertRecord) async throws {
        let message = AlertMessage(run: alert.run, sequence: alert.sequence, event: alert.event)
        let metadata: Logger.Metadata = [
            "alert.id": "\(alert.id)", "alert.event": "\(alert.event.kind)", "alert.attempt": "\(alert.attempts + 1)",
        ]
        let outcome: AlertAttempt
        do throws(AlertDeliveryError) {
            guard let route = routes[alert.route] else {
                throw AlertDeliveryError(.unknownRoute, "the plan has no route '\(alert.route)'")
            }
            let request = try AlertRequest.delivering(message, through: route, environment: environment)
            try await transport.send(request, timeout: configuration.timeout)
            outcome = .delivered(at: now())
            logger.info("alert delivered", metadata: metadata)
        } catch {
            let retries = error.isTransient && alert.attempts + 1 < configuration.retry.attempts
            let retryAt = retries ? now().addingTimeInterval(configuration.retry.delay(forAttempt: alert.attempts).seconds) : nil
            outcome = .failed(reason: error.message, retryAt: retryAt)
            logger.warning(retries ? "alert delivery failed; will retry" : "alert delivery failed; dead-lettered", metadata: metadata.merging(
                ["alert.error": "\(error.message)", "alert.retry_at": "\(retryAt.map { "\($0)" } ?? "never")"],
                uniquingKeysWith: { $1 }
            ))
        }
        try await store.recordAlertAttempt(alert.id, outcome)
    }
}
