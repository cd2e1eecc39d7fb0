import CutoverCore
import Foundation

/// The preflight's check of the plan's notification routes (the spec's "prepare emergency
/// communication channels"): one test delivery per route; a route that cannot deliver fails
/// the preflight with its name and the reason.
public struct AlertChannelCheck: Sendable {
    private let routes: [NotificationRoute]
    private let runID: String
    private let environment: [String: String]
    private let transport: any AlertTransport
    private let timeout: Duration

    /// A check of `routes` for run `runID`, with secrets from `environment`.
    public init(
        routes: [NotificationRoute], runID: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        transport: any AlertTransport = HTTPAlertTransport(), timeout: Duration = .seconds(10)
    ) {
        self.routes = routes
        self.runID = runID
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
    }

    /// One message per route that failed its test delivery, in the plan's order.
    public func failures() async -> [String] {
        await withTaskGroup(of: (Int, String?).self) { group in
            for (index, route) in routes.enumerated() {
                group.addTask { (index, await failure(of: route)) }
            }
            var failures: [(Int, String)] = []
            for await case (let index, let failure?) in group {
                failures.append((index, failure))
            }
            return failures.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func failure(of route: NotificationRoute) async -> String? {
        do throws(AlertDeliveryError) {
            let request = try AlertRequest.preflight(through: route, run: runID, environment: environment)
            try await transport.send(request, timeout: timeout)
            return nil
        } catch {
            return "notification route '\(route.name)' (\(route.channel.rawValue)) cannot deliver: \(error.message)"
        }
    }
}
