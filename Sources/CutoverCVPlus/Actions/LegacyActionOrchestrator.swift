/// The legacy ("violation") `action-orchestrator`: checks the ledger, then writes.
public struct LegacyActionOrchestrator: ActionOrchestrating {
    private let environment: ServiceEnvironment
    /// The legacy store.
    public let ledger: ActionLedger

    /// An orchestrator writing to `ledger`, running in `environment`.
    public init(environment: ServiceEnvironment, ledger: ActionLedger = ActionLedger()) {
        self.environment = environment
        self.ledger = ledger
    }

    public func perform(_ action: CVAction) async throws -> ActionReceipt {
        try await environment.perform(jitterKey: action.idempotencyKey) {
            if let existing = ledger.receipt(forKey: action.idempotencyKey) { return existing }
            return ledger.write(ActionReceipt(action))
        }
    }
}
