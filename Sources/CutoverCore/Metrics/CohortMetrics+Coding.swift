/// Counters by name, external measurements by name (when there are any), and the latency
/// histogram as its non-empty buckets only (a flat array of `[value, count, value, count, …]`)
/// with its exact minimum and maximum. A window's histogram fills a few hundred of its
/// thousands of buckets; writing every bucket made encoding the controller's state the bulk of a
/// commit. The decoded histogram answers every count, percentile, minimum and maximum as the
/// original does.
extension CohortMetrics: Codable {
    private enum CodingKeys: String, CodingKey {
        case calls, errors, fallbacks, userFacingErrors, shortCircuited, outcomeSuccesses, outcomeFailures
        case integrityFailures, divergences, costUnits, cacheHits, cacheMisses, shadowCalls, shadowErrors
        case shadowMismatches, checksShed, comparatorErrors, latencyMin, latencyMax, latencyBuckets, external
    }

    /// The counters, each with its key.
    private static var counters: [(CodingKeys, WritableKeyPath<CohortMetrics, UInt64>)] {
        [
            (.calls, \.calls), (.errors, \.errors), (.fallbacks, \.fallbacks), (.userFacingErrors, \.userFacingErrors),
            (.shortCircuited, \.shortCircuited), (.outcomeSuccesses, \.outcomeSuccesses), (.outcomeFailures, \.outcomeFailures),
            (.integrityFailures, \.integrityFailures), (.divergences, \.divergences), (.costUnits, \.costUnits),
            (.cacheHits, \.cacheHits), (.cacheMisses, \.cacheMisses), (.shadowCalls, \.shadowCalls),
            (.shadowErrors, \.shadowErrors), (.shadowMismatches, \.shadowMismatches), (.checksShed, \.checksShed),
            (.comparatorErrors, \.comparatorErrors),
        ]
    }

    /// The largest count a decoded window may hold, per counter and in its histogram (2⁴⁰): far
    /// above any real window's and far below where adding windows overflows.
    public static let maximumDecodedCount: UInt64 = 1 << 40

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for (key, path) in Self.counters {
            let value = try container.decodeIfPresent(UInt64.self, forKey: key) ?? 0
            guard value <= Self.maximumDecodedCount else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "\(key.stringValue) is above \(Self.maximumDecodedCount)"
                )
            }
            self[keyPath: path] = value
        }
        external = try container.decodeIfPresent([String: ExternalMeasurement].self, forKey: .external) ?? [:]
        let flat = try container.decodeIfPresent([UInt64].self, forKey: .latencyBuckets) ?? []
        guard flat.count.isMultiple(of: 2) else {
            throw DecodingError.dataCorruptedError(
                forKey: .latencyBuckets, in: container, debugDescription: "latency buckets come in value, count pairs"
            )
        }
        let buckets = stride(from: 0, to: flat.count, by: 2).map { (value: flat[$0], count: flat[$0 + 1]) }
        // Counts from outside (an instance's shipped window) must not overflow the histogram.
        guard buckets.reduce(UInt64(0), { $0 + min($1.count, Self.maximumDecodedCount) }) <= Self.maximumDecodedCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .latencyBuckets, in: container,
                debugDescription: "latency buckets hold more than \(Self.maximumDecodedCount) calls"
            )
        }
        guard let first = buckets.first, let last = buckets.last else { return }
        // The first and last buckets are recorded at the exact minimum and maximum, so the
        // histogram's extremes come back as they were; every bucket keeps its count.
        let minimum = try container.decode(UInt64.self, forKey: .latencyMin)
        let maximum = try container.decode(UInt64.self, forKey: .latencyMax)
        if buckets.count == 1 {
            try record(minimum, count: 1, in: container)
            if first.count > 1 { try record(maximum, count: first.count - 1, in: container) }
            return
        }
        try record(minimum, count: first.count, in: container)
        for bucket in buckets.dropFirst().dropLast() { try record(bucket.value, count: bucket.count, in: container) }
        try record(maximum, count: last.count, in: container)
    }

    private mutating func record(_ value: UInt64, count: UInt64, in container: KeyedDecodingContainer<CodingKeys>) throws {
        guard latency.record(value, count: count) else {
            throw DecodingError.dataCorruptedError(
                forKey: .latencyBuckets, in: container, debugDescription: "latency \(value) is outside the histogram"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, path) in Self.counters where self[keyPath: path] != 0 {
            try container.encode(self[keyPath: path], forKey: key)
        }
        if !external.isEmpty {
            try container.encode(external, forKey: .external)
        }
        guard latency.totalCount > 0 else { return }
        var flat: [UInt64] = []
        for bucket in latency.recordedBuckets {
            flat.append(bucket.value)
            flat.append(bucket.count)
        }
        try container.encode(latency.min, forKey: .latencyMin)
        try container.encode(latency.maxRecorded, forKey: .latencyMax)
        try container.encode(flat, forKey: .latencyBuckets)
    }
}
