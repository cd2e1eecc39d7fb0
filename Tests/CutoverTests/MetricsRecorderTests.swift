import CutoverCore
import Metrics
import MetricsTestKit
import Synchronization
import Testing

@testable import Cutover

@Suite("Metrics recorder and export")
struct MetricsRecorderTests {
    @Test("a collection returns what was recorded since the previous one, and totals add up")
    func windowsAndTotals() {
        let slots = ServiceSlots()
        let recorder = MetricsRecorder(slots: slots)
        let slot = slots.slot(for: "svc")
        recorder.record(slot: slot, cohort: .candidate) { $0.recordCall(nanoseconds: 5_000, failed: true) }
        recorder.record(slot: slot, cohort: .legacy) { $0.recordCall(nanoseconds: 2_000, failed: false) }
        let first = recorder.collect()
        #expect(first["svc"]?.candidate.errors == 1)
        #expect(first["svc"]?.legacy.calls == 1)
        recorder.record(slot: slot, cohort: .legacy) { $0.cacheHits &+= 3 }
        let second = recorder.collect()
        #expect(second["svc"]?.legacy.calls == 0)
        #expect(second["svc"]?.legacy.latency.totalCount == 0)
        #expect(second["svc"]?.legacy.cacheHits == 3)
        let totals = recorder.collectedTotals()
        #expect(totals["svc"]?.legacy.calls == 1)
        #expect(totals["svc"]?.legacy.cacheHits == 3)
        #expect(totals["svc"]?.candidate.errorRate == 1)
    }

    @Test("recording from many tasks at once loses nothing", arguments: [1, 4])
    func concurrentRecording(stripes: Int) async {
        let slots = ServiceSlots()
        var configuration = MetricsRecorder.Configuration()
        configuration.stripes = stripes
        let recorder = MetricsRecorder(slots: slots, configuration: configuration)
        let slot = slots.slot(for: "svc")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for value in 0..<5_000 {
                        recorder.record(slot: slot, cohort: task.isMultiple(of: 2) ? .legacy : .candidate) {
                            $0.recordCall(nanoseconds: UInt64(value) * 1_000, failed: value.isMultiple(of: 10))
                        }
                    }
                }
            }
        }
        let window = recorder.collect()
        #expect(window["svc"]?.legacy.calls == 20_000)
        #expect(window["svc"]?.candidate.calls == 20_000)
        #expect(window["svc"]?.candidate.errors == 2_000)
        #expect(window["svc"]?.legacy.latency.totalCount == 20_000)
    }

    @Test("a router that stops ends the window streams of observers still listening, after a last window")
    func stoppingEndsWindowStreams() async throws {
        let router = try makeRouter(rollout: 50)
        let windows = router.windows()
        let received = Counter()
        let listener = Task {
            for await _ in windows { received.increment() }
        }
        let stopped = Atomic<Bool>(false)
        let running = Task {
            try await router.run()
            stopped.store(true, ordering: .relaxed)
        }
        running.cancel()
        #expect(await eventually { stopped.load(ordering: .relaxed) })
        await listener.value
        #expect(received.count == 1)
    }

    @Test("latency percentiles come out of the merged histogram")
    func percentiles() {
        let slots = ServiceSlots()
        let recorder = MetricsRecorder(slots: slots)
        let slot = slots.slot(for: "svc")
        for millisecond in 1...100 {
            recorder.record(slot: slot, cohort: .legacy) {
                $0.recordCall(nanoseconds: UInt64(millisecond) * 1_000_000, failed: false)
            }
        }
        let latency = recorder.collect()["svc"]!.legacy.latency
        let p95 = Double(latency.valueAtPercentile(95)) / 1e6
        #expect(abs(p95 - 95) <= 1)
    }

    @Test("collected windows are exported through swift-metrics with service and cohort dimensions")
    func swiftMetricsExport() throws {
        let metrics = TestMetrics()
        let slots = ServiceSlots()
        let recorder = MetricsRecorder(slots: slots)
        let slot = slots.slot(for: "svc")
        recorder.record(slot: slot, cohort: .candidate) { $0.recordCall(nanoseconds: 3_000_000, failed: true) }
        let exporter = SwiftMetricsExporter(factory: metrics)
        exporter.export(recorder.collect())
        let calls = try metrics.expectCounter("cutover_calls_total", [("service", "svc"), ("cohort", "candidate")])
        #expect(calls.totalValue == 1)
        let errors = try metrics.expectCounter("cutover_errors_total", [("service", "svc"), ("cohort", "candidate")])
        #expect(errors.totalValue == 1)
        let p95 = try metrics.expectGauge(
            "cutover_latency_seconds", [("service", "svc"), ("cohort", "candidate"), ("quantile", "0.95")]
        )
        #expect(abs((p95.lastValue ?? 0) - 0.003) < 0.0002)
    }
}
