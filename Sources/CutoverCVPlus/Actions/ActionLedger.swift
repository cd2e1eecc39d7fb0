import CutoverCore

/// The store an action orchestrator writes to: receipts by idempotency key, bounded.
///
/// Beyond `capacity` the oldest keys are forgotten (first in, first out), as an idempotency
/// table with a retention period would.
public final class ActionLedger: Sendable {
    private struct Contents {
        var receipts: [HashedKey: ActionReceipt] = [:]
        var order: [HashedKey] = []
        var oldest = 0
    }

    private let capacity: Int
    private let contents = Locked(Contents())

    /// A ledger remembering at most `capacity` keys.
    public init(capacity: Int = 100_000) {
        self.capacity = max(capacity, 1)
    }

    /// The receipt written under `key`, if any.
    public func receipt(forKey key: String) -> ActionReceipt? {
        let key = HashedKey(key)
        return contents.withLock { $0.receipts[key] }
    }

    /// The number of receipts held.
    public var count: Int {
        contents.withLock { $0.receipts.count }
    }

    /// Writes `receipt` unless its key is taken; returns the receipt now under the key.
    func write(_ receipt: ActionReceipt) -> ActionReceipt {
        let key = HashedKey(receipt.idempotencyKey)
        return contents.withLock { contents in
            // One look-up for a new key, the usual case; a taken key keeps its first receipt.
            if let existing = contents.receipts.updateValue(receipt, forKey: key) {
                contents.receipts[key] = existing
                return existing
            }
            contents.order.append(key)
            if contents.receipts.count > capacity {
                contents.receipts[contents.order[contents.oldest]] = nil
                contents.oldest += 1
            }
            if contents.oldest > capacity {
                contents.order.removeFirst(contents.oldest)
                contents.oldest = 0
            }
            return receipt
        }
    }
}
