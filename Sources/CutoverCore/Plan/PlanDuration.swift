/// Durations as plans write them: a whole number and a unit, `30s`, `30m`, `2h`, `1d`, or
/// several of them largest unit first, `1h30m`, `1d12h`.
///
/// Units are `d` (24 hours), `h`, `m` and `s`; each appears at most once. Anything else
/// (`30`, `1.5h`, `30min`, `30m1h`, `1h 30m`) is rejected so that a plan never means
/// something other than it says.
public enum PlanDuration {
    /// How the accepted forms are described in messages.
    public static let accepted = "a whole number and a unit: 30s, 30m, 2h, 1d, or combined largest first, e.g. 1h30m"

    /// The duration `text` denotes, or `nil` when it is not written as described above.
    public static func parse(_ text: String) -> Duration? {
        var seconds: Int64 = 0
        var number: Int64?
        var lastUnit = Int64.max
        for character in text.unicodeScalars {
            if ("0"..."9").contains(character) {
                let digit = Int64(character.value - 48)
                let (times10, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                number = next
                continue
            }
            guard let value = number, let unit = unitSeconds(character), unit < lastUnit else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = seconds.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            seconds = sum
            lastUnit = unit
            number = nil
        }
        guard number == nil, lastUnit != .max else { return nil }
        return .seconds(seconds)
    }

    /// `duration` written the way ``parse(_:)`` reads it (`1h30m`); below a second, in milliseconds.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds == 0 else {
            return "\(attoseconds / 1_000_000_000_000_000)ms"
        }
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, symbol) in [(Int64(86400), "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            text += "\(rest / unit)\(symbol)"
            rest %= unit
        }
        return text
    }

    private static func unitSeconds(_ symbol: Unicode.Scalar) -> Int64? {
        switch symbol {
        case "d": 86400
        case "h": 3600
        case "m": 60
        case "s": 1
        default: nil
        }
    }
}
