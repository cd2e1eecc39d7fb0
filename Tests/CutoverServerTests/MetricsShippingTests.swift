import Cutover
import CutoverCore
import CutoverRemote
import CutoverServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Metrics from app instances to the server")
struct MetricsShippingTests {
    struct Echo: Sendable {
        func answer() async throws -> Int { 1 }
    }

    /// A router with `cv-analyzer` registered, collecting on demand only.
    static func router() throws -> (MigrationRouter, MigratedService<Echo>) {
        var configuration = MigrationRouter.Configuration()
        configuration.collectionInterval = .seconds(3600)
        let router = try MigrationRouter(flags: FlagHolder(), configuration: configuration)
        return (router, router.service("cv-analyzer", legacy: Echo(), candidate: Echo()))
    }

    static func calls(_ service: MigratedService<Echo>, _ count: Int) async throws {
        for index in 0..<count {
            _ = try await service.call(EvaluationContext(userID: "user-\(index)")) { try await $0.answer() }
        }
    }

    @Test("every call recorded on an instance arrives exactly once")
    func deliversOnce() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let (router, service) = try Self.router()
            let shipper = MetricsShipper(
                router: router, connection: RemoteConnection(serverURL: "http://127.0.0.1:\(port)", token: fixture.tokens[.sdk]!)
            )
            let shipping = Task { try await shipper.run() }
            defer { shipping.cancel() }
            for _ in 0..<5 {
                try await Self.calls(service, 40)
                router.collectAndPublish()
            }
            try await FlagDeliveryTests.waitUntil { shipper.stats.sent == 5 }
            #expect(shipper.pendingCount == 0)
            #expect(fixture.host.ingest.drain()["cv-analyzer"]?.legacy.calls == 200)
            #expect(fixture.host.ingest.counts == (accepted: 5, duplicates: 0))
        }
    }

    @Test("an instance shipping only the plan's services is not refused for the others it calls")
    func shipsOnlyPlannedServices() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.live) { client in
            let (router, service) = try Self.router()
            let unplanned = router.service("not-in-the-plan", legacy: Echo(), candidate: Echo())
            var configuration = MetricsShipper.Configuration()
            configuration.services = ["cv-analyzer"]
            let shipper = MetricsShipper(
                router: router, connection: RemoteConnection(serverURL: "http://127.0.0.1:\(try #require(client.port))", token: fixture.tokens[.sdk]!),
                configuration: configuration
            )
            let shipping = Task { try await shipper.run() }
            defer { shipping.cancel() }
            try await Self.calls(service, 20)
            try await Self.calls(unplanned, 5)
            router.collectAndPublish()
            try await FlagDeliveryTests.waitUntil { shipper.stats.sent == 1 }
            #expect(shipper.stats.rejected == 0)
            #expect(fixture.host.ingest.drain()["cv-analyzer"]?.legacy.calls == 20)
        }
    }

    @Test("a batch sent again (its answer was lost) is acknowledged and not counted twice")
    func retriedBatchIsNotCountedTwice() async throws {
        let fixture = try await ServerFixture()
        let (router, service) = try Self.router()
        try await Self.calls(service, 7)
        let window = router.recorder.collect()
        let batch = try JSONEncoder().encode(MetricsIngest.Batch(instance: "instance-a", sequence: 1, window: window))
        struct Answer: Decodable { var accepted: Bool }
        try await fixture.application.test(.router) { client in
            var answers: [Bool] = []
            for _ in 0..<3 {
                answers.append(try await client.execute(
                    uri: "/v1/metrics", method: .post, headers: fixture.headers(.sdk, jsonType), body: ByteBuffer(bytes: batch)
                ) { response in
                    #expect(response.status == .accepted)
                    return try response.decoded(Answer.self).accepted
                })
            }
            #expect(answers == [true, false, false])
        }
        #expect(fixture.host.ingest.drain()["cv-analyzer"]?.legacy.calls == 7)
    }

    @Test("while the server is away windows queue up to a bound, merged so no count is lost, and all arrive when it is back")
    func serverAway() async throws {
        let fixture = try await ServerFixture()
        let port = try await FlagDeliveryTests.freePort()
        let (router, service) = try Self.router()
        var configuration = MetricsShipper.Configuration()
        configuration.maximumPending = 4
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(100)
        configuration.requestTimeout = .milliseconds(300)
        let shipper = MetricsShipper(
            router: router, connection: RemoteConnection(serverURL: "http://127.0.0.1:\(port)", token: fixture.tokens[.sdk]!),
            configuration: configuration
        )
        let shipping = Task { try await shipper.run() }
        defer { shipping.cancel() }
        for _ in 0..<20 {
            try await Self.calls(service, 10)
            router.collectAndPublish()
            try await Task.sleep(for: .milliseconds(5))
        }
        try await FlagDeliveryTests.waitUntil { shipper.stats.failures >= 2 && shipper.pendingCount <= 4 }
        #expect(shipper.pendingCount <= 4)
        #expect(shipper.stats.merged >= 15)
        try await FlagDeliveryTests.serve(fixture, port: port) {
            try await FlagDeliveryTests.waitUntil { shipper.pendingCount == 0 }
        }
        #expect(fixture.host.ingest.drain()["cv-analyzer"]?.legacy.calls == 200)
        #expect(shipper.stats.rejected == 0)
    }
}
