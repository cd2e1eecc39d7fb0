/// How bad a check result or verdict is, ordered: `none < warning < minor < major < critical`.
///
/// A violation's severity follows its action: pause → minor, graceful rollback → major,
/// immediate rollback → critical.
public enum Severity: String, Codable, Hashable, Sendable, Comparable, CaseIterable {
    /// Healthy, or not known to be otherwise.
    case none
    /// Past the warning level of a threshold, without a proven violation.
    case warning
    /// A violation that pauses for a human decision.
    case minor
    /// A violation that rolls back gracefully.
    case major
    /// A violation that rolls back immediately.
    case critical

    /// The severity of a violation whose action is `action`.
    public init(_ action: ViolationAction) {
        switch action {
        case .pause: self = .minor
        case .gracefulRollback: self = .major
        case .immediateRollback: self = .critical
        }
    }

    /// The action of a violation of this severity (`nil` below ``minor``).
    public var action: ViolationAction? {
        switch self {
        case .none, .warning: nil
        case .minor: .pause
        case .major: .gracefulRollback
        case .critical: .immediateRollback
        }
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .warning: 1
        case .minor: 2
        case .major: 3
        case .critical: 4
        }
    }

    /// Orders by badness.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}
