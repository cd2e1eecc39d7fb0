import CutoverCore
import Foundation
import Testing

@Suite("Flag JSON decoding")
struct FlagDecodingTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test("a minimal flag fills every default")
    func minimalFlag() throws {
        let flag = try Self.decode(
            ServiceFlag.self, #"{"key": "cv-analyzer-package-enabled", "service": "cv-analyzer"}"#)
        #expect(flag == ServiceFlag(key: "cv-analyzer-package-enabled", service: "cv-analyzer"))
        #expect(flag.enabled)
        #expect(flag.rolloutPercentage == 0)
        #expect(!flag.complete)
        #expect(!flag.killSwitch)
        #expect(flag.salt == nil)
        #expect(flag.stickinessAttribute == "userId")
        #expect(flag.userSegments.isEmpty)
        #expect(flag.rollbackConditions.isEmpty)
        #expect(flag.dependsOn.isEmpty)
        #expect(!flag.dualWrite)
        #expect(flag.readPreference == .legacy)
        #expect(!flag.fallbackToLegacy)
        #expect(flag.performanceThresholds.isEmpty)
        #expect(!flag.statePreservation)
        #expect(!flag.manualApprovalRequired)
        #expect(!flag.workflowContinuity)
        #expect(!flag.transactionSafety)
        #expect(flag.shadowPercentage == 0)
        #expect(flag.coherencePercentage == 0)
        #expect(!flag.unpinOnKill)
    }

    @Test("a flag without key or service does not decode", arguments: [#"{"key": "k"}"#, #"{"service": "s"}"#, "{}"])
    func requiredFields(json: String) {
        #expect(throws: DecodingError.self) { try Self.decode(ServiceFlag.self, json) }
    }

    @Test(
        "read preferences, with the spec's \"package\" for candidate",
        arguments: [
            ("package", ReadPreference.candidate), ("candidate", .candidate), ("legacy", .legacy),
            ("fastest", .fastest),
        ]
    )
    func readPreference(name: String, expected: ReadPreference) throws {
        let flag = try Self.decode(
            ServiceFlag.self, #"{"key": "cache-package-enabled", "service": "cache", "readPreference": "\#(name)"}"#)
        #expect(flag.readPreference == expected)
        #expect(ReadPreference(name: name) == expected)
    }

    @Test("an unknown read preference is a decoding error")
    func unknownReadPreference() {
        #expect(throws: DecodingError.self) {
            try Self.decode(ServiceFlag.self, #"{"key": "k", "service": "s", "readPreference": "both"}"#)
        }
    }

    @Test("the CVPlus cv-analyzer flag decodes with its fields")
    func fullFlag() throws {
        let json = #"""
            {"key": "cv-analyzer-package-enabled", "service": "cv-analyzer", "enabled": true,
             "rolloutPercentage": 12.5, "userSegments": ["staff"], "rollbackConditions": ["errorRate > 5%"],
             "salt": "cv", "stickinessAttribute": "tenantId", "performanceThresholds": {"p95LatencyMs": 800},
             "killSwitch": false, "complete": false, "dualWrite": true, "shadowPercentage": 5}
            """#
        let flag = try Self.decode(ServiceFlag.self, json)
        #expect(flag.rolloutPercentage == 12.5)
        #expect(flag.userSegments == ["staff"])
        #expect(flag.rollbackConditions == ["errorRate > 5%"])
        #expect(flag.salt == "cv")
        #expect(flag.stickinessAttribute == "tenantId")
        #expect(flag.performanceThresholds == ["p95LatencyMs": 800])
        #expect(flag.dualWrite)
        #expect(flag.shadowPercentage == 5)
        let roundTripped = try JSONDecoder().decode(ServiceFlag.self, from: JSONEncoder().encode(flag))
        #expect(roundTripped == flag)
    }

    @Test("a snapshot decodes segments, keeping an unknown operator for validation to report")
    func snapshotWithUnknownOperator() throws {
        let json = #"""
            {"version": 3,
             "flags": [{"key": "cv-analyzer-package-enabled", "service": "cv-analyzer", "userSegments": ["eu"]}],
             "segments": [{"name": "eu", "rules": [
                {"attribute": "country", "operator": "in", "values": ["FR", 33, true]},
                {"attribute": "country", "operator": "near", "values": ["DE"]}]}]}
            """#
        let snapshot = try Self.decode(FlagSnapshot.self, json)
        #expect(snapshot.version == 3)
        let rules = try #require(snapshot.segments.first?.rules)
        #expect(rules[0].operator == .in)
        #expect(rules[0].values == [.string("FR"), .number(33), .bool(true)])
        #expect(rules[1].operator.rawValue == "near")
        #expect(snapshot.problemSites == [ProblemSite(.segment("eu"), "rules[1].operator")])
    }

    @Test("a snapshot with only a version is empty")
    func emptySnapshot() throws {
        let snapshot = try Self.decode(FlagSnapshot.self, #"{"version": 1}"#)
        #expect(snapshot.flags.isEmpty)
        #expect(snapshot.segments.isEmpty)
    }
}
