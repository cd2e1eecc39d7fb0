import CutoverCore
import Foundation

extension PrometheusSource {
    /// The server's base URL: the plan's, or the value of the environment variable it names.
    public func baseURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PrometheusError) -> String {
        let url: String
        switch endpoint {
        case .url(let text):
            url = text
        case .environmentVariable(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw PrometheusError(.invalidConfiguration, "the environment variable \(name), which the plan names for the Prometheus URL, is not set")
            }
            url = value
        }
        if let problem = Self.problem(withURL: url) {
            throw PrometheusError(.invalidConfiguration, "the Prometheus URL \(problem)")
        }
        return url
    }
}
