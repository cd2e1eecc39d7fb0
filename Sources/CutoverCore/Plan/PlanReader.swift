import Yams

/// Turns a composed YAML tree into a ``Plan``, following the plan format's keys.
///
/// Structural problems (types, missing and unknown keys, malformed durations, times and
/// names) are collected on the way; a value that cannot be read becomes a placeholder so
/// reading carries on, and is marked unreadable so validation leaves it alone. The plan is
/// only usable when ``problems`` is empty.
struct PlanReader {
    /// The typed node access, with the problems and source positions collected so far.
    var nodes = PlanNodeReader()

    /// Problems found while reading.
    var problems: [PlanProblem] { nodes.problems }

    /// Where every value came from.
    var sourceMap: PlanSourceMap { nodes.sourceMap }

    /// Top-level keys.
    static let planKeys = (
        required: ["name", "tiers", "services", "phases"],
        optional: ["timeZone", "preflight", "promotionWindows", "notifications", "metricsSource"]
    )

    /// Reads the whole plan.
    mutating func read(_ root: Node) -> Plan {
        var plan = Plan(name: "", tiers: [], services: [], phases: [])
        guard let top = nodes.fields(of: root, at: "", required: Self.planKeys.required, optional: Self.planKeys.optional)
        else {
            Self.planKeys.required.forEach { nodes.markUnreadable($0) }
            return plan
        }
        plan.name = nodes.string("name", in: top) ?? ""
        plan.timeZone = nodes.string("timeZone", in: top) ?? plan.timeZone
        if let node = top["preflight"] {
            plan.preflight = preflight(node, at: top.path("preflight"))
        }
        plan.tiers = nodes.list("tiers", in: top)?.map { tier($0.node, at: $0.path) } ?? []
        plan.services = nodes.list("services", in: top)?.map { service($0.node, at: $0.path) } ?? []
        plan.phases = nodes.list("phases", in: top)?.map { phase($0.node, at: $0.path) } ?? []
        plan.promotionWindows = nodes.list("promotionWindows", in: top)?.map { window($0.node, at: $0.path) } ?? []
        plan.notifications = nodes.list("notifications", in: top)?.map { route($0.node, at: $0.path) } ?? []
        plan.metricsSource = top["metricsSource"].flatMap { metricsSource($0, at: top.path("metricsSource")) }
        return plan
    }

    private mutating func preflight(_ node: Node, at path: String) -> Preflight {
        var preflight = Preflight()
        guard let fields = nodes.fields(
            of: node, at: path, required: [], optional: ["description", "baselineWindow", "maximumPropagation"]
        ) else { return preflight }
        preflight.description = nodes.string("description", in: fields)
        preflight.baselineWindow = nodes.duration("baselineWindow", in: fields) ?? preflight.baselineWindow
        preflight.maximumPropagation = nodes.duration("maximumPropagation", in: fields) ?? preflight.maximumPropagation
        return preflight
    }
}

extension PlanReader {
    /// Keys of a service: identity, schedule, then the flag options of the spec's `MigrationFeatureFlags`.
    static let serviceKeys = (
        required: ["name", "flag", "tier"],
        optional: [
            "description", "dependsOn", "steps", "thresholds",
            "dualWrite", "dualWriteSoak", "readPreference", "fallbackToLegacy", "statePreservation",
            "manualApprovalRequired", "workflowContinuity", "unpinOnRollback", "transactionSafety",
            "shadowPercentage", "coherencePercentage", "userSegments",
        ]
    )

    /// Read preferences as a plan may name them (`package` is the spec's word for `candidate`).
    static let readPreferenceNames = ["legacy", "candidate", "package", "fastest"]

    /// Reads one service and its options.
    mutating func service(_ node: Node, at path: String) -> PlanService {
        var service = PlanService(name: "", flag: "", tier: "")
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.serviceKeys.required, optional: Self.serviceKeys.optional
        ) else { return service }
        service.name = nodes.string("name", in: fields) ?? ""
        service.flag = nodes.string("flag", in: fields) ?? ""
        service.tier = nodes.string("tier", in: fields) ?? ""
        service.description = nodes.string("description", in: fields)
        service.dependsOn = nodes.stringList("dependsOn", in: fields) ?? []
        if fields["steps"] != nil {
            service.steps = nodes.percentageList("steps", in: fields) ?? []
        }
        if let node = fields["thresholds"] {
            service.thresholds = thresholdOverrides(node, at: fields.path("thresholds"))
        }
        service.options = options(in: fields)
        return service
    }

    private mutating func options(in fields: PlanNodeReader.Fields) -> ServiceOptions {
        var options = ServiceOptions()
        options.dualWrite = nodes.bool("dualWrite", in: fields) ?? options.dualWrite
        options.dualWriteSoak = nodes.duration("dualWriteSoak", in: fields) ?? options.dualWriteSoak
        options.readPreference = nodes.choice(
            "readPreference", in: fields, names: Self.readPreferenceNames, what: "read preference",
            parse: ReadPreference.init(name:)
        ) ?? options.readPreference
        options.fallbackToLegacy = nodes.bool("fallbackToLegacy", in: fields) ?? options.fallbackToLegacy
        options.statePreservation = nodes.bool("statePreservation", in: fields) ?? options.statePreservation
        options.manualApprovalRequired = nodes.bool("manualApprovalRequired", in: fields) ?? options.manualApprovalRequired
        options.workflowContinuity = nodes.bool("workflowContinuity", in: fields) ?? options.workflowContinuity
        options.unpinOnRollback = nodes.bool("unpinOnRollback", in: fields) ?? options.unpinOnRollback
        options.transactionSafety = nodes.bool("transactionSafety", in: fields) ?? options.transactionSafety
        options.shadowPercentage = nodes.percentage("shadowPercentage", in: fields) ?? options.shadowPercentage
        options.coherencePercentage = nodes.percentage("coherencePercentage", in: fields) ?? options.coherencePercentage
        options.userSegments = nodes.stringList("userSegments", in: fields) ?? options.userSegments
        return options
    }
}
