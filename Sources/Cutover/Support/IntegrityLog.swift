import CutoverCore
import DequeModule

/// One data-integrity finding: a mismatch between the two implementations or a divergent write.
public struct IntegrityRecord: Codable, Hashable, Sendable {
    /// What was found.
    public enum Kind: String, Codable, Sendable {
        /// A shadow call returned something other than legacy.
        case shadowMismatch
        /// The two caches held different values for one key.
        case coherenceMismatch
        /// A dual write reached only the authoritative store; the other needs repair.
        case divergence
    }

    /// What was found.
    public var kind: Kind
    /// The service it was found in.
    public var service: String
    /// The cache key or request key concerned, when there is one.
    public var key: String?
    /// The store that missed the write (divergences).
    public var failedStore: Cohort?
    /// A short explanation (e.g. the error of the failed write).
    public var detail: String
    /// When, as time since the router started.
    public var at: Duration
}

/// A bounded, in-memory list of integrity findings for repair and inspection.
///
/// Keeps the most recent `capacity` records and counts the ones it had to drop.
public final class IntegrityLog: Sendable {
    private struct Buffer {
        var records: Deque<IntegrityRecord> = []
        var dropped: Int = 0
    }

    private let capacity: Int
    private let buffer = Locked(Buffer())

    /// Creates a log holding at most `capacity` records.
    public init(capacity: Int = 10_000) {
        self.capacity = max(capacity, 1)
    }

    /// Adds a record, dropping the oldest when full.
    public func append(_ record: IntegrityRecord) {
        buffer.withLock { buffer in
            if buffer.records.count >= capacity {
                buffer.records.removeFirst()
                buffer.dropped += 1
            }
            buffer.records.append(record)
        }
    }

    /// The records held, oldest first.
    public var records: [IntegrityRecord] {
        buffer.withLock { Self.array($0.records) }
    }

    /// How many records were dropped because the log was full.
    public var droppedCount: Int {
        buffer.withLock { $0.dropped }
    }

    /// The deque's records as an array. An empty deque is not copied: copying one writes to the
    /// standard library's shared empty-array storage, which ThreadSanitizer reports as a race
    /// between unrelated logs.
    private static func array(_ records: Deque<IntegrityRecord>) -> [IntegrityRecord] {
        records.isEmpty ? [] : Array(records)
    }

    /// Removes and returns the records of `kind` (e.g. divergences handed to a repair job).
    public func drain(_ kind: IntegrityRecord.Kind) -> [IntegrityRecord] {
        buffer.withLock { buffer in
            let drained = buffer.records.filter { $0.kind == kind }
            buffer.records.removeAll { $0.kind == kind }
            return Self.array(drained)
        }
    }
}
