/// The candidate ("package") `cv-analyzer`: classifies the CV's bytes 64 at a time, 8 per
/// integer operation, into bit masks of word bytes and line ends, then handles each word once,
/// at its end, without a branch on its letters: the word's first 16 bytes are loaded as two
/// integers, lowercased, masked to its length and compared with the one keyword a perfect hash
/// places there.
public struct PackageCVAnalyzer: CVAnalyzing {
    private let environment: ServiceEnvironment

    /// An analyzer running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func analyze(_ cv: CVDocument) async throws -> CVAnalysis {
        try await environment.perform(jitterKey: cv.id) {
            var text = cv.text
            return text.withUTF8 { bytes in
                var scan = WordScan(bytes)
                scan.run()
                return scan.analysis
            }
        }
    }
}

/// One pass of ``PackageCVAnalyzer`` over a text's bytes.
private struct WordScan {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let keywords = KeywordTable.shared
    private var wordCount = 0
    /// A bit for each keyword found, by vocabulary index.
    private var matched: UInt64 = 0
    /// A bit for each section found, by `CVSection.allCases` index.
    private var sections: UInt64 = 0
    private var lineStart = 0
    /// Where the word running into the next block started.
    private var openWordStart = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// What the scan found, scored.
    var analysis: CVAnalysis {
        CVAnalysis(
            scoring: CVSection.allCases.indices.filter { sections & 1 << UInt64($0) != 0 }.map { CVSection.allCases[$0] },
            keywords: CVVocabulary.keywords(in: matched),
            wordCount: wordCount
        )
    }

    /// Scans every byte: counts words, matches keywords, recognises headings.
    mutating func run() {
        var wordRunsIn: UInt64 = 0
        var block = 0
        while block < bytes.count {
            var (words, lineEnds) = block + 64 <= bytes.count
                ? Self.classify(block: UnsafeRawPointer(bytes.baseAddress! + block))
                : Self.classify(lastBlock: UnsafeBufferPointer(rebasing: bytes[block...]))
            let wordRunsOut: UInt64 = block + 64 < bytes.count && CVVocabulary.isWordByte(bytes[block + 64]) ? 1 : 0
            var starts = words & ~(words << 1 | wordRunsIn)
            var ends = words & ~(words >> 1 | wordRunsOut << 63)
            wordCount &+= starts.nonzeroBitCount
            // A word running in from the previous block ends first.
            if words & 1 != 0, starts & 1 == 0, ends != 0 {
                endWord(from: openWordStart, to: block + ends.trailingZeroBitCount)
                ends &= ends &- 1
            }
            while ends != 0 {
                endWord(from: block + starts.trailingZeroBitCount, to: block + ends.trailingZeroBitCount)
                starts &= starts &- 1
                ends &= ends &- 1
            }
            if starts != 0 { openWordStart = block + starts.trailingZeroBitCount }
            while lineEnds != 0 {
                endLine(at: block + lineEnds.trailingZeroBitCount)
                lineEnds &= lineEnds &- 1
            }
            wordRunsIn = words >> 63
            block += 64
        }
        endLine(at: bytes.count)
    }

    /// The word bytes and the line ends among the 64 bytes at `block`, as bits 0–63.
    @inline(__always)
    private static func classify(block: UnsafeRawPointer) -> (words: UInt64, lineEnds: UInt64) {
        var words: UInt64 = 0
        var lineEnds: UInt64 = 0
        for lane in 0..<8 {
            let (laneWords, laneLineEnds) = classify(block.loadUnaligned(fromByteOffset: 8 * lane, as: UInt64.self))
            words |= laneWords << UInt64(8 * lane)
            lineEnds |= laneLineEnds << UInt64(8 * lane)
        }
        return (words, lineEnds)
    }

    /// ``classify(block:)`` for fewer than 64 bytes: padded with zero bytes, which are neither.
    private static func classify(lastBlock: UnsafeBufferPointer<UInt8>) -> (words: UInt64, lineEnds: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { padded in
            padded.initialize(repeating: 0)
            _ = padded.initialize(fromContentsOf: lastBlock)
            return classify(block: UnsafeRawPointer(padded.baseAddress!))
        }
    }

    /// The word bytes and the line ends among 8 bytes loaded little-endian, as bits 0–7 (bit
    /// `i` for byte `i`): ``CVVocabulary/isWordByte(_:)`` and ``CVVocabulary/isNewline(_:)``
    /// for all 8 at once, each byte's answer computed in its top bit without a carry into the next.
    @inline(__always)
    static func classify(_ bytes: UInt64) -> (words: UInt64, lineEnds: UInt64) {
        let nonASCII = bytes & Lanes.top
        let ascii = bytes & ~Lanes.top
        let letters = Lanes.within(ascii | Lanes.spread(0x20), UInt8(ascii: "a"), UInt8(ascii: "z"))
        let digits = Lanes.within(ascii, UInt8(ascii: "0"), UInt8(ascii: "9"))
        let signs = Lanes.within(ascii, UInt8(ascii: "+"), UInt8(ascii: "+")) | Lanes.within(ascii, UInt8(ascii: "#"), UInt8(ascii: "#"))
        let newlines = Lanes.within(ascii, UInt8(ascii: "\n"), UInt8(ascii: "\n")) | Lanes.within(ascii, UInt8(ascii: "\r"), UInt8(ascii: "\r"))
        return (Lanes.gather(nonASCII | letters | digits | signs), Lanes.gather(newlines & ~nonASCII))
    }

    /// Matches the word of bytes `start ... last` against the keywords.
    @inline(__always)
    private mutating func endWord(from start: Int, to last: Int) {
        let length = last - start + 1
        let packed = min(length, KeywordTable.packedBytes)
        let low: UInt64
        let high: UInt64
        if start + KeywordTable.packedBytes <= bytes.count {
            let raw = UnsafeRawPointer(bytes.baseAddress! + start)
            low = raw.loadUnaligned(as: UInt64.self)
            high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        } else {
            (low, high) = KeywordTable.pack(bytes[start..<start + packed])
        }
        matched |= keywords.bit(low: low, high: high, length: length)
    }

    private mutating func endLine(at end: Int) {
        if let section = CVVocabulary.section(headedBy: UnsafeBufferPointer(rebasing: bytes[lineStart..<end])) {
            sections |= 1 << UInt64(CVSection.allCases.firstIndex(of: section)!)
        }
        lineStart = end + 1
    }
}

/// Byte-wise arithmetic on the 8 bytes of an integer, each byte a lane.
private enum Lanes {
    /// The top bit of every lane.
    static let top: UInt64 = spread(0x80)

    /// `byte` in every lane.
    @inline(__always)
    static func spread(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The top bit of each lane of `ascii` (lanes of 0–0x7F) whose value is in `low ... high`
    /// (`high` ≤ 0x7F): adding `0x80 − low` sets it from `low` up, adding `0x7F − high` sets it
    /// above `high`, and neither sum reaches the next lane.
    @inline(__always)
    static func within(_ ascii: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        (ascii &+ spread(0x80 - low)) & ~(ascii &+ spread(0x7F - high)) & top
    }

    /// The lanes' top bits as bits 0–7: the multiplier moves lane `i`'s bit to bit `56 + i`,
    /// and every other product lands below bit 56 or beyond bit 63, no two on the same bit.
    @inline(__always)
    static func gather(_ topBits: UInt64) -> UInt64 {
        ((topBits >> 7) &* 0x0102_0408_1020_4080) >> 56
    }
}

/// The keywords, each packed lowercased into two integers, in 64 slots of a perfect hash.
private struct KeywordTable: Sendable {
    /// The bytes of a word compared: a longer word is no keyword.
    static let packedBytes = 16

    private struct Slot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// The keyword's length; 0 in an empty slot, which no word matches.
        var length: UInt64 = 0
        /// The keyword's bit, by vocabulary index.
        var bit: UInt64 = 0
    }

    static let shared = KeywordTable()

    private let multiplier: UInt64
    private let slots: [Slot]
    /// For each length up to ``packedBytes``: which bits of `low` and `high` hold the word.
    private let lowMasks: [UInt64] = (0...packedBytes).map { length in mask(bytes: min(length, 8)) }
    private let highMasks: [UInt64] = (0...packedBytes).map { length in mask(bytes: max(length - 8, 0)) }

    /// The table, with the first multiplier (of a fixed sequence) that gives every keyword its own slot.
    private init() {
        let keywords = CVVocabulary.keywordBytes
        precondition(keywords.count <= 64 && Set(keywords).count == keywords.count, "at most 64 distinct keywords")
        precondition(
            keywords.allSatisfy { $0.count <= Self.packedBytes && $0.allSatisfy { (0x61...0x7A).contains($0) } },
            "keywords of at most \(Self.packedBytes) lowercase ASCII letters"
        )
        var multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<10_000 {
            var slots = [Slot](repeating: Slot(), count: 64)
            let placed = keywords.indices.allSatisfy { index in
                let (low, high) = Self.pack(keywords[index][...])
                let slot = Self.slot(low: low, high: high, length: keywords[index].count, multiplier: multiplier)
                guard slots[slot].length == 0 else { return false }
                slots[slot] = Slot(low: low, high: high, length: UInt64(keywords[index].count), bit: 1 << UInt64(index))
                return true
            }
            if placed {
                self.multiplier = multiplier
                self.slots = slots
                return
            }
            multiplier &+= 0x4A8B_E922_9ED9_BA3A
        }
        preconditionFailure("no multiplier places every keyword in its own slot")
    }

    /// The bit of the keyword the word of `length` bytes is, or 0: `low` and `high` hold the
    /// word's first 16 bytes (any bytes after its end are masked off).
    ///
    /// Setting bit 5 of every byte lowercases ASCII capitals and leaves the keywords' bytes
    /// as they are; it changes other word bytes (digits, `+`, `#` have it set already) only
    /// beyond ASCII, where no keyword byte is.
    @inline(__always)
    func bit(low: UInt64, high: UInt64, length: Int) -> UInt64 {
        let masked = min(length, Self.packedBytes)
        let low = (low | 0x2020_2020_2020_2020) & lowMasks[masked]
        let high = (high | 0x2020_2020_2020_2020) & highMasks[masked]
        let slot = slots[Self.slot(low: low, high: high, length: length, multiplier: multiplier)]
        let difference = (slot.low ^ low) | (slot.high ^ high) | (slot.length ^ UInt64(length))
        return difference == 0 ? slot.bit : 0
    }

    @inline(__always)
    private static func slot(low: UInt64, high: UInt64, length: Int, multiplier: UInt64) -> Int {
        Int(truncatingIfNeeded: ((low ^ high.rotateLeft32 ^ UInt64(truncatingIfNeeded: length)) &* multiplier) >> 58)
    }

    /// The bits of the first `bytes` (0–8) bytes of an integer.
    private static func mask(bytes: Int) -> UInt64 {
        bytes == 8 ? ~0 : (1 << UInt64(8 * bytes)) - 1
    }

    /// The first 16 of `bytes`, little-endian, in two integers.
    static func pack<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (low: UInt64, high: UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (offset, byte) in bytes.prefix(packedBytes).enumerated() {
            if offset < 8 { low |= UInt64(byte) << UInt64(8 * offset) } else { high |= UInt64(byte) << UInt64(8 * (offset - 8)) }
        }
        return (low, high)
    }
}

private extension UInt64 {
    /// The value with its halves swapped.
    var rotateLeft32: UInt64 {
        self << 32 | self >> 32
    }
}
