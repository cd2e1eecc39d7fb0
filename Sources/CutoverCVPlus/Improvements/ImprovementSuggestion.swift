/// One way to improve a CV, from the `improvement-orchestrator`.
public struct ImprovementSuggestion: Hashable, Codable, Sendable {
    /// What to do.
    public enum Kind: String, CaseIterable, Codable, Hashable, Sendable {
        /// Add a missing section (`target` names it).
        case addSection
        /// Mention more sought-after keywords (`target` lists some, comma-separated).
        case addKeywords
        /// Say more: the CV is short.
        case expand
        /// Say less: the CV is long.
        case tighten
    }

    /// What to do.
    public var kind: Kind
    /// What it applies to: a section, keywords, or `length`.
    public var target: String
    /// 1 (most urgent) to 5.
    public var priority: Int

    /// A suggestion.
    public init(kind: Kind, target: String, priority: Int) {
        self.kind = kind
        self.target = target
        self.priority = priority
    }

    /// Stable identity of the suggestion, e.g. `addSection:skills`.
    public var id: String {
        "\(kind.rawValue):\(target)"
    }

    /// The order suggestions are presented in: most urgent first, then by kind and target.
    static func presentedBefore(_ lhs: ImprovementSuggestion, _ rhs: ImprovementSuggestion) -> Bool {
        (lhs.priority, Kind.allCases.firstIndex(of: lhs.kind)!, lhs.target)
            < (rhs.priority, Kind.allCases.firstIndex(of: rhs.kind)!, rhs.target)
    }
}

/// A list of suggestions a corruption fault can spoil.
struct Suggestions: Corruptible {
    var items: [ImprovementSuggestion]

    /// The list without its last suggestion, or with a spurious one when it is empty.
    func corrupted() -> Suggestions {
        items.isEmpty ? Suggestions(items: [ImprovementSuggestion(kind: .tighten, target: "length", priority: 5)])
            : Suggestions(items: Array(items.dropLast()))
    }
}

/// The rules both orchestrators apply.
enum ImprovementRules {
    /// Priority of adding a missing required section.
    static func priority(of section: CVSection) -> Int {
        section == .experience || section == .skills ? 1 : 2
    }

    /// Optional sections are suggested only below this score.
    static let optionalSectionScore = 60
    /// Fewer keywords than this earns an `addKeywords` suggestion.
    static let minimumKeywords = 3
    /// Keywords proposed in an `addKeywords` suggestion.
    static let proposedKeywords = 3
    /// Word counts outside this range earn `expand` or `tighten`.
    static let comfortableLength = 250...900
}
