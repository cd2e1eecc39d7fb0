/// Which implementation is authoritative for one request.
public enum Cohort: String, Codable, Sendable, CaseIterable {
    /// The implementation being replaced.
    case legacy
    /// Its replacement.
    case candidate

    /// The other cohort.
    public var other: Cohort {
        self == .legacy ? .candidate : .legacy
    }
}

/// Which cache serves reads while a stateful service migrates.
public enum ReadPreference: String, Codable, Sendable, CaseIterable {
    /// Always the legacy store.
    case legacy
    /// The store of the request's cohort (the spec calls the candidate "package").
    case candidate
    /// Both stores race; the first hit wins and the other read is cancelled.
    case fastest

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = ReadPreference(name: raw) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown read preference '\(raw)': expected legacy, candidate (or package) or fastest"
            ))
        }
        self = value
    }

    /// Parses a read preference, accepting the spec's `package` for `candidate`.
    public init?(name: String) {
        switch name {
        case "package": self = .candidate
        default:
            guard let value = ReadPreference(rawValue: name) else { return nil }
            self = value
        }
    }
}
