/// A line and column in a plan file, both starting at 1.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, counted in Unicode scalars (as libyaml does).
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One thing wrong with a plan, at its position.
public struct PlanProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where, when known.
    public var position: SourcePosition?
    /// The path of the offending value, e.g. `services[2].dependsOn[0]`.
    public var path: String
    /// What is wrong.
    public var message: String
    /// Which rule is broken.
    public var code: Code

    /// Creates a problem.
    public init(at position: SourcePosition?, path: String, _ message: String, code: Code = .other) {
        self.position = position
        self.path = path
        self.message = message
        self.code = code
    }

    public var description: String {
        "\(position.map { "\($0): " } ?? "")\(path): \(message)"
    }
}

/// A plan that cannot be used, with every problem found in it, in file order.
public struct PlanValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every problem.
    public var problems: [PlanProblem]

    /// Creates the error.
    public init(problems: [PlanProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
