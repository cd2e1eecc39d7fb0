import CutoverController
import CutoverCore
import CutoverPrometheus
import Foundation
import Testing

@Suite("Prometheus traffic against a Prometheus API")
struct PrometheusTrafficTests {
    static let evaluatedAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// Traffic for `cv-analyzer` read from `url`, on a clock 1 000 times faster than real time.
    static func traffic(_ url: String, timeout: Duration = .seconds(5), configure: (inout PrometheusSource) -> Void = { _ in })
        -> PrometheusTraffic
    {
        var source = PrometheusSource(endpoint: .url(url))
        source.timeout = timeout
        configure(&source)
        return PrometheusTraffic(
            configuration: .init(services: ["cv-analyzer"], source: source),
            client: PrometheusClient(baseURL: url, timeout: source.timeout),
            pacer: Pacer(scale: 1000, runTime: .zero), idleStep: .seconds(30), wallClock: { evaluatedAt }
        )
    }

    /// Answers for the candidate cohort: calls, errors, latency buckets and a custom metric; nothing for the rest.
    static let answers: FakePrometheus.Answer = { query in
        guard query.contains("candidate") else { return FakePrometheus.vector([]) }
        if query.contains("cutover_router_calls_total") { return FakePrometheus.vector([([:], "120.4")]) }
        if query.contains("cutover_router_errors_total") { return FakePrometheus.vector([([:], "2.6")]) }
        if query.contains("cutover_router_latency_seconds_bucket") {
            return FakePrometheus.vector([(["le": "0.04"], "0"), (["le": "0.05"], "100"), (["le": "0.06"], "120"), (["le": "+Inf"], "120")])
        }
        if query.contains("conversion") { return FakePrometheus.vector([(["track": "a"], "0.25"), (["track": "b"], "0.5")]) }
        return FakePrometheus.vector([])
    }

    @Test("a sample holds each cohort's rounded counts, the rebuilt latency and custom values; empty results are zero")
    func measuredSample() async throws {
        let prometheus = FakePrometheus(answer: Self.answers)
        let window = try await prometheus.serve { url in
            try await Self.traffic(url) { $0.custom = [.init(name: "conversion", query: QueryTemplate(#"sum(conversion{track="{{cohort}}"})"#))] }
                .sample(from: .zero, to: .seconds(100))
        }
        let candidate = try #require(window["cv-analyzer"]?.candidate)
        #expect(candidate.calls == 120)
        #expect(candidate.errors == 3)
        #expect(candidate.outcomeSuccesses == 0)
        #expect(candidate.latency.totalCount == 120)
        #expect(candidate.latency.count(within: 40_000_001...50_000_000) == 100)
        #expect(candidate.external["conversion"]?.mean == 0.75)
        let legacy = try #require(window["cv-analyzer"]?.legacy)
        #expect(legacy.calls == 0 && legacy.latency.totalCount == 0 && legacy.external.isEmpty)
        // Every query of both cohorts was asked at the sample's end, over its wall-clock length.
        let received = prometheus.received.withLock { $0 }
        #expect(received.count == 2 * (PrometheusSource.Measurement.allCases.count + 1))
        #expect(received.allSatisfy { $0.time == "1700000000.000" })
        #expect(received.contains { $0.query == #"sum(increase(cutover_router_calls_total{service="cv-analyzer",cohort="legacy"}[100ms]))"# })
    }

    @Test("a query answered with an error makes the sample a measurement error naming the query")
    func queryError() async throws {
        let prometheus = FakePrometheus { query in
            query.contains("cutover_router_errors_total") ? FakePrometheus.error("bad_data", "unknown function") : FakePrometheus.vector([])
        }
        let error = try await prometheus.serve { url in
            await #expect(throws: MeasurementError.self) { try await Self.traffic(url).sample(from: .zero, to: .seconds(100)) }
        }
        let reason = try #require(error?.reason)
        #expect(reason.contains("cv-analyzer") && reason.contains("errors"), "\(reason)")
        #expect(reason.contains("queryFailed") && reason.contains("bad_data: unknown function"), "\(reason)")
    }

    @Test("latency buckets without le are not a measurement")
    func latencyWithoutLe() async throws {
        let prometheus = FakePrometheus { query in
            query.contains("latency") ? FakePrometheus.vector([([:], "5")]) : FakePrometheus.vector([])
        }
        let error = try await prometheus.serve { url in
            await #expect(throws: MeasurementError.self) { try await Self.traffic(url).sample(from: .zero, to: .seconds(100)) }
        }
        #expect(error?.reason.contains("'le'") == true, "\(String(describing: error))")
    }

    @Test("a server that does not answer in time is a measurement error, not a hang")
    func timeout() async throws {
        let prometheus = FakePrometheus { _ in
            try? await Task.sleep(for: .seconds(1))
            return FakePrometheus.vector([])
        }
        let (error, took) = try await prometheus.serve { url in
            let started = ContinuousClock.now
            let error = await #expect(throws: MeasurementError.self) {
                try await Self.traffic(url, timeout: .milliseconds(200)).sample(from: .zero, to: .seconds(100))
            }
            return (error, ContinuousClock.now - started)
        }
        #expect(error?.reason.contains("timeout") == true, "\(String(describing: error))")
        #expect(took < .milliseconds(800), "took \(took)")
    }

    @Test("an unreachable server is a measurement error")
    func unreachable() async throws {
        let error = await #expect(throws: MeasurementError.self) {
            try await Self.traffic("http://127.0.0.1:1", timeout: .milliseconds(500)).sample(from: .zero, to: .seconds(100))
        }
        #expect(error?.reason.contains("unreachable") == true, "\(String(describing: error))")
    }

    @Test("the URL comes from the plan or from its environment variable, checked")
    func baseURL() throws {
        #expect(try PrometheusSource(endpoint: .url("http://p:9090")).baseURL(environment: [:]) == "http://p:9090")
        let fromVariable = PrometheusSource(endpoint: .environmentVariable("PROM"))
        #expect(try fromVariable.baseURL(environment: ["PROM": "https://p"]) == "https://p")
        for environment in [[:], ["PROM": "ftp://p"]] {
            #expect {
                try fromVariable.baseURL(environment: environment)
            } throws: { ($0 as? PrometheusError)?.code == .invalidConfiguration }
        }
    }
}
