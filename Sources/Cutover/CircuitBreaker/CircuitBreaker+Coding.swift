// Codable conformances of the breaker's configuration and snapshot.
// Durations are written as seconds (a JSON/YAML number) rather than Swift's opaque attosecond pair,
// so plans and state backups stay readable and editable by hand.

extension CircuitBreaker.Configuration: Codable {
    private enum CodingKeys: String, CodingKey {
        case window, failureRateThreshold, slowCallDurationThreshold, slowCallRateThreshold
        case minimumCalls, openDuration, halfOpenProbes
    }

    /// Decodes a configuration; missing keys take their defaults, and an invalid one fails to decode.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        self.init(
            window: try container.decodeIfPresent(Window.self, forKey: .window) ?? defaults.window,
            failureRateThreshold: try container.decodeIfPresent(Double.self, forKey: .failureRateThreshold)
                ?? defaults.failureRateThreshold,
            slowCallDurationThreshold: try container.decodeSecondsIfPresent(forKey: .slowCallDurationThreshold)
                ?? defaults.slowCallDurationThreshold,
            slowCallRateThreshold: try container.decodeIfPresent(Double.self, forKey: .slowCallRateThreshold)
                ?? defaults.slowCallRateThreshold,
            minimumCalls: try container.decodeIfPresent(Int.self, forKey: .minimumCalls) ?? defaults.minimumCalls,
            openDuration: try container.decodeSecondsIfPresent(forKey: .openDuration) ?? defaults.openDuration,
            halfOpenProbes: try container.decodeIfPresent(Int.self, forKey: .halfOpenProbes) ?? defaults.halfOpenProbes
        )
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error)
            )
        }
    }

    /// Encodes every field, durations as seconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(failureRateThreshold, forKey: .failureRateThreshold)
        try container.encodeSeconds(slowCallDurationThreshold, forKey: .slowCallDurationThreshold)
        try container.encode(slowCallRateThreshold, forKey: .slowCallRateThreshold)
        try container.encode(minimumCalls, forKey: .minimumCalls)
        try container.encodeSeconds(openDuration, forKey: .openDuration)
        try container.encode(halfOpenProbes, forKey: .halfOpenProbes)
    }
}

extension CircuitBreaker.Configuration.Window: Codable {
    private enum CodingKeys: String, CodingKey {
        case calls, seconds
    }

    /// Decodes `{"calls": 100}` or `{"seconds": 60}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let calls = try container.decodeIfPresent(Int.self, forKey: .calls) {
            self = .count(calls)
        } else if let seconds = try container.decodeSecondsIfPresent(forKey: .seconds) {
            self = .time(seconds)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a window needs either 'calls' or 'seconds'")
            )
        }
    }

    /// Encodes `{"calls": 100}` or `{"seconds": 60}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let calls = callCount {
            try container.encode(calls, forKey: .calls)
        } else if let duration {
            try container.encodeSeconds(duration, forKey: .seconds)
        }
    }
}

extension CircuitBreaker.Snapshot: Codable {
    private enum CodingKeys: String, CodingKey {
        case state, remainingOpenTime, window, calls, buckets
    }

    /// Decodes a snapshot; missing window contents are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            state: try container.decode(CircuitBreaker.State.self, forKey: .state),
            remainingOpenTime: try container.decodeSecondsIfPresent(forKey: .remainingOpenTime),
            window: try container.decode(CircuitBreaker.Configuration.Window.self, forKey: .window),
            calls: try container.decodeIfPresent([Call].self, forKey: .calls) ?? [],
            buckets: try container.decodeIfPresent([Bucket].self, forKey: .buckets) ?? []
        )
    }

    /// Encodes the snapshot, the remaining open time in seconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        if let remainingOpenTime {
            try container.encodeSeconds(remainingOpenTime, forKey: .remainingOpenTime)
        }
        try container.encode(window, forKey: .window)
        try container.encode(calls, forKey: .calls)
        try container.encode(buckets, forKey: .buckets)
    }
}

extension KeyedEncodingContainer {
    fileprivate mutating func encodeSeconds(_ duration: Duration, forKey key: Key) throws {
        let (seconds, attoseconds) = duration.components
        try encode(Double(seconds) + Double(attoseconds) * 1e-18, forKey: key)
    }
}

extension KeyedDecodingContainer {
    fileprivate func decodeSecondsIfPresent(forKey key: Key) throws -> Duration? {
        guard let seconds = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard seconds.isFinite, abs(seconds) < 1e15 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a duration in seconds: \(seconds)")
        }
        return .seconds(seconds)
    }
}
