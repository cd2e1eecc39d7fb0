/// A named simulation scenario: faults and approval behaviour.
public struct Scenario: Hashable, Sendable {
    /// The scenario's name, as given to `--scenario`.
    public var name: String
    /// What it shows.
    public var summary: String
    /// Faults as `--fault` specs.
    public var faults: [String]
    /// Whether service gates are approved automatically.
    public var approvesGates: Bool
    /// Whether phase checkpoints are approved automatically (the sign-off between phases).
    public var approvesCheckpoints = true

    /// Every scenario.
    public static let all: [Scenario] = [
        Scenario(name: "healthy", summary: "every candidate healthy: the plan completes", faults: [], approvesGates: true),
        Scenario(
            name: "error-spike",
            summary: "recommendation-generator's candidate at 8 % errors from its 25 % step: immediate rollback of it and its dependents",
            faults: ["recommendation-generator:errors=0.08@25%"], approvesGates: true
        ),
        Scenario(
            name: "latency-regression", summary: "cv-analyzer's candidate 2.5× slower from its 50 % step: graceful rollback",
            faults: ["cv-analyzer:latency=2.5x@50%"], approvesGates: true
        ),
        Scenario(
            name: "cache-corruption", summary: "cache-manager's candidate store corrupts 2 % of writes from its first step: immediate rollback",
            faults: ["cache-manager:corrupt=0.02@5%"], approvesGates: true
        ),
        Scenario(
            name: "approval-timeout",
            summary: "checkpoints are signed off, but nobody approves the critical gates: the services wait, then are held",
            faults: [], approvesGates: false
        ),
    ]

    /// The scenario named `name`.
    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}
