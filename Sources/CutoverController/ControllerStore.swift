import CutoverCore

/// Where a run's state and its audit log live.
///
/// A transition is saved with its events in one call, before any of its actions is performed:
/// a store either has both or neither. Durable stores (SQLite, PostgreSQL) implement this
/// protocol too; ``InMemoryControllerStore`` keeps everything in memory.
public protocol ControllerStore: Sendable {
    /// Saves the state after a transition together with the events it produced; returns the
    /// events with their sequence numbers.
    func commit(state: ControllerState, events: [MigrationEvent]) async throws -> [StoredEvent]

    /// The last committed state, if any.
    func loadState() async throws -> ControllerState?

    /// Events with a sequence number above `after`, oldest first, at most `limit`.
    func events(after: UInt64, limit: Int) async throws -> [StoredEvent]
}

/// An event with its place in the append-only log.
public struct StoredEvent: Hashable, Sendable, Codable {
    /// 1, 2, 3, … without gaps.
    public var sequence: UInt64
    /// The event.
    public var event: MigrationEvent

    /// Creates a stored event.
    public init(sequence: UInt64, event: MigrationEvent) {
        self.sequence = sequence
        self.event = event
    }
}
