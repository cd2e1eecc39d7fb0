import CutoverCore
import Testing

@Suite("Query templates")
struct QueryTemplateTests {
    @Test("placeholders are filled in for a service, a cohort and a window; spaces inside braces are allowed")
    func render() {
        let template = QueryTemplate(#"sum(increase(calls_total{service="{{service}}",cohort="{{ cohort }}"}[{{window}}]))"#)
        #expect(template.problems.isEmpty)
        #expect(template.render(service: "cv-analyzer", cohort: .candidate, window: .seconds(6))
            == #"sum(increase(calls_total{service="cv-analyzer",cohort="candidate"}[6s]))"#)
        #expect(template.render(service: "cv-analyzer", cohort: .legacy, window: .milliseconds(1500))
            == #"sum(increase(calls_total{service="cv-analyzer",cohort="legacy"}[1500ms]))"#)
    }

    @Test("a service name is escaped for a PromQL string")
    func escaping() {
        let template = QueryTemplate(#"x{service="{{service}}"}"#)
        #expect(template.render(service: #"a"b\c"#, cohort: .legacy, window: .seconds(1)) == #"x{service="a\"b\\c"}"#)
    }

    @Test("windows are PromQL durations: whole seconds, else milliseconds, never zero", arguments: [
        (Duration.seconds(30), "30s"), (.milliseconds(2500), "2500ms"), (.microseconds(1), "1ms"), (.seconds(3600), "3600s"),
    ])
    func durations(_ duration: Duration, _ expected: String) {
        #expect(QueryTemplate.promQLDuration(duration) == expected)
    }

    @Test("unknown variables, unclosed braces and empty queries are problems", arguments: [
        ("x{service=\"{{svc}}\"}", "unknown template variable '{{svc}}'"),
        ("x{service=\"{{service\"}", "never closed"),
        ("   ", "the query is empty"),
    ])
    func problems(_ text: String, _ expected: String) throws {
        let problems = QueryTemplate(text).problems
        #expect(problems.count == 1)
        #expect(try #require(problems.first).contains(expected), "\(problems)")
    }

    @Test("the default queries are valid and read Cutover's exported metrics")
    func defaults() {
        for measurement in PrometheusSource.Measurement.allCases {
            let query = measurement.defaultQuery
            #expect(query.problems.isEmpty)
            let rendered = query.render(service: "s", cohort: .candidate, window: .seconds(5))
            #expect(rendered.contains(#"\#(measurement.exportedMetric){service="s",cohort="candidate"}[5s]"#), "\(rendered)")
            #expect(rendered.hasPrefix(measurement == .latency ? "sum by (le) (increase(" : "sum(increase("))
        }
    }
}
