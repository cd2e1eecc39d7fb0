import CutoverCore

// Small builders shared by the CutoverCore tests. Everything here is a pure function or an
// immutable value: no test depends on state another test left behind.

extension ServiceFlag {
    /// A flag for `service` keyed like the CVPlus plan (`<service>-package-enabled`), at `rollout` %.
    static func test(
        _ service: String, rollout: Double = 0, configure: (inout ServiceFlag) -> Void = { _ in }
    ) -> ServiceFlag {
        var flag = ServiceFlag(key: "\(service)-package-enabled", service: service)
        flag.rolloutPercentage = rollout
        configure(&flag)
        return flag
    }
}

extension ServiceFlag {
    /// `improvement-orchestrator` at `rollout` %, depending on `cv-analyzer` as in the CVPlus plan.
    static func improvementOrchestrator(rollout: Double, configure: (inout ServiceFlag) -> Void = { _ in })
        -> ServiceFlag
    {
        .test("improvement-orchestrator", rollout: rollout) { flag in
            flag.dependsOn = ["cv-analyzer-package-enabled"]
            configure(&flag)
        }
    }
}

/// Validates and compiles `flags` and `segments` into a snapshot at version 1.
func compile(_ flags: [ServiceFlag], segments: [Segment] = [], slots: ServiceSlots = ServiceSlots()) throws
    -> CompiledFlags
{
    try CompiledFlags(FlagSnapshot(version: 1, flags: flags, segments: segments), slots: slots)
}

/// `count` distinct stickiness keys shaped like user ids: `user-0`, `user-1`, …
func userIDs(_ count: Int) -> [String] {
    (0..<count).map { "user-\($0)" }
}

/// Pearson's chi-square statistic of `observed` counts against a uniform expectation.
func chiSquare(_ observed: [Int]) -> Double {
    let expected = Double(observed.reduce(0, +)) / Double(observed.count)
    return observed.reduce(0) { sum, count in
        let difference = Double(count) - expected
        return sum + difference * difference / expected
    }
}

extension CohortDecision {
    /// The bucket the decision was made on, when it was made by bucketing.
    var bucket: Int? {
        switch self {
        case .insideRollout(let bucket), .outsideRollout(let bucket): bucket
        default: nil
        }
    }
}

/// A small deterministic random number generator (SplitMix64) for reproducible inputs.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
