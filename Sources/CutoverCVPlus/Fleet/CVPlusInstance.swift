import Cutover
import CutoverCore
import CutoverRemote
import Foundation
import Logging

/// One instance of the CVPlus app wired to a Cutover server the way a deployment is: flags
/// from the server's stream, metric windows shipped back, real latencies on the wall clock.
public final class CVPlusInstance: Sendable {
    /// The instance's flags, fed by ``source``.
    public let flags: FlagHolder
    /// The router its services go through.
    public let router: MigrationRouter
    /// The app.
    public let app: CVPlusApp
    private let shipped: Set<String>?
    private let logger: Logger

    /// An instance; ``run(connection:)`` connects it to a server.
    ///
    /// - Parameters:
    ///   - collectionInterval: How often the router closes a metrics window and ships it.
    ///   - faults: Faults injected into its candidates; their step-based starts read this instance's flags.
    ///   - runTime: The run time now, for faults that start at a time.
    ///   - shipped: The services whose metrics are shipped (the server's plan's); `nil` for all seven.
    public init(
        app configuration: CVPlusApp.Configuration, collectionInterval: Duration,
        faults: [Fault], seed: UInt64, runTime: @escaping @Sendable () -> Duration, shipped: Set<String>? = nil,
        logger: Logger
    ) throws {
        flags = FlagHolder(logger: logger)
        var routerConfiguration = MigrationRouter.Configuration()
        routerConfiguration.collectionInterval = collectionInterval
        router = try MigrationRouter(flags: flags, configuration: routerConfiguration)
        let injector = FaultInjector(faults, seed: seed, rollout: FaultInjector.rollout(from: flags), elapsed: runTime)
        app = try CVPlusApp(router: router, configuration: configuration, faults: injector)
        self.shipped = shipped
        self.logger = logger
    }

    /// Runs the router, a flag source and a metrics shipper connected to the server of
    /// `connection`, until cancelled.
    public func run(connection: RemoteConnection) async throws {
        let source = RemoteFlagSource(flags: flags, connection: connection, logger: logger)
        var shipping = MetricsShipper.Configuration()
        shipping.services = shipped
        let shipper = MetricsShipper(router: router, connection: connection, configuration: shipping, logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.router.run() }
            group.addTask { try await source.run() }
            group.addTask { try await shipper.run() }
        }
    }
}
