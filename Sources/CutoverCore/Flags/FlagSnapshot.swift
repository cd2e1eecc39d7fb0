/// Every flag and segment at one version: what the server publishes and instances evaluate.
public struct FlagSnapshot: Codable, Hashable, Sendable {
    /// Increases with every change; an instance never applies a version older than its own.
    public var version: UInt64
    /// One flag per migrating service.
    public var flags: [ServiceFlag]
    /// Segments the flags' `userSegments` refer to.
    public var segments: [Segment]

    /// Creates a snapshot.
    public init(version: UInt64, flags: [ServiceFlag], segments: [Segment] = []) {
        self.version = version
        self.flags = flags
        self.segments = segments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(UInt64.self, forKey: .version)
        flags = try c.decodeIfPresent([ServiceFlag].self, forKey: .flags) ?? []
        segments = try c.decodeIfPresent([Segment].self, forKey: .segments) ?? []
    }

    /// The flag with `key`, if any.
    public func flag(withKey key: String) -> ServiceFlag? {
        flags.first { $0.key == key }
    }

    /// The flag routing `service`, if any.
    public func flag(forService service: String) -> ServiceFlag? {
        flags.first { $0.service == service }
    }
}
