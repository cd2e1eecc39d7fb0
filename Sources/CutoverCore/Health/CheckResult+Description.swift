import Foundation

extension CheckResult: CustomStringConvertible {
    /// One line for humans, e.g.
    /// `errorRate violated: 8.00 % (at most 5.00 %; lower bound 6.12 % at 99 %; 24 of 300) → immediate-rollback`.
    public var description: String {
        var text = "\(check) \(status.rawValue)"
        if isWarning { text += " (warning)" }
        text += ": \(observed.map(format) ?? "no data") (\(limitDescription)"
        if let bound = decisiveBound {
            let side = bound == interval?.lower ? "lower" : "upper"
            let confidence = interval.map { DecimalText.general($0.confidence * 100, significantDigits: 6) + " %" } ?? ""
            text += "; \(side) bound \(format(bound)) at \(confidence)"
        }
        text += "; \(evidence.events) of \(evidence.trials)"
        if let baseline = evidence.baseline {
            text += "; baseline \(baseline.rawValue)"
            if let calls = evidence.baselineCalls { text += ", \(calls) calls" }
        }
        text += ")"
        if let note { text += " — \(note)" }
        if status == .violated { text += " → \(action.rawValue)" }
        return text
    }

    /// The threshold and the warning level, e.g. `at most 5.00 %, warning above 4.00 %`.
    var limitDescription: String {
        switch threshold.direction {
        case .atMost: "at most \(format(threshold.value)), warning above \(format(warningLevel))"
        case .atLeast: "at least \(format(threshold.value)), warning below \(format(warningLevel))"
        }
    }

    private func format(_ value: Double) -> String {
        guard value.isFinite else { return value > 0 ? "∞" : "-∞" }
        switch check.unit {
        case .fraction: return DecimalText.fixed(value * 100, places: 2) + " %"
        case .ratio: return DecimalText.fixed(value, places: 2) + "×"
        case .count: return DecimalText.fixed(value, places: 0)
        case .number: return DecimalText.general(value, significantDigits: 4)
        }
    }
}

extension HealthCheck {
    /// How a check's values read.
    enum Unit {
        /// A share in 0…1, shown as a percentage.
        case fraction
        /// A multiple, e.g. of the baseline latency.
        case ratio
        /// A number of events.
        case count
        /// Any other number.
        case number
    }

    var unit: Unit {
        switch self {
        case .errorRate, .userSuccess, .throughput: .fraction
        case .latency: .ratio
        case .integrity: .count
        case .custom(let metric): CustomMetric(rawValue: metric)?.isFraction == true ? .fraction : .number
        }
    }
}
