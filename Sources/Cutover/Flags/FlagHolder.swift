import CutoverCore
import Logging

/// The flags an application instance routes by, kept fail-static.
///
/// - An instance that never received flags routes every service to legacy.
/// - A snapshot older than (or as old as) the one held is ignored, so a late or replayed
///   delivery never moves a migration backwards.
/// - With a ``FlagSnapshotFile``, every applied snapshot is persisted and reloaded on start,
///   so a restart without contact to the server keeps the last flags.
/// - Losing contact changes nothing: flags stay as they were until a newer snapshot arrives.
public final class FlagHolder: Sendable {
    /// What ``apply(_:)`` did with a snapshot.
    public enum ApplyOutcome: Hashable, Sendable {
        /// The snapshot is now the one routed by.
        case applied(version: UInt64)
        /// The snapshot was not newer than the held one (`current`) and was ignored.
        case stale(current: UInt64)
    }

    /// Slots of the services these flags route; shared with the router and recorder.
    public let slots: ServiceSlots
    private let compiled: ThreadCachedReference<CompiledFlags>
    private let applying = Locked(())
    private let file: FlagSnapshotFile?
    private let logger: Logger

    /// Creates a holder, loading the last persisted snapshot from `file` when there is one.
    ///
    /// A persisted file that cannot be read or is invalid is logged and ignored: the instance
    /// then starts unsynced (everything on legacy) rather than guessing.
    public init(file: FlagSnapshotFile? = nil, slots: ServiceSlots = ServiceSlots(), logger: Logger = Logger(label: "cutover.flags")) {
        self.slots = slots
        self.file = file
        self.logger = logger
        var initial = CompiledFlags.unsynced
        do {
            if let snapshot = try file?.load() {
                initial = try CompiledFlags(snapshot, slots: slots)
                logger.info("restored persisted flags", metadata: ["flags.version": "\(snapshot.version)"])
            }
        } catch {
            logger.error(
                "ignoring unreadable persisted flags; routing everything to legacy until flags arrive",
                metadata: ["flags.file": "\(file?.path ?? "")", "error": "\(error)"]
            )
        }
        compiled = ThreadCachedReference(initial)
    }

    /// Routes by `snapshot` from now on, unless it is not newer than the current one.
    ///
    /// Throws a ``FlagValidationError`` listing every problem when the snapshot is invalid;
    /// the held flags are then unchanged. A failure to persist is logged, not thrown: the
    /// new flags already apply in memory.
    @discardableResult
    public func apply(_ snapshot: FlagSnapshot) throws(FlagValidationError) -> ApplyOutcome {
        try applying.withLock { _ throws(FlagValidationError) -> ApplyOutcome in
            if let current = compiled.value.version, snapshot.version <= current {
                return .stale(current: current)
            }
            let next = try CompiledFlags(snapshot, slots: slots)
            compiled.publish(next)
            persist(snapshot)
            return .applied(version: snapshot.version)
        }
    }

    /// The flags routed by now.
    public var current: CompiledFlags {
        compiled.value
    }

    /// Runs `body` with the current flags; the cheap path used on every request.
    @inline(__always)
    func withCurrent<Result>(_ body: (CompiledFlags) throws -> Result) rethrows -> Result {
        try compiled.withValue(body)
    }

    private func persist(_ snapshot: FlagSnapshot) {
        guard let file else { return }
        do {
            try file.save(snapshot)
        } catch {
            logger.error(
                "could not persist flags; a restart before the next successful write would use older flags",
                metadata: ["flags.file": "\(file.path)", "flags.version": "\(snapshot.version)", "error": "\(error)"]
            )
        }
    }
}
