import CutoverCore
import Foundation

/// One alert in the outbox: an event to deliver through one notification route.
///
/// Alerts are written in the same transaction as their events (``Transition/alerts``), so an
/// event is never recorded without its alerts, and one event has at most one alert per route.
public struct AlertRecord: Sendable, Hashable, Codable {
    /// Where an alert is in its delivery.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for its first or next attempt.
        case pending
        /// The route's endpoint accepted it.
        case delivered
        /// Given up on: attempts exhausted, or refused in a way retrying cannot fix.
        case dead
    }

    /// The run.
    public var run: String
    /// The event's sequence number.
    public var sequence: UInt64
    /// The route's name.
    public var route: String
    /// The event.
    public var event: MigrationEvent
    /// Where it is.
    public var status: Status
    /// Delivery attempts so far.
    public var attempts: Int
    /// When the next attempt is due (for a pending alert).
    public var nextAttemptAt: Date
    /// Why the last attempt failed, if it did (never a secret: no URLs or keys).
    public var lastError: String?
    /// When it was delivered.
    public var deliveredAt: Date?

    /// Creates an alert record.
    public init(
        run: String, sequence: UInt64, route: String, event: MigrationEvent, status: Status = .pending, attempts: Int = 0,
        nextAttemptAt: Date, lastError: String? = nil, deliveredAt: Date? = nil
    ) {
        self.run = run
        self.sequence = sequence
        self.route = route
        self.event = event
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
    }

    /// The alert's identity: `run/sequence/route`. Also the key that suppresses duplicates.
    public var id: AlertID {
        AlertID(run: run, sequence: sequence, route: route)
    }
}

/// Identifies an alert: its run, its event and its route.
public struct AlertID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The run.
    public var run: String
    /// The event's sequence number.
    public var sequence: UInt64
    /// The route's name.
    public var route: String

    /// Creates an id.
    public init(run: String, sequence: UInt64, route: String) {
        self.run = run
        self.sequence = sequence
        self.route = route
    }

    /// `run/sequence/route`.
    public var description: String {
        "\(run)/\(sequence)/\(route)"
    }
}

/// The outcome of one delivery attempt.
public enum AlertAttempt: Sendable, Hashable {
    /// The endpoint accepted the alert at this time.
    case delivered(at: Date)
    /// It failed; another attempt is due at `retryAt`, or none when `nil` (the alert is dead).
    case failed(reason: String, retryAt: Date?)
}

/// An alert a transition asks for: its event (by index in ``Transition/events``) through a route.
public struct PendingAlert: Sendable, Hashable, Codable {
    /// The index of the event in its transition's events.
    public var eventIndex: Int
    /// The route's name.
    public var route: String

    /// Creates a pending alert.
    public init(eventIndex: Int, route: String) {
        self.eventIndex = eventIndex
        self.route = route
    }

    /// The alerts `events` need: each event through every route of `routes` that carries it.
    public static func alerts(for events: [MigrationEvent], routes: [NotificationRoute]) -> [PendingAlert] {
        events.enumerated().flatMap { index, event in
            routes.filter { $0.carries(event) }.map { PendingAlert(eventIndex: index, route: $0.name) }
        }
    }
}
