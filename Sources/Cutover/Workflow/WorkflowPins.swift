import CutoverCore

/// Keeps each multi-step workflow on the cohort it started in.
///
/// A workflow's first call pins its cohort by workflow id; later calls of the same workflow
/// use the pin until it expires, so flag changes apply to new workflows only. Pins expire
/// `timeToLive` after their last use, and the oldest are evicted beyond `capacity`. Expired
/// pins are dropped whenever the table has doubled since the last drop, so it holds about
/// twice the live pins, not `capacity` pins of long-finished workflows.
public final class WorkflowPins: Sendable {
    /// Limits of the pin table.
    public struct Configuration: Sendable {
        /// How long a pin outlives the workflow's last call.
        public var timeToLive: Duration = .seconds(3600)
        /// The most pins kept; the least recently used go first.
        public var capacity: Int = 100_000

        /// The default configuration.
        public init() {}
    }

    private struct Pin {
        var cohort: Cohort
        var expiresAt: Duration
        var lastUse: UInt64
    }

    private struct Table {
        var pins: [String: Pin] = [:]
        var uses: UInt64 = 0
        /// The number of pins beyond which expired ones are next dropped: at most `capacity`.
        var purgeAt: Int
    }

    /// The fewest pins beyond which expired ones are dropped, unless `capacity` is smaller.
    private static let smallestPurge = 1_024

    private let configuration: Configuration
    private let time: ElapsedTime
    private let table: Locked<Table>

    /// Creates an empty pin table timed by `clock`.
    public init<C: Clock>(configuration: Configuration = .init(), clock: C = ContinuousClock())
    where C.Duration == Duration, C: Sendable {
        self.configuration = configuration
        time = ElapsedTime(clock)
        table = Locked(Table(purgeAt: min(Self.smallestPurge, configuration.capacity)))
    }

    /// The cohort of `workflow`: its live pin, or `decided`, which becomes its pin.
    public func cohort(for workflow: String, decided: Cohort) -> Cohort {
        let now = time.now()
        return table.withLock { table in
            table.uses &+= 1
            let expiresAt = now + configuration.timeToLive
            if let index = table.pins.index(forKey: workflow), table.pins.values[index].expiresAt > now {
                // Renewed in place through the index: one look-up of the workflow, not two.
                table.pins.values[index].expiresAt = expiresAt
                table.pins.values[index].lastUse = table.uses
                return table.pins.values[index].cohort
            }
            table.pins[workflow] = Pin(cohort: decided, expiresAt: expiresAt, lastUse: table.uses)
            if table.pins.count > table.purgeAt {
                Self.evict(from: &table, now: now, keeping: configuration.capacity)
            }
            return decided
        }
    }

    /// Forgets the pin of `workflow`.
    public func unpin(_ workflow: String) {
        _ = table.withLock { $0.pins.removeValue(forKey: workflow) }
    }

    /// Forgets every pin, e.g. when an immediate rollback force-unpins a service.
    public func unpinAll() {
        table.withLock { $0.pins.removeAll() }
    }

    /// The number of pins held, expired ones included until they are dropped.
    public var heldCount: Int {
        table.withLock { $0.pins.count }
    }

    /// The number of live pins on `cohort`.
    public func count(on cohort: Cohort) -> Int {
        let now = time.now()
        return table.withLock { table in
            table.pins.values.count { $0.cohort == cohort && $0.expiresAt > now }
        }
    }

    /// Drops expired pins, then, beyond `capacity`, the least recently used down to 90 % of it,
    /// so the sort this takes is paid once per tenth of the capacity, not on every new workflow.
    /// The next drop comes when the table has doubled.
    private static func evict(from table: inout Table, now: Duration, keeping capacity: Int) {
        let live = table.pins.values.count { $0.expiresAt > now }
        let kept = live > capacity ? max(capacity * 9 / 10, 1) : live
        table.purgeAt = min(max(2 * kept, smallestPurge), capacity)
        // The live pins, in a table sized once for every pin up to the next drop.
        var pins = [String: Pin](minimumCapacity: table.purgeAt + 1)
        for (workflow, pin) in table.pins where pin.expiresAt > now {
            pins[workflow] = pin
        }
        if live > kept {
            for (workflow, _) in pins.sorted(by: { $0.value.lastUse < $1.value.lastUse }).prefix(live - kept) {
                pins.removeValue(forKey: workflow)
            }
        }
        table.pins = pins
    }
}
