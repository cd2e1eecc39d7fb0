import CutoverCore

/// One user task arriving at the app: analyse a CV and act on its recommendations.
public struct UserRequest: Hashable, Sendable {
    /// Unique per request; idempotency keys and workflow ids derive from it.
    public var id: String
    /// When the request arrives, as time since the simulation started.
    public var arrival: Duration
    /// The user the request acts for.
    public var user: SimulatedUser
    /// The CV to work on.
    public var cv: CVDocument

    /// A request.
    public init(id: String, arrival: Duration, user: SimulatedUser, cv: CVDocument) {
        self.id = id
        self.arrival = arrival
        self.user = user
        self.cv = cv
    }

    /// What the router evaluates flags on: the user id plus `country`, `plan` and `appVersion`.
    public var context: EvaluationContext {
        EvaluationContext(userID: user.id, attributes: user.attributes)
    }

    /// The id of the request's recommendation workflow.
    public var workflowID: String {
        "wf-\(id)"
    }
}
