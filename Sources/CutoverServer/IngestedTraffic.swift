import CutoverController
import CutoverCore

/// The metrics shipped to the server as a driven run's traffic: run time passes on the paced
/// clock, and a sample is whatever the instances shipped meanwhile.
struct IngestedTraffic: RunTraffic {
    let pacer: Pacer
    let ingest: MetricsIngest
    let idleStep: Duration

    func sample(from start: Duration, to end: Duration) async throws -> MetricsWindow {
        try await pacer.wait(until: end)
        return ingest.drain()
    }

    /// Nothing is judged, so what arrived meanwhile is dropped rather than judged later.
    func idle(until end: Duration) async throws {
        try await pacer.wait(until: end)
        _ = ingest.drain()
    }
}
