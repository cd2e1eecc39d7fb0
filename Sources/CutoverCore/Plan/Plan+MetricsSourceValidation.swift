extension Plan {
    /// The metrics source: a usable URL (or a variable name), queries that render, at least
    /// one failure before a pause, and custom metric names that do not shadow built-in ones.
    func checkMetricsSource(_ list: inout PlanProblemList) {
        guard case .prometheus(let source)? = metricsSource else { return }
        let path = "metricsSource.prometheus"
        switch source.endpoint {
        case .url(let url):
            if list.isReadable("\(path).url"), let problem = PrometheusSource.problem(withURL: url) {
                list.report(.invalidURL, "\(path).url", "'\(url)' \(problem)")
            }
        case .environmentVariable(let name):
            if list.isReadable("\(path).urlEnvironmentVariable"), !Self.isEnvironmentVariableName(name) {
                list.report(
                    .invalidTarget, "\(path).urlEnvironmentVariable",
                    "'\(name)' is not an environment variable name (letters, digits and _, not starting with a digit)"
                )
            }
        }
        if source.failuresBeforePause < 1, list.isReadable("\(path).failuresBeforePause") {
            list.report(.outOfRange, "\(path).failuresBeforePause", "must be at least 1, found \(source.failuresBeforePause)")
        }
        for measurement in PrometheusSource.Measurement.allCases {
            guard let query = source.queries[measurement] else { continue }
            checkQuery(query, at: "\(path).queries.\(measurement.rawValue)", &list)
        }
        for custom in source.custom {
            let customPath = "\(path).custom.\(custom.name)"
            if CustomMetric(rawValue: custom.name) != nil {
                list.report(
                    .duplicateName, customPath,
                    "'\(custom.name)' is a built-in custom metric, computed from Cutover's own counts; give the query another name"
                )
            }
            checkQuery(custom.query, at: customPath, &list)
        }
    }

    private func checkQuery(_ query: QueryTemplate, at path: String, _ list: inout PlanProblemList) {
        guard list.isReadable(path) else { return }
        for problem in query.problems {
            list.report(.invalidQuery, path, problem)
        }
    }
}
