import CutoverCore
import Foundation

/// Fans committed flag versions out to this process's subscribers, per run.
public final class FlagChangeBroadcast: Sendable {
    private struct Subscriber {
        var run: String
        var continuation: AsyncThrowingStream<UInt64, any Error>.Continuation
    }

    private let subscribers = Locked<[UUID: Subscriber]>([:])

    /// A broadcast without subscribers.
    public init() {}

    /// A stream of the versions committed for `run` from now on; it ends when the consumer stops.
    public func subscribe(run: String) -> AsyncThrowingStream<UInt64, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: UInt64.self, bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        subscribers.withLock { $0[id] = Subscriber(run: run, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    /// Tells every subscriber of `run` that `version` was committed.
    public func send(_ version: UInt64, run: String) {
        let targets = subscribers.withLock { $0.values.filter { $0.run == run }.map(\.continuation) }
        for continuation in targets { continuation.yield(version) }
    }

    /// Ends every subscriber's stream with `error`.
    public func fail(_ error: any Error) {
        let targets = subscribers.withLock { all in
            defer { all = [:] }
            return all.values.map(\.continuation)
        }
        for continuation in targets { continuation.finish(throwing: error) }
    }
}
