import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// The controller's environment in a server: flags go out through the ``FlagPublisher`` to
/// every connected instance; state is backed up through the embedding app's custodian, if any.
final class ServerControllerEnvironment: ControllerEnvironment {
    private let publisher: FlagPublisher
    private let backups: StateBackups?
    private let published: @Sendable (FlagSnapshot) -> Void
    private let announced: @Sendable ([StoredEvent]) -> Void

    init(
        publisher: FlagPublisher, backups: StateBackups?, published: @escaping @Sendable (FlagSnapshot) -> Void,
        announced: @escaping @Sendable ([StoredEvent]) -> Void
    ) {
        self.publisher = publisher
        self.backups = backups
        self.published = published
        self.announced = announced
    }

    func publish(_ snapshot: FlagSnapshot) async throws {
        try publisher.publish(snapshot)
        published(snapshot)
    }

    func backupState(of service: String) async throws {
        try await backups?.backupState(of: service)
    }

    func restoreState(of service: String) async throws {
        try await backups?.restoreState(of: service)
    }

    func preflightFailures() async -> [String] {
        await backups?.preflightFailures() ?? []
    }

    func announce(_ events: [StoredEvent]) async {
        announced(events)
    }
}
