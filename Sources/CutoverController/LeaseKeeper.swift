import CutoverStore
import Logging

/// Keeps one process in charge: waits for a store lease, then runs work while renewing it.
///
/// Replicas that share a store each run a keeper for the same lease; one holds it and works,
/// the others stand by and take over within about one TTL after the holder stops renewing.
public struct LeaseKeeper: Sendable {
    /// Which lease, who asks, and how long it lasts.
    public struct Configuration: Sendable {
        /// The lease's name, e.g. `controller:RUN`.
        public var name: String
        /// This process's identity.
        public var holder: String
        /// How long the lease lasts without renewal; it is renewed every third of it.
        public var ttl: Duration = .seconds(10)

        /// A configuration for lease `name` held by `holder`.
        public init(name: String, holder: String) {
            self.name = name
            self.holder = holder
        }
    }

    /// Renewal found another holder: this process must stop acting as the leader.
    public struct LeaseLost: Error, CustomStringConvertible {
        /// The lease.
        public var name: String
        public var description: String { "lost the lease '\(name)'" }
    }

    private let store: any MigrationStore
    private let configuration: Configuration
    private let logger: Logger

    /// A keeper of `configuration`'s lease in `store`.
    public init(store: any MigrationStore, configuration: Configuration, logger: Logger = Logger(label: "cutover.lease")) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Waits until this holder has the lease (calling `standingBy` once while another holds it),
    /// then runs `work` while renewing the lease. If a renewal finds the lease taken, or the store
    /// cannot be reached for a whole TTL, `work` is cancelled and ``LeaseLost`` thrown.
    public func whileHolding<T: Sendable>(
        standingBy: @Sendable () -> Void = {}, _ work: @escaping @Sendable (Lease) async throws -> T
    ) async throws -> T {
        let lease = try await acquire(standingBy: standingBy)
        logger.info("lease acquired", metadata: ["lease.name": "\(lease.name)", "lease.term": "\(lease.term)"])
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work(lease) }
            group.addTask {
                try await renew(from: lease)
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    private func acquire(standingBy: @Sendable () -> Void) async throws -> Lease {
        var announced = false
        while true {
            do {
                if let lease = try await store.acquireLease(configuration.name, holder: configuration.holder, ttl: configuration.ttl) {
                    return lease
                }
                if !announced {
                    standingBy()
                    announced = true
                }
            } catch let error as StoreError where error.code.isTransient {
                logger.warning("cannot reach the store for the lease", metadata: ["store.error": "\(error)"])
            }
            try await Task.sleep(for: configuration.ttl / 3)
        }
    }

    private func renew(from lease: Lease) async throws {
        var lastRenewal = ContinuousClock.now
        while true {
            try await Task.sleep(for: configuration.ttl / 3)
            do {
                guard let renewed = try await store.acquireLease(configuration.name, holder: configuration.holder, ttl: configuration.ttl),
                      renewed.term == lease.term else {
                    throw LeaseLost(name: configuration.name)
                }
                lastRenewal = .now
            } catch let error as StoreError where error.code.isTransient {
                logger.warning("lease renewal failed", metadata: ["store.error": "\(error)"])
                if ContinuousClock.now - lastRenewal >= configuration.ttl { throw LeaseLost(name: configuration.name) }
            }
        }
    }
}
