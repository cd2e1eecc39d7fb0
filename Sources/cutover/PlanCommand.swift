import ArgumentParser
import CutoverCore
import Foundation

/// `cutover plan …`: check and explain migration plans.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check and explain migration plans (YAML).",
        subcommands: [Validate.self, Show.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a plan and list every problem as FILE:LINE:COLUMN: path: message."
        )

        @Argument(help: "The plan file (YAML).")
        var file: String

        func run() async throws {
            let plan = try PlanCommand.load(file)
            let gates = plan.services.filter { !plan.approvalSteps(of: $0).isEmpty }.count
            print(
                "\(file): valid: plan '\(plan.name)', \(plan.phases.count) phases, \(plan.services.count) services, "
                    + "\(plan.tiers.count) tiers, \(gates) services with approval gates"
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a plan: phases, services in dependency order, steps, gates and minimum durations."
        )

        @Argument(help: "The plan file (YAML).")
        var file: String

        func run() async throws {
            let plan = try PlanCommand.load(file)
            for line in PlanOverview(plan).lines {
                print(line)
            }
        }
    }

    /// Reads and parses a plan; an unreadable file or an invalid plan is reported on standard
    /// error (one line per problem) and ends the command with exit code 1.
    static func load(_ path: String) throws -> Plan {
        try loadWithSource(path).plan
    }

    /// Reads and parses a plan, returning its source text too (a run records it).
    static func loadWithSource(_ path: String) throws -> (plan: Plan, source: String) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            printError("\(path): cannot read the plan (\(error.localizedDescription))")
            throw ExitCode.failure
        }
        do {
            return (try PlanParser.parse(text), text)
        } catch {
            for problem in error.problems {
                let place = problem.position.map { "\(path):\($0.line):\($0.column)" } ?? path
                printError("\(place): \(problem.path): \(problem.message)")
            }
            let count = error.problems.count
            printError("\(path): invalid plan, \(count) problem\(count == 1 ? "" : "s")")
            throw ExitCode.failure
        }
    }
}
