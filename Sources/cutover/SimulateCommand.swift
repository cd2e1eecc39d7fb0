import ArgumentParser
import CutoverCVPlus
import CutoverCore
import Foundation

/// `cutover simulate`: rehearse a plan against the CVPlus example in virtual time.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Rehearse a migration plan in virtual time: the real router, controller and health analysis.",
        discussion: """
            Scenarios: \(Scenario.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).
            Faults: SERVICE:errors=RATE@START, SERVICE:latency=FACTORx@START or SERVICE:corrupt=RATE@START, where START \
            is a rollout step (25%) or a virtual time (t=2h).
            """
    )

    enum Approval: String, ExpressibleByArgument, CaseIterable {
        case auto, none
    }

    @Argument(help: "The plan (YAML).")
    var plan: String = "Examples/plans/cvplus-phase3.yaml"

    @Option(help: "The scenario: \(Scenario.all.map(\.name).joined(separator: ", ")).")
    var scenario: String = "healthy"

    @OptionGroup var rehearsal: RehearsalOptions

    @Option(help: "Approve gates and checkpoints automatically (auto) or never (none). Defaults to the scenario's.")
    var approve: Approval?

    enum Volume: String, ExpressibleByArgument, CaseIterable {
        case sized, full
    }

    @Option(help: """
        The requests to replay: what the windows being judged need (sized), or every request of the \
        example's traffic (full, about 16 times as many for the CVPlus plan).
        """)
    var traffic: Volume = .sized

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard Scenario.named(scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; expected one of \(Scenario.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let plan = try PlanCommand.load(plan)
        let scenario = Scenario.named(scenario)!
        var configuration = CVPlusSimulation.Configuration(plan: plan)
        configuration.faults = try Fault.parse(scenario.faults) + rehearsal.parsedFaults()
        configuration.seed = rehearsal.seed
        configuration.volume = traffic == .full ? .full : .standard
        configuration.approvesGates = approve.map { $0 == .auto } ?? scenario.approvesGates
        configuration.approvesCheckpoints = approve.map { $0 == .auto } ?? scenario.approvesCheckpoints
        let printer = SimulationPrinter(plan: plan, startDate: configuration.controller.startDate, live: !json)
        let wallStart = ContinuousClock.now
        let result = try await CVPlusSimulation(configuration: configuration).run { printer.progress($0) }
        let wall = ContinuousClock.now - wallStart
        if json {
            try printer.printJSON(result, scenario: scenario.name, seed: rehearsal.seed)
        } else {
            printer.printSummary(result, wall: wall)
        }
    }
}
