/// Which health check a ``CheckResult`` reports.
///
/// Encoded as a single string: `errorRate`, `integrity`, `latency`, `userSuccess`,
/// `throughput`, or `custom:<metric>`.
public enum HealthCheck: Hashable, Sendable, CustomStringConvertible {
    /// The candidate's error rate (implementation calls that threw).
    case errorRate
    /// Confirmed data-integrity failures (shadow and coherence mismatches).
    case integrity
    /// The candidate's latency percentile against the baseline's.
    case latency
    /// The share of the candidate cohort's user tasks that succeeded.
    case userSuccess
    /// Candidate calls served against the calls its traffic share should bring.
    case throughput
    /// A business or cost metric of the plan, e.g. `costUnitsPerCall`.
    case custom(String)

    /// The check's stable name, as encoded.
    public var description: String {
        switch self {
        case .errorRate: "errorRate"
        case .integrity: "integrity"
        case .latency: "latency"
        case .userSuccess: "userSuccess"
        case .throughput: "throughput"
        case .custom(let metric): "custom:\(metric)"
        }
    }

    /// The check named `name` (the inverse of ``description``), or `nil`.
    public init?(name: String) {
        switch name {
        case "errorRate": self = .errorRate
        case "integrity": self = .integrity
        case "latency": self = .latency
        case "userSuccess": self = .userSuccess
        case "throughput": self = .throughput
        default:
            guard name.hasPrefix("custom:") else { return nil }
            self = .custom(String(name.dropFirst("custom:".count)))
        }
    }
}

extension HealthCheck: Codable {
    /// Decodes a check from its name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let check = HealthCheck(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown health check \(name)")
        }
        self = check
    }

    /// Encodes the check as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
