/// A stand-in for the external AI API: deterministic recommendations, token counts and latency.
///
/// The answer depends only on the prompt's topics; the cost (tokens) and the latency grow with
/// the prompt text and the answer, so a more compact prompt is cheaper and faster.
public struct SimulatedAIService: Sendable {
    /// The AI service's latency model.
    public struct Configuration: Sendable {
        /// Latency of any call.
        public var baseLatency: Duration = .milliseconds(300)
        /// Added latency per token (prompt and completion).
        public var latencyPerToken: Duration = .microseconds(1500)

        /// The default configuration.
        public init() {}
    }

    /// A request to the AI service.
    public struct Prompt: Hashable, Sendable {
        /// The text sent; its words are the prompt tokens.
        public var text: String
        /// The issues to answer, one recommendation each.
        public var topics: [ImprovementSuggestion]

        /// A prompt.
        public init(text: String, topics: [ImprovementSuggestion]) {
            self.text = text
            self.topics = topics
        }
    }

    /// The AI service's answer.
    public struct Completion: Hashable, Sendable {
        /// One recommendation per topic, plus a polish tip.
        public var recommendations: [Recommendation]
        /// Prompt and completion tokens: the call's cost.
        public var tokens: UInt64
        /// How long the call takes.
        public var latency: Duration
    }

    /// The latency model.
    public var configuration: Configuration

    /// An AI service with `configuration`.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// The answer to `prompt`.
    public func complete(_ prompt: Prompt) -> Completion {
        var recommendations = prompt.topics.map { topic in
            Recommendation(
                id: topic.id, category: .init(topic.kind), title: Self.title(for: topic),
                relevance: max(10, 95 - 15 * topic.priority - Int(StableHash.unit(topic.id) * 10))
            )
        }
        recommendations.append(Recommendation(
            id: "polish:quantify", category: .polish, title: "Quantify your achievements with numbers", relevance: 40
        ))
        let promptTokens = Self.wordCount(prompt.text)
        let completionTokens = recommendations.reduce(0) { $0 + Self.wordCount($1.title) + 4 }
        let tokens = UInt64(promptTokens + completionTokens)
        return Completion(
            recommendations: recommendations, tokens: tokens,
            latency: configuration.baseLatency + configuration.latencyPerToken * Int(tokens)
        )
    }

    /// The number of runs of non-blank bytes in `text` (ASCII blanks separate words).
    static func wordCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            var inWord = false
            for byte in bytes {
                let blank = byte == UInt8(ascii: " ") || (9...13).contains(byte)
                if !blank, !inWord { count += 1 }
                inWord = !blank
            }
            return count
        }
    }

    /// The words of a recommendation answering `suggestion`.
    static func title(for suggestion: ImprovementSuggestion) -> String {
        switch suggestion.kind {
        case .addSection: "Add a \(suggestion.target) section"
        case .addKeywords:
            "Mention skills recruiters search for: "
                + suggestion.target.split(separator: ",", omittingEmptySubsequences: false).joined(separator: ", ")
        case .expand: "Describe your experience in more detail"
        case .tighten: "Cut the CV to its strongest two pages"
        }
    }
}

/// Recommendations and what they cost: the `recommendation-generator`'s answer.
public struct GeneratedRecommendations: Hashable, Sendable {
    /// The recommendations.
    public var recommendations: [Recommendation]
    /// AI tokens spent (the call's cost units).
    public var tokens: UInt64

    /// An answer.
    public init(recommendations: [Recommendation], tokens: UInt64) {
        self.recommendations = recommendations
        self.tokens = tokens
    }

    /// Whether two answers recommend the same (costs may differ): the shadow comparator.
    public static func sameRecommendations(_ lhs: Self, _ rhs: Self) -> Bool {
        lhs.recommendations == rhs.recommendations
    }
}

extension GeneratedRecommendations: Corruptible {
    func corrupted() -> GeneratedRecommendations {
        GeneratedRecommendations(recommendations: recommendations.corrupted(), tokens: tokens)
    }
}
