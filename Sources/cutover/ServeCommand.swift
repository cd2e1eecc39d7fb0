import ArgumentParser
import CutoverController
import CutoverCore
import CutoverServer
import CutoverStore
import Foundation
import Hummingbird
import Logging
import Yams

/// `cutover serve`: the API, live flags, metrics ingest and the dashboard, driving one run.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API, live flags, metrics ingest and the dashboard; with --plan, drive that plan's run.",
        discussion: """
            App instances read flags from GET /v1/flags/stream and ship metrics to POST /v1/metrics with an sdk token; \
            operators approve, reject, roll back and pause through the API or the dashboard at /. When the store holds \
            no admin token, one is created and printed once. With several servers on one PostgreSQL database, one holds \
            the run's lease and serves; the others stand by until it lapses.
            """
    )

    /// `--config FILE`: the same settings as the options, in YAML; options given on the command line win.
    struct ConfigFile: Decodable {
        var plan: String?
        var database: String?
        var host: String?
        var port: Int?
        var runID: String?
        var timeScale: Double?
        var approve: String?
        var heartbeatSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case plan, database, host, port, runID = "run_id", timeScale = "time_scale", approve
            case heartbeatSeconds = "heartbeat_seconds"
        }
    }

    @Option(help: "The plan (YAML) whose run this server drives.")
    var plan: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "A YAML file with plan, database, host, port, run_id, time_scale, approve, heartbeat_seconds.")
    var config: String?

    @Option(help: "How many times faster than real time the plan's durations pass (default 1).")
    var timeScale: Double?

    @Option(help: "The run's id (default: the plan's name).")
    var runID: String?

    @Option(help: "Approve gates automatically (auto) or wait for an operator (none, the default).")
    var approve: SimulateCommand.Approval?

    @Option(help: "Seconds the controller lease lasts without renewal.")
    var leaseTTL: Double = 10

    func run() async throws {
        let file = try config.map(Self.load) ?? ConfigFile()
        var database = self.database
        database.url = database.url ?? file.database
        var serving = CutoverServer.Configuration()
        serving.host = host ?? file.host ?? serving.host
        serving.port = port ?? file.port ?? serving.port
        if let heartbeat = file.heartbeatSeconds { serving.heartbeat = .milliseconds(Int64(heartbeat * 1000)) }
        let server = serving
        let timeScale = self.timeScale ?? file.timeScale ?? 1
        guard timeScale > 0 else { throw ValidationError("time scale must be positive") }
        let approves = (approve?.rawValue ?? file.approve ?? "none") == "auto"
        let planPath = plan ?? file.plan
        let runID = self.runID ?? file.runID
        let leaseTTL = self.leaseTTL
        try await database.withStore { store in
            try await Self.announceAdminToken(store)
            guard let planPath else {
                return try await Self.serveWithoutRun(store: store, configuration: server)
            }
            let (plan, source) = try PlanCommand.loadWithSource(planPath)
            var hosting = RunHost.Configuration(runID: runID ?? plan.name)
            hosting.timeScale = timeScale
            hosting.approvesGates = approves
            hosting.traffic = try .measuring(plan, logger: Logger(label: "cutover.server"))
            var lease = LeaseKeeper.Configuration(name: "controller:\(hosting.runID)", holder: RunCommand.defaultHolder)
            lease.ttl = .milliseconds(Int64(leaseTTL * 1000))
            let configuration = hosting
            try await LeaseKeeper(store: store, configuration: lease).whileHolding(standingBy: {
                print("standing by: another server holds the lease of run '\(configuration.runID)'")
                fflush(nil)
            }) { _ in
                let hosted = HostedServer(
                    store: store, plan: plan, planSource: source, host: configuration, server: server, custodian: nil
                )
                try await hosted.run { port, host, _ in
                    print("serving run '\(host.runID)' on http://\(server.host):\(port)/ (dashboard), API under /v1")
                    fflush(nil)
                    try await host.drive()
                    print("run '\(host.runID)' ended; still serving (Ctrl-C to stop)")
                    fflush(nil)
                    try await Task.sleep(for: .seconds(100 * 365 * 86_400))
                }
            }
        }
    }

    private static func load(_ path: String) throws -> ConfigFile {
        do {
            return try YAMLDecoder().decode(ConfigFile.self, from: try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ValidationError("--config \(path): \(error)")
        }
    }

    /// Prints a new admin token when the store has no live one, so a new server can be administered.
    static func announceAdminToken(_ store: any MigrationStore) async throws {
        guard try await !store.tokens().contains(where: { $0.role == Role.admin.rawValue && $0.revokedAt == nil }) else { return }
        let (record, secret) = try await TokenAuthority(store: store).create(role: .admin, name: "bootstrap-admin")
        print("created admin token \(record.id) (shown only now; `cutover token create` makes more): \(secret)")
        fflush(nil)
    }

    private static func serveWithoutRun(store: any MigrationStore, configuration: CutoverServer.Configuration) async throws {
        let server = CutoverServer(store: store, host: nil, publisher: FlagPublisher(), configuration: configuration)
        try await server.application { port in
            print("serving the API on http://\(configuration.host):\(port)/v1 (no run: pass --plan to drive one)")
            fflush(nil)
        }.run()
    }
}
