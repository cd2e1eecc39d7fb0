import CutoverCVPlus
import CutoverCore
import Foundation

// Wall time of `cutover simulate`'s default rehearsal: the whole CVPlus plan, healthy, seed 1,
// traffic sized to the judged windows; `--traffic full` replays every request instead.
//
//     swift run -c release --package-path Benchmarks SimulationSpeed [--runs N] [--traffic full|sized] [PLAN]
//
// Prints each run and the median; exits 1 if a run does not complete the plan or runs differ,
// 2 on a bad argument or plan.

let usage = "usage: SimulationSpeed [--runs N] [--traffic full|sized] [PLAN]"

/// Prints `message` and the usage line to standard error and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("\(message)\n\(usage)\n".utf8))
    exit(2)
}

var runs = 3
var volume = TrafficVolume.standard
var path: String?
var arguments = CommandLine.arguments.dropFirst()[...]
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--runs":
        guard let value = arguments.popFirst(), let count = Int(value), count > 0 else {
            fail("--runs needs a positive number of runs")
        }
        runs = count
    case "--traffic":
        switch arguments.popFirst() {
        case "full": volume = .full
        case "sized": volume = .standard
        default: fail("--traffic is `full` or `sized`")
        }
    case let option where option.hasPrefix("-"):
        fail("unknown option \(option)")
    default:
        if let path { fail("one plan at most, not \(path) and \(argument)") }
        path = argument
    }
}
let planPath = path ?? "Examples/plans/cvplus-phase3.yaml"

let plan: Plan
do {
    plan = try PlanParser.parse(String(contentsOfFile: planPath, encoding: .utf8))
} catch let error as PlanValidationError {
    fail("\(planPath): \(error)")
} catch {
    fail("cannot read \(planPath): \(error.localizedDescription)")
}
var walls: [Duration] = []
var fingerprints: Set<String> = []
for run in 1...runs {
    var configuration = CVPlusSimulation.Configuration(plan: plan)
    configuration.volume = volume
    let start = ContinuousClock.now
    let result = try await CVPlusSimulation(configuration: configuration).run()
    let wall = ContinuousClock.now - start
    walls.append(wall)
    fingerprints.insert("\(result.outcome.rawValue) \(result.requests) \(result.events.count) \(result.virtualTime)")
    let seconds = wall / .seconds(1)
    print("run \(run): \(result.outcome.rawValue), \(result.requests) requests, \(result.events.count) events, "
        + "\(result.virtualTime.components.seconds) s of plan time; wall "
        + String(format: "%.2f s, %.1f µs a request", seconds, seconds * 1e6 / Double(max(result.requests, 1))))
    guard result.outcome == .completed else {
        print("the plan did not complete")
        exit(1)
    }
}
guard fingerprints.count == 1 else {
    print("runs differ: \(fingerprints.sorted())")
    exit(1)
}
let median = walls.sorted()[walls.count / 2]
print(String(format: "median wall over %d runs: %.2f s", runs, median / .seconds(1)))
