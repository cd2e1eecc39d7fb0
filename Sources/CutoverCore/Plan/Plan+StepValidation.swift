extension Plan {
    /// Tiers: steps, intervals, the approval gate and thresholds.
    func checkTiers(_ list: inout PlanProblemList) {
        for (index, tier) in tiers.enumerated() {
            let path = "tiers[\(index)]"
            checkSteps(tier.steps, at: "\(path).steps", &list)
            for (key, interval) in [("monitoringInterval", tier.monitoringInterval), ("sampleInterval", tier.sampleInterval)]
                where interval <= .zero && list.isReadable("\(path).\(key)")
            {
                list.report(.invalidDuration, "\(path).\(key)", "must be longer than zero")
            }
            if tier.sampleInterval > tier.monitoringInterval, list.isReadable("\(path).sampleInterval"),
               list.isReadable("\(path).monitoringInterval")
            {
                list.report(
                    .sampleLongerThanMonitoring, "\(path).sampleInterval",
                    "the sample interval \(PlanDuration.format(tier.sampleInterval)) is longer than the monitoring interval \(PlanDuration.format(tier.monitoringInterval)): a window would end before its first sample"
                )
            }
            if let from = tier.approvalFrom, list.isReadable("\(path).approvalFrom") {
                if !(0...100).contains(from) {
                    list.report(.outOfRange, "\(path).approvalFrom", "\(Self.percent(from)) is outside 0–100%")
                } else if !tier.steps.isEmpty, list.isReadable("\(path).steps"), !tier.steps.contains(from) {
                    list.report(
                        .approvalOnMissingStep, "\(path).approvalFrom",
                        "approval from \(Self.percent(from)) gates a step that does not exist; the steps are \(Self.percents(tier.steps))"
                    )
                }
            }
            checkThresholds(tier.thresholds, at: "\(path).thresholds", &list)
        }
    }

    /// Services: their own steps, threshold overrides and options.
    func checkServices(_ list: inout PlanProblemList) {
        for (index, service) in services.enumerated() {
            let path = "services[\(index)]"
            if let steps = service.steps, list.isReadable("\(path).steps") {
                checkSteps(steps, at: "\(path).steps", &list)
                if let tier = tier(named: service.tier), let from = tier.approvalFrom, !steps.isEmpty, !steps.contains(from) {
                    list.report(
                        .approvalOnMissingStep, "\(path).steps",
                        "tier '\(tier.name)' gates approval from \(Self.percent(from)), which is not one of these steps (\(Self.percents(steps)))"
                    )
                }
            }
            let overrides = service.thresholds
            var base = Thresholds()
            base.custom = []
            checkThresholds(overrides.applied(to: base), at: "\(path).thresholds", &list)
            checkOptions(service.options, at: path, &list)
        }
    }

    /// Steps: at least one, each above 0 and at most 100 at 0.001 % precision, strictly
    /// increasing, the last one 100.
    private func checkSteps(_ steps: [Double], at path: String, _ list: inout PlanProblemList) {
        guard list.isReadable(path) else { return }
        guard let last = steps.last else {
            list.report(.noSteps, path, "needs at least one step, ending at 100")
            return
        }
        for (index, step) in steps.enumerated() {
            let stepPath = "\(path)[\(index)]"
            if !(step > 0 && step <= 100) {
                list.report(.outOfRange, stepPath, "step \(Self.percent(step)) is outside 0–100% (a step must move some traffic: above 0)")
            } else if (step * 1000).rounded() != step * 1000 {
                list.report(.outOfRange, stepPath, "step \(Self.percent(step)) is finer than the rollout precision of 0.001%")
            } else if index > 0, step <= steps[index - 1] {
                list.report(
                    .stepsNotIncreasing, stepPath,
                    "step \(Self.percent(step)) does not increase on the step before it (\(Self.percent(steps[index - 1]))): steps must be strictly increasing"
                )
            }
        }
        if last != 100, (0...100).contains(last) {
            list.report(.stepsNotEndingAt100, "\(path)[\(steps.count - 1)]", "the last step is \(Self.percent(last)): steps must end at 100 for the service to complete")
        }
    }

    /// Rates within 0–100 %, a latency multiplier of at least 1, sound custom thresholds.
    private func checkThresholds(_ thresholds: Thresholds, at path: String, _ list: inout PlanProblemList) {
        let rates = [
            ("errorRate", thresholds.errorRate), ("userSuccessRate", thresholds.userSuccessRate),
            ("throughputMinimum", thresholds.throughputMinimum),
        ]
        for (key, rate) in rates where !(0...1).contains(rate) {
            list.report(.outOfRange, "\(path).\(key)", "\(Self.percent(rate * 100)) is outside 0–100%")
        }
        if !(thresholds.warningFraction > 0 && thresholds.warningFraction <= 1) {
            list.report(.outOfRange, "\(path).warningAt", "\(Self.percent(thresholds.warningFraction * 100)) is outside 0–100% (above 0)")
        }
        if !(thresholds.latencyPercentile > 0 && thresholds.latencyPercentile <= 100) {
            list.report(.outOfRange, "\(path).latencyPercentile", "percentile \(Self.number(thresholds.latencyPercentile)) is outside 0–100 (above 0)")
        }
        if !(thresholds.latencyMultiplier >= 1 && thresholds.latencyMultiplier.isFinite) {
            list.report(
                .outOfRange, "\(path).latencyMultiplier",
                "\(Self.number(thresholds.latencyMultiplier)) must be at least 1 (1 means no slower than the baseline)"
            )
        }
        if thresholds.integrityFailures < 0 {
            list.report(.outOfRange, "\(path).integrityFailures", "\(thresholds.integrityFailures) must be 0 or more")
        }
        for (index, custom) in thresholds.custom.enumerated() {
            let customPath = "\(path).custom[\(index)]"
            guard list.isReadable(customPath) else { continue }
            if custom.metric.isEmpty, list.isReadable("\(customPath).metric") {
                list.report(.emptyValue, "\(customPath).metric", "a custom threshold needs a metric name")
            }
            if custom.maximum == nil, custom.minimum == nil {
                list.report(.invalidThreshold, customPath, "a custom threshold needs a maximum, a minimum, or both")
            } else if let minimum = custom.minimum, let maximum = custom.maximum, minimum > maximum {
                list.report(
                    .invalidThreshold, "\(customPath).minimum",
                    "the minimum \(Self.number(minimum)) is above the maximum \(Self.number(maximum)): every value would violate it"
                )
            }
        }
    }

    private func checkOptions(_ options: ServiceOptions, at path: String, _ list: inout PlanProblemList) {
        for (key, value) in [("shadowPercentage", options.shadowPercentage), ("coherencePercentage", options.coherencePercentage)]
            where !(0...100).contains(value)
        {
            list.report(.outOfRange, "\(path).\(key)", "\(Self.percent(value)) is outside 0–100%")
        }
        if options.coherencePercentage > 0, !options.dualWrite {
            list.report(.conflictingOptions, "\(path).coherencePercentage", "coherence checks compare the two stores of a dual write: set dualWrite: true")
        }
        if options.unpinOnRollback, !options.workflowContinuity {
            list.report(.conflictingOptions, "\(path).unpinOnRollback", "only pinned workflows can be released: set workflowContinuity: true")
        }
    }

    /// `12.5%`, `50%`.
    static func percent(_ value: Double) -> String {
        "\(number(value))%"
    }

    /// `10%, 25%, 100%`.
    static func percents(_ values: [Double]) -> String {
        values.map(percent).joined(separator: ", ")
    }

    /// `50`, `12.5`: whole numbers without a decimal point.
    static func number(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
