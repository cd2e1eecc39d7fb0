/// Where a served run's health measurements come from, when not from the metrics the app
/// instances ship to the server (the plan's optional `metricsSource`).
public enum MetricsSource: Hashable, Sendable {
    /// A Prometheus server, queried for each service and cohort every sample.
    case prometheus(PrometheusSource)

    /// Consecutive failed measurements after which the controller pauses the run, when the
    /// plan does not say.
    public static let defaultFailuresBeforePause = 3

    /// Consecutive failed measurements after which the controller pauses the run.
    public var failuresBeforePause: Int {
        switch self {
        case .prometheus(let source): source.failuresBeforePause
        }
    }
}

extension Plan {
    /// Consecutive failed measurements after which the controller pauses the run: the metrics
    /// source's setting, or ``MetricsSource/defaultFailuresBeforePause``.
    public var measurementFailuresBeforePause: Int {
        metricsSource?.failuresBeforePause ?? MetricsSource.defaultFailuresBeforePause
    }
}
