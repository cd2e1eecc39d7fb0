extension CircuitBreaker {
    /// Where a circuit breaker stands.
    public enum State: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
        /// Calls flow to the candidate and are judged over the sliding window.
        case closed
        /// Calls are rejected until the open duration has passed; the next acquire then half-opens.
        case open
        /// A limited number of probe calls are admitted; their outcomes close or reopen the breaker.
        case halfOpen
        /// An operator forced the breaker open: every call is rejected until ``CircuitBreaker/reset()``.
        case forcedOpen
        /// An operator disabled the breaker: every call is admitted and nothing is recorded.
        case disabled

        public var description: String { rawValue }

        /// The compact code mirrored in the breaker's atomic.
        var code: UInt8 {
            switch self {
            case .closed: 0
            case .open: 1
            case .halfOpen: 2
            case .forcedOpen: 3
            case .disabled: 4
            }
        }
    }

    /// The answer to ``CircuitBreaker/acquire()``: may the candidate be called?
    public enum Permission: Sendable, Hashable, CustomStringConvertible {
        /// Call the candidate, then record the outcome.
        case admitted
        /// Call the candidate as a half-open probe, then record the outcome: it decides whether the breaker closes.
        case probe
        /// Do not call the candidate (route to legacy); nothing needs to be recorded.
        case rejected

        /// Whether the candidate may be called (``admitted`` or ``probe``).
        public var isAdmitted: Bool {
            self != .rejected
        }

        public var description: String {
            switch self {
            case .admitted: "admitted"
            case .probe: "probe"
            case .rejected: "rejected"
            }
        }
    }

    /// How an admitted call ended.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The call succeeded (it may still count as slow).
        case success
        /// The call failed.
        case failure

        public var description: String {
            switch self {
            case .success: "success"
            case .failure: "failure"
            }
        }
    }

    /// Monotonic counters of a breaker's activity, for metrics.
    public struct Counters: Sendable, Hashable, Codable {
        /// How many times the breaker opened (tripped from closed, or reopened by a failed probe).
        public var timesOpened = 0
        /// Calls rejected while open, forced open, or half-open with every probe slot taken.
        public var callsRejected = 0
        /// Probe calls admitted while half-open.
        public var probesAdmitted = 0
        /// Outcomes recorded (every state but disabled).
        public var callsRecorded = 0
        /// Failed outcomes recorded.
        public var failuresRecorded = 0
        /// Slow outcomes recorded.
        public var slowCallsRecorded = 0

        /// Creates counters, all zero unless given.
        public init(
            timesOpened: Int = 0,
            callsRejected: Int = 0,
            probesAdmitted: Int = 0,
            callsRecorded: Int = 0,
            failuresRecorded: Int = 0,
            slowCallsRecorded: Int = 0
        ) {
            self.timesOpened = timesOpened
            self.callsRejected = callsRejected
            self.probesAdmitted = probesAdmitted
            self.callsRecorded = callsRecorded
            self.failuresRecorded = failuresRecorded
            self.slowCallsRecorded = slowCallsRecorded
        }
    }
}
