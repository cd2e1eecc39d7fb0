import Cutover

/// The candidate ("package") `action-orchestrator`: a single check-and-write, with failures
/// classified by whether anything was written.
///
/// An injected error strikes before the write for half of the idempotency keys (thrown as
/// `NothingWritten`, so the router may retry on legacy) and after it for the others (thrown as
/// is: the write happened, the router must not retry).
public struct PackageActionOrchestrator: ActionOrchestrating {
    private let environment: ServiceEnvironment
    /// The candidate store.
    public let ledger: ActionLedger

    /// An orchestrator writing to `ledger`, running in `environment`.
    public init(environment: ServiceEnvironment, ledger: ActionLedger = ActionLedger()) {
        self.environment = environment
        self.ledger = ledger
    }

    public func perform(_ action: CVAction) async throws -> ActionReceipt {
        let draw = environment.draw()
        await environment.spend(draw, jitterKey: action.idempotencyKey)
        let failsBeforeWriting = StableHash.of(action.idempotencyKey) % 2 == 0
        if draw.fails, failsBeforeWriting {
            throw NothingWritten(InjectedFault(service: environment.service))
        }
        let written = ActionReceipt(action)
        let receipt = ledger.write(draw.corrupts ? written.corrupted() : written)
        if draw.fails {
            throw InjectedFault(service: environment.service)
        }
        return receipt
    }
}
