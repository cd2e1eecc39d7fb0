import CutoverController
import CutoverCore
import CutoverPrometheus
import CutoverServer
import CutoverStore
import Hummingbird
import Logging
import Testing

/// A server-hosted run of one service whose measurements come from a Prometheus API.
struct HostedPrometheusRun {
    static let planYAML = """
        name: prometheus-hosted
        preflight:
          baselineWindow: 30s
        tiers:
          - name: T
            steps: [50, 100]
            monitoringInterval: 2m
            sampleInterval: 30s
        services:
          - name: svc
            flag: svc-enabled
            tier: T
        phases:
          - name: one
            services: [svc]
            checkpoint:
              soak: 1m
        metricsSource:
          prometheus:
            url: http://127.0.0.1:9090
            failuresBeforePause: 3

        """

    let host: RunHost
    /// Every event the run recorded so far.
    let events = Locked<[MigrationEvent]>([])

    /// A run at 600× real time reading Prometheus at `url`.
    init(url: String) async throws {
        let plan = try PlanParser.parse(Self.planYAML)
        guard case .prometheus(var source)? = plan.metricsSource else { throw CancellationError() }
        source.endpoint = .url(url)
        var configuration = RunHost.Configuration(runID: "prometheus-hosted")
        configuration.timeScale = 600
        configuration.stopsWhenStuck = true
        configuration.analyzer.minimumCandidateCalls = 100
        configuration.analyzer.minimumBaselineCalls = 100
        let measured = PrometheusTraffic.Configuration(services: ["svc"], source: source)
        let client = PrometheusClient(baseURL: url, timeout: .seconds(2))
        configuration.traffic = .external { pacer, idleStep in
            PrometheusTraffic(configuration: measured, client: client, pacer: pacer, idleStep: idleStep)
        }
        host = try await RunHost(
            plan: plan, planSource: Self.planYAML, store: InMemoryMigrationStore(), publisher: FlagPublisher(), custodian: nil,
            configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// Drives the run until it ends or `stop` holds for the events so far; fails after `limit`.
    func drive(limit: Duration = .seconds(30), until stop: @escaping @Sendable ([MigrationEvent]) -> Bool = { _ in false }) async throws {
        let host = self.host, events = self.events
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await host.drive { moment in
                    events.withLock { $0 += moment.newEvents.map(\.event) }
                }
            }
            group.addTask {
                let deadline = ContinuousClock.now + limit
                while !stop(events.withLock { $0 }) {
                    guard ContinuousClock.now < deadline else {
                        Issue.record("the run did not get there within \(limit): \(events.withLock { $0 }.map(\.kind))")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func events(_ kind: MigrationEvent.Kind) -> [MigrationEvent] {
        events.withLock { $0 }.filter { $0.kind == kind }
    }

    /// 500 calls per cohort per sample, `candidateErrors` of them failed, all 40–50 ms.
    static func healthyAnswer(candidateErrors: Int = 0) -> FakePrometheus.Answer {
        { query in
            let candidate = query.contains(#"cohort="candidate""#)
            if query.contains("calls_total") { return FakePrometheus.vector([([:], "500")]) }
            if query.contains("errors_total"), !query.contains("user_facing") {
                return FakePrometheus.vector([([:], candidate ? "\(candidateErrors)" : "0")])
            }
            if query.contains("latency_seconds_bucket") {
                return FakePrometheus.vector([(["le": "0.04"], "0"), (["le": "0.05"], "500"), (["le": "+Inf"], "500")])
            }
            return FakePrometheus.vector([])
        }
    }
}

@Suite("A served run measured by Prometheus")
struct HostedPrometheusRunTests {
    @Test("good data promotes the service to completion")
    func promotesOnGoodData() async throws {
        try await FakePrometheus(answer: HostedPrometheusRun.healthyAnswer()).serve { url in
            let run = try await HostedPrometheusRun(url: url)
            try await run.drive()
            #expect(try await run.host.status().stage == "completed")
            #expect(run.events(.promoted).count == 1)
            #expect(run.events(.serviceCompleted).count == 1)
            #expect(run.events(.measurementFailed).isEmpty)
        }
    }

    @Test("a regression seen only through Prometheus rolls the service back, with its numbers")
    func rollsBackOnRegression() async throws {
        try await FakePrometheus(answer: HostedPrometheusRun.healthyAnswer(candidateErrors: 150)).serve { url in
            let run = try await HostedPrometheusRun(url: url)
            try await run.drive { !$0.filter { $0.kind == .rollbackInitiated }.isEmpty }
            let rollback = try #require(run.events(.rollbackInitiated).first)
            #expect(rollback.detail.contains("error"), "\(rollback.detail)")
            #expect(run.events(.promoted).isEmpty)
        }
    }

    @Test("a Prometheus that fails three samples in a row pauses the run, each failure recorded")
    func pausesWhenPrometheusFails() async throws {
        let failing = Locked(false)
        let healthy = HostedPrometheusRun.healthyAnswer()
        let prometheus = FakePrometheus { query in
            failing.withLock { $0 } ? FakePrometheus.error("execution", "storage unavailable", status: .serviceUnavailable) : await healthy(query)
        }
        try await prometheus.serve { url in
            let run = try await HostedPrometheusRun(url: url)
            try await run.drive { events in
                if events.contains(where: { $0.kind == .stepStarted }) { failing.withLock { $0 = true } }
                return events.contains { $0.kind == .paused }
            }
            let events = run.events.withLock { $0 }
            let pausedAt = try #require(events.firstIndex { $0.kind == .paused })
            let failures = events[..<pausedAt].filter { $0.kind == .measurementFailed }
            #expect(failures.count == 3)
            #expect(failures.allSatisfy { $0.detail.contains("execution: storage unavailable") })
            let pause = events[pausedAt]
            #expect(pause.actor == "controller" && pause.detail.hasPrefix(ControllerMachine.measurementPausePrefix))
            #expect(try await run.host.status().paused)
            #expect(run.events(.promoted).isEmpty)
        }
    }
}
