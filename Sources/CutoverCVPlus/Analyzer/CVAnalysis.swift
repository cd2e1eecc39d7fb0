import Foundation

/// A section a CV may have, recognised by its heading.
public enum CVSection: String, CaseIterable, Codable, Hashable, Sendable, Comparable {
    /// A short profile at the top.
    case summary
    /// Work experience.
    case experience
    /// Degrees and schools.
    case education
    /// Skills and technologies.
    case skills
    /// Projects worth showing.
    case projects
    /// Certifications.
    case certifications

    /// The sections every good CV has; the others are a bonus.
    public static let required: [CVSection] = [.summary, .experience, .education, .skills]

    /// Headings (lowercased, without a trailing colon) that open this section.
    var headings: [String] {
        switch self {
        case .summary: ["summary", "profile", "about me"]
        case .experience: ["experience", "work experience", "employment"]
        case .education: ["education"]
        case .skills: ["skills", "technical skills"]
        case .projects: ["projects"]
        case .certifications: ["certifications", "certificates"]
        }
    }

    /// The title shown to users.
    public var title: String {
        rawValue.prefix(1).uppercased() + rawValue.dropFirst()
    }

    public static func < (lhs: CVSection, rhs: CVSection) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the `cv-analyzer` found in a CV, and its score.
public struct CVAnalysis: Hashable, Codable, Sendable {
    /// The sections found, in ``CVSection`` order.
    public var sections: [CVSection]
    /// The vocabulary keywords found, in vocabulary order.
    public var keywords: [String]
    /// The number of words.
    public var wordCount: Int
    /// 0–100: up to 60 for sections, 25 for keywords, 15 for length.
    public var score: Int

    /// An analysis.
    public init(sections: [CVSection], keywords: [String], wordCount: Int, score: Int) {
        self.sections = sections
        self.keywords = keywords
        self.wordCount = wordCount
        self.score = score
    }

    /// The analysis of the given findings, scored.
    init(scoring sections: [CVSection], keywords: [String], wordCount: Int) {
        let lengthPoints = switch wordCount {
        case 250...900: 15
        case 120..<250, 901...1400: 8
        default: 0
        }
        let score = min(sections.count * 10, 60) + min(keywords.count * 5, 25) + lengthPoints
        self.init(sections: sections, keywords: keywords, wordCount: wordCount, score: score)
    }

    /// Required sections the CV lacks.
    public var missingSections: [CVSection] {
        CVSection.required.filter { !sections.contains($0) }
    }
}

extension CVAnalysis: Corruptible {
    /// The same findings with a shifted, still valid, score.
    func corrupted() -> CVAnalysis {
        var copy = self
        copy.score = (score + 37) % 101
        return copy
    }
}

/// The words and headings both analyzers look for.
///
/// Text is scanned as UTF-8: a word is a run of ASCII letters and digits, `+`, `#` (as in C++
/// and C#) and non-ASCII bytes (letters of other scripts); keywords match case-insensitively.
enum CVVocabulary {
    /// Keywords recruiters search for, in vocabulary order.
    static let keywords = [
        "swift", "kotlin", "python", "sql", "aws", "kubernetes", "docker", "leadership",
        "agile", "testing", "security", "mentoring", "architecture", "analytics",
    ]

    /// The keywords' UTF-8 bytes, in vocabulary order.
    static let keywordBytes = keywords.map { Array($0.utf8) }

    /// The keywords whose bit (bit `i` for `keywords[i]`) is set in `bits`, in vocabulary order.
    static func keywords(in bits: UInt64) -> [String] {
        precondition(keywords.count <= 64, "at most 64 keywords")
        return keywords.indices.filter { bits & 1 << UInt64($0) != 0 }.map { keywords[$0] }
    }

    /// Lines longer than this (in bytes) are never headings.
    static let maximumHeadingLength = 40

    /// Whether `byte` belongs to a word.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "#"), 0x80...:
            true
        default:
            false
        }
    }

    /// Whether `byte` ends a line.
    @inline(__always)
    static func isNewline(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// `byte` with ASCII capitals lowercased.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// The section a line opens, if it is a heading: compared lowercased, trimmed, without a trailing colon.
    ///
    /// An ASCII line is compared byte by byte (spaces and tabs trimmed, as `.whitespaces` does
    /// for ASCII); any other line goes through `String`'s Unicode lowercasing and trimming.
    static func section<Bytes: BidirectionalCollection<UInt8>>(headedBy line: Bytes) -> CVSection? {
        guard line.count <= maximumHeadingLength else { return nil }
        guard line.allSatisfy({ $0 < 0x80 }) else {
            var heading = String(decoding: line, as: UTF8.self).lowercased().trimmingCharacters(in: .whitespaces)
            if heading.hasSuffix(":") { heading.removeLast() }
            return CVSection.byHeading[heading]
        }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var trimmed = line.drop(while: isBlank)
        while let last = trimmed.last, isBlank(last) { trimmed = trimmed.dropLast() }
        if trimmed.last == UInt8(ascii: ":") { trimmed = trimmed.dropLast() }
        guard CVSection.headingLengths.contains(trimmed.count) else { return nil }
        return CVSection.byHeadingBytes.first { $0.bytes.elementsEqual(trimmed.lazy.map(lowercased)) }?.section
    }
}

extension CVSection {
    /// Every section by each of its headings.
    static let byHeading: [String: CVSection] = Dictionary(
        allCases.flatMap { section in section.headings.map { ($0, section) } }, uniquingKeysWith: { first, _ in first }
    )

    /// Every heading's bytes with its section, in section order.
    static let byHeadingBytes = allCases.flatMap { section in section.headings.map { (bytes: Array($0.utf8), section: section) } }

    /// The lengths of the headings, in bytes: a line of another length heads nothing.
    static let headingLengths = Set(byHeadingBytes.map(\.bytes.count))
}
