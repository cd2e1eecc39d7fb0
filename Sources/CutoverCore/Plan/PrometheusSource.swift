import Foundation

/// A Prometheus server as a run's metrics source: for each service and cohort, every sample
/// reads counts, the latency histogram and custom business metrics through PromQL queries
/// (``QueryTemplate``s) evaluated at the sample's end.
///
/// Every query has a default over the metrics Cutover's own server exports at `/metrics`
/// (see ``Measurement/defaultQuery``); a plan replaces the ones its services export otherwise.
public struct PrometheusSource: Hashable, Sendable {
    /// Where the server is.
    public enum Endpoint: Hashable, Sendable {
        /// Its base URL, e.g. `http://prometheus:9090` (queries go to `/api/v1/query` under it).
        case url(String)
        /// The environment variable that holds its base URL, read when the run starts.
        case environmentVariable(String)
    }

    /// A business or cost metric measured by a query, which a ``CustomThreshold`` names.
    public struct CustomQuery: Hashable, Sendable {
        /// The name thresholds use, e.g. `conversionRate`.
        public var name: String
        /// The query; its value (a scalar, or the sum of a vector) is the cohort's measurement.
        public var query: QueryTemplate

        /// A custom metric `name` measured by `query`.
        public init(name: String, query: QueryTemplate) {
            self.name = name
            self.query = query
        }
    }

    /// Where the server is.
    public var endpoint: Endpoint
    /// Queries that replace the defaults, by measurement.
    public var queries: [Measurement: QueryTemplate] = [:]
    /// Business and cost metrics, in the plan's order.
    public var custom: [CustomQuery] = []
    /// Consecutive failed measurements after which the controller pauses the run.
    public var failuresBeforePause = MetricsSource.defaultFailuresBeforePause
    /// How long one query may take before the sample counts as a failed measurement.
    public var timeout: Duration = .seconds(5)
    /// How far Prometheus' data trails the traffic (how often instances ship plus how often
    /// Prometheus scrapes): each sample is queried this much later, over a window shifted by it.
    public var lag: Duration = .zero

    /// A source at `endpoint` with the default queries.
    public init(endpoint: Endpoint) {
        self.endpoint = endpoint
    }

    /// The query of `measurement`: the plan's, or the default.
    public func query(for measurement: Measurement) -> QueryTemplate {
        queries[measurement] ?? measurement.defaultQuery
    }

    /// Why `text` cannot be a Prometheus server's base URL (a phrase without the text, which
    /// may hold credentials), or `nil` when it can.
    public static func problem(withURL text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return "is not a URL; write the server's base URL, e.g. http://prometheus:9090"
        }
        guard scheme == "http" || scheme == "https" else {
            return "is not an http or https URL"
        }
        guard let host = components.host, !host.isEmpty else {
            return "has no host"
        }
        guard components.query == nil, components.fragment == nil else {
            return "has a query or fragment; write the base URL only (queries go to /api/v1/query under it)"
        }
        return nil
    }
}
