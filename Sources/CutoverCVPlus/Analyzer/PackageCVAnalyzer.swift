/// The candidate ("package") `cv-analyzer`: splits the whole CV into tokens once and compares
/// tokens of a keyword's length with that keyword, without copying them.
public struct PackageCVAnalyzer: CVAnalyzing {
    private let environment: ServiceEnvironment

    /// An analyzer running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func analyze(_ cv: CVDocument) async throws -> CVAnalysis {
        try await environment.perform(jitterKey: cv.id) {
            let bytes = cv.text.utf8
            let found = Set(bytes.split(whereSeparator: CVVocabulary.isNewline).compactMap(CVVocabulary.section(headedBy:)))
            let tokens = bytes.split { !CVVocabulary.isWordByte($0) }
            var matched = [Bool](repeating: false, count: CVVocabulary.keywordBytes.count)
            for token in tokens {
                for (index, keyword) in CVVocabulary.keywordBytes.enumerated()
                where !matched[index] && token.count == keyword.count && token.lazy.map(CVVocabulary.lowercased).elementsEqual(keyword) {
                    matched[index] = true
                }
            }
            return CVAnalysis(
                scoring: CVSection.allCases.filter(found.contains),
                keywords: CVVocabulary.keywords.indices.filter { matched[$0] }.map { CVVocabulary.keywords[$0] },
                wordCount: tokens.count
            )
        }
    }
}
