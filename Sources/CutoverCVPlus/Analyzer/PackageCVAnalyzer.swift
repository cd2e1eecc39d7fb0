/// The candidate ("package") `cv-analyzer`: one pass over the CV's bytes that finds headings
/// and words together, packing each word's first 16 bytes, lowercased, into two integers as it
/// goes, and compares those with the keywords of the same length packed the same way: no copy,
/// no hash.
public struct PackageCVAnalyzer: CVAnalyzing {
    /// Up to 16 bytes of a word, lowercased, in two integers, and its length.
    private struct PackedWord: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0

        /// The most bytes a packed word holds; a longer word is no keyword.
        static let capacity = 16

        /// Appends `byte`, already lowercased, when there is room; counts it either way.
        @inline(__always)
        mutating func append(lowercased byte: UInt8) {
            if count < Self.capacity {
                let shifted = UInt64(byte) << (8 * UInt64(count % 8))
                if count < 8 { low |= shifted } else { high |= shifted }
            }
            count += 1
        }
    }

    /// The keywords, packed, shortest first, with their places in the vocabulary.
    private static let keywordsByLength: [(word: PackedWord, vocabularyIndex: Int)] = CVVocabulary.keywordBytes
        .enumerated().map { index, keyword in
            precondition(keyword.count <= PackedWord.capacity, "keyword longer than \(PackedWord.capacity) bytes")
            var packed = PackedWord()
            keyword.forEach { packed.append(lowercased: CVVocabulary.lowercased($0)) }
            return (packed, index)
        }
        .sorted { $0.word.count < $1.word.count }

    /// Where the keywords of each length start in ``keywordsByLength``: those of `n` bytes are
    /// at `firstKeyword[n] ..< firstKeyword[n + 1]`, for `n` up to ``PackedWord/capacity``.
    private static let firstKeyword: [Int] = (0...PackedWord.capacity + 1).map { length in
        keywordsByLength.firstIndex { $0.word.count >= length } ?? keywordsByLength.count
    }

    /// Each byte lowercased if it belongs to a word (no word byte is 0), 0 if it separates
    /// words: one table look-up per byte instead of range checks.
    private static let byteClasses: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        if CVVocabulary.isWordByte(byte) { return CVVocabulary.lowercased(byte) }
        return 0
    }

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
        let keywords = Self.keywordsByLength
        let firstKeyword = Self.firstKeyword
        var found = Set<CVSection>()
        var matched = [Bool](repeating: false, count: CVVocabulary.keywordBytes.count)
        var wordCount = 0
        var lineStart = 0
        var word = PackedWord()
        func endWord() {
            guard word.count > 0 else { return }
            wordCount += 1
            if word.count <= PackedWord.capacity {
                for position in firstKeyword[word.count]..<firstKeyword[word.count + 1] where keywords[position].word == word {
                    matched[keywords[position].vocabularyIndex] = true
                }
            }
            word = PackedWord()
        }
        func endLine(at end: Int) {
            if let section = CVVocabulary.section(headedBy: UnsafeBufferPointer(rebasing: bytes[lineStart..<end])) {
                found.insert(section)
            }
            lineStart = end + 1
        }
        Self.byteClasses.withUnsafeBufferPointer { classes in
            for (index, byte) in bytes.enumerated() {
                let lowered = classes[Int(byte)]
                if lowered != 0 {
                    word.append(lowercased: lowered)
                    continue
                }
                endWord()
                if CVVocabulary.isNewline(byte) { endLine(at: index) }
            }
        }
        endWord()
        endLine(at: bytes.count)
        return CVAnalysis(
            scoring: CVSection.allCases.filter(found.contains),
            keywords: CVVocabulary.keywords.indices.filter { matched[$0] }.map { CVVocabulary.keywords[$0] },
            wordCount: wordCount
        )
    }
}
