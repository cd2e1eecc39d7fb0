/// A deterministic population of users and their CVs.
///
/// The same seed, count and revisions give the same users and CV texts on every platform.
public struct UserPopulation: Hashable, Sendable {
    /// The users, `user-00000` first.
    public let users: [SimulatedUser]

    private static let countries = ["US", "GB", "DE", "FR", "IL", "IN", "BR", "CA"]
    private static let appVersions = ["3.0.4", "3.1.0", "3.2.0", "3.2.1"]
    private static let filler = [
        "built", "led", "team", "product", "customers", "delivered", "platform", "improved", "design",
        "services", "growth", "data", "launched", "reduced", "costs", "managed", "projects", "quality",
        "users", "features", "worked", "with", "the", "and", "for", "a", "of", "in", "to", "on",
    ]
    /// The filler words' UTF-8 bytes, one after the other, and where each word is in them:
    /// copying a word's bytes from one buffer takes neither the string's UTF-8 view (half of
    /// drawing a population) nor a reference to an array of its own.
    private static let fillerBytes = filler.flatMap(\.utf8)
    private static let fillerRanges: [Range<Int>] = filler.reduce(into: []) { ranges, word in
        let start = ranges.last?.upperBound ?? 0
        ranges.append(start..<start + word.utf8.count)
    }
    /// Each section's chance of being in a CV.
    private static let sectionOdds: [(CVSection, Double)] = [
        (.summary, 0.8), (.experience, 0.95), (.education, 0.85), (.skills, 0.8), (.projects, 0.5), (.certifications, 0.3),
    ]

    /// `count` users with `revisions` CV versions each, drawn from `seed`.
    ///
    /// Each user is drawn from a stream of its own, so the second half is drawn on a thread of
    /// its own while the calling thread draws the first.
    public init(count: Int, revisions: Int = 2, seed: UInt64) {
        let count = max(count, 0)
        let half = count / 2
        let secondHalf = ThreadComputation { (half..<count).map { Self.user(index: $0, revisions: revisions, seed: seed) } }
        users = (0..<half).map { Self.user(index: $0, revisions: revisions, seed: seed) } + secondHalf.value()
    }

    /// The user of `index`, drawn from its own stream of `seed`.
    private static func user(index: Int, revisions: Int, seed: UInt64) -> SimulatedUser {
        var random = SplitMix64(seed: seed, stream: UInt64(index))
        let id = "user-" + String(String(index + 100_000).dropFirst())
        let country = countries[Int(random.next() % UInt64(countries.count))]
        let plan = random.nextUnit() < 0.2 ? "premium" : "free"
        let appVersion = appVersions[Int(random.next() % UInt64(appVersions.count))]
        let cvs = (1...max(revisions, 1)).map { revision in
            CVDocument(id: "\(id)-cv\(revision)", text: text(using: &random))
        }
        return SimulatedUser(id: id, country: country, plan: plan, appVersion: appVersion, cvs: cvs)
    }

    /// A CV text: some sections, each a heading line and a paragraph, with some keywords.
    static func text(using random: inout SplitMix64) -> String {
        let keywords = CVVocabulary.keywordBytes.filter { _ in random.nextUnit() < 0.25 }
        var text: [UInt8] = []
        text.reserveCapacity(4_096)
        for (section, odds) in sectionOdds where random.nextUnit() < odds {
            if !text.isEmpty { text.append(UInt8(ascii: "\n")) }
            text += (random.nextUnit() < 0.5 ? section.title : section.rawValue.uppercased() + ":").utf8
            text.append(UInt8(ascii: "\n"))
            let length = 15 + Int(random.next() % 190)
            // Words as indexes, keywords negative (-1 is the first), written out as bytes at the end.
            var words = (0..<length).map { _ in Int(random.next() % UInt64(filler.count)) }
            for keyword in keywords.indices where random.nextUnit() < 0.5 {
                words.insert(-1 - keyword, at: Int(random.next() % UInt64(words.count + 1)))
            }
            fillerBytes.withUnsafeBufferPointer { fillerBytes in
                for (position, word) in words.enumerated() {
                    if position > 0 { text.append(UInt8(ascii: " ")) }
                    if word >= 0 {
                        text.append(contentsOf: UnsafeBufferPointer(rebasing: fillerBytes[fillerRanges[word]]))
                    } else {
                        text += keywords[-1 - word]
                    }
                }
            }
            text.append(UInt8(ascii: "."))
        }
        return String(decoding: text, as: UTF8.self)
    }
}
