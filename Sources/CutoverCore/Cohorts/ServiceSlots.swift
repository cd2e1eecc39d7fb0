import Synchronization

/// Stable small integers for service names, so the request path indexes arrays instead of hashing names.
///
/// Slots are only ever added: a slot handed out once names the same service for the registry's lifetime.
public final class ServiceSlots: Sendable {
    private let slots = Mutex<[String: Int]>([:])

    /// Creates an empty registry.
    public init() {}

    /// The slot of `service`, assigning the next free one on first use.
    public func slot(for service: String) -> Int {
        slots.withLock { slots in
            if let slot = slots[service] { return slot }
            let slot = slots.count
            slots[service] = slot
            return slot
        }
    }

    /// The number of slots handed out.
    public var count: Int {
        slots.withLock { $0.count }
    }
}
