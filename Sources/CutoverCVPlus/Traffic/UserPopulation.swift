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
    /// Each section's chance of being in a CV.
    private static let sectionOdds: [(CVSection, Double)] = [
        (.summary, 0.8), (.experience, 0.95), (.education, 0.85), (.skills, 0.8), (.projects, 0.5), (.certifications, 0.3),
    ]

    /// `count` users with `revisions` CV versions each, drawn from `seed`.
    public init(count: Int, revisions: Int = 2, seed: UInt64) {
        users = (0..<max(count, 0)).map { index in
            var random = SplitMix64(seed: seed, stream: UInt64(index))
            let id = "user-" + String(String(index + 100_000).dropFirst())
            let country = Self.countries[Int(random.next() % UInt64(Self.countries.count))]
            let plan = random.nextUnit() < 0.2 ? "premium" : "free"
            let appVersion = Self.appVersions[Int(random.next() % UInt64(Self.appVersions.count))]
            let cvs = (1...max(revisions, 1)).map { revision in
                CVDocument(id: "\(id)-cv\(revision)", text: Self.text(using: &random))
            }
            return SimulatedUser(id: id, country: country, plan: plan, appVersion: appVersion, cvs: cvs)
        }
    }

    /// A CV text: some sections, each a heading line and a paragraph, with some keywords.
    static func text(using random: inout SplitMix64) -> String {
        let keywords = CVVocabulary.keywords.filter { _ in random.nextUnit() < 0.25 }
        var lines: [String] = []
        for (section, odds) in sectionOdds where random.nextUnit() < odds {
            lines.append(random.nextUnit() < 0.5 ? section.title : section.rawValue.uppercased() + ":")
            let length = 15 + Int(random.next() % 190)
            var words = (0..<length).map { _ in filler[Int(random.next() % UInt64(filler.count))] }
            for keyword in keywords where random.nextUnit() < 0.5 {
                words.insert(keyword, at: Int(random.next() % UInt64(words.count + 1)))
            }
            lines.append(words.joined(separator: " ") + ".")
        }
        return lines.joined(separator: "\n")
    }
}
