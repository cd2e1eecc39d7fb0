/// The backed-up state of one stateful service: its legacy and its candidate implementation's.
public struct ServiceStateBackup<State: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    /// The legacy implementation's state.
    public var legacy: State
    /// The candidate implementation's state.
    public var candidate: State

    /// A backup of both implementations' states.
    public init(legacy: State, candidate: State) {
        self.legacy = legacy
        self.candidate = candidate
    }
}

/// A state backup that could not be taken or restored.
public struct CVPlusStateError: Error, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownService, unreadableBackup
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The service is not one of the seven CVPlus services.
        public static let unknownService = Code(.unknownService)
        /// The backup could not be encoded or decoded.
        public static let unreadableBackup = Code(.unreadableBackup)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The service named.
    public var service: String
    /// The encoding or decoding error, if any.
    public var underlying: (any Error)?

    /// An error about `service`.
    public init(_ code: Code, service: String, underlying: (any Error)? = nil) {
        self.code = code
        self.service = service
        self.underlying = underlying
    }

    public var description: String {
        switch code {
        case .unknownService: "'\(service)' is not a CVPlus service"
        default: "the state backup of \(service) is unreadable: \(underlying.map { "\($0)" } ?? "no detail")"
        }
    }
}
