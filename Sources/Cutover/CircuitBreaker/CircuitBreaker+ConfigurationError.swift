extension CircuitBreaker {
    /// A circuit breaker configuration that cannot be used, naming the field at fault.
    ///
    /// Match on ``code`` and ``field``, never on ``message``:
    /// ```swift
    /// do { try configuration.validate() }
    /// catch where error.code == .invalidRate { print(error.field) }
    /// ```
    public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What kind of problem it is. New codes may be added in any release.
        public struct Code: Hashable, Sendable, CustomStringConvertible {
            private enum Base: String, Hashable, Sendable {
                case invalidWindow
                case invalidRate
                case invalidDuration
                case invalidCount
            }

            private let base: Base

            private init(_ base: Base) {
                self.base = base
            }

            /// The window is empty, too large, or not a whole number of seconds.
            public static let invalidWindow = Code(.invalidWindow)
            /// A rate threshold is not within 0 < rate ≤ 1.
            public static let invalidRate = Code(.invalidRate)
            /// A duration is zero or negative.
            public static let invalidDuration = Code(.invalidDuration)
            /// A count is below 1.
            public static let invalidCount = Code(.invalidCount)

            public var description: String { base.rawValue }
        }

        /// What kind of problem it is.
        public var code: Code
        /// The configuration field at fault, e.g. `failureRateThreshold`.
        public var field: String
        /// What is wrong, in words, with the offending value.
        public var message: String

        /// Creates an error about `field`.
        public init(_ code: Code, field: String, _ message: String) {
            self.code = code
            self.field = field
            self.message = message
        }

        public var description: String {
            "invalid circuit breaker configuration, \(field): \(message)"
        }
    }
}
