import CutoverCore
import Testing

/// The small plan with `block` as its `metricsSource` (indented under it).
func planWithMetricsSource(_ block: String) -> String {
    smallPlan + "metricsSource:\n" + block.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
}

@Suite("Plan: metricsSource")
struct PlanMetricsSourceTests {
    @Test("a Prometheus source with every key is read, and the queries it leaves out keep their defaults")
    func fullSource() throws {
        let plan = try PlanParser.parse(planWithMetricsSource("""
            prometheus:
              url: http://127.0.0.1:9090
              timeout: 2s
              lag: 3s
              failuresBeforePause: 5
              queries:
                errors: 'sum(increase(http_errors_total{job="{{service}}",track="{{cohort}}"}[{{window}}]))'
              custom:
                conversionRate: 'avg(conversion_ratio{track="{{cohort}}"})'
            """))
        guard case .prometheus(let source)? = plan.metricsSource else {
            Issue.record("no Prometheus source in \(String(describing: plan.metricsSource))")
            return
        }
        #expect(source.endpoint == .url("http://127.0.0.1:9090"))
        #expect(source.timeout == .seconds(2))
        #expect(source.lag == .seconds(3))
        #expect(plan.measurementFailuresBeforePause == 5)
        #expect(source.query(for: .errors).text.hasPrefix("sum(increase(http_errors_total"))
        #expect(source.query(for: .calls) == PrometheusSource.Measurement.calls.defaultQuery)
        #expect(source.custom.map(\.name) == ["conversionRate"])
        #expect(source.custom.first?.query.render(service: "a", cohort: .candidate, window: .seconds(6))
            == #"avg(conversion_ratio{track="candidate"})"#)
    }

    @Test("plan show says where measurements come from")
    func overview() throws {
        let plan = try PlanParser.parse(planWithMetricsSource("prometheus:\n  urlEnvironmentVariable: PROMETHEUS_URL\n  failuresBeforePause: 4"))
        #expect(PlanOverview(plan).lines.contains(
            "  Prometheus at $PROMETHEUS_URL (0 of 9 queries the plan's own); 4 failed samples in a row pause the run"
        ))
        #expect(PlanOverview(try PlanParser.parse(smallPlan)).lines.contains("  the metrics app instances ship to the server"))
    }

    @Test("without a metricsSource the plan is measured as before, pausing after 3 failures")
    func noSource() throws {
        let plan = try PlanParser.parse(smallPlan)
        #expect(plan.metricsSource == nil)
        #expect(plan.measurementFailuresBeforePause == 3)
    }

    @Test("the URL may come from an environment variable")
    func environmentVariable() throws {
        let plan = try PlanParser.parse(planWithMetricsSource("prometheus:\n  urlEnvironmentVariable: PROMETHEUS_URL"))
        #expect(plan.metricsSource == .prometheus(PrometheusSource(endpoint: .environmentVariable("PROMETHEUS_URL"))))
    }

    /// A valid source, inserted before the small plan's notifications by every rule below.
    static let validSource = """
        metricsSource:
          prometheus:
            url: http://prometheus:9090
            timeout: 5s
            failuresBeforePause: 3
            queries:
              calls: 'sum(increase(calls_total{service="{{service}}"}[{{window}}]))'
            custom:
              conversion: 'rate(x[1m])'

        """

    static let rules: [BrokenRule] = [
        BrokenRule("an unknown template variable", [("{{service}}", "{{servce}}")], .invalidQuery, at: "metricsSource.prometheus.queries.calls"),
        BrokenRule("an unclosed placeholder", [("{{service}}", "{{service")], .invalidQuery, at: "metricsSource.prometheus.queries.calls"),
        BrokenRule("an empty custom query", [("'rate(x[1m])'", "' '")], .emptyValue, at: "metricsSource.prometheus.custom.conversion"),
        BrokenRule("a URL without a scheme", [("url: http://prometheus:9090", "url: prometheus:9090")], .invalidURL, at: "metricsSource.prometheus.url"),
        BrokenRule("a URL with a query", [("url: http://prometheus:9090", "url: http://prometheus:9090/?x=1")], .invalidURL, at: "metricsSource.prometheus.url"),
        BrokenRule("a URL and a variable", [("url: http://prometheus:9090", "url: http://prometheus:9090\n    urlEnvironmentVariable: P")], .conflictingOptions, at: "metricsSource.prometheus.urlEnvironmentVariable"),
        BrokenRule("neither a URL nor a variable", [("    url: http://prometheus:9090\n", "")], .missingKey, at: "metricsSource.prometheus.url"),
        BrokenRule("a variable that is not a name", [("url: http://prometheus:9090", "urlEnvironmentVariable: http://x")], .invalidTarget, at: "metricsSource.prometheus.urlEnvironmentVariable"),
        BrokenRule("no failure before a pause", [("failuresBeforePause: 3", "failuresBeforePause: 0")], .outOfRange, at: "metricsSource.prometheus.failuresBeforePause"),
        BrokenRule("a fractional failure count", [("failuresBeforePause: 3", "failuresBeforePause: 2.5")], .wrongType, at: "metricsSource.prometheus.failuresBeforePause"),
        BrokenRule("a timeout without a unit", [("timeout: 5s", "timeout: 5")], .invalidDuration, at: "metricsSource.prometheus.timeout"),
        BrokenRule("a misspelt key", [("failuresBeforePause: 3", "failuresBeforePuase: 3")], .unknownKey, at: "metricsSource.prometheus.failuresBeforePuase"),
        BrokenRule("an unknown measurement", [("    queries:\n", "    queries:\n      latencies: 'x'\n")], .unknownKey, at: "metricsSource.prometheus.queries.latencies"),
        BrokenRule("an unknown kind of source", [("  prometheus:", "  graphite:")], .unknownKey, at: "metricsSource.graphite"),
        BrokenRule("a custom metric shadowing a built-in one", [("conversion:", "costUnitsPerCall:")], .duplicateName, at: "metricsSource.prometheus.custom.costUnitsPerCall"),
        BrokenRule("custom metrics as a list", [("    custom:\n      conversion: 'rate(x[1m])'\n", "    custom: [a]\n")], .wrongType, at: "metricsSource.prometheus.custom"),
    ].map { BrokenRule($0.name, [("notifications:", validSource + "notifications:")] + $0.edits, $0.code, at: $0.path) }

    @Test("each metricsSource rule has a failing case, reported at its value with a position", arguments: rules)
    func brokenRule(_ rule: BrokenRule) {
        rule.expectReported()
    }

    @Test("an unknown template variable is reported at its line, with a suggestion")
    func suggestion() throws {
        let yaml = planWithMetricsSource("""
            prometheus:
              url: http://prometheus:9090
              queries:
                calls: 'sum(increase(calls_total{service="{{servce}}"}[{{window}}]))'
            """)
        let problems = planProblems(yaml)
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.code == .invalidQuery)
        #expect(problem.message.contains("did you mean 'service'?"), "\(problem)")
        let line = try #require(yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("calls:") })
        #expect(problem.position?.line == line + 1, "\(problem)")
    }
}
