import CutoverCore
import Foundation

/// Window deltas shipped by app instances, added up until the controller takes a sample.
///
/// Each instance numbers its batches 1, 2, 3… and sends them one at a time, retrying a batch
/// until it is acknowledged; a batch whose number is not above the instance's last accepted
/// one is a retry of an acknowledged batch and is not counted again.
public final class MetricsIngest: Sendable {
    /// One batch from an instance.
    public struct Batch: Codable, Sendable {
        /// The instance's id, unique per process run.
        public var instance: String
        /// The batch's number, from 1, increasing by instance.
        public var sequence: UInt64
        /// The window delta.
        public var window: MetricsWindow

        /// A batch.
        public init(instance: String, sequence: UInt64, window: MetricsWindow) {
            self.instance = instance
            self.sequence = sequence
            self.window = window
        }
    }

    private struct State {
        var pending: [String: ServiceMetrics] = [:]
        var lastSequence: [String: (sequence: UInt64, seen: ContinuousClock.Instant)] = [:]
        var accepted: UInt64 = 0
        var duplicates: UInt64 = 0
    }

    private let services: Set<String>
    private let state = Locked(State())
    /// How long an instance's last batch number is kept after it went silent.
    private let instanceMemory: Duration = .seconds(3600)

    /// An ingest of the metrics of `services` (the plan's).
    public init(services: some Sequence<String>) {
        self.services = Set(services)
    }

    /// Checks `batch`: an instance id of 1–128 characters, a sequence from 1 (to 2⁶³ − 1, as
    /// the API document says), known services.
    public func validate(_ batch: Batch) throws(APIError) {
        guard (1...128).contains(batch.instance.unicodeScalars.count) else {
            throw .invalid("instance", "instance must be 1 to 128 characters")
        }
        guard (1...UInt64(Int64.max)).contains(batch.sequence) else {
            throw .invalid("sequence", "sequence must be from 1 to \(Int64.max)")
        }
        for (index, metrics) in batch.window.services.enumerated() where !services.contains(metrics.service) {
            throw .invalid("window.services[\(index)].service", "unknown service '\(metrics.service)'")
        }
    }

    /// Adds `batch` unless it was counted already; returns whether it was added.
    public func accept(_ batch: Batch) throws(APIError) -> Bool {
        try validate(batch)
        let now = ContinuousClock.now
        return state.withLock { state in
            if let last = state.lastSequence[batch.instance], batch.sequence <= last.sequence {
                state.lastSequence[batch.instance]?.seen = now
                state.duplicates += 1
                return false
            }
            state.lastSequence[batch.instance] = (batch.sequence, now)
            for metrics in batch.window.services {
                state.pending[metrics.service, default: ServiceMetrics(
                    service: metrics.service, legacy: CohortMetrics(), candidate: CohortMetrics()
                )].add(metrics)
            }
            state.accepted += 1
            return true
        }
    }

    /// Everything added since the last drain, and forgets instances silent for an hour.
    public func drain() -> MetricsWindow {
        let now = ContinuousClock.now
        return state.withLock { state in
            let window = MetricsWindow(services: state.pending.values.sorted { $0.service < $1.service })
            state.pending = [:]
            state.lastSequence = state.lastSequence.filter { now - $0.value.seen < instanceMemory }
            return window
        }
    }

    /// Batches accepted and duplicates ignored so far.
    public var counts: (accepted: UInt64, duplicates: UInt64) {
        state.withLock { ($0.accepted, $0.duplicates) }
    }
}
