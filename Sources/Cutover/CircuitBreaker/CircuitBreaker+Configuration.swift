extension CircuitBreaker {
    /// How a circuit breaker judges the candidate and when it trips.
    ///
    /// Every field has a default; change only what differs:
    /// ```swift
    /// var configuration = CircuitBreaker.Configuration()
    /// configuration.window = .time(.seconds(60))
    /// configuration.failureRateThreshold = 0.25
    /// ```
    /// Durations are encoded as seconds (`"openDuration": 30`) and missing keys take their default.
    public struct Configuration: Sendable, Hashable {
        /// The sliding window of recent calls that the rates are computed over.
        public var window: Window = .count(100)
        /// Trip when the share of failed calls in the window reaches this (0 < rate ≤ 1).
        public var failureRateThreshold = 0.5
        /// A call taking at least this long is slow, whether it succeeded or not.
        public var slowCallDurationThreshold: Duration = .seconds(2)
        /// Trip when the share of slow calls in the window reaches this (0 < rate ≤ 1).
        public var slowCallRateThreshold = 1.0
        /// The window must hold at least this many calls before the breaker may trip.
        /// A count window smaller than this needs only to be full.
        public var minimumCalls = 20
        /// How long the breaker stays open before admitting probes.
        public var openDuration: Duration = .seconds(30)
        /// How many probe calls a half-open breaker admits; all must succeed, not slow, to close it.
        public var halfOpenProbes = 5

        /// Creates a configuration; omitted fields take their defaults.
        public init(
            window: Window = .count(100),
            failureRateThreshold: Double = 0.5,
            slowCallDurationThreshold: Duration = .seconds(2),
            slowCallRateThreshold: Double = 1.0,
            minimumCalls: Int = 20,
            openDuration: Duration = .seconds(30),
            halfOpenProbes: Int = 5
        ) {
            self.window = window
            self.failureRateThreshold = failureRateThreshold
            self.slowCallDurationThreshold = slowCallDurationThreshold
            self.slowCallRateThreshold = slowCallRateThreshold
            self.minimumCalls = minimumCalls
            self.openDuration = openDuration
            self.halfOpenProbes = halfOpenProbes
        }

        /// Checks every field, throwing for the first one that is invalid, named in the error.
        public func validate() throws(ConfigurationError) {
            try window.validate()
            for (field, rate) in [("failureRateThreshold", failureRateThreshold), ("slowCallRateThreshold", slowCallRateThreshold)]
            where !(rate > 0 && rate <= 1) {
                throw ConfigurationError(.invalidRate, field: field, "must be greater than 0 and at most 1 (got \(rate))")
            }
            for (field, duration) in [("slowCallDurationThreshold", slowCallDurationThreshold), ("openDuration", openDuration)]
            where duration <= .zero {
                throw ConfigurationError(.invalidDuration, field: field, "must be longer than zero (got \(duration))")
            }
            for (field, count) in [("minimumCalls", minimumCalls), ("halfOpenProbes", halfOpenProbes)] where count < 1 {
                throw ConfigurationError(.invalidCount, field: field, "must be at least 1 (got \(count))")
            }
        }

        /// The number of calls the window must hold before the breaker may trip.
        var effectiveMinimumCalls: Int {
            min(minimumCalls, window.callCount ?? minimumCalls)
        }
    }
}

extension CircuitBreaker.Configuration {
    /// The sliding window a breaker judges: the last N calls, or the calls of the last T seconds.
    public struct Window: Sendable, Hashable, CustomStringConvertible {
        private enum Storage: Hashable {
            case count(Int)
            case time(Duration)
        }

        private let storage: Storage

        /// The largest count window, in calls.
        public static let maximumCallCount = 100_000
        /// The longest time window.
        public static let maximumDuration: Duration = .seconds(3600)

        /// A window of the last `calls` calls (1 to ``maximumCallCount``), kept in a preallocated ring.
        public static func count(_ calls: Int) -> Self {
            Self(storage: .count(calls))
        }

        /// A window of the calls of the last `duration` (whole seconds, up to ``maximumDuration``),
        /// kept in preallocated one-second buckets.
        public static func time(_ duration: Duration) -> Self {
            Self(storage: .time(duration))
        }

        /// The size of a count window, or `nil` for a time window.
        public var callCount: Int? {
            if case .count(let calls) = storage { calls } else { nil }
        }

        /// The span of a time window, or `nil` for a count window.
        public var duration: Duration? {
            if case .time(let duration) = storage { duration } else { nil }
        }

        public var description: String {
            switch storage {
            case .count(let calls): "last \(calls) calls"
            case .time(let duration): "last \(duration)"
            }
        }

        func validate() throws(CircuitBreaker.ConfigurationError) {
            switch storage {
            case .count(let calls) where !(1...Self.maximumCallCount).contains(calls):
                throw .init(.invalidWindow, field: "window", "a count window must hold 1...\(Self.maximumCallCount) calls (got \(calls))")
            case .time(let duration) where duration.components.attoseconds != 0:
                throw .init(.invalidWindow, field: "window", "a time window must be a whole number of seconds (got \(duration))")
            case .time(let duration) where duration < .seconds(1) || duration > Self.maximumDuration:
                throw .init(.invalidWindow, field: "window", "a time window must last 1 s...\(Self.maximumDuration) (got \(duration))")
            default:
                return
            }
        }
    }
}
