import CutoverCore
import CutoverStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The Cutover server: the API, the dashboard and `/metrics` over a store, optionally driving
/// one run (``RunHost``), as a Hummingbird application.
public struct CutoverServer: Sendable {
    /// Where and how the server listens.
    public struct Configuration: Sendable {
        /// The address to bind; loopback by default.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one (see ``CutoverServer/application(onRunning:)``).
        public var port = 8080
        /// How often event streams send a heartbeat comment.
        public var heartbeat: Duration = .seconds(15)

        /// The defaults: 127.0.0.1:8080, heartbeats every 15 s.
        public init() {}
    }

    /// The store of plans, runs, events and tokens.
    public let store: any MigrationStore
    /// The run this server drives, if any.
    public let host: RunHost?
    /// Where flags are published to instances.
    public let publisher: FlagPublisher
    /// The tokens the API accepts.
    public let tokens: TokenAuthority
    /// The Prometheus metrics.
    public let exporter: PrometheusExporter
    public let configuration: Configuration
    private let logger: Logger

    /// A server over `store`, driving `host`'s run when given.
    public init(
        store: any MigrationStore, host: RunHost?, publisher: FlagPublisher, tokens: TokenAuthority? = nil,
        exporter: PrometheusExporter = PrometheusExporter(), configuration: Configuration = .init(),
        logger: Logger = Logger(label: "cutover.server")
    ) {
        self.store = store
        self.host = host
        self.publisher = publisher
        self.tokens = tokens ?? TokenAuthority(store: store)
        self.exporter = exporter
        if let host { exporter.prepare(services: host.plan.services.map(\.name)) }
        self.configuration = configuration
        self.logger = logger
    }

    var api: API {
        API(store: store, host: host, publisher: publisher, tokens: tokens, exporter: exporter, heartbeat: configuration.heartbeat)
    }

    /// The router, for tests that call the API without a socket.
    public func router() -> Router<APIContext> {
        api.router()
    }

    /// The HTTP application; `onRunning` gets the bound port once it listens. Running it
    /// serves until shutdown (SIGINT/SIGTERM through ServiceLifecycle, or task cancellation).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cutover"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
