/// A fault spec that could not be read; says what was wrong and which forms are accepted.
public struct FaultSpecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake the spec has.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformed, unknownService, unknownKind, invalidValue, invalidStart
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The spec is not `SERVICE:KIND=VALUE[@START]`.
        public static let malformed = Code(.malformed)
        /// The service is not one of the seven CVPlus services.
        public static let unknownService = Code(.unknownService)
        /// The kind is not `errors`, `latency` or `corrupt`.
        public static let unknownKind = Code(.unknownKind)
        /// The value is not a number in the kind's range.
        public static let invalidValue = Code(.invalidValue)
        /// The start is neither `STEP%` nor `t=DURATION`.
        public static let invalidStart = Code(.invalidStart)

        public var description: String { base.rawValue }
    }

    /// The accepted forms, for messages and `--help`.
    public static let acceptedForms = """
        SERVICE:errors=RATE[@START]      RATE in 0...1, e.g. recommendation-generator:errors=0.08@25%
          SERVICE:latency=FACTORx[@START]  FACTOR > 0, e.g. cv-analyzer:latency=2.5x@50%
          SERVICE:corrupt=RATE[@START]     RATE in 0...1, e.g. cache-manager:corrupt=0.02@t=2h
          START is STEP% (active while the service's rollout is at least STEP, 0...100)
          or t=DURATION (active from that simulated time, e.g. t=90s, t=30m, t=2h, t=1h30m);
          without START the fault is always active.
          SERVICE is one of: \(CVPlusService.allCases.map(\.rawValue).joined(separator: ", "))
        """

    /// What kind of mistake it is.
    public var code: Code
    /// The whole spec as given.
    public var spec: String
    /// What is wrong with it.
    public var message: String

    /// An error about `spec`.
    public init(_ code: Code, spec: String, message: String) {
        self.code = code
        self.spec = spec
        self.message = message
    }

    public var description: String {
        "invalid fault '\(spec)': \(message). Accepted forms:\n  \(Self.acceptedForms)"
    }
}
