import Cutover
import CutoverCore
import CutoverRemote
import CutoverServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Flags to app instances")
struct FlagDeliveryTests {
    static func snapshot(_ version: UInt64, rollout: Double) -> FlagSnapshot {
        var flag = ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer")
        flag.rolloutPercentage = rollout
        return FlagSnapshot(version: version, flags: [flag])
    }

    @Test("GET /v1/flags: 503 before any snapshot, then the snapshot with its ETag, and 304 for a matching If-None-Match")
    func entityTags() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/v1/flags", method: .get, headers: fixture.headers(.sdk)) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try fixture.publisher.publish(Self.snapshot(3, rollout: 10))
            let etag = try await client.execute(uri: "/v1/flags", method: .get, headers: fixture.headers(.sdk)) { response in
                #expect(response.status == .ok)
                let snapshot = try response.decoded(FlagSnapshot.self)
                #expect(snapshot.version == 3)
                return response.headers[.eTag]
            }
            #expect(etag == "\"3\"")
            try await client.execute(uri: "/v1/flags", method: .get, headers: fixture.headers(.sdk, [.ifNoneMatch: "\"3\""])) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try fixture.publisher.publish(Self.snapshot(4, rollout: 25))
            try await client.execute(uri: "/v1/flags", method: .get, headers: fixture.headers(.viewer, [.ifNoneMatch: "\"3\""])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"4\"")
            }
        }
    }

    @Test("a remote flag source gets the snapshot first, then each newer version, over the event stream")
    func streaming() async throws {
        let fixture = try await ServerFixture()
        try fixture.publisher.publish(Self.snapshot(1, rollout: 10))
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let holder = FlagHolder()
            let source = RemoteFlagSource(
                flags: holder, connection: RemoteConnection(serverURL: "http://127.0.0.1:\(port)", token: fixture.tokens[.sdk]!)
            )
            let listening = Task { try await source.run() }
            defer { listening.cancel() }
            try await Self.waitUntil { holder.current.snapshot?.version == 1 }
            for version in 2...5 {
                try fixture.publisher.publish(Self.snapshot(UInt64(version), rollout: Double(version * 10)))
                try await Self.waitUntil { holder.current.snapshot?.version == UInt64(version) }
            }
            #expect(holder.current.snapshot?.flag(forService: "cv-analyzer")?.rolloutPercentage == 50)
            #expect(source.stats.connections == 1)
            #expect(source.stats.applied == 5)
        }
    }

    @Test("the source rides out a server restart: it keeps its flags, polls while the stream is down, and resumes streaming")
    func reconnects() async throws {
        let first = try await ServerFixture()
        try first.publisher.publish(Self.snapshot(1, rollout: 10))
        let holder = FlagHolder()
        var configuration = RemoteFlagSource.Configuration()
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(400)
        configuration.pollInterval = .milliseconds(100)
        let port = try await Self.freePort()
        let token = first.tokens[.sdk]!
        let source = RemoteFlagSource(
            flags: holder, connection: RemoteConnection(serverURL: "http://127.0.0.1:\(port)", token: token), configuration: configuration
        )
        let listening = Task { try await source.run() }
        defer { listening.cancel() }
        try await Self.serve(first, port: port) {
            try await Self.waitUntil { holder.current.snapshot?.version == 1 }
        }
        // The server is gone: the instance keeps the last flags it had (fail-static).
        try await Task.sleep(for: .milliseconds(300))
        #expect(holder.current.snapshot?.version == 1)
        #expect(source.stats.polls >= 1)
        // A new server on the same port, with the same store's token and a newer version.
        let second = try await ServerFixture(sharing: first)
        try second.publisher.publish(Self.snapshot(2, rollout: 25))
        try await Self.serve(second, port: port) {
            try await Self.waitUntil { holder.current.snapshot?.version == 2 }
            try second.publisher.publish(Self.snapshot(3, rollout: 50))
            try await Self.waitUntil { holder.current.snapshot?.version == 3 }
        }
        #expect(source.stats.connections >= 2)
    }

    /// Runs `first`'s server on `port` while `body` runs.
    static func serve(_ fixture: ServerFixture, port: Int, _ body: @Sendable () async throws -> Void) async throws {
        var configuration = fixture.server.configuration
        configuration.port = port
        let server = CutoverServer(store: fixture.store, host: fixture.host, publisher: fixture.publisher, configuration: configuration)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let running = Task { try await server.application { _ in signal.yield() }.run() }
        var iterator = started.makeAsyncIterator()
        await iterator.next()
        defer { running.cancel() }
        try await body()
        running.cancel()
        _ = await running.result
    }

    /// A port nothing listens on now.
    static func freePort() async throws -> Int {
        let fixture = try await ServerFixture()
        return try await fixture.application.test(.live) { try #require($0.port) }
    }

    /// Waits (at most 10 s) until `condition` holds.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
