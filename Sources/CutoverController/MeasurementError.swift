/// A sample that could not be measured: the metrics source failed, timed out or answered
/// something that is not a measurement.
///
/// A ``RunTraffic`` throws it from ``RunTraffic/sample(from:to:)`` instead of returning a window;
/// the ``RunDriver`` reports it to the controller as
/// `ControllerInput.measurementFailed(reason:)` and the run goes on. Any other error ends the run.
public struct MeasurementError: Error, CustomStringConvertible {
    /// Why, in words (no secrets: it is recorded in the run's events).
    public var reason: String
    /// The error behind it, if any.
    public var underlying: (any Error)?

    /// A failed measurement, because of `reason`.
    public init(reason: String, underlying: (any Error)? = nil) {
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String { reason }
}
