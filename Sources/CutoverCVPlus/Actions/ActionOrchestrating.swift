/// The `action-orchestrator` service: performs actions idempotently (`transactionSafety` writes).
///
/// Call it as a write, `call(context, .write) { … }`: a candidate that fails *before* writing
/// throws `NothingWritten`, which lets the router retry on legacy; any other failure may follow
/// a write and reaches the user.
public protocol ActionOrchestrating: Sendable {
    /// Performs `action` once: a repeated idempotency key returns the first receipt.
    func perform(_ action: CVAction) async throws -> ActionReceipt

    /// The store actions are written to.
    var ledger: ActionLedger { get }
}
