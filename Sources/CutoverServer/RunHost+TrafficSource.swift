import CutoverController
import CutoverCore

extension RunHost {
    /// Where a hosted run's measurements come from, made once the run's paced clock exists.
    public struct TrafficSource: Sendable {
        /// Makes the traffic from the run's pacer, the server's ingest of shipped metrics and
        /// how far run time moves per idle step.
        let make: @Sendable (_ pacer: Pacer, _ ingest: MetricsIngest, _ idleStep: Duration) -> any RunTraffic

        /// The metrics app instances ship to this server (`POST /v1/metrics`).
        public static let shipped = TrafficSource { pacer, ingest, idleStep in
            IngestedTraffic(pacer: pacer, ingest: ingest, idleStep: idleStep)
        }

        /// Measurements from elsewhere (e.g. a Prometheus server), made by `make` from the run's
        /// pacer and idle step. Instances may still ship metrics: the server exports them at
        /// `/metrics` but does not judge them.
        public static func external(_ make: @escaping @Sendable (_ pacer: Pacer, _ idleStep: Duration) -> any RunTraffic) -> TrafficSource {
            TrafficSource { pacer, ingest, idleStep in
                DrainingTraffic(measured: make(pacer, idleStep), ingest: ingest)
            }
        }
    }
}

/// A run's traffic measured elsewhere; what instances ship is dropped after each sample (it
/// is exported, not judged), which also lets the ingest forget instances gone silent.
private struct DrainingTraffic: RunTraffic {
    let measured: any RunTraffic
    let ingest: MetricsIngest

    var idleStep: Duration { measured.idleStep }

    func sample(from start: Duration, to end: Duration) async throws -> MetricsWindow {
        defer { _ = ingest.drain() }
        return try await measured.sample(from: start, to: end)
    }

    func idle(until end: Duration) async throws {
        defer { _ = ingest.drain() }
        try await measured.idle(until: end)
    }
}
