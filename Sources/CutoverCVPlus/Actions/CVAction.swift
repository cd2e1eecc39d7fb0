/// An action the `action-orchestrator` performs for a user, at most once per idempotency key.
public struct CVAction: Hashable, Codable, Sendable {
    /// What the action does.
    public enum Kind: String, CaseIterable, Codable, Hashable, Sendable {
        /// Saves the user's recommendation plan to their profile.
        case savePlan
        /// Notifies the user that their plan is ready.
        case notifyUser
    }

    /// Performing the action again with this key changes nothing and returns the first receipt.
    public var idempotencyKey: String
    /// What the action does.
    public var kind: Kind
    /// The user it is for.
    public var userID: String
    /// What is written: the plan's recommendation ids, or the notification text.
    public var payload: String

    /// An action.
    public init(idempotencyKey: String, kind: Kind, userID: String, payload: String) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.userID = userID
        self.payload = payload
    }

    /// The actions of `request` once its `plan` is made: save it, then notify the user.
    public static func actions(for request: UserRequest, plan: RecommendationPlan) -> [CVAction] {
        [
            CVAction(
                idempotencyKey: "\(request.id)/savePlan", kind: .savePlan, userID: request.user.id,
                payload: plan.items.map(\.id).joined(separator: ";")
            ),
            CVAction(
                idempotencyKey: "\(request.id)/notifyUser", kind: .notifyUser, userID: request.user.id,
                payload: "Your CV plan has \(plan.items.count) recommendations"
            ),
        ]
    }
}

/// What performing an action wrote.
public struct ActionReceipt: Hashable, Codable, Sendable {
    /// The action's idempotency key.
    public var idempotencyKey: String
    /// The action's kind.
    public var kind: CVAction.Kind
    /// What was written.
    public var payload: String

    /// A receipt.
    public init(idempotencyKey: String, kind: CVAction.Kind, payload: String) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.payload = payload
    }

    /// The receipt of writing `action` as it is.
    init(_ action: CVAction) {
        self.init(idempotencyKey: action.idempotencyKey, kind: action.kind, payload: action.payload)
    }

    /// Whether this receipt records exactly `action`.
    public func records(_ action: CVAction) -> Bool {
        self == ActionReceipt(action)
    }
}

extension ActionReceipt: Corruptible {
    /// The receipt with a truncated payload.
    func corrupted() -> ActionReceipt {
        var copy = self
        copy.payload = payload.isEmpty ? "?" : String(payload.dropLast())
        return copy
    }
}
