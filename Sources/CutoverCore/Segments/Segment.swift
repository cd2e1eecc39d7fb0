/// A named group of users described by attribute constraints, e.g. "internal-staff".
///
/// A context is in the segment when it satisfies every rule.
public struct Segment: Codable, Hashable, Sendable {
    /// The name flags use in `userSegments`.
    public var name: String
    /// Constraints that must all hold.
    public var rules: [SegmentRule]

    /// Creates a segment.
    public init(name: String, rules: [SegmentRule]) {
        self.name = name
        self.rules = rules
    }
}

/// One constraint on one attribute.
///
/// A rule holds when the attribute satisfies the operator for at least one of the values
/// (for `notIn`: equals none of them). A context without the attribute satisfies no rule.
public struct SegmentRule: Codable, Hashable, Sendable {
    /// The attribute tested; `userId` is the context's user id.
    public var attribute: String
    /// The comparison.
    public var `operator`: SegmentOperator
    /// The values compared with.
    public var values: [AttributeValue]

    /// Creates a rule.
    public init(attribute: String, operator: SegmentOperator, values: [AttributeValue]) {
        self.attribute = attribute
        self.operator = `operator`
        self.values = values
    }
}
