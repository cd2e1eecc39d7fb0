import CutoverCore
import CutoverPrometheus
import CutoverServer
import Logging

extension RunHost.TrafficSource {
    /// Where `plan`'s served run is measured: its `metricsSource` when it has one (the
    /// Prometheus URL resolved now, so a missing variable stops the command at once), else the
    /// metrics app instances ship.
    static func measuring(_ plan: Plan, logger: Logger) throws -> RunHost.TrafficSource {
        guard case .prometheus(let source)? = plan.metricsSource else { return .shipped }
        let client = PrometheusClient(baseURL: try source.baseURL(), timeout: source.timeout)
        let configuration = PrometheusTraffic.Configuration(services: plan.services.map(\.name), source: source)
        return .external { pacer, idleStep in
            PrometheusTraffic(configuration: configuration, client: client, pacer: pacer, idleStep: idleStep, logger: logger)
        }
    }
}
