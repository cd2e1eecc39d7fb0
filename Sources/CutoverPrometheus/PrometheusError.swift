/// A Prometheus source that cannot measure: not configured, or a query without a usable answer.
///
/// `description` names the kind and Prometheus' own message; it never holds the server's URL
/// (which may carry credentials) or the whole response.
public struct PrometheusError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it was.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, unreachable, timeout, httpStatus, queryFailed, malformedResponse, unsupportedResult
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The source's URL is missing (its environment variable is not set) or not a URL.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server could not be reached (refused, reset, name not resolved).
        public static let unreachable = Code(.unreachable)
        /// No answer within the source's timeout.
        public static let timeout = Code(.timeout)
        /// An HTTP status other than success, without a Prometheus error body.
        public static let httpStatus = Code(.httpStatus)
        /// Prometheus answered `"status": "error"` (a bad query, an execution error, a timeout on its side).
        public static let queryFailed = Code(.queryFailed)
        /// The answer is not a Prometheus API response.
        public static let malformedResponse = Code(.malformedResponse)
        /// A well-formed answer of a kind a measurement cannot use (a matrix or string result,
        /// latency buckets without `le`).
        public static let unsupportedResult = Code(.unsupportedResult)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a human.
    public var message: String
    /// The error that caused it, if any.
    public var underlying: (any Error)?

    /// A query error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "prometheus error (\(code)): \(message)"
    }
}
