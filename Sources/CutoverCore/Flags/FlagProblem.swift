/// One thing wrong with a flag snapshot, naming where it is.
public struct FlagProblem: Hashable, Sendable, CustomStringConvertible {
    /// What the problem is attached to.
    public enum Subject: Hashable, Sendable, CustomStringConvertible {
        /// The flag with this key.
        case flag(String)
        /// The segment with this name.
        case segment(String)

        public var description: String {
            switch self {
            case .flag(let key): "flag '\(key)'"
            case .segment(let name): "segment '\(name)'"
            }
        }
    }

    /// The flag or segment at fault.
    public var subject: Subject
    /// The field at fault, e.g. `rolloutPercentage` or `rules[1].operator`.
    public var field: String
    /// What is wrong, in words.
    public var message: String

    /// Creates a problem.
    public init(_ subject: Subject, field: String, _ message: String) {
        self.subject = subject
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(subject), \(field): \(message)"
    }
}

/// A flag snapshot that cannot be applied, with every problem found in it.
public struct FlagValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every problem, in the order of the snapshot.
    public var problems: [FlagProblem]

    /// Creates the error.
    public init(problems: [FlagProblem]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["invalid flag snapshot (\(count)):"] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }
}
