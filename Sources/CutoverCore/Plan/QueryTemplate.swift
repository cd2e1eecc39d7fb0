import Foundation

/// A query of a plan's metrics source with `{{variable}}` placeholders, filled in for each
/// service, cohort and sample.
///
/// ```swift
/// let calls = QueryTemplate(#"sum(increase(calls_total{service="{{service}}",cohort="{{cohort}}"}[{{window}}]))"#)
/// calls.render(service: "cv-analyzer", cohort: .candidate, window: .seconds(6))
/// // sum(increase(calls_total{service="cv-analyzer",cohort="candidate"}[6s]))
/// ```
public struct QueryTemplate: Hashable, Sendable, CustomStringConvertible {
    /// What a placeholder can name.
    public enum Variable: String, CaseIterable, Sendable {
        /// The service's name, as in the plan.
        case service
        /// `legacy` or `candidate`.
        case cohort
        /// The sample's wall-clock length as a PromQL duration, e.g. `6s` or `1500ms`.
        case window
    }

    /// One piece of the text: as written, or a placeholder.
    private enum Part: Hashable, Sendable {
        case literal(Substring)
        case variable(Variable)
    }

    /// The template as written.
    public let text: String
    private let parts: [Part]
    /// What is wrong with the template, in words; empty when it can be rendered.
    public let problems: [String]

    /// A template; ``problems`` says whether it is usable.
    public init(_ text: String) {
        self.text = text
        var parts: [Part] = []
        var problems: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            parts.append(.literal(rest[..<open.lowerBound]))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                problems.append("'{{' at '\(rest[open.lowerBound...].prefix(20))' is never closed with '}}'")
                rest = rest[rest.endIndex...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let variable = Variable(rawValue: name) {
                parts.append(.variable(variable))
            } else {
                let names = Variable.allCases.map(\.rawValue)
                problems.append(
                    "unknown template variable '{{\(name)}}'\(NameSuggestion.hint(for: name, among: names)) "
                        + "(known: \(names.map { "{{\($0)}}" }.joined(separator: ", ")))"
                )
            }
            rest = rest[close.upperBound...]
        }
        parts.append(.literal(rest))
        if text.allSatisfy(\.isWhitespace) { problems.append("the query is empty") }
        self.parts = parts
        self.problems = problems
    }

    /// The query for `service`'s `cohort` over a sample of `window` wall-clock time.
    ///
    /// The service's name is escaped for a PromQL string (`\` and `"`), where templates put it.
    public func render(service: String, cohort: Cohort, window: Duration) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): String(text)
            case .variable(.service): Self.escaped(service)
            case .variable(.cohort): cohort.rawValue
            case .variable(.window): Self.promQLDuration(window)
            }
        }.joined()
    }

    public var description: String { text }

    /// `d` as a PromQL duration: whole seconds as `6s`, anything else in milliseconds (at least `1ms`).
    public static func promQLDuration(_ duration: Duration) -> String {
        let milliseconds = max(1, Int64((duration.seconds * 1000).rounded()))
        return milliseconds.isMultiple(of: 1000) ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    private static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
