/// The health analysis's conclusion about one sample, with every check's numbers.
///
/// - ``Status-swift.enum/violated``: at least one check is violated with statistical evidence;
///   ``action`` is the most severe action among the violations
///   (immediate rollback > graceful rollback > pause).
/// - ``Status-swift.enum/healthy``: every check passed with confidence.
/// - ``Status-swift.enum/inconclusive``: anything else — too few calls, or an interval that
///   still straddles a threshold. A service is never promoted on an inconclusive verdict.
public struct Verdict: Codable, Hashable, Sendable {
    /// The overall conclusion.
    public enum Status: String, Codable, Hashable, Sendable {
        /// Every check passed with confidence.
        case healthy
        /// Not enough evidence either way.
        case inconclusive
        /// At least one check is violated with evidence.
        case violated
    }

    /// The overall conclusion.
    public var status: Status
    /// Every check's result, passed ones included, in a stable order.
    public var checks: [CheckResult]
    /// Candidate calls in the sample.
    public var candidateCalls: UInt64
    /// The baseline the comparing checks used.
    public var baseline: BaselineSource

    /// Creates the verdict that `checks` add up to.
    public init(checks: [CheckResult], candidateCalls: UInt64, baseline: BaselineSource) {
        self.checks = checks
        self.candidateCalls = candidateCalls
        self.baseline = baseline
        if checks.contains(where: { $0.status == .violated }) {
            status = .violated
        } else if !checks.isEmpty, checks.allSatisfy({ $0.status == .passed }) {
            status = .healthy
        } else {
            status = .inconclusive
        }
    }

    /// The violated checks, most severe first.
    public var violations: [CheckResult] {
        checks.filter { $0.status == .violated }.sorted { $0.severity > $1.severity }
    }

    /// The checks past their warning level without a proven violation.
    public var warnings: [CheckResult] {
        checks.filter(\.isWarning)
    }

    /// The checks that could not decide.
    public var undecided: [CheckResult] {
        checks.filter { $0.status == .inconclusive }
    }

    /// What to do: the most severe action among the violations, or `nil` when nothing is violated.
    public var action: ViolationAction? {
        Self.mostSevere(violations.map(\.action))
    }

    /// The highest severity among the checks.
    public var severity: Severity {
        checks.map(\.severity).max() ?? .none
    }

    /// The most severe of `actions`: immediate rollback > graceful rollback > pause.
    public static func mostSevere(_ actions: some Sequence<ViolationAction>) -> ViolationAction? {
        actions.max { Severity($0) < Severity($1) }
    }
}

extension Verdict: CustomStringConvertible {
    /// A summary for humans, e.g. `violated → immediate-rollback: errorRate violated: 8.00 % (…)`.
    public var description: String {
        switch status {
        case .violated:
            let action = action.map { " → \($0.rawValue)" } ?? ""
            return "violated\(action): " + violations.map(\.description).joined(separator: "; ")
        case .healthy:
            let warned = warnings.isEmpty ? "" : "; warnings: " + warnings.map(\.description).joined(separator: "; ")
            return "healthy: \(checks.count) checks passed over \(candidateCalls) candidate calls "
                + "(baseline \(baseline.rawValue))\(warned)"
        case .inconclusive:
            return "inconclusive over \(candidateCalls) candidate calls: "
                + undecided.map(\.description).joined(separator: "; ")
        }
    }

    /// Whether ``description`` differs from `other`'s, told without writing either where the
    /// words are bound to differ: each description starts with the status, and a healthy or
    /// inconclusive one goes on with the number of candidate calls.
    public func description(differsFrom other: Verdict) -> Bool {
        if status != other.status { return true }
        if status != .violated, candidateCalls != other.candidateCalls { return true }
        return description != other.description
    }
}
