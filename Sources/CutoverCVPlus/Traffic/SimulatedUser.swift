import CutoverCore

/// One user of the simulated population, with the attributes flag segments can test.
public struct SimulatedUser: Hashable, Sendable {
    /// The user id: the default stickiness key.
    public var id: String
    /// Two-letter country code.
    public var country: String
    /// `free` or `premium`.
    public var plan: String
    /// The app version the user runs, e.g. `3.2.0`.
    public var appVersion: String
    /// The versions of the user's CV; requests pick one.
    public var cvs: [CVDocument]

    /// A user.
    public init(id: String, country: String, plan: String, appVersion: String, cvs: [CVDocument]) {
        self.id = id
        self.country = country
        self.plan = plan
        self.appVersion = appVersion
        self.cvs = cvs
    }

    /// The attributes of the user's evaluation context.
    public var attributes: [String: AttributeValue] {
        ["country": .string(country), "plan": .string(plan), "appVersion": .string(appVersion)]
    }
}
