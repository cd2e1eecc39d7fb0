/// The legacy ("violation") `cv-analyzer`: scans the CV line by line, byte by byte, building
/// each word in a buffer.
public struct LegacyCVAnalyzer: CVAnalyzing {
    private let environment: ServiceEnvironment
    /// Each keyword's index in ``CVVocabulary/keywords`` (its bit in a scan's findings), by its bytes.
    private static let vocabulary = Dictionary(uniqueKeysWithValues: CVVocabulary.keywordBytes.enumerated().map { ($1, $0) })
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
            var keywords: UInt64 = 0
            var wordCount = 0
            var word: [UInt8] = []
            var text = cv.text
            text.withUTF8 { bytes in
                var lineStart = 0
                while lineStart <= bytes.count {
                    let lineEnd = bytes[lineStart...].firstIndex(where: CVVocabulary.isNewline) ?? bytes.count
                    let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
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
                    lineStart = lineEnd + 1
                }
            }
            return CVAnalysis(
                scoring: sections.sorted(),
                keywords: CVVocabulary.keywords(in: keywords),
                wordCount: wordCount
            )
        }
    }

    /// Counts the word in `word`, if any, sets its bit in `keywords` if it is one, and empties the buffer.
    private func countWord(_ word: inout [UInt8], _ wordCount: inout Int, _ keywords: inout UInt64) {
        guard !word.isEmpty else { return }
        wordCount += 1
        let mayBeKeyword = word.count < 64 && Self.keywordShapes[Int(word[0])] & 1 << UInt64(word.count) != 0
        if mayBeKeyword, let index = Self.vocabulary[word] { keywords |= 1 << UInt64(index) }
        word.removeAll(keepingCapacity: true)
    }
}
