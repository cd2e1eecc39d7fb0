import ArgumentParser

/// The `cutover` command-line tool.
@main
struct CutoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cutover",
        abstract: "Move live traffic from a legacy implementation to its replacement, safely.",
        subcommands: [
            DemoCommand.self, PlanCommand.self, SimulateCommand.self, RunCommand.self, ServeCommand.self, TokenCommand.self,
            FlagsCommand.self, BucketCommand.self,
        ]
    )
}
