import CutoverAlerts
import CutoverCVPlus
import CutoverController
import CutoverCore
import CutoverRemote
import CutoverServer
import CutoverStore
import Foundation
import Logging

/// One `cutover demo`: the server over its store, the CVPlus fleet connected to it, the
/// terminal, and alerts delivered to the demo's inbox unless the environment routes them.
struct DemoSession: Sendable {
    let plan: Plan
    let planSource: String
    let hosting: RunHost.Configuration
    let server: CutoverServer.Configuration
    let fleet: CVPlusFleet
    /// Where the fleet reads run time, once the server's pacer exists.
    let pacer: Locked<Pacer?>
    let database: DatabaseOptions
    let interactive: Bool
    let stays: Bool
    let scenario: String
    let started: ContinuousClock.Instant
    let logger: Logger
    let printer = DemoPrinter(live: isatty(STDOUT_FILENO) == 1)

    /// Serves and drives the run to its end, alerts going to `inbox` where not configured.
    func run(inbox: String) async throws {
        let routing = DemoInbox.routing(plan.notifications, real: ProcessInfo.processInfo.environment, inbox: inbox)
        var hosting = self.hosting
        hosting.alertEnvironment = routing.environment
        let configuration = hosting
        try await database.withStore { store in
            let authority = TokenAuthority(store: store)
            let sdk = try await authority.create(role: .sdk, name: "demo-instances").secret
            let operatorToken = try await authority.create(role: .operator, name: "demo-operator").secret
            let hosted = HostedServer(
                store: store, plan: plan, planSource: planSource, host: configuration, server: server, custodian: fleet,
                logger: logger
            )
            try await hosted.run { port, host, _ in
                pacer.withLock { $0 = host.pacer }
                let url = "http://127.0.0.1:\(port)"
                print("Cutover demo: run \(host.runID), scenario \(scenario), plan at \(Int(configuration.timeScale))× real time")
                print("dashboard: \(url)/#token=\(operatorToken)")
                print("operator token: \(operatorToken)")
                print(interactive ? "gates wait for you: approve them in the dashboard" : "gates are approved automatically after 3 s")
                for line in routing.description { print("alerts: \(line)") }
                print("")
                fflush(nil)
                try await drive(host, url: url, sdkToken: sdk)
                try await summarize(host, store: store)
            }
        }
    }

    private func drive(_ host: RunHost, url: String, sdkToken: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await fleet.run(connection: RemoteConnection(serverURL: url, token: sdkToken)) }
            group.addTask { try await printer.refresh(from: host) }
            try await host.drive { printer.events($0.newEvents) }
            if stays {
                print("the run ended; the dashboard stays up at \(url)/ (Ctrl-C to stop)")
                fflush(nil)
                try await group.next()
            }
            group.cancelAll()
        }
    }

    private func summarize(_ host: RunHost, store: any MigrationStore) async throws {
        try await host.alerts.flush(timeout: .seconds(5))
        printer.summary(try await host.status(), requests: fleet.counts, wall: ContinuousClock.now - started)
        let alerts = try await store.alerts(of: host.runID, statuses: Set(AlertRecord.Status.allCases), limit: 10_000)
        let counts = Dictionary(grouping: alerts, by: \.status).mapValues(\.count)
        print("alerts: \(counts[.delivered] ?? 0) delivered, \(counts[.pending] ?? 0) waiting, \(counts[.dead] ?? 0) dead")
    }
}
