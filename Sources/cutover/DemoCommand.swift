import ArgumentParser
import CutoverCVPlus
import CutoverController
import CutoverCore
import CutoverRemote
import CutoverServer
import CutoverStore
import Foundation
import Logging

/// `cutover demo`: the whole product on one machine: the server with its dashboard, several
/// CVPlus instances connected through the real SDK path, and the CVPlus plan on a fast clock.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the CVPlus migration end to end: server, dashboard, app instances over HTTP, the plan in about 3 minutes.",
        discussion: """
            The server keeps its state in SQLite (.cutover/demo.sqlite); each demo is a new run. The app instances run in \
            this process but talk to the server only over loopback HTTP: flags from the event stream, metrics shipped in \
            batches. Promotion windows are dropped (a compressed week has no business hours), checkpoint soaks are cut to \
            an hour of plan time, and the analysis needs \(Self.minimumCalls) candidate calls per window instead of 200 and \
            decides at \(Int(Self.confidence * 100)) % confidence instead of 99 %, extending a window up to \
            \(Self.maximumExtensions) times instead of 2, because a compressed window sees little traffic. A --plan of CVPlus \
            services with a metricsSource is judged on what that source (Prometheus scraping this server's /metrics) \
            measured; the instances ship only the plan's services.
            """
    )

    @Option(help: "The plan (YAML).")
    var plan = "Examples/plans/cvplus-phase3.yaml"

    @Option(help: "How many times faster than real time the plan's durations pass (the default ends the plan in about 3 minutes).")
    var timeScale: Double = 1200

    @Option(help: "The scenario: \(Scenario.all.map(\.name).joined(separator: ", ")).")
    var scenario = "healthy"

    @Flag(help: "Wait for an operator (dashboard or API) at every gate instead of approving after a few seconds.")
    var interactive = false

    @Option(help: "The port to serve on (0 picks a free one).")
    var port = 8080

    @Option(help: "App instances.")
    var instances = 4

    @Option(help: "User requests per second, over all instances.")
    var rate: Double = 300

    @Option(help: "The demo's database (default sqlite:.cutover/demo.sqlite).")
    var db = "sqlite:.cutover/demo.sqlite"

    @OptionGroup var rehearsal: RehearsalOptions

    @Flag(help: "Keep serving the dashboard after the run ends.")
    var stay = false

    static let minimumCalls: UInt64 = 100
    static let confidence = 0.95
    static let maximumExtensions = 6

    func validate() throws {
        guard Scenario.named(scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; expected one of \(Scenario.all.map(\.name).joined(separator: ", "))")
        }
        guard timeScale >= 1, timeScale <= 100_000 else { throw ValidationError("--time-scale must be in [1, 100000]") }
        guard (1...64).contains(instances) else { throw ValidationError("--instances must be 1 to 64") }
        guard rate > 0, rate <= 20_000 else { throw ValidationError("--rate must be in (0, 20000]") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (original, source) = try PlanCommand.loadWithSource(plan)
        // A sample at least every quarter of a wall second, whatever the time scale; soaks of an hour.
        let plan = original.rehearsal(minimumSampleInterval: .milliseconds(Int64(250 * timeScale)), maximumSoak: .seconds(3600))
        let scenario = Scenario.named(scenario)!
        let faults = try Fault.parse(scenario.faults) + rehearsal.parsedFaults()
        let logger = Logger(label: "cutover.demo") { _ in
            var handler = StreamLogHandler.standardError(label: "cutover.demo")
            handler.logLevel = ProcessInfo.processInfo.environment["CUTOVER_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .error
            return handler
        }
        var hosting = RunHost.Configuration(runID: "demo-\(Self.stamp())")
        hosting.timeScale = timeScale
        hosting.approvesGates = !interactive && scenario.approvesGates
        hosting.approvalDelay = .seconds(3 * timeScale)
        // Without an operator at the dashboard, a held service ends the demo.
        hosting.stopsWhenStuck = !interactive
        hosting.analyzer.minimumCandidateCalls = Self.minimumCalls
        hosting.analyzer.confidence = Self.confidence
        // Judge against the legacy calls of the same window whenever there are a few, rather
        // than against the preflight baseline taken under a different load.
        hosting.analyzer.minimumBaselineCalls = 30
        // Small steps (1 % of a few hundred requests a second) may need several windows.
        hosting.controller.maximumExtensions = Self.maximumExtensions
        hosting.traffic = try .measuring(plan, logger: logger)
        if interactive { hosting.controller.approvalTimeout = .seconds(600 * timeScale) }
        var app = CVPlusApp.Configuration()
        app.cacheTimeToLive = .seconds(2)
        // Every service takes at least 30 ms, so that the scheduling delays of one busy machine
        // running server, instances and traffic do not swamp the latencies being compared.
        app.latencies = app.latencies.mapValues { $0 == .zero ? .zero : max($0 * 4, .milliseconds(30)) }
        var serving = CutoverServer.Configuration()
        serving.port = port
        let clock = Locked<Pacer?>(nil)
        let fleet = CVPlusFleet(
            instances: try (0..<instances).map { index in
                try CVPlusInstance(
                    app: app, collectionInterval: .milliseconds(250), faults: faults, seed: rehearsal.seed &+ UInt64(index),
                    runTime: { clock.withLock { $0?.runTime ?? .zero } }, shipped: Set(plan.services.map(\.name)),
                    logger: logger
                )
            },
            rate: rate, users: 20_000, seed: rehearsal.seed
        )
        var database = DatabaseOptions()
        database.url = db
        let session = DemoSession(
            plan: plan, planSource: source, hosting: hosting, server: serving, fleet: fleet, pacer: clock, database: database,
            interactive: interactive, stays: stay, scenario: scenario.name, started: started, logger: logger
        )
        try await DemoInbox.withInbox(printing: { session.printer.line("           \($0)") }) { inbox in
            try await session.run(inbox: inbox)
        }
    }

    private static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}
