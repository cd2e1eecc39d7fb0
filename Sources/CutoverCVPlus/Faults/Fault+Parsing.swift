import Foundation

extension Fault {
    /// Reads a command-line fault spec: `SERVICE:KIND=VALUE[@START]`.
    ///
    /// - `recommendation-generator:errors=0.08@25%`: 8 % of calls fail once the rollout is ≥ 25 %;
    /// - `cache-manager:corrupt=0.02@t=2h`: 2 % of stored values are wrong from 2 h on;
    /// - `cv-analyzer:latency=2.5x@50%`: calls take 2.5 × as long once the rollout is ≥ 50 %.
    ///
    /// - Throws: ``FaultSpecError`` naming the mistake and listing the accepted forms.
    public init(parsing spec: String) throws(FaultSpecError) {
        let text = spec.trimmingCharacters(in: .whitespaces)
        func fail(_ code: FaultSpecError.Code, _ message: String) -> FaultSpecError {
            FaultSpecError(code, spec: spec, message: message)
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw fail(.malformed, "expected SERVICE:KIND=VALUE[@START]")
        }
        let serviceName = String(text[..<colon])
        guard let service = CVPlusService(rawValue: serviceName) else {
            throw fail(.unknownService, "unknown service '\(serviceName)'")
        }
        let rest = text[text.index(after: colon)...]
        let effect = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let assignment = effect[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard assignment.count == 2, !assignment[1].isEmpty else {
            throw fail(.malformed, "expected KIND=VALUE after the service, got '\(effect[0])'")
        }
        let kind = try FaultSpecSyntax.kind(String(assignment[0]), value: String(assignment[1]), fail: fail)
        var start = Start.fromStep(0)
        if effect.count == 2 {
            start = try FaultSpecSyntax.start(String(effect[1]), fail: fail)
        }
        self.init(service: service, kind: kind, start: start)
    }

    /// Reads several specs; the first invalid one throws.
    public static func parse(_ specs: [String]) throws(FaultSpecError) -> [Fault] {
        var faults: [Fault] = []
        for spec in specs {
            faults.append(try Fault(parsing: spec))
        }
        return faults
    }
}

/// The pieces of the fault spec grammar.
enum FaultSpecSyntax {
    typealias Failure = (FaultSpecError.Code, String) -> FaultSpecError

    static func kind(_ name: String, value: String, fail: Failure) throws(FaultSpecError) -> Fault.Kind {
        switch name {
        case "errors", "error", "errorRate":
            return .errorRate(try rate(value, fail: fail))
        case "corrupt", "corruption":
            return .corruption(try rate(value, fail: fail))
        case "latency":
            let digits = value.hasSuffix("x") ? String(value.dropLast()) : value
            guard let factor = Double(digits), factor.isFinite, factor > 0 else {
                throw fail(.invalidValue, "latency must be a factor greater than 0 such as 2.5x, got '\(value)'")
            }
            return .latencyMultiplier(factor)
        default:
            throw fail(.unknownKind, "unknown fault kind '\(name)': expected errors, latency or corrupt")
        }
    }

    static func rate(_ value: String, fail: Failure) throws(FaultSpecError) -> Double {
        guard let rate = Double(value), rate.isFinite, (0...1).contains(rate) else {
            throw fail(.invalidValue, "a rate must be a number from 0 to 1 such as 0.08, got '\(value)'")
        }
        return rate
    }

    static func start(_ text: String, fail: Failure) throws(FaultSpecError) -> Fault.Start {
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), percent.isFinite, (0...100).contains(percent) else {
                throw fail(.invalidStart, "a step must be a percentage from 0 to 100 such as 25%, got '\(text)'")
            }
            return .fromStep(percent)
        }
        if text.hasPrefix("t="), let time = duration(String(text.dropFirst(2))) {
            return .fromTime(time)
        }
        throw fail(.invalidStart, "expected STEP% or t=DURATION (such as t=90s, t=30m, t=2h, t=1h30m), got '\(text)'")
    }

    /// Reads `1h30m`, `90s`, `1.5h`, `250ms`, `2d`; `nil` when malformed or negative.
    static func duration(_ text: String) -> Duration? {
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), let seconds = unitSeconds[String(unit)] else { return nil }
            total += value * seconds
        }
        guard total.isFinite, total < 1e12 else { return nil }
        return .seconds(total)
    }

    private static let unitSeconds: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86_400]

    /// Writes a duration in the largest unit that divides it: `2h`, `90m`, `45s`, `1.5s`.
    static func render(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds != 0 {
            return "\(Double(seconds) + Double(attoseconds) * 1e-18)s"
        }
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
