/// One recommendation shown to the user.
public struct Recommendation: Hashable, Codable, Sendable {
    /// The area it improves.
    public enum Category: String, CaseIterable, Codable, Hashable, Sendable {
        /// Add or improve a section.
        case section
        /// Mention sought-after keywords.
        case keywords
        /// Adjust the CV's length.
        case length
        /// General polish.
        case polish
    }

    /// Stable identity, e.g. `addSection:skills`.
    public var id: String
    /// The area it improves.
    public var category: Category
    /// What to do, in words.
    public var title: String
    /// 0–100: how much it would help.
    public var relevance: Int

    /// A recommendation.
    public init(id: String, category: Category, title: String, relevance: Int) {
        self.id = id
        self.category = category
        self.title = title
        self.relevance = relevance
    }

    /// Basic recommendations without the AI service, used while its breaker is open.
    public static func basic(from suggestions: [ImprovementSuggestion]) -> [Recommendation] {
        suggestions.map { suggestion in
            Recommendation(
                id: suggestion.id, category: Category(suggestion.kind), title: SimulatedAIService.title(for: suggestion),
                relevance: max(10, 90 - 15 * suggestion.priority)
            )
        }
    }
}

extension Recommendation.Category {
    /// The category of recommendations answering suggestions of `kind`.
    init(_ kind: ImprovementSuggestion.Kind) {
        switch kind {
        case .addSection: self = .section
        case .addKeywords: self = .keywords
        case .expand, .tighten: self = .length
        }
    }
}

extension Array: Corruptible where Element == Recommendation {
    /// The same recommendations with the first one's relevance shifted (or a spurious one when empty).
    func corrupted() -> [Recommendation] {
        guard var first = self.first else {
            return [Recommendation(id: "polish:spurious", category: .polish, title: "Add a photo", relevance: 1)]
        }
        first.relevance = (first.relevance + 37) % 101
        return [first] + dropFirst()
    }
}
