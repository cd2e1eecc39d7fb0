import CutoverCore
import Testing

/// Where a problem points: the flag or segment, and the field.
struct ProblemSite: Hashable, Sendable, CustomStringConvertible {
    let subject: FlagProblem.Subject
    let field: String

    init(_ subject: FlagProblem.Subject, _ field: String) {
        self.subject = subject
        self.field = field
    }

    var description: String { "\(subject), \(field)" }
}

extension FlagSnapshot {
    /// Where each problem of the snapshot points, in order.
    var problemSites: [ProblemSite] {
        problems().map { ProblemSite($0.subject, $0.field) }
    }
}

@Suite("Flag snapshot validation")
struct FlagValidationTests {
    static func snapshot(_ flags: [ServiceFlag], segments: [Segment] = []) -> FlagSnapshot {
        FlagSnapshot(version: 1, flags: flags, segments: segments)
    }

    @Test("a valid snapshot has no problems")
    func valid() throws {
        let snapshot = Self.snapshot(
            [
                .test("cv-analyzer", rollout: 0.001) { $0.userSegments = ["staff"] },
                .improvementOrchestrator(rollout: 100),
            ],
            segments: [
                Segment(
                    name: "staff", rules: [SegmentRule(attribute: "email", operator: .endsWith, values: ["@cvplus.io"])]
                )
            ]
        )
        #expect(snapshot.problems().isEmpty)
        #expect(throws: Never.self) { try snapshot.validate() }
        #expect(try CompiledFlags(snapshot).version == 1)
    }

    @Test(
        "percentages outside 0–100 or not a number",
        arguments: ["rolloutPercentage", "shadowPercentage", "coherencePercentage"],
        [-1, -0.001, 100.001, 150, .nan, .infinity, -.infinity]
    )
    func percentageOutOfRange(field: String, value: Double) {
        let flag = ServiceFlag.test("cv-analyzer") { flag in
            switch field {
            case "rolloutPercentage": flag.rolloutPercentage = value
            case "shadowPercentage": flag.shadowPercentage = value
            default: flag.coherencePercentage = value
            }
        }
        #expect(Self.snapshot([flag]).problemSites == [ProblemSite(.flag("cv-analyzer-package-enabled"), field)])
    }

    @Test("percentages at the bounds are valid", arguments: [0, 0.001, 50, 99.999, 100])
    func percentageBounds(value: Double) {
        #expect(Self.snapshot([.test("cv-analyzer", rollout: value)]).problems().isEmpty)
    }

    @Test("a dependency cycle names the first flag of the cycle, dependsOn, and the cycle")
    func dependencyCycle() throws {
        // a → b → c → a, listed from b: the problem is reported once, on b, starting at b.
        let flags: [ServiceFlag] = [
            .test("b") { $0.dependsOn = ["c-package-enabled"] },
            .test("c") { $0.dependsOn = ["a-package-enabled"] },
            .test("a") { $0.dependsOn = ["b-package-enabled"] },
            .test("d") { $0.dependsOn = ["a-package-enabled"] },  // depends on the cycle, is not in it
        ]
        let problems = Self.snapshot(flags).problems()
        #expect(
            problems.map { ProblemSite($0.subject, $0.field) } == [ProblemSite(.flag("b-package-enabled"), "dependsOn")]
        )
        let message = try #require(problems.first?.message)
        #expect(message.contains("b-package-enabled → c-package-enabled → a-package-enabled → b-package-enabled"))
    }

    @Test("every separate cycle is reported, and a self-dependency too")
    func severalCycles() {
        let flags: [ServiceFlag] = [
            .test("a") { $0.dependsOn = ["b-package-enabled"] },
            .test("b") { $0.dependsOn = ["a-package-enabled"] },
            .test("c") { $0.dependsOn = ["c-package-enabled"] },
        ]
        #expect(
            Set(Self.snapshot(flags).problemSites) == [
                ProblemSite(.flag("a-package-enabled"), "dependsOn"),
                ProblemSite(.flag("c-package-enabled"), "dependsOn"),
                ProblemSite(.flag("c-package-enabled"), "dependsOn[0]"),
            ]
        )
    }

    @Test("an unknown segment operator names the segment and rules[i].operator")
    func unknownOperator() throws {
        let segment = Segment(
            name: "beta-testers",
            rules: [
                SegmentRule(attribute: "country", operator: .in, values: ["FR"]),
                SegmentRule(attribute: "email", operator: SegmentOperator(rawValue: "matchesRegex"), values: [".*"]),
            ]
        )
        let problems = Self.snapshot([], segments: [segment]).problems()
        #expect(
            problems.map { ProblemSite($0.subject, $0.field) } == [
                ProblemSite(.segment("beta-testers"), "rules[1].operator")
            ])
        #expect(try #require(problems.first).message.contains("matchesRegex"))
    }

    @Test("unknown references: dependsOn keys and segments")
    func unknownReferences() {
        let flag = ServiceFlag.test("improvement-orchestrator") {
            $0.dependsOn = ["cv-analyzer-package-enabled", "nope-package-enabled"]
            $0.userSegments = ["staff", "ghosts"]
        }
        let snapshot = Self.snapshot(
            [.test("cv-analyzer"), flag],
            segments: [Segment(name: "staff", rules: [SegmentRule(attribute: "staff", operator: .in, values: [true])])]
        )
        let key = FlagProblem.Subject.flag("improvement-orchestrator-package-enabled")
        #expect(snapshot.problemSites == [ProblemSite(key, "dependsOn[1]"), ProblemSite(key, "userSegments[1]")])
    }

    @Test("duplicate flag keys, services and segment names")
    func duplicates() {
        let rule = SegmentRule(attribute: "country", operator: .in, values: ["FR"])
        var sameKey = ServiceFlag.test("cache")
        sameKey.service = "cache-v2"
        let sameService = ServiceFlag(key: "cache-again", service: "cache")
        let snapshot = Self.snapshot(
            [.test("cache"), sameKey, sameService],
            segments: [Segment(name: "eu", rules: [rule]), Segment(name: "eu", rules: [rule])]
        )
        #expect(
            snapshot.problemSites == [
                ProblemSite(.flag("cache-package-enabled"), "key"),
                ProblemSite(.flag("cache-again"), "service"),
                ProblemSite(.segment("eu"), "name"),
            ]
        )
    }

    @Test(
        "comparison operators need values of their kind",
        arguments: [
            (SegmentOperator.greaterThan, ["abc"] as [AttributeValue], ["rules[0].values[0]"]),
            (.lessThanOrEqual, [1, "two", true], ["rules[0].values[1]", "rules[0].values[2]"]),
            (.greaterThanOrEqual, ["18", 18.5], []),
            (.semverGreaterThan, ["not-a-version"], ["rules[0].values[0]"]),
            (.semverEqual, ["1.0.0", "1.0.0-", "2"], ["rules[0].values[1]"]),
            (.semverLessThan, [], ["rules[0].values"]),
            (.in, [], ["rules[0].values"]),
        ]
    )
    func operatorValues(op: SegmentOperator, values: [AttributeValue], fields: [String]) {
        let segment = Segment(name: "s", rules: [SegmentRule(attribute: "x", operator: op, values: values)])
        #expect(Self.snapshot([], segments: [segment]).problemSites == fields.map { ProblemSite(.segment("s"), $0) })
    }

    /// One snapshot with one of almost every problem.
    static let broken = FlagSnapshot(
        version: 9,
        flags: [
            .test("cv-analyzer", rollout: 120) { $0.dependsOn = ["improvement-orchestrator-package-enabled"] },
            .improvementOrchestrator(rollout: .nan),
            .test("cache") {
                $0.dependsOn = ["missing-package-enabled"]
                $0.userSegments = ["nobody"]
                $0.salt = ""
                $0.stickinessAttribute = ""
                $0.performanceThresholds = ["errorRate": .infinity]
            },
            ServiceFlag(key: "", service: "cache"),
        ],
        segments: [
            Segment(
                name: "eu",
                rules: [SegmentRule(attribute: "", operator: SegmentOperator(rawValue: "near"), values: ["FR"])]),
            Segment(
                name: "adults", rules: [SegmentRule(attribute: "age", operator: .greaterThan, values: ["eighteen"])]),
        ]
    )

    static let brokenSites: Set<ProblemSite> = [
        ProblemSite(.flag(""), "service"),
        ProblemSite(.flag("cv-analyzer-package-enabled"), "rolloutPercentage"),
        ProblemSite(.flag("improvement-orchestrator-package-enabled"), "rolloutPercentage"),
        ProblemSite(.flag("cache-package-enabled"), "salt"),
        ProblemSite(.flag("cache-package-enabled"), "stickinessAttribute"),
        ProblemSite(.flag("cache-package-enabled"), "dependsOn[0]"),
        ProblemSite(.flag("cache-package-enabled"), "userSegments[0]"),
        ProblemSite(.flag("cache-package-enabled"), "performanceThresholds.errorRate"),
        ProblemSite(.flag(""), "key"),
        ProblemSite(.flag("cv-analyzer-package-enabled"), "dependsOn"),
        ProblemSite(.segment("eu"), "rules[0].attribute"),
        ProblemSite(.segment("eu"), "rules[0].operator"),
        ProblemSite(.segment("adults"), "rules[0].values[0]"),
    ]

    @Test("one snapshot with many problems reports all of them at once")
    func everyProblemAtOnce() {
        let sites = Self.broken.problemSites
        #expect(Set(sites) == Self.brokenSites)
        #expect(sites.count == Self.brokenSites.count)
    }

    @Test("compiling an invalid snapshot throws FlagValidationError with every problem")
    func compilingThrows() throws {
        let error = try #require(throws: FlagValidationError.self) { try CompiledFlags(Self.broken) }
        #expect(error.problems == Self.broken.problems())
        #expect(Set(error.problems.map { ProblemSite($0.subject, $0.field) }) == Self.brokenSites)
        #expect(error.description.hasPrefix("invalid flag snapshot (\(Self.brokenSites.count) problems):"))
        #expect(throws: FlagValidationError.self) { try Self.broken.validate() }
    }

    @Test("a cycle is rejected before salts are resolved through it")
    func cycleDoesNotCompile() {
        let snapshot = Self.snapshot([
            .test("a") { $0.dependsOn = ["b-package-enabled"] },
            .test("b") { $0.dependsOn = ["a-package-enabled"] },
        ])
        #expect(throws: FlagValidationError.self) { try CompiledFlags(snapshot) }
    }
}
