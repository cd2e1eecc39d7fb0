import CutoverCore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The in-app runtime: routes each call of each migrating service to legacy or candidate.
///
/// Create one router per application, register each migrating service with
/// ``service(_:legacy:candidate:breaker:)``, and run the router in the application's
/// `ServiceGroup`: its ``run()`` executes shadow calls and coherence checks and collects
/// metric windows. Routing itself never waits on the network or on a lock held by another thread.
public final class MigrationRouter: Service, Sendable {
    /// Settings of the router and the parts it owns.
    public struct Configuration: Sendable {
        /// How often metrics are collected into a window and exported through swift-metrics.
        public var collectionInterval: Duration = .seconds(10)
        /// Time a shadow call or coherence check may take before it is abandoned.
        public var checkTimeBudget: Duration = .milliseconds(500)
        /// Limits of the background checks.
        public var checks = BackgroundChecks.Configuration()
        /// Limits of each service's workflow pins.
        public var workflowPins = WorkflowPins.Configuration()
        /// The candidate circuit breaker of services registered without their own.
        public var breaker = CircuitBreaker.Configuration()
        /// Integrity findings kept in memory.
        public var integrityLogCapacity: Int = 10_000
        /// The recorder's tuning.
        public var recorder = MetricsRecorder.Configuration()
        /// Where collected windows are exported; `nil` for the factory bootstrapped in `MetricsSystem`.
        public var metricsFactory: (any MetricsFactory)?

        /// The default configuration.
        public init() {}
    }

    /// The flags routed by.
    public let flags: FlagHolder
    /// Measurements per service and cohort.
    public let recorder: MetricsRecorder
    /// Shadow mismatches, coherence mismatches and divergent writes.
    public let integrityLog: IntegrityLog
    let configuration: Configuration
    /// Shadow calls and coherence checks waiting or running off the request path.
    public let checks: BackgroundChecks
    let time: ElapsedTime
    let clock: AnyClock
    let logger: Logger
    private let exporter: SwiftMetricsExporter
    private let sampling = Atomic<UInt64>(0)
    private let observers = Locked<[UInt64: AsyncStream<MetricsWindow>.Continuation]>([:])
    private let nextObserver = Atomic<UInt64>(0)

    /// Creates a router over `flags`, timed by `clock`: breakers, pins, time budgets, metric
    /// windows and call latencies all read it.
    ///
    /// Throws when ``Configuration/breaker`` is invalid, naming the field at fault.
    public init<C: Clock>(
        flags: FlagHolder = FlagHolder(),
        configuration: Configuration = .init(),
        clock: C = ContinuousClock(),
        logger: Logger = Logger(label: "cutover.router")
    ) throws(CircuitBreaker.ConfigurationError) where C.Duration == Duration, C: Sendable {
        try configuration.breaker.validate()
        self.flags = flags
        self.configuration = configuration
        self.logger = logger
        recorder = MetricsRecorder(slots: flags.slots, configuration: configuration.recorder)
        integrityLog = IntegrityLog(capacity: configuration.integrityLogCapacity)
        checks = BackgroundChecks(configuration: configuration.checks)
        exporter = SwiftMetricsExporter(factory: configuration.metricsFactory ?? MetricsSystem.factory)
        time = ElapsedTime(clock)
        self.clock = AnyClock(clock)
    }

    /// Registers a migrating service with its two implementations.
    ///
    /// - Parameters:
    ///   - name: The service name, as in the flags (e.g. `cv-analyzer`).
    ///   - breaker: The candidate's breaker; by default a new one with ``Configuration/breaker``.
    public func service<Implementation: Sendable>(
        _ name: String, legacy: Implementation, candidate: Implementation, breaker: CircuitBreaker? = nil
    ) -> MigratedService<Implementation> {
        let routing = ServiceRouting(
            name: name, slot: flags.slots.slot(for: name), router: self, breaker: breaker ?? defaultBreaker(),
            pins: WorkflowPins(configuration: configuration.workflowPins, clock: clock)
        )
        return MigratedService(routing: routing, legacy: legacy, candidate: candidate)
    }

    private func defaultBreaker() -> CircuitBreaker {
        do {
            return try CircuitBreaker(configuration: configuration.breaker, clock: clock)
        } catch {
            preconditionFailure("the breaker configuration was validated when the router was created: \(error)")
        }
    }

    /// Runs background checks and collects a metrics window every ``Configuration/collectionInterval``
    /// until cancelled or asked to shut down gracefully.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.checks.run() }
                await self.collectPeriodically()
                group.cancelAll()
            }
        }
        collectAndPublish()
        // Finished outside the lock: finishing runs the stream's termination handler, which
        // takes the lock to remove its observer.
        let finishing = observers.withLock { observers in
            defer { observers.removeAll() }
            return Array(observers.values)
        }
        finishing.forEach { $0.finish() }
    }

    private func collectPeriodically() async {
        while true {
            do {
                try await time.sleep(for: configuration.collectionInterval)
            } catch {
                return
            }
            collectAndPublish()
        }
    }

    /// The metric windows collected from now on, one element per collection.
    public func windows() -> AsyncStream<MetricsWindow> {
        let id = nextObserver.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream.makeStream(of: MetricsWindow.self, bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            _ = self?.observers.withLock { $0.removeValue(forKey: id) }
        }
        observers.withLock { $0[id] = continuation }
        return stream
    }

    /// Collects a window now, exports it and hands it to ``windows()`` observers.
    @discardableResult
    public func collectAndPublish() -> MetricsWindow {
        let window = recorder.collect()
        exporter.export(window)
        // Not `Array($0.values)`: copying an empty collection writes the standard library's
        // shared empty storage, which ThreadSanitizer reports as a race between routers.
        for observer in observers.withLock({ $0.isEmpty ? [] : Array($0.values) }) {
            observer.yield(window)
        }
        return window
    }

    /// Whether this call is in a `share` sample; cheap and uniform, not cryptographic.
    func sample(_ share: Rollout) -> Bool {
        guard share.thousandthsOfPercent > 0 else { return false }
        let sequence = sampling.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        var mixed = sequence
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return share.includes(bucket: Int(mixed % Bucketing.bucketCount))
    }

    /// Runs `operation` in the background within the check time budget; `nil` when it overran.
    func withinBudget<Output: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Output
    ) async -> Result<Output, any Error>? {
        await withTaskGroup(of: Result<Output, any Error>?.self) { group in
            group.addTask {
                do {
                    return .success(try await operation())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await self.time.sleep(for: self.configuration.checkTimeBudget)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
