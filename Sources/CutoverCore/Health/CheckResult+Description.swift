import Foundation

extension CheckResult: CustomStringConvertible {
    /// One line for humans, e.g.
    /// `errorRate violated: 8.00 % (at most 5.00 %; lower bound 6.12 % at 99 %; 24 of 300) → immediate-rollback`.
    public var description: String {
        var text = ""
        text.reserveCapacity(192)
        write(to: &text)
        return text
    }

    /// Appends ``description`` to `text`: one buffer for a verdict's every check.
    func write(to text: inout String) {
        text += check.description
        text += " "
        text += status.rawValue
        if isWarning { text += " (warning)" }
        text += ": "
        text += observed.map(format) ?? "no data"
        text += " ("
        text += limitDescription
        if let bound = decisiveBound {
            text += bound == interval?.lower ? "; lower bound " : "; upper bound "
            text += format(bound)
            text += " at "
            if let interval { text += DecimalText.general(interval.confidence * 100, significantDigits: 6) + " %" }
        }
        text += "; "
        text += String(evidence.events)
        text += " of "
        text += String(evidence.trials)
        if let baseline = evidence.baseline {
            text += "; baseline "
            text += baseline.rawValue
            if let calls = evidence.baselineCalls {
                text += ", "
                text += String(calls)
                text += " calls"
            }
        }
        text += ")"
        if let note {
            text += " — "
            text += note
        }
        if status == .violated {
            text += " → "
            text += action.rawValue
        }
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
