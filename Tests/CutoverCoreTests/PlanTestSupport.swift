import CutoverCore
import Foundation

// Shared by the plan tests: the repository's example plan, a small valid plan to break one
// rule at a time, and the problems of a YAML text. All pure functions and constants.

/// The text of `Examples/plans/<name>` in this repository.
func examplePlanText(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CutoverCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
    return try String(contentsOf: root.appendingPathComponent("Examples/plans/\(name)"), encoding: .utf8)
}

/// The problems `PlanParser` reports for `yaml`, in order (empty when it parses).
func planProblems(_ yaml: String) -> [PlanProblem] {
    do {
        _ = try PlanParser.parse(yaml)
        return []
    } catch {
        return error.problems
    }
}

/// A small valid plan: two tiers, two services in two phases, a window and a route. Each
/// line a test edits is unique in the text.
let smallPlan = """
    name: small
    tiers:
      - name: LOW
        steps: [10, 50, 100]
        monitoringInterval: 30m
      - name: HIGH
        steps: [1, 50, 100]
        monitoringInterval: 2h
        approvalFrom: 50
    services:
      - name: a
        flag: a-enabled
        tier: LOW
      - name: b
        flag: b-enabled
        tier: HIGH
        dependsOn: [a]
    phases:
      - name: one
        services: [a]
        promotionWindow: office
      - name: two
        services: [b]
    promotionWindows:
      - name: office
        weekdays: [monday, friday]
        start: "09:00"
        end: "17:00"
    notifications:
      - name: pages
        channel: pagerduty
        severities: [critical]
        targetEnvironmentVariable: PAGERDUTY_KEY

    """

/// `smallPlan` with each `(old, new)` replacement applied (tests pick unique text); traps if `old` is missing.
func smallPlan(_ edits: (String, String)...) -> String {
    smallPlan(edits: edits)
}

/// `smallPlan` with `edits` applied.
func smallPlan(edits: [(String, String)]) -> String {
    edits.reduce(smallPlan) { text, edit in
        precondition(text.contains(edit.0), "'\(edit.0)' is not in the small plan")
        return text.replacingOccurrences(of: edit.0, with: edit.1)
    }
}
