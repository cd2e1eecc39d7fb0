/// An error by which a candidate declares that it wrote nothing before failing.
///
/// For services with `transactionSafety`, a failed candidate write falls back to legacy only
/// when its error conforms to this protocol: any other error might follow a commit, and
/// retrying the write on legacy could apply it twice.
public protocol NothingWrittenError: Error {}

/// Wraps any error to declare that the failed write changed nothing.
public struct NothingWritten: NothingWrittenError, CustomStringConvertible {
    /// The error the candidate met before writing.
    public var underlying: any Error

    /// Declares that `underlying` happened before anything was written.
    public init(_ underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String {
        "nothing written: \(underlying)"
    }
}

/// What a routed call does, which decides when a failed candidate call may be retried on legacy.
public enum CallKind: Sendable {
    /// A read or a stateless call: safe to retry on legacy.
    case read
    /// A call that changes state: retried on legacy only under the `transactionSafety` rule.
    case write
}
