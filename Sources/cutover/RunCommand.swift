import ArgumentParser
import CutoverAlerts
import CutoverCVPlus
import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// `cutover run`: drive a plan headless on the real clock, with durable state.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a migration plan against the in-process CVPlus app on the real clock, with durable state.",
        discussion: """
            Every transition is committed with its events before it acts, so a killed run started again with the \
            same arguments resumes exactly where it was. Run time passes only while a controller runs it. With several \
            processes on one database, one holds the run's lease and drives it; the others stand by and take over \
            when its lease lapses.
            """
    )

    @Argument(help: "The plan (YAML).")
    var plan: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many times faster than real time the plan's durations pass.")
    var timeScale: Double = 1

    @Option(help: "The run's id (default: the plan's name).")
    var runID: String?

    @OptionGroup var rehearsal: RehearsalOptions

    @Option(help: "Approve gates automatically (auto) or never (none).")
    var approve: SimulateCommand.Approval = .auto

    @Option(help: "Seconds the controller lease lasts without renewal.")
    var leaseTTL: Double = 10

    @Option(help: "This controller's identity for the lease (default: HOST:PID). A restart with the same identity takes its lease back at once.")
    var holder: String?

    @Flag(help: "Print one JSON object at the end instead of text.")
    var json = false

    func validate() throws {
        guard timeScale > 0, timeScale <= 1_000_000 else { throw ValidationError("--time-scale must be in (0, 1000000]") }
        guard leaseTTL >= 0.5 else { throw ValidationError("--lease-ttl must be at least 0.5 seconds") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (plan, source) = try PlanCommand.loadWithSource(self.plan)
        let runID = self.runID ?? plan.name
        let simulation = try simulation(plan: plan, source: source, runID: runID)
        let printer = SimulationPrinter(plan: plan, startDate: simulation.controller.startDate, live: !json)
        let command = self
        let result = try await database.withStore { store in
            if let existing = try await store.run(id: runID), existing.planSource != source {
                printError("cutover: run '\(runID)' was started with a different plan; pass --run-id to start a new run")
                throw ExitCode.failure
            }
            let holder = command.holder ?? Self.defaultHolder
            var lease = LeaseKeeper.Configuration(name: "controller:\(runID)", holder: holder)
            lease.ttl = .milliseconds(Int64(command.leaseTTL * 1000))
            let keeper = LeaseKeeper(store: store, configuration: lease)
            return try await keeper.whileHolding(standingBy: {
                print("standing by: another controller holds the lease of run '\(runID)'")
                fflush(nil)
            }) { lease in
                let stored = try await store.loadState(of: runID)
                let ms = (ContinuousClock.now - started).seconds * 1000
                print(String(
                    format: "driving run '%@' as %@ (lease term %llu): %@ in %.0f ms", runID, holder, lease.term,
                    stored.map { "resumed at revision \($0.revision), run time \(Int($0.state.now.seconds)) s" } ?? "new run",
                    ms
                ))
                // Progress goes out as it happens even into a pipe or a file, so a supervisor sees it live.
                fflush(nil)
                var configuration = simulation
                configuration.store = store
                let alerts = AlertDispatcher(runID: runID, routes: plan.notifications, store: store)
                let check = AlertChannelCheck(routes: plan.notifications, runID: runID)
                configuration.wrapEnvironment = { AlertingEnvironment($0, dispatcher: alerts, check: check) }
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await alerts.run() }
                    let result = try await CVPlusSimulation(configuration: configuration).run {
                        printer.progress($0)
                        fflush(nil)
                    }
                    group.cancelAll()
                    try await alerts.flush(timeout: .seconds(10))
                    return result
                }
            }
        }
        if json {
            try printer.printJSON(result, scenario: "run", seed: rehearsal.seed)
        } else {
            printer.printSummary(result, wall: ContinuousClock.now - started)
        }
        if result.outcome == .failed { throw ExitCode.failure }
    }

    /// The run's configuration without its store, which is opened afterwards.
    private func simulation(plan: Plan, source: String, runID: String) throws -> CVPlusSimulation.Configuration {
        var configuration = CVPlusSimulation.Configuration(plan: plan)
        configuration.runID = runID
        configuration.planSource = source
        configuration.pacing = .init(timeScale: timeScale)
        // A run on the clock carries the example's whole traffic, as the app would see it.
        configuration.volume = .full
        configuration.faults = try rehearsal.parsedFaults()
        configuration.seed = rehearsal.seed
        configuration.approvesGates = approve == .auto
        configuration.timeLimit = .seconds(3650 * 86_400)
        return configuration
    }

    /// This process: host and pid.
    static let defaultHolder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
}
