import Foundation

/// Wakes every listener when something changed; a listener that was busy wakes once for all
/// the changes it missed.
package final class ChangeSignal: Sendable {
    private let listeners = Locked<[UUID: AsyncStream<Void>.Continuation]>([:])

    package init() {}

    /// Wakes every listener.
    package func notify() {
        listeners.withLock { listeners in
            for listener in listeners.values { listener.yield() }
        }
    }

    /// One element per wake-up, until the stream is dropped.
    package func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        listeners.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.listeners.withLock { _ = $0.removeValue(forKey: id) }
        }
        return stream
    }
}
