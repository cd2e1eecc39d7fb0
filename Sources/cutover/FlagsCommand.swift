import ArgumentParser
import CutoverCore
import Foundation

/// `cutover flags …`: check and explain flag snapshots.
struct FlagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "Check and explain flag snapshots.",
        subcommands: [Validate.self, Evaluate.self, Cohorts.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a flag snapshot (JSON) and list every problem in it."
        )

        @Argument(help: "The flag snapshot file.")
        var file: String

        func run() async throws {
            let snapshot = try loadSnapshot(file)
            let problems = snapshot.problems()
            guard problems.isEmpty else {
                printError(FlagValidationError(problems: problems).description)
                throw ExitCode.failure
            }
            print("\(file): valid, version \(snapshot.version), \(snapshot.flags.count) flags, \(snapshot.segments.count) segments")
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which cohort a user is in for every service, and why."
        )

        @Argument(help: "The flag snapshot file.")
        var file: String

        @Option(name: .long, help: "The user id (the default stickiness key).")
        var user: String?

        @Option(name: .customLong("attribute"), help: "A context attribute as NAME=VALUE; repeatable.")
        var attributes: [String] = []

        func validate() throws {
            for attribute in attributes where !attribute.contains("=") {
                throw ValidationError("--attribute '\(attribute)' is not NAME=VALUE")
            }
        }

        func run() async throws {
            let snapshot = try loadSnapshot(file)
            let flags = try compile(snapshot)
            var context = EvaluationContext(userID: user)
            for attribute in attributes {
                let parts = attribute.split(separator: "=", maxSplits: 1).map(String.init)
                context.attributes[parts[0]] = Double(parts[1]).map(AttributeValue.number) ?? .string(parts[1])
            }
            for flag in snapshot.flags {
                let decision = flags.decide(service: flag.service, context: context)
                let name = flag.service.padding(toLength: 30, withPad: " ", startingAt: 0)
                let cohort = decision.cohort.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                print("\(name) \(cohort) \(explain(decision, flag: flag, flags: flags))")
            }
        }

        private func explain(_ decision: CohortDecision, flag: ServiceFlag, flags: CompiledFlags) -> String {
            switch decision {
            case .notSynced: "no flags"
            case .unknownService: "no flag for this service"
            case .disabled: "flag disabled"
            case .killSwitch: "kill switch on"
            case .complete: "migration complete"
            case .noStickinessKey: "no value for '\(flag.stickinessAttribute)'"
            case .outsideSegments: "outside segments \(flag.userSegments.joined(separator: ", "))"
            case .prerequisiteOnLegacy(let index): "prerequisite \(flags.flag(at: index).key) routes to legacy"
            case .insideRollout(let bucket): "bucket \(bucket) < \(Int(flag.rolloutPercentage * 1000)) (rollout \(flag.rolloutPercentage)%)"
            case .outsideRollout(let bucket): "bucket \(bucket) ≥ \(Int(flag.rolloutPercentage * 1000)) (rollout \(flag.rolloutPercentage)%)"
            }
        }
    }
}

extension FlagsCommand {
    struct Cohorts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the cohort of many users for every service, one tab-separated line per user.",
            discussion: "Users are PREFIX0 … PREFIX(N-1); each line is the user id, then one cohort per flag in file order."
        )

        @Argument(help: "The flag snapshot file.")
        var file: String

        @Option(help: "How many users.")
        var users = 1000

        @Option(help: "The user ids' prefix.")
        var prefix = "user-"

        func validate() throws {
            guard users > 0 else { throw ValidationError("--users must be positive") }
        }

        func run() async throws {
            let snapshot = try loadSnapshot(file)
            let flags = try compile(snapshot)
            var output = "user\t" + snapshot.flags.map(\.service).joined(separator: "\t") + "\n"
            for index in 0..<users {
                let context = EvaluationContext(userID: "\(prefix)\(index)")
                let cohorts = snapshot.flags.map { flags.decide(service: $0.service, context: context).cohort.rawValue }
                output += "\(prefix)\(index)\t" + cohorts.joined(separator: "\t") + "\n"
            }
            print(output, terminator: "")
        }
    }
}

/// Compiles a snapshot for evaluation, printing its problems when it is invalid.
func compile(_ snapshot: FlagSnapshot) throws -> CompiledFlags {
    do {
        return try CompiledFlags(snapshot)
    } catch {
        printError(error.description)
        throw ExitCode.failure
    }
}

/// Reads and decodes a flag snapshot, turning decoding failures into readable messages.
func loadSnapshot(_ path: String) throws -> FlagSnapshot {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        printError("\(path): cannot read the file (\(error.localizedDescription))")
        throw ExitCode.failure
    }
    do {
        return try JSONDecoder().decode(FlagSnapshot.self, from: data)
    } catch let error as DecodingError {
        printError("\(path): \(describe(error))")
        throw ExitCode.failure
    }
}

/// A decoding error as one line naming the field path.
func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
        let rendered = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return rendered.isEmpty ? "top level" : String(rendered.drop { $0 == "." })
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "\(path(context.codingPath + [key])): required field is missing"
    case .typeMismatch(let type, let context):
        return "\(path(context.codingPath)): expected \(type)"
    case .valueNotFound(let type, let context):
        return "\(path(context.codingPath)): expected \(type), found null"
    case .dataCorrupted(let context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

/// Writes `message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
