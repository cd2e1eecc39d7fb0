import CutoverController
import CutoverCore
import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A small plan: one fast service, and one gated from its first step so a gate waits early.
let serverPlanYAML = """
    name: server-test
    timeZone: UTC
    preflight:
      baselineWindow: 5m
    tiers:
      - name: FAST
        steps: [50, 100]
        monitoringInterval: 1h
        sampleInterval: 30s
      - name: GATED
        steps: [25, 100]
        monitoringInterval: 1h
        sampleInterval: 30s
        approvalFrom: 25
    services:
      - name: cv-analyzer
        flag: cv-analyzer-package-enabled
        tier: FAST
      - name: recommendation-generator
        flag: recommendation-generator-package-enabled
        tier: GATED
    phases:
      - name: only
        services: [cv-analyzer, recommendation-generator]
        checkpoint:
          soak: 10m
    """

/// A server over an in-memory store hosting one run of ``serverPlanYAML``, with a token per role.
struct ServerFixture {
    let store: InMemoryMigrationStore
    let publisher = FlagPublisher()
    let host: RunHost
    let server: CutoverServer
    let tokens: [Role: String]
    let plan: Plan

    /// A fixture whose run's clock passes `timeScale` times faster than real time; sharing
    /// `other`'s store (a restarted server) keeps its run and tokens.
    init(timeScale: Double = 600, sharing other: ServerFixture? = nil) async throws {
        store = other?.store ?? InMemoryMigrationStore()
        plan = try PlanParser.parse(serverPlanYAML)
        var configuration = RunHost.Configuration(runID: "run-1")
        configuration.timeScale = timeScale
        host = try await RunHost(
            plan: plan, planSource: serverPlanYAML, store: store, publisher: publisher, custodian: nil,
            configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        var serving = CutoverServer.Configuration()
        serving.port = 0
        serving.heartbeat = .milliseconds(200)
        server = CutoverServer(
            store: store, host: host, publisher: publisher, configuration: serving,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        if let other {
            tokens = other.tokens
            return
        }
        let authority = server.tokens
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await authority.create(role: role, name: "\(role.rawValue)-tester").secret
        }
        self.tokens = tokens
    }

    /// The application, for `test(.router)` and `test(.live)`.
    var application: some ApplicationProtocol {
        server.application()
    }

    /// Headers with `role`'s bearer token, plus `extra`.
    func headers(_ role: Role?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        if let role, let token = tokens[role] { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    /// Drives the run in the background until `condition` holds for its status (at most `limit`).
    func drive(until condition: @escaping @Sendable (RunStatus) -> Bool, limit: Duration = .seconds(30)) async throws -> Task<Void, any Error> {
        let host = self.host
        let driving = Task { try await host.drive() }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(try await host.status()) { return driving }
            try await Task.sleep(for: .milliseconds(20))
        }
        driving.cancel()
        Issue.record("the run did not reach the expected state within \(limit)")
        throw CancellationError()
    }
}

/// A JSON error body's code and field.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
        var field: String?
    }

    var error: Detail
}

extension TestResponse {
    /// The body decoded as `type`.
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }

    /// The JSON error of a failed request.
    var apiError: ErrorBody.Detail? {
        try? decoded(ErrorBody.self).error
    }
}

/// A JSON body.
func json(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}

let jsonType: HTTPFields = [.contentType: "application/json"]
