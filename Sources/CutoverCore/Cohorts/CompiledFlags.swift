/// A validated flag snapshot prepared for the request path.
///
/// Immutable and shared between threads. Deciding a cohort reads arrays indexed by service
/// slot and hashes the stickiness key once; it allocates nothing.
public final class CompiledFlags: Sendable {
    /// The snapshot these flags were compiled from; `nil` for an instance that never synced.
    public let snapshot: FlagSnapshot?
    private let services: [CompiledService]
    /// The plain-value part of each service, read on every decision without reference counting.
    private let facts: [RoutingFacts]
    /// Index into `services` for each slot, or -1.
    private let indexBySlot: [Int]

    /// Flags of an instance that has never synced: every service routes to legacy.
    public static let unsynced = CompiledFlags()

    private init() {
        snapshot = nil
        services = []
        facts = []
        indexBySlot = []
    }

    /// Validates and compiles `snapshot`, registering each of its services in `slots`.
    public init(_ snapshot: FlagSnapshot, slots: ServiceSlots = ServiceSlots()) throws(FlagValidationError) {
        try snapshot.validate()
        self.snapshot = snapshot
        let indexByKey = Dictionary(uniqueKeysWithValues: snapshot.flags.enumerated().map { ($1.key, $0) })
        let segments = Dictionary(uniqueKeysWithValues: snapshot.segments.map { ($0.name, CompiledSegment($0)) })
        let salts = Self.effectiveSalts(snapshot.flags, indexByKey: indexByKey)
        // Flags share a bucket only when they share the salt *and* the stickiness attribute.
        let bucketKeys = snapshot.flags.indices.map { [salts[$0], snapshot.flags[$0].stickinessAttribute] }
        let saltGroups = Dictionary(Set(bucketKeys).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        services = snapshot.flags.enumerated().map { index, flag in
            CompiledService(
                flag: flag,
                salt: salts[index],
                saltGroup: saltGroups[bucketKeys[index]]!,
                segments: flag.userSegments.compactMap { segments[$0] },
                prerequisites: flag.dependsOn.compactMap { indexByKey[$0] }
            )
        }
        facts = services.map(\.facts)
        var indexBySlot: [Int] = []
        for (index, flag) in snapshot.flags.enumerated() {
            let slot = slots.slot(for: flag.service)
            if indexBySlot.count <= slot {
                indexBySlot.append(contentsOf: repeatElement(-1, count: slot - indexBySlot.count + 1))
            }
            indexBySlot[slot] = index
        }
        self.indexBySlot = indexBySlot
    }

    /// The snapshot version, or `nil` when never synced.
    public var version: UInt64? {
        snapshot?.version
    }

    /// Decides the cohort of `context` for the service in `slot`.
    public func decide(slot: Int, context: EvaluationContext) -> CohortDecision {
        guard snapshot != nil else { return .notSynced }
        guard slot >= 0, slot < indexBySlot.count, indexBySlot[slot] >= 0 else { return .unknownService }
        return decide(index: indexBySlot[slot], context: context, knownBucket: nil)
    }

    /// Decides the cohort of `context` for `service` by name (slower: looks the name up).
    public func decide(service: String, context: EvaluationContext) -> CohortDecision {
        guard snapshot != nil else { return .notSynced }
        guard let index = services.firstIndex(where: { $0.flag.service == service }) else { return .unknownService }
        return decide(index: index, context: context, knownBucket: nil)
    }

    /// The flag at `index` of a ``CohortDecision/prerequisiteOnLegacy(_:)`` decision.
    public func flag(at index: Int) -> ServiceFlag {
        services[index].flag
    }

    /// The routing options of the service in `slot`; ``RoutingOptions/none`` when it has no flag.
    public func options(slot: Int) -> RoutingOptions {
        guard slot >= 0, slot < indexBySlot.count, indexBySlot[slot] >= 0 else { return .none }
        return facts[indexBySlot[slot]].options
    }

    /// The flag routing the service in `slot`, if any.
    public func flag(slot: Int) -> ServiceFlag? {
        guard slot >= 0, slot < indexBySlot.count, indexBySlot[slot] >= 0 else { return nil }
        return services[indexBySlot[slot]].flag
    }

    private func decide(
        index: Int, context: EvaluationContext, knownBucket: (group: Int, bucket: Int)?
    ) -> CohortDecision {
        let facts = facts[index]
        if facts.options.killSwitch { return .killSwitch }
        if !facts.enabled { return .disabled }
        if facts.complete { return .complete }
        let key = facts.stickinessIsUserID ? context.userID : services[index].attributeKey(in: context)
        guard let key else { return .noStickinessKey }
        if facts.hasSegments, !services[index].segments.contains(where: { $0.contains(context) }) {
            return .outsideSegments
        }
        let bucket =
            knownBucket.flatMap { $0.group == facts.saltGroup ? $0.bucket : nil }
            ?? facts.hasher.bucket(for: key)
        guard facts.rollout.includes(bucket: bucket) else { return .outsideRollout(bucket: bucket) }
        if facts.hasPrerequisites {
            for prerequisite in services[index].prerequisites
            where decide(index: prerequisite, context: context, knownBucket: (facts.saltGroup, bucket)).cohort == .legacy {
                return .prerequisiteOnLegacy(prerequisite)
            }
        }
        return .insideRollout(bucket: bucket)
    }

    /// The salt of each flag: its own, else its first prerequisite's (recursively), else its key.
    private static func effectiveSalts(_ flags: [ServiceFlag], indexByKey: [String: Int]) -> [String] {
        var salts = [String?](repeating: nil, count: flags.count)
        func salt(of index: Int) -> String {
            if let known = salts[index] { return known }
            let flag = flags[index]
            let resolved = flag.salt ?? flag.dependsOn.first.flatMap { indexByKey[$0] }.map(salt(of:)) ?? flag.key
            salts[index] = resolved
            return resolved
        }
        return flags.indices.map(salt(of:))
    }
}

/// One flag prepared for evaluation.
private struct CompiledService: Sendable {
    let flag: ServiceFlag
    let facts: RoutingFacts
    let segments: [CompiledSegment]
    let prerequisites: [Int]

    init(flag: ServiceFlag, salt: String, saltGroup: Int, segments: [CompiledSegment], prerequisites: [Int]) {
        self.flag = flag
        self.segments = segments
        self.prerequisites = prerequisites
        facts = RoutingFacts(
            enabled: flag.enabled,
            complete: flag.complete,
            stickinessIsUserID: flag.stickinessAttribute == EvaluationContext.userIDAttribute,
            hasSegments: !segments.isEmpty,
            hasPrerequisites: !prerequisites.isEmpty,
            saltGroup: saltGroup,
            hasher: BucketHasher(salt: salt),
            rollout: Rollout(percent: flag.rolloutPercentage) ?? .zero,
            options: RoutingOptions(flag)
        )
    }

    func attributeKey(in context: EvaluationContext) -> String? {
        context.attributes[flag.stickinessAttribute]?.text
    }
}

/// What a decision reads of a flag, as plain values only.
private struct RoutingFacts: Sendable {
    let enabled: Bool
    let complete: Bool
    let stickinessIsUserID: Bool
    let hasSegments: Bool
    let hasPrerequisites: Bool
    let saltGroup: Int
    let hasher: BucketHasher
    let rollout: Rollout
    let options: RoutingOptions
}
