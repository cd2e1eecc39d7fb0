import CutoverController
import CutoverCore
import CutoverServer
import CutoverStore
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// A Cutover server over a store, driving one run, listening until the work given to it ends.
struct HostedServer {
    let store: any MigrationStore
    let plan: Plan
    let planSource: String
    let host: RunHost.Configuration
    let server: CutoverServer.Configuration
    let custodian: (any ServiceStateCustodian)?
    var logger = Logger(label: "cutover.server")

    /// Starts the server and runs `work` with the bound port once it listens; stops the
    /// server when `work` returns and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable (_ port: Int, _ host: RunHost, _ server: CutoverServer) async throws -> T) async throws -> T {
        let publisher = FlagPublisher()
        let runHost = try await RunHost(
            plan: plan, planSource: planSource, store: store, publisher: publisher, custodian: custodian,
            configuration: host, logger: logger
        )
        let cutover = CutoverServer(store: store, host: runHost, publisher: publisher, configuration: server, logger: logger)
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let application = cutover.application { port.yield($0) }
        let services = ServiceGroup(configuration: .init(
            services: [application, runHost.alerts], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else { throw CancellationError() }
            group.addTask { try await work(bound, runHost, cutover) }
            // The first to finish ends both: the work with its result, or the server (which
            // stops only on an error or a shutdown).
            let first = try await group.next()
            guard let result = first ?? nil else {
                // The server stopped (a signal): the work stops with it.
                group.cancelAll()
                throw CancellationError()
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }
}
