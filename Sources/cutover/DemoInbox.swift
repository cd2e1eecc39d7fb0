import CutoverCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The demo's stand-in for Slack, PagerDuty and the e-mail, SMS and webhook providers: a small
/// HTTP server on loopback that takes each route's deliveries and prints one line per alert.
///
/// A route is pointed at the inbox only when the environment does not configure it completely;
/// with every variable of a route set, the demo delivers to the real endpoint.
struct DemoInbox {
    /// Where each route delivers, for the banner: the inbox, or the environment's endpoint.
    struct Routing {
        /// The environment the run's alerting reads.
        var environment: [String: String]
        /// One line per route.
        var description: [String]
    }

    /// Starts the inbox and runs `body` with the URL it listens on; stops it afterwards.
    static func withInbox<T: Sendable>(
        printing print: @escaping @Sendable (String) -> Void, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.post("/**") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
            print(describe(path: request.uri.path, json))
            return Response(status: request.uri.path.hasSuffix("/enqueue") ? .accepted : .ok)
        }
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { port.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "cutover.demo.inbox", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            let result = try await body("http://127.0.0.1:\(bound)")
            group.cancelAll()
            return result
        }
    }

    /// The environment that points every route not configured in `real` at the inbox `url`.
    static func routing(_ routes: [NotificationRoute], real: [String: String], inbox url: String) -> Routing {
        var environment = real
        var description: [String] = []
        for route in routes {
            // PagerDuty's endpoint is optional: unset, alerts go to PagerDuty itself.
            let endpoint = route.channel == .pagerduty ? nil : route.endpointEnvironmentVariable
            let variables = [route.targetEnvironmentVariable] + [endpoint].compactMap { $0 }
                + route.headers.compactMap(AlertHeader.init).flatMap(\.variableNames)
            if variables.allSatisfy({ real[$0]?.isEmpty == false }) {
                description.append("\(route.name) (\(route.channel.rawValue)) → delivered as the environment configures it")
                continue
            }
            let inbox = "\(url)/\(route.name)"
            let target: String = switch route.channel {
            case .slack, .webhook: inbox
            case .pagerduty: "demo-routing-key"
            case .email: "oncall@example.com"
            case .sms: "+15550100"
            }
            environment[route.targetEnvironmentVariable] = target
            if let variable = route.endpointEnvironmentVariable {
                environment[variable] = route.channel == .pagerduty ? inbox + "/v2/enqueue" : inbox
            }
            for header in route.headers.compactMap(AlertHeader.init) {
                for name in header.variableNames { environment[name] = "demo" }
            }
            description.append("\(route.name) (\(route.channel.rawValue)) → the demo inbox (set \(variables.joined(separator: ", ")) to deliver for real)")
        }
        return Routing(environment: environment, description: description)
    }

    /// One line for a delivery to `path`: the route, then what the provider would show.
    static func describe(path: String, _ json: [String: Any]) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let route = parts.first ?? "?"
        let said: String
        if parts.dropFirst().joined(separator: "/") == "v2/change/enqueue" {
            said = "change event: \(((json["payload"] as? [String: Any])?["summary"] as? String) ?? "")"
        } else if let action = json["event_action"] as? String {
            let summary = ((json["payload"] as? [String: Any])?["summary"] as? String).map { ": \($0)" } ?? ""
            said = "\(action) \(json["dedup_key"] as? String ?? "")\(summary)"
        } else {
            let text = ["subject", "body", "text", "type"].lazy.compactMap { json[$0] as? String }.first ?? ""
            said = text.split(separator: "\n").first.map(String.init) ?? ""
        }
        let line = "alert → \(route): \(said)"
        return line.count > 140 ? String(line.prefix(139)) + "…" : line
    }
}
