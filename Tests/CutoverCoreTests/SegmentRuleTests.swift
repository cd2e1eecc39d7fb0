import CutoverCore
import Testing

/// Segment rules, evaluated through a flag at 100 % that targets one segment.
@Suite("Segments")
struct SegmentRuleTests {
    /// One rule, one context, and whether the context is in the segment.
    struct RuleCase: Sendable, CustomTestStringConvertible {
        let attribute: String
        let `operator`: SegmentOperator
        let values: [AttributeValue]
        let actual: AttributeValue?
        let holds: Bool

        init(
            _ attribute: String, _ op: SegmentOperator, _ values: [AttributeValue], _ actual: AttributeValue?,
            _ holds: Bool
        ) {
            self.attribute = attribute
            self.operator = op
            self.values = values
            self.actual = actual
            self.holds = holds
        }

        var testDescription: String {
            let actual = self.actual.map { "\($0)" } ?? "missing"
            return "\(attribute) = \(actual) \(self.operator) \(values.map(\.text)) → \(holds)"
        }
    }

    static let membership: [RuleCase] = [
        .init("country", .in, ["FR", "DE"], "FR", true),
        .init("country", .in, ["FR", "DE"], "US", false),
        .init("country", .in, ["FR"], "fr", false),  // case-sensitive
        .init("country", .notIn, ["FR", "DE"], "US", true),
        .init("country", .notIn, ["FR", "DE"], "DE", false),
        .init("plan", .in, [3], 3.0, true),  // numbers compare by text: 3.0 is "3"
        .init("plan", .in, ["3"], 3, true),
        .init("beta", .in, [true], true, true),
        .init("beta", .in, [true], false, false),
    ]

    static let text: [RuleCase] = [
        .init("email", .startsWith, ["admin@", "ops@"], "ops@cvplus.io", true),
        .init("email", .startsWith, ["admin@"], "user@cvplus.io", false),
        .init("email", .endsWith, ["@cvplus.io"], "ana@cvplus.io", true),
        .init("email", .endsWith, ["@cvplus.io"], "ana@cvplus.io.evil", false),
        .init("email", .contains, ["beta", "staff"], "ana+staff@example.com", true),
        .init("email", .contains, ["beta"], "ana@example.com", false),
    ]

    static let numbers: [RuleCase] = [
        .init("age", .lessThan, [18], 17, true),
        .init("age", .lessThan, [18], 18, false),
        .init("age", .lessThanOrEqual, [18], 18, true),
        .init("age", .lessThanOrEqual, [18], 18.5, false),
        .init("age", .greaterThan, [18], 18.5, true),
        .init("age", .greaterThan, [18], 18, false),
        .init("age", .greaterThanOrEqual, [18], 18, true),
        .init("age", .greaterThanOrEqual, [18], 17.999, false),
        .init("age", .greaterThan, [100, 18], 20, true),  // any of the values
        .init("age", .greaterThan, ["18"], "19", true),  // numeric text parses
        .init("age", .greaterThan, [18], "nineteen", false),
        .init("age", .greaterThan, [18], true, false),
        .init("age", .lessThan, [9], 10, false),  // numeric, not lexical ("10" < "9")
    ]

    static let versions: [RuleCase] = [
        .init("appVersion", .semverGreaterThan, ["2.0.0"], "2.0.1", true),
        .init("appVersion", .semverGreaterThan, ["2.0.0"], "2.0.0", false),
        .init("appVersion", .semverGreaterThan, ["2.0.0"], "2.0.0-rc.1", false),  // a prerelease precedes its release
        .init("appVersion", .semverGreaterThan, ["2.0.0-rc.1"], "2.0.0-rc.2", true),
        .init("appVersion", .semverGreaterThan, ["2.0.0-beta.11"], "2.0.0-beta.2", false),  // numeric identifiers
        .init("appVersion", .semverGreaterThan, ["9.0.0"], "10.0.0", true),  // numeric, not lexical
        .init("appVersion", .semverLessThan, ["2.0.0"], "2.0.0-rc.1", true),
        .init("appVersion", .semverLessThan, ["2.0.0"], "1.99.99", true),
        .init("appVersion", .semverLessThan, ["2.0.0"], "2.0.0", false),
        .init("appVersion", .semverEqual, ["2.0.0"], "2.0.0+build.7", true),  // build metadata ignored
        .init("appVersion", .semverEqual, ["2.0.0"], "2.0", true),
        .init("appVersion", .semverEqual, ["2.0.0"], "2.0.0-rc.1", false),
        .init("appVersion", .semverGreaterThan, ["1.0.0"], "banana", false),  // not a version: no match
        .init("appVersion", .semverGreaterThan, [1], 2, true),  // numbers read as versions
    ]

    /// A context without the attribute satisfies no rule, whatever the operator, even `notIn`.
    static let missing: [RuleCase] = SegmentOperator.known.map { op in
        let value: AttributeValue = op.rawValue.hasPrefix("semver") ? "1.0.0" : op.rawValue.contains("Than") ? 1 : "x"
        return .init("country", op, [value], nil, false)
    }

    @Test("in / notIn", arguments: membership)
    func membershipRules(_ example: RuleCase) throws { try check(example) }

    @Test("startsWith / endsWith / contains", arguments: text)
    func textRules(_ example: RuleCase) throws { try check(example) }

    @Test("number comparisons", arguments: numbers)
    func numberRules(_ example: RuleCase) throws { try check(example) }

    @Test("semantic version comparisons", arguments: versions)
    func versionRules(_ example: RuleCase) throws { try check(example) }

    @Test("a missing attribute fails the rule", arguments: missing)
    func missingAttribute(_ example: RuleCase) throws { try check(example) }

    private func check(_ example: RuleCase) throws {
        let segment = Segment(
            name: "target",
            rules: [SegmentRule(attribute: example.attribute, operator: example.operator, values: example.values)]
        )
        let flags = try compile(
            [.test("cv-analyzer", rollout: 100) { $0.userSegments = ["target"] }], segments: [segment])
        let attributes = example.actual.map { [example.attribute: $0] } ?? [:]
        let decision = flags.decide(
            service: "cv-analyzer", context: EvaluationContext(userID: "user-42", attributes: attributes))
        if example.holds {
            #expect(decision == .insideRollout(bucket: 49168))
        } else {
            #expect(decision == .outsideSegments)
        }
    }

    static let staff = Segment(
        name: "staff",
        rules: [
            SegmentRule(attribute: "email", operator: .endsWith, values: ["@cvplus.io"]),
            SegmentRule(attribute: "country", operator: .notIn, values: ["CN"]),
        ]
    )
    static let beta = Segment(
        name: "beta", rules: [SegmentRule(attribute: "userId", operator: .in, values: ["user-7", "user-8"])])

    @Test("a segment needs every rule; a flag needs any of its segments")
    func segmentSemantics() throws {
        let flags = try compile(
            [
                .test("cv-analyzer", rollout: 100) { $0.userSegments = ["staff", "beta"] },
                .test("cache", rollout: 100),
            ],
            segments: [Self.staff, Self.beta]
        )
        func cohort(_ userID: String, _ attributes: [String: AttributeValue] = [:]) -> CohortDecision {
            flags.decide(service: "cv-analyzer", context: EvaluationContext(userID: userID, attributes: attributes))
        }
        #expect(cohort("user-1", ["email": "a@cvplus.io", "country": "FR"]).cohort == .candidate)  // staff only
        #expect(cohort("user-7").cohort == .candidate)  // beta only, through the userId attribute
        #expect(cohort("user-7", ["email": "a@cvplus.io", "country": "FR"]).cohort == .candidate)  // both
        // One staff rule fails:
        #expect(cohort("user-1", ["email": "a@cvplus.io", "country": "CN"]) == .outsideSegments)
        #expect(cohort("user-1", ["email": "a@cvplus.io"]) == .outsideSegments)  // staff rule on a missing attribute
        #expect(cohort("user-1") == .outsideSegments)
        // A flag without segments targets everyone.
        #expect(flags.decide(service: "cache", context: EvaluationContext(userID: "user-1")).cohort == .candidate)
    }

    @Test("segments filter before the rollout: the rollout is a share of the segment")
    func segmentThenRollout() throws {
        let flags = try compile(
            [.test("cv-analyzer", rollout: 50) { $0.userSegments = ["even"] }],
            segments: [
                Segment(name: "even", rules: [SegmentRule(attribute: "parity", operator: .in, values: ["even"])])
            ]
        )
        var inside = 0
        var outsideRollout = 0
        for (index, key) in userIDs(10_000).enumerated() {
            let parity: AttributeValue = index.isMultiple(of: 2) ? "even" : "odd"
            let decision = flags.decide(
                service: "cv-analyzer", context: EvaluationContext(userID: key, attributes: ["parity": parity]))
            switch decision {
            case .insideRollout: inside += 1
            case .outsideRollout: outsideRollout += 1
            case .outsideSegments: #expect(parity == "odd")
            default: Issue.record("unexpected \(decision)")
            }
        }
        #expect(inside + outsideRollout == 5_000)
        #expect(abs(inside - 2_500) < 200)  // σ ≈ 35
    }
}
