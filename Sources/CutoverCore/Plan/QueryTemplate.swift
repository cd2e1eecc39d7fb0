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

    /// The template as written.
    public let text: String
    private let pieces: PlaceholderText
    /// What is wrong with the template, in words; empty when it can be rendered.
    public let problems: [String]

    /// A template; ``problems`` says whether it is usable.
    public init(_ text: String) {
        self.text = text
        pieces = PlaceholderText(text)
        var problems: [String] = []
        let names = Variable.allCases.map(\.rawValue)
        for name in pieces.names where Variable(rawValue: name) == nil {
            problems.append(
                "unknown template variable '{{\(name)}}'\(NameSuggestion.hint(for: name, among: names)) "
                    + "(known: \(names.map { "{{\($0)}}" }.joined(separator: ", ")))"
            )
        }
        if let unclosed = pieces.unclosed {
            problems.append("'{{' at '\(unclosed.prefix(20))' is never closed with '}}'")
        }
        if text.allSatisfy(\.isWhitespace) { problems.append("the query is empty") }
        self.problems = problems
    }

    /// The query for `service`'s `cohort` over a sample of `window` wall-clock time.
    ///
    /// The service's name is escaped for a PromQL string (`\` and `"`), where templates put it.
    public func render(service: String, cohort: Cohort, window: Duration) -> String {
        pieces.render { name in
            switch Variable(rawValue: name) {
            case .service: Self.escaped(service)
            case .cohort: cohort.rawValue
            case .window: Self.promQLDuration(window)
            case nil: ""
            }
        }
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
