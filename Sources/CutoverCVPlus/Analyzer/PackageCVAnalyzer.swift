/// The candidate ("package") `cv-analyzer`: splits the whole CV into tokens once and looks up
/// the tokens of a keyword's length in an index of the keywords.
public struct PackageCVAnalyzer: CVAnalyzing {
    private static let keywordIndex = Dictionary(
        uniqueKeysWithValues: CVVocabulary.keywordBytes.enumerated().map { ($0.element, $0.offset) }
    )
    private static let keywordLengths = Set(CVVocabulary.keywordBytes.map(\.count))

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
            var lowered: [UInt8] = []
            lowered.reserveCapacity(32)
            for token in tokens where Self.keywordLengths.contains(token.count) {
                lowered.removeAll(keepingCapacity: true)
                lowered.append(contentsOf: token.lazy.map(CVVocabulary.lowercased))
                if let index = Self.keywordIndex[lowered] {
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
