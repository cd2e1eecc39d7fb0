/// The legacy ("violation") `cv-analyzer`: scans the CV line by line, byte by byte, building
/// each word in a buffer.
public struct LegacyCVAnalyzer: CVAnalyzing {
    private let environment: ServiceEnvironment
    private let vocabulary = Set(CVVocabulary.keywordBytes)
    /// For each first byte, a bit for each length (below 64) of the keywords starting with
    /// it: a word that no keyword could be is not looked up (hashing a word is most of a look-up).
    private static let keywordShapes: [UInt64] = CVVocabulary.keywordBytes.reduce(into: Array(repeating: 0, count: 256)) {
        shapes, keyword in
        precondition(keyword.count < 64, "keyword of 64 bytes or more")
        shapes[Int(keyword[0])] |= 1 << UInt64(keyword.count)
    }

    /// An analyzer running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func analyze(_ cv: CVDocument) async throws -> CVAnalysis {
        try await environment.perform(jitterKey: cv.id) {
            var sections = Set<CVSection>()
            var keywords = Set<[UInt8]>()
            var wordCount = 0
            var word: [UInt8] = []
            for line in cv.text.utf8.split(omittingEmptySubsequences: false, whereSeparator: CVVocabulary.isNewline) {
                if let section = CVVocabulary.section(headedBy: line) {
                    sections.insert(section)
                }
                for byte in line {
                    if CVVocabulary.isWordByte(byte) {
                        word.append(CVVocabulary.lowercased(byte))
                        continue
                    }
                    countWord(&word, &wordCount, &keywords)
                }
                countWord(&word, &wordCount, &keywords)
            }
            return CVAnalysis(
                scoring: sections.sorted(),
                keywords: CVVocabulary.keywords.filter { keywords.contains(Array($0.utf8)) },
                wordCount: wordCount
            )
        }
    }

    /// Counts the word in `word`, if any, and empties the buffer.
    private func countWord(_ word: inout [UInt8], _ wordCount: inout Int, _ keywords: inout Set<[UInt8]>) {
        guard !word.isEmpty else { return }
        wordCount += 1
        let mayBeKeyword = word.count < 64 && Self.keywordShapes[Int(word[0])] & 1 << UInt64(word.count) != 0
        if mayBeKeyword, vocabulary.contains(word) { keywords.insert(word) }
        word.removeAll(keepingCapacity: true)
    }
}
