import Cutover
import CutoverCore

/// The CVPlus recommendations module: its seven migrating services composed over one router.
///
/// ``handle(_:)`` runs one user task through the services in their natural order. Build it
/// for a simulation with a ``SimulationClock``, ``SimulatedWork`` and a ``FaultInjector``:
/// ```swift
/// let clock = SimulationClock()
/// let router = try MigrationRouter(flags: flags, clock: clock)
/// let faults = FaultInjector(try Fault.parse(specs), seed: 7,
///                            rollout: FaultInjector.rollout(from: flags), elapsed: { clock.elapsed })
/// let app = try CVPlusApp(router: router, work: SimulatedWork(), faults: faults, clock: clock)
/// ```
public final class CVPlusApp: Sendable {
    /// Latencies and limits of the services.
    public struct Configuration: Sendable {
        /// The usual latency of one call of each service (the generator's comes from ``ai``).
        public var latencies: [CVPlusService: Duration] = [
            .cvAnalyzer: .milliseconds(40),
            .improvementOrchestrator: .milliseconds(25),
            .cacheManager: .milliseconds(2),
            .recommendationGenerator: .zero,
            .circuitBreakerCore: .microseconds(500),
            .recommendationOrchestrator: .milliseconds(12),
            .actionOrchestrator: .milliseconds(15),
        ]
        /// The simulated AI service's latency model.
        public var ai = SimulatedAIService.Configuration()
        /// Each recommendation store's capacity and default time to live.
        public var cache = InMemoryLRUCache<[Recommendation]>.Configuration()
        /// How long cached recommendations live.
        public var cacheTimeToLive: Duration = .seconds(3600)
        /// The breakers of the `circuit-breaker-core`, legacy and candidate alike.
        public var dependencyBreaker = CircuitBreaker.Configuration()
        /// Recommendations in a plan.
        public var planSize = 5
        /// Active workflows and plans each orchestrator keeps.
        public var workflowCapacity = 10_000
        /// Idempotency keys each action ledger remembers.
        public var ledgerCapacity = 100_000

        /// The default configuration.
        public init() {}

        /// The usual latency of one call of `service`.
        public func latency(of service: CVPlusService) -> Duration {
            latencies[service] ?? .zero
        }
    }

    /// The router every service is registered with.
    public let router: MigrationRouter
    /// `cv-analyzer`.
    public let analyzer: MigratedService<any CVAnalyzing>
    /// `improvement-orchestrator`.
    public let improvements: MigratedService<any ImprovementOrchestrating>
    /// `cache-manager`.
    public let cache: RecommendationCache
    /// `recommendation-generator`.
    public let generator: MigratedService<any RecommendationGenerating>
    /// `circuit-breaker-core`.
    public let breakers: MigratedService<any CircuitBreakerManaging>
    /// `recommendation-orchestrator`.
    public let orchestrator: MigratedService<any RecommendationOrchestrating>
    /// `action-orchestrator`.
    public let actions: MigratedService<any ActionOrchestrating>
    /// Reports user outcomes of `cache-manager`, whose routing the `DualWriteCache` keeps to itself.
    let cacheOutcomes: MigratedService<RecommendationStore>
    /// The app's clock, for request and dependency latencies.
    let time: ElapsedTime

    /// Registers the seven services with `router`.
    ///
    /// - Parameters:
    ///   - work: How implementations take their latency: ``RealWork`` or ``SimulatedWork``.
    ///   - faults: Faults injected into the candidates.
    ///   - clock: The router's clock, which breakers and latencies read.
    /// - Throws: when ``Configuration/dependencyBreaker`` is invalid.
    public init<C: Clock>(
        router: MigrationRouter,
        configuration: Configuration = .init(),
        work: any WorkClock = RealWork(),
        faults: FaultInjector = .none,
        clock: C = ContinuousClock()
    ) throws(CircuitBreaker.ConfigurationError) where C.Duration == Duration, C: Sendable {
        func environment(_ service: CVPlusService, _ cohort: Cohort) -> ServiceEnvironment {
            ServiceEnvironment(
                service: service, work: work, latency: configuration.latency(of: service), faults: cohort == .candidate ? faults : nil
            )
        }
        let ai = SimulatedAIService(configuration: configuration.ai)
        self.router = router
        time = ElapsedTime(clock)
        analyzer = router.service(
            CVPlusService.cvAnalyzer.rawValue,
            legacy: LegacyCVAnalyzer(environment: environment(.cvAnalyzer, .legacy)),
            candidate: PackageCVAnalyzer(environment: environment(.cvAnalyzer, .candidate))
        )
        improvements = router.service(
            CVPlusService.improvementOrchestrator.rawValue,
            legacy: LegacyImprovementOrchestrator(environment: environment(.improvementOrchestrator, .legacy)),
            candidate: PackageImprovementOrchestrator(environment: environment(.improvementOrchestrator, .candidate))
        )
        let stores = Cohort.allCases.map { cohort in
            RecommendationStore(
                cache: InMemoryLRUCache(configuration: configuration.cache, clock: clock),
                environment: environment(.cacheManager, cohort)
            )
        }
        cache = RecommendationCache(legacy: stores[0], candidate: stores[1], router: router, timeToLive: configuration.cacheTimeToLive)
        cacheOutcomes = router.service(CVPlusService.cacheManager.rawValue, legacy: stores[0], candidate: stores[1])
        generator = router.service(
            CVPlusService.recommendationGenerator.rawValue,
            legacy: LegacyRecommendationGenerator(environment: environment(.recommendationGenerator, .legacy), ai: ai),
            candidate: PackageRecommendationGenerator(environment: environment(.recommendationGenerator, .candidate), ai: ai)
        )
        breakers = router.service(
            CVPlusService.circuitBreakerCore.rawValue,
            legacy: try LegacyCircuitBreakerCore(
                environment: environment(.circuitBreakerCore, .legacy), configuration: configuration.dependencyBreaker, clock: clock
            ),
            candidate: try PackageCircuitBreakerCore(
                environment: environment(.circuitBreakerCore, .candidate), configuration: configuration.dependencyBreaker, clock: clock
            )
        )
        orchestrator = router.service(
            CVPlusService.recommendationOrchestrator.rawValue,
            legacy: LegacyRecommendationOrchestrator(
                environment: environment(.recommendationOrchestrator, .legacy), planSize: configuration.planSize,
                capacity: configuration.workflowCapacity
            ),
            candidate: PackageRecommendationOrchestrator(
                environment: environment(.recommendationOrchestrator, .candidate), planSize: configuration.planSize,
                capacity: configuration.workflowCapacity
            )
        )
        actions = router.service(
            CVPlusService.actionOrchestrator.rawValue,
            legacy: LegacyActionOrchestrator(
                environment: environment(.actionOrchestrator, .legacy), ledger: ActionLedger(capacity: configuration.ledgerCapacity)
            ),
            candidate: PackageActionOrchestrator(
                environment: environment(.actionOrchestrator, .candidate), ledger: ActionLedger(capacity: configuration.ledgerCapacity)
            )
        )
    }

    /// Records the outcome of `service`'s part of a user task, for the cohort that served it.
    func reportOutcome(of service: CVPlusService, _ context: EvaluationContext, workflow: String?, succeeded: Bool) {
        switch service {
        case .cvAnalyzer: analyzer.reportOutcome(context, succeeded: succeeded)
        case .improvementOrchestrator: improvements.reportOutcome(context, succeeded: succeeded)
        case .cacheManager: cacheOutcomes.reportOutcome(context, succeeded: succeeded)
        case .recommendationGenerator: generator.reportOutcome(context, succeeded: succeeded)
        case .circuitBreakerCore: breakers.reportOutcome(context, succeeded: succeeded)
        case .recommendationOrchestrator: orchestrator.reportOutcome(context, workflow: workflow, succeeded: succeeded)
        case .actionOrchestrator: actions.reportOutcome(context, succeeded: succeeded)
        }
    }
}
