import Yams

extension PlanReader {
    /// Keys of `metricsSource.prometheus`.
    static let prometheusKeys = [
        "url", "urlEnvironmentVariable", "queries", "custom", "failuresBeforePause", "timeout", "lag",
    ]

    /// Reads `metricsSource`: one source, `prometheus` being the only kind so far.
    mutating func metricsSource(_ node: Node, at path: String) -> MetricsSource? {
        guard let fields = nodes.fields(of: node, at: path, required: ["prometheus"], optional: []),
              let prometheus = fields["prometheus"] else { return nil }
        return prometheusSource(prometheus, at: fields.path("prometheus")).map(MetricsSource.prometheus)
    }

    private mutating func prometheusSource(_ node: Node, at path: String) -> PrometheusSource? {
        guard let fields = nodes.fields(of: node, at: path, required: [], optional: Self.prometheusKeys) else { return nil }
        var source = PrometheusSource(endpoint: endpoint(in: fields, of: node))
        source.failuresBeforePause = nodes.integer("failuresBeforePause", in: fields) ?? source.failuresBeforePause
        source.timeout = nodes.duration("timeout", in: fields) ?? source.timeout
        source.lag = nodes.duration("lag", in: fields) ?? source.lag
        if let node = fields["queries"], let queries = nodes.fields(
            of: node, at: fields.path("queries"), required: [],
            optional: PrometheusSource.Measurement.allCases.map(\.rawValue)
        ) {
            for measurement in PrometheusSource.Measurement.allCases {
                if let text = nodes.string(measurement.rawValue, in: queries) {
                    source.queries[measurement] = QueryTemplate(text)
                }
            }
        }
        source.custom = nodes.namedEntries("custom", in: fields)?.compactMap { entry in
            nodes.string(entry.node, at: entry.path).map { PrometheusSource.CustomQuery(name: entry.name, query: QueryTemplate($0)) }
        } ?? []
        return source
    }

    /// `url` or `urlEnvironmentVariable`, exactly one of them.
    private mutating func endpoint(in fields: PlanNodeReader.Fields, of node: Node) -> PrometheusSource.Endpoint {
        let url = nodes.string("url", in: fields)
        let variable = nodes.string("urlEnvironmentVariable", in: fields)
        switch (url, variable) {
        case (let url?, nil):
            return .url(url)
        case (nil, let variable?):
            return .environmentVariable(variable)
        case (_?, _?):
            nodes.report(
                .conflictingOptions, at: fields["urlEnvironmentVariable"], fields.path("urlEnvironmentVariable"),
                "give 'url' or 'urlEnvironmentVariable', not both"
            )
        case (nil, nil):
            if fields["url"] == nil, fields["urlEnvironmentVariable"] == nil {
                nodes.report(
                    .missingKey, at: node, fields.path("url"),
                    "missing 'url' (the server's base URL) or 'urlEnvironmentVariable' (the variable holding it)"
                )
            }
        }
        nodes.markUnreadable(fields.path("url"))
        return .url("")
    }
}
