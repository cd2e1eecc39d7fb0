import CutoverCore
import Hummingbird
import Prometheus

/// The server's Prometheus metrics: the run and its services (read at scrape time), the
/// routers' counts and latency histogram as instances ship them, and the API's requests.
///
/// Labels are bounded: services come from the plan, cohorts and stages are fixed sets, routes
/// are the API's templates.
public final class PrometheusExporter: Sendable {
    /// The registry metrics are emitted from; an embedding app may add its own.
    public let registry: PrometheusCollectorRegistry

    /// An exporter over `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.requestCounter = RequestCounter(registry: registry)
    }

    /// The routers' latency histogram, written beside the registry's metrics.
    private let latency = LatencyHistogramExport()

    /// The routers' counters, `cutover_router_NAME_total{service,cohort}`: one per counted
    /// measurement, under the name a Prometheus metrics source reads by default.
    private static var routerCounters: [(name: String, help: String, value: KeyPath<CohortMetrics, UInt64>)] {
        PrometheusSource.Measurement.allCases.compactMap { measurement in
            measurement.counter.map { (measurement.exportedMetric, help(measurement), $0) }
        }
    }

    /// The `# HELP` text of a measurement's metric.
    static func help(_ measurement: PrometheusSource.Measurement) -> String {
        switch measurement {
        case .calls: "Calls routed to the cohort"
        case .errors: "Calls of the cohort that failed"
        case .latency: "Latency of the cohort's implementation calls"
        case .fallbacks: "Candidate calls answered by legacy instead"
        case .userFacingErrors: "Failures the user saw"
        case .outcomeSuccesses: "User tasks the application reported as succeeded"
        case .outcomeFailures: "User tasks the application reported as failed"
        case .integrityFailures: "Results found wrong by a comparison"
        case .costUnits: "Cost units the cohort's calls spent"
        }
    }

    /// Makes every router series of `services` exist at zero (counters and latency), so that a
    /// Prometheus `increase()` also counts the calls of a series' first scrape with any.
    func prepare(services: some Sequence<String>) {
        for service in services {
            for cohort in Cohort.allCases {
                for counter in Self.routerCounters {
                    routerCounter(counter.name, counter.help, service: service, cohort: cohort).increment(by: Int64(0))
                }
            }
            latency.prepare(service: service)
        }
    }

    /// Counts a shipped window's calls, errors, fallbacks, user-facing errors, outcomes,
    /// integrity failures and cost units, and adds its latencies, per service and cohort.
    func record(_ window: MetricsWindow) {
        for metrics in window.services {
            for cohort in Cohort.allCases {
                for counter in Self.routerCounters where metrics[cohort][keyPath: counter.value] > 0 {
                    routerCounter(counter.name, counter.help, service: metrics.service, cohort: cohort)
                        .increment(by: Int64(clamping: metrics[cohort][keyPath: counter.value]))
                }
            }
            latency.record(metrics)
        }
    }

    private func routerCounter(_ name: String, _ help: String, service: String, cohort: Cohort) -> Counter {
        // The full name is the metric name; the descriptor skips the empty unit.
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        return registry.makeCounter(descriptor: descriptor, labels: [("service", service), ("cohort", cohort.rawValue)])
    }

    /// The text exposition, with the run's gauges brought up to date first.
    func exposition(host: RunHost?, publisher: FlagPublisher) async -> [UInt8] {
        if let host, let status = try? await host.status() {
            let run = [("run", status.run)]
            gauge("run", "flag_version", "The version of the run's published flags", run).set(to: Double(status.flagVersion))
            gauge("run", "time_seconds", "Run time", run).set(to: status.now)
            gauge("run", "paused", "1 while the run is paused", run).set(to: status.paused ? 1 : 0)
            gauge("run", "phase_index", "The current phase, from 0", run).set(to: Double(status.phase.index))
            for service in status.services {
                let labels = [("service", service.name)]
                gauge("service", "rollout_percent", "The candidate's share of traffic", labels).set(to: service.rollout)
                gauge("service", "rollbacks", "Rollbacks of the service", labels).set(to: Double(service.rollbacks))
                gauge("service", "steps_passed", "Steps whose window passed", labels).set(to: Double(service.stepsPassed))
                for stage in Self.stages {
                    gauge("service", "stage", "1 for the service's current stage", labels + [("stage", stage)])
                        .set(to: service.stage == stage ? 1 : 0)
                }
                for check in service.checks {
                    guard let observed = check.observed else { continue }
                    gauge("service", "check_observed", "The current window's value of each health check", labels + [("check", check.check)])
                        .set(to: observed)
                }
            }
            let (accepted, duplicates) = host.ingest.counts
            gauge("ingest", "batches_accepted", "Metrics batches counted", []).set(to: Double(accepted))
            gauge("ingest", "batches_duplicate", "Metrics batches received again and not counted", []).set(to: Double(duplicates))
        }
        gauge("flags", "stream_listeners", "Instances listening on the flag stream", []).set(to: Double(publisher.listenerCount))
        var buffer = registry.emitToBuffer()
        latency.emit(into: &buffer)
        return buffer
    }

    private func gauge(_ subsystem: String, _ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        let parts = name.split(separator: "_")
        let unit = ["percent", "seconds"].contains(String(parts.last ?? "")) ? String(parts.last!) : ""
        let metric = unit.isEmpty ? name : parts.dropLast().joined(separator: "_")
        return registry.makeGauge(descriptor: Self.name(subsystem, metric, unit, help), labels: labels)
    }

    static func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "cutover", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts the API's requests by route template, method and status.
    let requestCounter: RequestCounter

    /// The middleware counting requests.
    struct RequestCounter: RouterMiddleware {
        typealias Context = APIContext
        let registry: PrometheusCollectorRegistry
        /// The counters made so far, so a request costs one dictionary lookup, not a registration.
        private let counters = Locked<[String: Counter]>([:])

        init(registry: PrometheusCollectorRegistry) {
            self.registry = registry
        }

        func handle(_ request: Request, context: APIContext, next: @concurrent (Request, APIContext) async throws -> Response) async throws -> Response {
            do {
                let response = try await next(request, context)
                count(request, context, response.status)
                return response
            } catch let error as APIError {
                count(request, context, error.status)
                throw error
            }
        }

        private func count(_ request: Request, _ context: APIContext, _ status: HTTPResponse.Status) {
            let route = context.endpointPath ?? "unmatched"
            let key = "\(route) \(request.method.rawValue) \(status.code)"
            let counter = counters.withLock { counters in
                if let counter = counters[key] { return counter }
                let counter = registry.makeCounter(
                    descriptor: PrometheusExporter.name("http", "requests", "total", "API requests answered"),
                    labels: [("route", route), ("method", request.method.rawValue), ("status", "\(status.code)")]
                )
                counters[key] = counter
                return counter
            }
            counter.increment()
        }
    }

    private static let stages = [
        "pending", "stepping", "awaiting_approval", "awaiting_window", "complete", "rolling_back", "rolled_back", "held",
    ]
}
