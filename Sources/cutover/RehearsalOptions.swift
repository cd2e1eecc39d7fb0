import ArgumentParser
import CutoverCVPlus

/// `--fault` and `--seed`: what the CVPlus traffic and its injected faults are, for `simulate`, `run` and `demo`.
struct RehearsalOptions: ParsableArguments {
    @Option(name: .customLong("fault"), help: "A fault to inject into the CVPlus candidates; repeatable.")
    var faults: [String] = []

    @Option(help: "The seed of traffic and faults.")
    var seed: UInt64 = 1

    func validate() throws {
        _ = try parsedFaults()
    }

    /// The faults, parsed; a malformed one is a usage error naming it.
    func parsedFaults() throws -> [Fault] {
        do {
            return try Fault.parse(faults)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
