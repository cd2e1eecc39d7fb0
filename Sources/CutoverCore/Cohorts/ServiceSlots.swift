/// Stable small integers for service names, so the request path indexes arrays instead of hashing names.
///
/// Slots are only ever added: a slot handed out once names the same service for the registry's lifetime.
public final class ServiceSlots: Sendable {
    private struct Registry {
        var slots: [String: Int] = [:]
        var names: [String] = []
    }

    private let registry = Locked(Registry())

    /// Creates an empty registry.
    public init() {}

    /// The slot of `service`, assigning the next free one on first use.
    public func slot(for service: String) -> Int {
        registry.withLock { registry in
            if let slot = registry.slots[service] { return slot }
            let slot = registry.names.count
            registry.slots[service] = slot
            registry.names.append(service)
            return slot
        }
    }

    /// Every registered service name, indexed by slot.
    public var names: [String] {
        registry.withLock { $0.names }
    }
}
