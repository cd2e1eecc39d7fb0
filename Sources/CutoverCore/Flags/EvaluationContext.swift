/// What the router knows about one request: the user and any attributes segment rules test.
///
/// Building a context with a short user id and no attributes allocates nothing.
public struct EvaluationContext: Sendable {
    /// The name under which ``userID`` is visible to segment rules and stickiness.
    public static let userIDAttribute = "userId"

    /// The user the request acts for; the default stickiness key.
    public var userID: String?
    /// Other attributes: country, plan, app version, tenant, …
    public var attributes: [String: AttributeValue]

    /// Creates a context for `userID` with `attributes`.
    public init(userID: String? = nil, attributes: [String: AttributeValue] = [:]) {
        self.userID = userID
        self.attributes = attributes
    }

    /// The value of `attribute`; `userId` reads ``userID``.
    public subscript(attribute: String) -> AttributeValue? {
        if attribute == Self.userIDAttribute {
            return userID.map(AttributeValue.string)
        }
        return attributes[attribute]
    }
}
