import CutoverCore
import CutoverStore
import Foundation
import NIOCore

/// The latest flag snapshot, encoded once, and the app instances listening for new ones.
///
/// Versions only move forward: publishing a version at or below the current one changes
/// nothing, so the controller's repeated (idempotent) publications reach instances once.
public final class FlagPublisher: Sendable {
    /// A published snapshot with its JSON.
    public struct Published: Sendable {
        /// The snapshot.
        public var snapshot: FlagSnapshot
        /// Its JSON, as served.
        public var json: Data
        /// The same JSON in a buffer, shared by every response that serves it.
        var body: ByteBuffer
        /// Its entity tag: the version, quoted.
        public var etag: String { "\"\(snapshot.version)\"" }
    }

    private struct State {
        var current: Published?
        var listeners: [UUID: AsyncStream<Published>.Continuation] = [:]
    }

    private let state = Locked(State())

    /// A publisher with no snapshot yet.
    public init() {}

    /// The latest snapshot.
    public var current: Published? {
        state.withLock { $0.current }
    }

    /// Publishes `snapshot` to every listener if it is newer than the current one.
    public func publish(_ snapshot: FlagSnapshot) throws {
        if let current = current, current.snapshot.version >= snapshot.version { return }
        let json = try JSON.encoder.encode(snapshot)
        let published = Published(snapshot: snapshot, json: json, body: ByteBuffer(bytes: json))
        state.withLock { state in
            if let current = state.current, current.snapshot.version >= snapshot.version { return }
            state.current = published
            for listener in state.listeners.values { listener.yield(published) }
        }
    }

    /// The current snapshot (when there is one), then every newer one, until the stream is dropped.
    ///
    /// A slow listener keeps only the newest snapshot it has not read: a snapshot is whole, so
    /// skipping to the newest loses nothing.
    public func updates() -> AsyncStream<Published> {
        let (stream, continuation) = AsyncStream.makeStream(of: Published.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        // Registered and given the current snapshot under the lock, so a publication racing
        // with this call is never overtaken by the older snapshot.
        state.withLock { state in
            state.listeners[id] = continuation
            if let current = state.current { continuation.yield(current) }
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// How many instances are listening.
    public var listenerCount: Int {
        state.withLock { $0.listeners.count }
    }
}
