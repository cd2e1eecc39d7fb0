import CutoverCore

/// One user of the simulated population, with the attributes flag segments can test.
public struct SimulatedUser: Hashable, Sendable {
    /// The user id: the default stickiness key.
    public let id: String
    /// Two-letter country code.
    public let country: String
    /// `free` or `premium`.
    public let plan: String
    /// The app version the user runs, e.g. `3.2.0`.
    public let appVersion: String
    /// The versions of the user's CV; requests pick one.
    public let cvs: [CVDocument]
    /// The attributes of the user's evaluation context: `country`, `plan` and `appVersion`,
    /// built once for all of the user's requests.
    public let attributes: [String: AttributeValue]

    /// A user.
    public init(id: String, country: String, plan: String, appVersion: String, cvs: [CVDocument]) {
        self.id = id
        self.country = country
        self.plan = plan
        self.appVersion = appVersion
        self.cvs = cvs
        attributes = ["country": .string(country), "plan": .string(plan), "appVersion": .string(appVersion)]
    }
}
