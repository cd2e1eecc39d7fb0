/// A delivery that did not happen, with whether trying again can help.
///
/// `description` never contains a target, an endpoint or a header value: they are secrets.
public struct AlertDeliveryError: Error, CustomStringConvertible, Sendable {
    /// Why the delivery failed.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notConfigured, rejected, unavailable, unknownRoute
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An environment variable the route needs is not set.
        public static let notConfigured = Code(.notConfigured)
        /// The endpoint refused the request for good (a 4xx other than 408 and 429).
        public static let rejected = Code(.rejected)
        /// The endpoint could not be reached, timed out, or failed (5xx, 408, 429); try later.
        public static let unavailable = Code(.unavailable)
        /// The alert names a route the plan no longer has.
        public static let unknownRoute = Code(.unknownRoute)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, for a human.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Whether a later attempt can succeed without a change to the plan: an unreachable or
    /// failing endpoint may recover, and a missing variable may be set before a restart.
    public var isTransient: Bool {
        code == .unavailable || code == .notConfigured
    }
}
