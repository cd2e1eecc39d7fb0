import CutoverController
import CutoverCore
import CutoverStore

/// A controller environment that also alerts: its preflight checks every notification route,
/// and each commit wakes the ``AlertDispatcher`` to deliver the alerts it stored.
public struct AlertingEnvironment: ControllerEnvironment {
    private let base: any ControllerEnvironment
    private let dispatcher: AlertDispatcher
    private let check: AlertChannelCheck

    /// `base` with alerting through `dispatcher`, its routes checked by `check` during preflight.
    public init(_ base: any ControllerEnvironment, dispatcher: AlertDispatcher, check: AlertChannelCheck) {
        self.base = base
        self.dispatcher = dispatcher
        self.check = check
    }

    public func publish(_ snapshot: FlagSnapshot) async throws {
        try await base.publish(snapshot)
    }

    public func backupState(of service: String) async throws {
        try await base.backupState(of: service)
    }

    public func restoreState(of service: String) async throws {
        try await base.restoreState(of: service)
    }

    public func preflightFailures() async -> [String] {
        async let failures = base.preflightFailures()
        async let channels = check.failures()
        return await failures + channels
    }

    public func announce(_ events: [StoredEvent]) async {
        await base.announce(events)
        dispatcher.nudge()
    }
}
