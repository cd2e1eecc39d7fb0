/// A plan explained for people: phases in order, their services in dependency order with
/// tier, flag, dependencies, steps, gates, windows and options, and each phase's minimum
/// duration. `cutover plan show` prints it.
public struct PlanOverview: Sendable {
    /// The plan explained.
    public let plan: Plan

    /// An overview of `plan`.
    public init(_ plan: Plan) {
        self.plan = plan
    }

    /// How the minimum durations are computed, printed with them.
    public static let assumption = """
        Minimum durations assume every window is healthy and conclusive at its first try, approvals \
        come at once and promotion windows are always open. A phase takes its longest chain of \
        dependent services (steps × monitoring interval of each, one after another; independent \
        services run side by side) plus its checkpoint soak.
        """

    /// The overview, line by line.
    public var lines: [String] {
        var lines = ["Plan \(plan.name): \(plan.services.count) services in \(plan.phases.count) phases, time zone \(plan.timeZone)", ""]
        lines += preflightLines + ["", "Measurements", measurementLine, ""] + tierLines
        for (index, phase) in plan.phases.enumerated() {
            lines += [""] + phaseLines(phase, number: index + 1)
        }
        lines += ["", "Notifications"] + notificationLines
        let total = plan.phases.reduce(plan.preflight.baselineWindow) { $0 + plan.minimumDuration(of: $1) }
        lines += ["", "Minimum total: \(PlanDuration.format(total)) (preflight \(PlanDuration.format(plan.preflight.baselineWindow)) + phases)"]
        lines += ["Assumption: \(Self.assumption)"]
        return lines
    }

    private var preflightLines: [String] {
        let preflight = plan.preflight
        return [
            "Preflight\(preflight.description.map { ": \($0)" } ?? "")",
            "  legacy baseline over \(PlanDuration.format(preflight.baselineWindow)); a flag change must reach every instance within \(PlanDuration.format(preflight.maximumPropagation))",
        ]
    }

    /// Each route: its channel, what it carries and where its target comes from.
    private var notificationLines: [String] {
        guard !plan.notifications.isEmpty else { return ["  none: events are only recorded"] }
        return plan.notifications.map { route in
            let carried = NotificationRoute.Severity.allCases.filter(route.severities.contains).map(\.rawValue)
                + route.events.map(\.rawValue).sorted()
            let endpoint = route.endpointEnvironmentVariable.map { " via $\($0)" } ?? ""
            return "  \(route.name): \(route.channel.rawValue) to $\(route.targetEnvironmentVariable)\(endpoint), carrying \(carried.joined(separator: ", "))"
        }
    }

    /// Where a served run's measurements come from.
    private var measurementLine: String {
        guard case .prometheus(let source)? = plan.metricsSource else {
            return "  the metrics app instances ship to the server"
        }
        let server = switch source.endpoint {
        case .url(let url): url
        case .environmentVariable(let name): "$\(name)"
        }
        let custom = source.custom.isEmpty ? "" : "; custom metrics \(source.custom.map(\.name).joined(separator: ", "))"
        return "  Prometheus at \(server) (\(source.queries.count) of \(PrometheusSource.Measurement.allCases.count) "
            + "queries the plan's own\(custom)); \(source.failuresBeforePause) failed samples in a row pause the run"
    }

    private var tierLines: [String] {
        ["Tiers"] + plan.tiers.flatMap { tier in
            let gate = tier.approvalFrom.map { "approval from \(Plan.percent($0))" } ?? "no approval gates"
            return [
                "  \(tier.name)\(tier.description.map { " (\($0))" } ?? "")",
                "    steps \(Self.ladder(tier.steps)); \(PlanDuration.format(tier.monitoringInterval)) windows sampled every \(PlanDuration.format(tier.sampleInterval)); \(gate)",
                "    rollback: \(Self.describe(tier.thresholds))",
            ]
        }
    }

    private func phaseLines(_ phase: Phase, number: Int) -> [String] {
        let title = "Phase \(phase.name) (\(number) of \(plan.phases.count))"
        var lines = [title + (phase.description.map { " — \($0)" } ?? "")]
        if let name = phase.promotionWindow, let window = plan.promotionWindows.first(where: { $0.name == name }) {
            lines.append("  promotion window: \(name), \(Self.describe(window)) \(plan.timeZone)")
        } else {
            lines.append("  promotion window: none (traffic may increase at any time)")
        }
        for (index, service) in plan.services(in: phase).enumerated() {
            lines += serviceLines(service, number: index + 1)
        }
        let checkpoint = phase.checkpoint
        lines.append(
            "  checkpoint: \(PlanDuration.format(checkpoint.soak)) soak at 100%\(checkpoint.requiresApproval ? ", then approval" : "")"
                + (checkpoint.description.map { " (\($0))" } ?? "")
        )
        let path = plan.criticalPath(of: phase)
        let chain = path.services.map { service in
            "\(service.name) \(plan.steps(of: service).count) × \(PlanDuration.format(plan.tier(named: service.tier)?.monitoringInterval ?? .zero))"
        }
        lines.append(
            "  minimum duration: \(PlanDuration.format(plan.minimumDuration(of: phase))) = \(chain.joined(separator: " + "))"
                + " + \(PlanDuration.format(checkpoint.soak)) checkpoint soak"
        )
        return lines
    }

    private func serviceLines(_ service: PlanService, number: Int) -> [String] {
        let tier = plan.tier(named: service.tier)
        let approvals = plan.approvalSteps(of: service)
        let approval = approvals.isEmpty ? "none" : "before " + approvals.map(Plan.percent).joined(separator: ", ")
            + (service.options.manualApprovalRequired ? " (manual approval for every increase)" : "")
        let window = tier.map {
            "\(PlanDuration.format($0.monitoringInterval)) per step, sampled every \(PlanDuration.format($0.sampleInterval)); at least \(PlanDuration.format(plan.minimumDuration(of: service)))"
        } ?? "unknown tier"
        var lines = [
            "  \(number). \(service.name) [\(service.tier)] flag \(service.flag)\(service.description.map { ": \($0)" } ?? "")",
            "       depends on: \(service.dependsOn.isEmpty ? "nothing" : service.dependsOn.joined(separator: ", "))",
            "       steps:      \(Self.ladder(plan.steps(of: service)))\(service.steps == nil ? "" : " (own steps)")",
            "       approval:   \(approval)",
            "       window:     \(window)",
            "       options:    \(Self.describe(service.options))",
        ]
        let custom = service.thresholds.custom.map(Self.describe)
        let overrides = Self.describe(service.thresholds) + custom
        if !overrides.isEmpty {
            lines.append("       thresholds: \(overrides.joined(separator: "; "))")
        }
        return lines
    }
}

extension PlanOverview {
    /// `10% → 25% → 100%`.
    static func ladder(_ steps: [Double]) -> String {
        steps.map(Plan.percent).joined(separator: " → ")
    }

    /// A tier's thresholds with what each violation does.
    static func describe(_ thresholds: Thresholds) -> String {
        let action = { (check: HealthCheck) in describe(check.defaultAction) }
        let parts = [
            "error rate > \(Plan.percent(thresholds.errorRate * 100)) → \(action(.errorRate))",
            "integrity failures > \(thresholds.integrityFailures) → \(action(.integrity))",
            "p\(Plan.number(thresholds.latencyPercentile)) latency > \(Plan.number(thresholds.latencyMultiplier))× baseline → \(action(.latency))",
            "user success < \(Plan.percent(thresholds.userSuccessRate * 100)) → \(action(.userSuccess))",
            "throughput < \(Plan.percent(thresholds.throughputMinimum * 100)) → \(action(.throughput))",
        ] + thresholds.custom.map(describe)
        return parts.joined(separator: "; ") + "; warning at \(Plan.percent(thresholds.warningFraction * 100)) of a threshold"
    }

    /// A service's overrides of its tier's thresholds.
    static func describe(_ overrides: ThresholdOverrides) -> [String] {
        [
            overrides.errorRate.map { "error rate > \(Plan.percent($0 * 100))" },
            overrides.latencyMultiplier.map { "latency > \(Plan.number($0))× baseline" },
            overrides.userSuccessRate.map { "user success < \(Plan.percent($0 * 100))" },
            overrides.throughputMinimum.map { "throughput < \(Plan.percent($0 * 100))" },
        ].compactMap { $0 }
    }

    /// `costUnitsPerCall > 200 → pause`.
    static func describe(_ custom: CustomThreshold) -> String {
        let bounds = [
            custom.maximum.map { "> \(Plan.number($0))" }, custom.minimum.map { "< \(Plan.number($0))" },
        ].compactMap { $0 }.joined(separator: " or ")
        return "\(custom.metric) \(bounds) → \(describe(custom.action))"
    }

    static func describe(_ action: ViolationAction) -> String {
        switch action {
        case .immediateRollback: "immediate rollback"
        case .gracefulRollback: "graceful rollback"
        case .pause: "pause and alert"
        }
    }

    /// The options that are on, in words.
    static func describe(_ options: ServiceOptions) -> String {
        var parts: [String] = []
        if options.dualWrite {
            let reads = options.readPreference == .candidate ? "package (the request's cohort)" : options.readPreference.rawValue
            parts.append("dual write (off \(PlanDuration.format(options.dualWriteSoak)) after completion), reads from \(reads)")
        }
        if options.coherencePercentage > 0 { parts.append("coherence checks on \(Plan.percent(options.coherencePercentage)) of reads") }
        if options.fallbackToLegacy { parts.append("fallback to legacy") }
        if options.statePreservation { parts.append("state preservation") }
        if options.manualApprovalRequired { parts.append("manual approval required") }
        if options.workflowContinuity {
            parts.append("workflow continuity\(options.unpinOnRollback ? " (released on immediate rollback)" : "")")
        }
        if options.transactionSafety { parts.append("transaction safety") }
        if options.shadowPercentage > 0 { parts.append("shadow \(Plan.percent(options.shadowPercentage)) of legacy reads") }
        if !options.userSegments.isEmpty { parts.append("segments \(options.userSegments.joined(separator: ", "))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// `Mon–Fri 09:00–17:00`.
    static func describe(_ window: PromotionWindow) -> String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let days = window.weekdays.sorted()
        let contiguous = days.count > 2 && days.last! - days.first! == days.count - 1
        let text = contiguous
            ? "\(names[days.first! - 1])–\(names[days.last! - 1])"
            : days.map { names[$0 - 1] }.joined(separator: ", ")
        return "\(text) \(Plan.clock(window.startMinute))–\(Plan.clock(window.endMinute))"
    }
}
