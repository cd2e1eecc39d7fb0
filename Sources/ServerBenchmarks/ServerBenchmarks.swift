import AsyncHTTPClient
import Cutover
import CutoverCore
import CutoverRemote
import CutoverServer
import CutoverStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// The server's load numbers, measured side by side in one run on loopback: how long a rollout
/// change takes to reach 200 connected SDK instances, `GET /v1/flags` throughput (with wrk),
/// and metrics batches ingested per second. See the README's Performance section.
@main
struct ServerBenchmarks {
    static let instances = 200
    static let changes = 50

    static func main() async throws {
        let store = InMemoryMigrationStore()
        let plan = try PlanParser.parse(String(contentsOfFile: "Examples/plans/cvplus-phase3.yaml", encoding: .utf8))
        let publisher = FlagPublisher()
        var hosting = RunHost.Configuration(runID: "bench")
        hosting.timeScale = 1
        let silent = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let host = try await RunHost(
            plan: plan, planSource: "", store: store, publisher: publisher, custodian: nil, configuration: hosting, logger: silent
        )
        var configuration = CutoverServer.Configuration()
        configuration.port = 0
        let server = CutoverServer(store: store, host: host, publisher: publisher, configuration: configuration, logger: silent)
        let sdk = try await server.tokens.create(role: .sdk, name: "bench").secret
        try publisher.publish(snapshot(version: 1, plan: plan))
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let serving = Task { try await server.application { bound.yield($0) }.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        let url = "http://127.0.0.1:\(port)"
        print("server on \(url); \(ProcessInfo.processInfo.activeProcessorCount) cores")

        try await propagation(url: url, token: sdk, publisher: publisher, plan: plan)
        try wrk(url: url, token: sdk)
        try await ingest(url: url, token: sdk, plan: plan)
        serving.cancel()
    }

    /// A snapshot of every plan service with cv-analyzer at `version` % (mod 100).
    static func snapshot(version: UInt64, plan: Plan) -> FlagSnapshot {
        FlagSnapshot(version: version, flags: plan.services.map { service in
            var flag = ServiceFlag(key: service.flag, service: service.name)
            flag.rolloutPercentage = service.name == "cv-analyzer" ? Double(version % 100) : 0
            return flag
        })
    }

    /// 200 instances on the flag stream; 50 rollout changes 100 ms apart; the delay from each
    /// publication to its application in each instance.
    static func propagation(url: String, token: String, publisher: FlagPublisher, plan: Plan) async throws {
        var pool = HTTPClient.Configuration()
        pool.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = instances + 8
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pool)
        let published = Locked<[UInt64: ContinuousClock.Instant]>([:])
        let delays = Locked<[Duration]>([])
        let holders = (0..<instances).map { _ in FlagHolder() }
        let sources = holders.map { holder in
            RemoteFlagSource(flags: holder, connection: RemoteConnection(serverURL: url, token: token), client: client) { snapshot in
                let now = ContinuousClock.now
                if let at = published.withLock({ $0[snapshot.version] }) { delays.withLock { $0.append(now - at) } }
            }
        }
        let listening = sources.map { source in Task { try await source.run() } }
        while holders.contains(where: { $0.current.snapshot?.version != 1 }) { try await Task.sleep(for: .milliseconds(20)) }
        for version in 2...UInt64(changes + 1) {
            published.withLock { $0[version] = .now }
            try publisher.publish(snapshot(version: version, plan: plan))
            try await Task.sleep(for: .milliseconds(100))
        }
        let last = UInt64(changes + 1)
        while holders.contains(where: { $0.current.snapshot?.version != last }) { try await Task.sleep(for: .milliseconds(20)) }
        listening.forEach { $0.cancel() }
        let sorted = delays.withLock { $0 }.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].milliseconds }
        print(String(
            format: "propagation: %d instances × %d changes = %d applications; p50 %.1f ms, p99 %.1f ms, max %.1f ms",
            instances, changes, sorted.count, percentile(0.5), percentile(0.99), sorted.last?.milliseconds ?? 0
        ))
        try await client.shutdown()
    }

    /// `GET /v1/flags` with wrk (2 threads, 64 connections, 10 s), after `GET /v1/health` (no
    /// token, no body) in the same setup as the server's own ceiling on this machine.
    static func wrk(url: String, token: String) throws {
        for (path, headers) in [("/v1/health", [String]()), ("/v1/flags", ["-H", "Authorization: Bearer \(token)"])] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["wrk", "-t2", "-c64", "-d10s", "--latency"] + headers + ["\(url)\(path)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            process.waitUntilExit()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let keep = output.split(separator: "\n").filter {
                $0.contains("Requests/sec") || $0.contains("50%") || $0.contains("99%") || $0.contains("Non-2xx")
            }
            print("GET \(path) (wrk -t2 -c64 -d10s): " + keep.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
        }
    }

    /// 16 concurrent shippers' worth of `POST /v1/metrics` for 10 s, each batch a window of all
    /// seven services with both cohorts' counters and latency histograms.
    static func ingest(url: String, token: String, plan: Plan) async throws {
        var window = MetricsWindow(services: [])
        for service in plan.services {
            var metrics = ServiceMetrics(service: service.name, legacy: CohortMetrics(), candidate: CohortMetrics())
            for call in 0..<200 {
                metrics.legacy.recordCall(nanoseconds: UInt64(1_000_000 + call * 50_000), failed: call % 50 == 0)
                metrics.candidate.recordCall(nanoseconds: UInt64(1_200_000 + call * 40_000), failed: false)
            }
            window.services.append(metrics)
        }
        let batchWindow = window
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let deadline = ContinuousClock.now + .seconds(10)
        let sent = Locked(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var sequence: UInt64 = 0
                    while ContinuousClock.now < deadline {
                        sequence += 1
                        var request = HTTPClientRequest(url: "\(url)/v1/metrics")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        let batch = MetricsIngest.Batch(instance: "bench-\(worker)", sequence: sequence, window: batchWindow)
                        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(batch)))
                        let response = try await client.execute(request, timeout: .seconds(10))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        guard response.status == .accepted else { throw CancellationError() }
                        sent.withLock { $0 += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let bytes = try JSONEncoder().encode(MetricsIngest.Batch(instance: "bench-0", sequence: 1, window: window)).count
        print(String(format: "POST /v1/metrics: %.0f batches/s (16 senders, %d-byte batches of 7 services, 10 s)", Double(sent.withLock { $0 }) / 10, bytes))
        try await client.shutdown()
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
