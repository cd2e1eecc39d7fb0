import Yams

/// Reads a migration plan from YAML, reporting every problem at once.
///
/// ```swift
/// do {
///     let plan = try PlanParser.parse(yaml)
/// } catch {
///     for problem in error.problems { print(problem) }   // "12:5: services[1].tier: unknown tier 'MEDUIM'; …"
/// }
/// ```
///
/// Problems come in file order, each with its line and column: malformed YAML (libyaml's own
/// message and position: nothing else can be checked then), wrong types, missing and unknown
/// keys (with a "did you mean" suggestion), malformed durations and times, unknown names, and
/// everything ``Plan/problems()`` finds (references, dependency cycles, steps, gates, windows).
/// The format is described by `Examples/plans/cvplus-phase3.yaml`.
public enum PlanParser {
    /// The plan in `yaml`, or every problem in it.
    public static func parse(_ yaml: String) throws(PlanValidationError) -> Plan {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw PlanValidationError(problems: [problem(for: error)])
        }
        guard let root else {
            throw PlanValidationError(problems: [
                PlanProblem(at: SourcePosition(line: 1, column: 1), path: "plan", "the plan is empty", code: .malformedYAML)
            ])
        }
        var reader = PlanReader()
        let plan = reader.read(root)
        let problems = reader.problems + plan.problems(sourceMap: reader.sourceMap)
        guard problems.isEmpty else {
            throw PlanValidationError(problems: problems.inFileOrder())
        }
        return plan
    }

    /// A YAML syntax error as a problem at libyaml's position.
    static func problem(for error: any Error) -> PlanProblem {
        guard let error = error as? YamlError else {
            return PlanProblem(at: nil, path: "yaml", "\(error)", code: .malformedYAML)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return PlanProblem(at: SourcePosition(mark), path: "yaml", "\(problem)\(during)", code: .malformedYAML)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return PlanProblem(
                at: SourcePosition(context.mark), path: "yaml",
                "key \(keys) appears more than once in the same mapping", code: .malformedYAML
            )
        case .reader(let problem, let offset, _, let yaml):
            return PlanProblem(at: offset.map { position(ofUTF8Offset: $0, in: yaml) }, path: "yaml",
                               "cannot read the text: \(problem)", code: .malformedYAML)
        default:
            return PlanProblem(at: nil, path: "yaml", error.description, code: .malformedYAML)
        }
    }

    /// The line and column (in Unicode scalars) of a byte offset.
    private static func position(ofUTF8Offset offset: Int, in text: String) -> SourcePosition {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            guard consumed < offset else { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
