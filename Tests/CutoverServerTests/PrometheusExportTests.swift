import Cutover
import CutoverCore
import CutoverRemote
import CutoverServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Prometheus /metrics: the routers' counts and latency histogram")
struct PrometheusExportTests {
    /// The value of the exposition line that starts with `series` (labels included).
    static func value(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// `/metrics` after an sdk instance shipped `window`.
    static func exposition(after window: MetricsWindow) async throws -> String {
        let fixture = try await ServerFixture()
        let batch = try JSONEncoder().encode(MetricsIngest.Batch(instance: "instance-a", sequence: 1, window: window))
        return try await fixture.application.test(.router) { client in
            try await client.execute(
                uri: "/v1/metrics", method: .post, headers: fixture.headers(.sdk, jsonType), body: ByteBuffer(bytes: batch)
            ) { #expect($0.status == .accepted) }
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
    }

    @Test("shipped latencies form a cumulative histogram per service and cohort, with outcome counters")
    func histogram() async throws {
        var candidate = CohortMetrics()
        for _ in 0..<30 { candidate.recordCall(nanoseconds: 45_000_000, failed: false) }
        for _ in 0..<10 { candidate.recordCall(nanoseconds: 1_500_000_000, failed: true) }
        candidate.outcomeSuccesses = 28
        candidate.outcomeFailures = 12
        let text = try await Self.exposition(after: MetricsWindow(services: [
            ServiceMetrics(service: "cv-analyzer", legacy: CohortMetrics(), candidate: candidate),
        ]))
        let series = #"cutover_router_latency_seconds_bucket{service="cv-analyzer",cohort="candidate",le="#
        #expect(text.contains("# TYPE cutover_router_latency_seconds histogram"))
        #expect(Self.value(series + #""0.04"}"#, in: text) == 0)
        #expect(Self.value(series + #""0.05"}"#, in: text) == 30)
        #expect(Self.value(series + #""1.25"}"#, in: text) == 30)
        #expect(Self.value(series + #""1.5"}"#, in: text) == 40)
        #expect(Self.value(series + #""+Inf"}"#, in: text) == 40)
        #expect(Self.value(#"cutover_router_latency_seconds_count{service="cv-analyzer",cohort="candidate"}"#, in: text) == 40)
        let sum = try #require(Self.value(#"cutover_router_latency_seconds_sum{service="cv-analyzer",cohort="candidate"}"#, in: text))
        #expect(abs(sum - (30 * 0.045 + 10 * 1.5)) < 0.2, "sum \(sum)")
        #expect(Self.value(#"cutover_router_outcome_successes_total{service="cv-analyzer",cohort="candidate"}"#, in: text) == 28)
        #expect(Self.value(#"cutover_router_outcome_failures_total{service="cv-analyzer",cohort="candidate"}"#, in: text) == 12)
        #expect(Self.value(#"cutover_router_errors_total{service="cv-analyzer",cohort="candidate"}"#, in: text) == 10)
    }

    @Test("every series of the plan's services exists at zero before any call, so increase() counts the first ones")
    func preparedSeries() async throws {
        let text = try await Self.exposition(after: MetricsWindow(services: []))
        for cohort in ["legacy", "candidate"] {
            let labels = #"service="recommendation-generator",cohort="\#(cohort)""#
            #expect(Self.value("cutover_router_calls_total{\(labels)}", in: text) == 0)
            #expect(Self.value("cutover_router_cost_units_total{\(labels)}", in: text) == 0)
            #expect(Self.value(#"cutover_router_latency_seconds_bucket{\#(labels),le="+Inf"}"#, in: text) == 0)
        }
    }
}
