import Yams

extension PlanReader {
    /// Keys of a tier.
    static let tierKeys = (
        required: ["name", "steps", "monitoringInterval"],
        optional: ["description", "sampleInterval", "approvalFrom", "thresholds"]
    )

    /// Threshold keys a service may override.
    static let overrideKeys = ["errorRate", "latencyMultiplier", "userSuccessRate", "throughputMinimum", "custom"]

    /// Threshold keys only a tier may set.
    static let tierOnlyThresholdKeys = ["latencyPercentile", "integrityFailures", "warningAt"]

    /// Keys of a custom (business or cost) threshold.
    static let customKeys = (required: ["metric"], optional: ["maximum", "minimum", "action"])

    /// Reads one tier; percentages stay percentages, rates become fractions.
    mutating func tier(_ node: Node, at path: String) -> RiskTier {
        var tier = RiskTier(name: "", steps: [], monitoringInterval: .zero)
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.tierKeys.required, optional: Self.tierKeys.optional
        ) else { return tier }
        tier.name = nodes.string("name", in: fields) ?? ""
        tier.description = nodes.string("description", in: fields)
        tier.steps = nodes.percentageList("steps", in: fields) ?? []
        tier.monitoringInterval = nodes.duration("monitoringInterval", in: fields) ?? .zero
        tier.sampleInterval = nodes.duration("sampleInterval", in: fields) ?? tier.sampleInterval
        tier.approvalFrom = nodes.percentage("approvalFrom", in: fields)
        if let node = fields["thresholds"] {
            tier.thresholds = thresholds(node, at: fields.path("thresholds"))
        }
        return tier
    }

    /// A tier's thresholds; keys left out keep the defaults (the CVPlus plan's).
    private mutating func thresholds(_ node: Node, at path: String) -> Thresholds {
        var thresholds = Thresholds()
        guard let fields = nodes.fields(
            of: node, at: path, required: [], optional: Self.overrideKeys + Self.tierOnlyThresholdKeys
        ) else { return thresholds }
        let overrides = overrides(in: fields)
        thresholds = overrides.applied(to: thresholds)
        thresholds.latencyPercentile = nodes.percentage("latencyPercentile", in: fields) ?? thresholds.latencyPercentile
        thresholds.integrityFailures = nodes.integer("integrityFailures", in: fields) ?? thresholds.integrityFailures
        thresholds.warningFraction = nodes.percentage("warningAt", in: fields).map { $0 / 100 } ?? thresholds.warningFraction
        return thresholds
    }

    /// A service's threshold overrides.
    mutating func thresholdOverrides(_ node: Node, at path: String) -> ThresholdOverrides {
        let misplaced = Dictionary(uniqueKeysWithValues: Self.tierOnlyThresholdKeys.map {
            ($0, "can be set on a tier only, not overridden per service")
        })
        guard let fields = nodes.fields(of: node, at: path, required: [], optional: Self.overrideKeys, misplaced: misplaced)
        else { return ThresholdOverrides() }
        return overrides(in: fields)
    }

    private mutating func overrides(in fields: PlanNodeReader.Fields) -> ThresholdOverrides {
        var overrides = ThresholdOverrides()
        overrides.errorRate = nodes.percentage("errorRate", in: fields).map { $0 / 100 }
        overrides.latencyMultiplier = nodes.number("latencyMultiplier", in: fields)
        overrides.userSuccessRate = nodes.percentage("userSuccessRate", in: fields).map { $0 / 100 }
        overrides.throughputMinimum = nodes.percentage("throughputMinimum", in: fields).map { $0 / 100 }
        overrides.custom = nodes.list("custom", in: fields)?.map { custom($0.node, at: $0.path) } ?? []
        return overrides
    }

    private mutating func custom(_ node: Node, at path: String) -> CustomThreshold {
        var threshold = CustomThreshold(metric: "")
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.customKeys.required, optional: Self.customKeys.optional
        ) else { return threshold }
        threshold.metric = nodes.string("metric", in: fields) ?? ""
        threshold.maximum = nodes.number("maximum", in: fields)
        threshold.minimum = nodes.number("minimum", in: fields)
        let actions = ViolationAction.allCases.map(\.rawValue)
        threshold.action = nodes.choice("action", in: fields, names: actions, what: "action", parse: ViolationAction.init(rawValue:))
            ?? threshold.action
        return threshold
    }
}
