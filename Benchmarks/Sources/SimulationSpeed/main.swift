import CutoverCVPlus
import CutoverCore
import Foundation

// Wall time of `cutover simulate`'s default rehearsal: the whole CVPlus plan, healthy, seed 1,
// traffic sized to the judged windows; `--traffic full` replays every request instead.
//
//     swift run -c release --package-path Benchmarks SimulationSpeed [--runs N] [--traffic full] [PLAN]
//
// Prints each run and the median; exits 1 if a run does not complete the plan or runs differ.

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...index + 1) }
    return arguments[index + 1]
}
let runs = max(Int(option("--runs") ?? "3") ?? 3, 1)
let volume: TrafficVolume = option("--traffic") == "full" ? .full : .standard
let path = arguments.first ?? "Examples/plans/cvplus-phase3.yaml"

let plan = try PlanParser.parse(String(contentsOfFile: path, encoding: .utf8))
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
