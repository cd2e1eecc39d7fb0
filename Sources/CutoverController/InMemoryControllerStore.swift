import CutoverCore

/// A ``ControllerStore`` in memory: for simulations and tests.
public actor InMemoryControllerStore: ControllerStore {
    private var state: ControllerState?
    private var log: [StoredEvent] = []

    /// An empty store.
    public init() {}

    public func commit(state: ControllerState, events: [MigrationEvent]) -> [StoredEvent] {
        self.state = state
        let first = UInt64(log.count) + 1
        let stored = events.enumerated().map { StoredEvent(sequence: first + UInt64($0.offset), event: $0.element) }
        log += stored
        return stored
    }

    public func loadState() -> ControllerState? {
        state
    }

    public func events(after: UInt64, limit: Int) -> [StoredEvent] {
        Array(log.drop { $0.sequence <= after }.prefix(limit))
    }
}
