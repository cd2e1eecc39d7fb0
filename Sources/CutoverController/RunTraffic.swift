import CutoverCore

/// Where a driven run's measurements come from, one sample interval at a time: a simulated
/// app in virtual time, or the metrics that app instances ship to a server.
public protocol RunTraffic: Sendable {
    /// How far run time moves in one step while nothing is judged.
    var idleStep: Duration { get }

    /// Lets run time pass from `start` to `end` with traffic flowing, and returns every
    /// service's metrics of that interval; throws ``MeasurementError`` when they could not be
    /// measured (the run goes on without them).
    func sample(from start: Duration, to end: Duration) async throws -> MetricsWindow

    /// Lets run time pass to `end` while nothing is judged.
    func idle(until end: Duration) async throws
}
