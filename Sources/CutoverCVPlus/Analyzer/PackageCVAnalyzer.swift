/// The candidate ("package") `cv-analyzer`: one pass over the CV's bytes that finds headings
/// and words together, and looks up words of a keyword's length by a hash of their lowercased
/// bytes, without copying them.
public struct PackageCVAnalyzer: CVAnalyzing {
    /// Keyword indexes by the FNV-1a hash of their bytes.
    private static let keywordsByHash = Dictionary(
        CVVocabulary.keywordBytes.enumerated().map { (fnv1a($0.element), [$0.offset]) }, uniquingKeysWith: +
    )
    private static let keywordLengths = Set(CVVocabulary.keywordBytes.map(\.count))
    private static let longestKeyword = keywordLengths.max() ?? 0

    private let environment: ServiceEnvironment

    /// An analyzer running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func analyze(_ cv: CVDocument) async throws -> CVAnalysis {
        try await environment.perform(jitterKey: cv.id) {
            var text = cv.text
            return text.withUTF8(Self.analyze)
        }
    }

    private static func analyze(_ bytes: UnsafeBufferPointer<UInt8>) -> CVAnalysis {
        var found = Set<CVSection>()
        var matched = [Bool](repeating: false, count: CVVocabulary.keywordBytes.count)
        var wordCount = 0
        var lineStart = 0
        var wordStart: Int?
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "\n")
            if CVVocabulary.isWordByte(byte) {
                if wordStart == nil { wordStart = index }
                continue
            }
            if let start = wordStart {
                wordCount += 1
                match(UnsafeBufferPointer(rebasing: bytes[start..<index]), into: &matched)
                wordStart = nil
            }
            if CVVocabulary.isNewline(byte) {
                if let section = CVVocabulary.section(headedBy: UnsafeBufferPointer(rebasing: bytes[lineStart..<index])) {
                    found.insert(section)
                }
                lineStart = index + 1
            }
        }
        return CVAnalysis(
            scoring: CVSection.allCases.filter(found.contains),
            keywords: CVVocabulary.keywords.indices.filter { matched[$0] }.map { CVVocabulary.keywords[$0] },
            wordCount: wordCount
        )
    }

    /// Marks the keyword `word` is, compared lowercased, if it is one.
    @inline(__always)
    private static func match(_ word: UnsafeBufferPointer<UInt8>, into matched: inout [Bool]) {
        guard word.count <= longestKeyword, keywordLengths.contains(word.count),
              let candidates = keywordsByHash[fnv1a(word.lazy.map(CVVocabulary.lowercased))] else { return }
        for index in candidates where CVVocabulary.keywordBytes[index].elementsEqual(word.lazy.map(CVVocabulary.lowercased)) {
            matched[index] = true
        }
    }

    /// The 64-bit FNV-1a hash of `bytes`.
    @inline(__always)
    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
