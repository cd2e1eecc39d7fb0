/// A store operation that failed.
///
/// `description` names the operation and the code, never SQL or credentials.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it was.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case conflict, notFound, unavailable, full, corrupt, readOnly, invalidConfiguration, failed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Another writer got there first (a revision moved, an id is taken).
        public static let conflict = Code(.conflict)
        /// What the operation refers to does not exist.
        public static let notFound = Code(.notFound)
        /// The database cannot be reached now; retrying later may work.
        public static let unavailable = Code(.unavailable)
        /// The disk or the database is full; retrying after space is freed may work.
        public static let full = Code(.full)
        /// The database file is not a database or is damaged.
        public static let corrupt = Code(.corrupt)
        /// The database cannot be written (permissions, read-only file system).
        public static let readOnly = Code(.readOnly)
        /// The store's location or options are wrong.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Any other failure.
        public static let failed = Code(.failed)

        public var description: String { base.rawValue }

        /// Whether retrying the same operation later can succeed.
        public var isTransient: Bool {
            self == .unavailable || self == .full
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, for a human.
    public var message: String
    /// The error that caused it, if any.
    public var underlying: (any Error)?

    /// Creates a store error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "store error (\(code)): \(message)"
    }
}
