import CutoverCore
import Testing

@Suite("Semantic versions")
struct SemanticVersionTests {
    @Test(
        "parses versions",
        arguments: [
            ("1.2.3", 1, 2, 3, [String]()),
            ("0.0.0", 0, 0, 0, []),
            ("10.20.30", 10, 20, 30, []),
            ("1.0.0-alpha", 1, 0, 0, ["alpha"]),
            ("1.0.0-alpha.1", 1, 0, 0, ["alpha", "1"]),
            ("1.0.0-0.3.7", 1, 0, 0, ["0", "3", "7"]),
            ("1.0.0-x.7.z.92", 1, 0, 0, ["x", "7", "z", "92"]),
            ("1.0.0-x-y-z.--", 1, 0, 0, ["x-y-z", "--"]),
            ("1.0.0-alpha+001", 1, 0, 0, ["alpha"]),
            ("1.0.0+20130313144700", 1, 0, 0, []),
            ("1.0.0-beta+exp.sha.5114f85", 1, 0, 0, ["beta"]),
            ("2", 2, 0, 0, []),  // missing minor and patch count as 0
            ("2.1", 2, 1, 0, []),
        ]
    )
    func parses(text: String, major: Int, minor: Int, patch: Int, prerelease: [String]) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.major == major)
        #expect(version.minor == minor)
        #expect(version.patch == patch)
        #expect(version.prerelease == prerelease)
    }

    @Test(
        "rejects invalid strings",
        arguments: [
            "", " ", "a.b.c", "v1.2.3", " 1.2.3", "1.2.3 ", "1.2.3.4", "1..3", "1.2.", ".1.2", "1.2.x",
            "-1.2.3", "1.-2.3", "1.2.3-", "1.2.3-alpha..1", "1.2.3-alpha.", "+build", "1.2.3-+build",
            "\u{FF11}.2.3",  // a full-width digit is a number, but not an ASCII one
            "99999999999999999999.0.0",  // does not fit
        ]
    )
    func rejects(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    /// The example chain of the SemVer 2.0 specification, §11, then releases.
    static let ascending = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
        "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.9.0", "1.10.0", "2.0.0-0", "2.0.0", "10.0.0",
    ]

    @Test("SemVer 2.0 precedence", arguments: zip(ascending, ascending.dropFirst()))
    func precedence(lower: String, higher: String) throws {
        let low = try #require(SemanticVersion(lower))
        let high = try #require(SemanticVersion(higher))
        #expect(low < high)
        #expect(!(high < low))
        #expect(low != high)
    }

    @Test("sorting shuffled versions restores precedence order")
    func sorting() throws {
        let versions = try Self.ascending.map { try #require(SemanticVersion($0)) }
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            #expect(versions.shuffled(using: &generator).sorted() == versions)
        }
    }

    @Test(
        "more precedence rules",
        arguments: [
            ("1.0.0-alpha.1", "1.0.0-alpha.a"),  // numeric identifiers precede alphanumeric ones
            ("1.0.0-alpha.999", "1.0.0-alpha.a"),
            ("1.0.0-alpha.1", "1.0.0-alpha.-1"),  // "-1" has a hyphen: alphanumeric, not a negative number
            ("1.0.0-Beta", "1.0.0-alpha"),  // ASCII order: upper case before lower case
            ("1.0.0-alpha", "1.0.0-alpha.0"),  // a longer set of identifiers wins when the rest is equal
            ("1.0.0-rc.1", "1.0.0-rc.1.1"),
        ]
    )
    func morePrecedence(lower: String, higher: String) throws {
        let low = try #require(SemanticVersion(lower))
        let high = try #require(SemanticVersion(higher))
        #expect(low < high)
        #expect(!(high < low))
    }

    @Test(
        "equality ignores build metadata and missing components",
        arguments: [
            ("1.0.0+a", "1.0.0+b"), ("1.0.0", "1.0.0+build"), ("2", "2.0.0"), ("2.1", "2.1.0"),
            ("1.0.0-rc.1+x", "1.0.0-rc.1"),
        ])
    func equality(first: String, second: String) throws {
        let a = try #require(SemanticVersion(first))
        let b = try #require(SemanticVersion(second))
        #expect(a == b)
        #expect(!(a < b) && !(b < a))
    }

    @Test("description is the normalized version without build metadata")
    func description() {
        #expect(SemanticVersion("1.2.3-rc.1+build.9")?.description == "1.2.3-rc.1")
        #expect(SemanticVersion("2")?.description == "2.0.0")
    }
}
