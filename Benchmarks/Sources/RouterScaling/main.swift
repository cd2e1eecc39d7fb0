import Cutover
import Foundation
import CutoverCore

// Throughput of one router on 1 task versus 2 concurrent tasks, measured side by side.
//
// Each round times `calls` router calls on one task, then `calls` calls on each of two tasks.
// Every task cycles through the same 64 users, so both runs do the same mix of legacy and
// candidate calls (50 % rollout). Prints the median of the rounds and the median ratio.

struct Analyzer: Sendable {
    let weight: Int

    func score(_ text: String) -> Int {
        text.utf8.count &* weight
    }
}

let rounds = 15
let calls = 2_000_000
let users = (0..<64).map { EvaluationContext(userID: "user-\($0)") }

var flag = ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer")
flag.rolloutPercentage = 50
flag.fallbackToLegacy = true
let flags = FlagHolder()
try flags.apply(FlagSnapshot(version: 1, flags: [flag]))
let router = try MigrationRouter(flags: flags)
let analyzer = router.service("cv-analyzer", legacy: Analyzer(weight: 1), candidate: Analyzer(weight: 2))

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func timeCalls(tasks: Int) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                var total = 0
                for call in 0..<calls {
                    total &+= try await analyzer.call(users[call & 63]) { $0.score("cv") }
                }
                return total
            }
        }
        for try await total in group where total == 0 {
            print("unexpected total")
        }
    }
    return seconds(ContinuousClock.now - start)
}

func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

var single: [Double] = []
var double: [Double] = []
var ratios: [Double] = []
for _ in 0..<rounds {
    let one = try await timeCalls(tasks: 1)
    let two = try await timeCalls(tasks: 2)
    single.append(Double(calls) / one)
    double.append(Double(2 * calls) / two)
    ratios.append((Double(2 * calls) / two) / (Double(calls) / one))
}
let window = router.recorder.collect()["cv-analyzer"]!
let recorded = window.legacy.calls + window.candidate.calls
precondition(recorded == UInt64(rounds * 3 * calls), "lost counts: \(recorded)")
print("router calls per second, median of \(rounds) rounds of \(calls) calls per task:")
print("  1 task:  \(Int(median(single)))")
print("  2 tasks: \(Int(median(double)))")
print("  ratio:   \(String(format: "%.2f", median(ratios)))× (min \(String(format: "%.2f", ratios.min()!)), max \(String(format: "%.2f", ratios.max()!)))")
print("  every call recorded: \(recorded) (legacy \(window.legacy.calls), candidate \(window.candidate.calls))")
