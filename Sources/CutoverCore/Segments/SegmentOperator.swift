/// How a segment rule compares a context attribute with its values.
///
/// A struct rather than an enum so that a plan naming an operator this version does not know
/// still decodes, and validation can report it with its position instead of failing the parse.
public struct SegmentOperator: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The operator's name as written in a flag snapshot or plan.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The attribute equals one of the values.
    public static let `in` = SegmentOperator(rawValue: "in")
    /// The attribute equals none of the values.
    public static let notIn = SegmentOperator(rawValue: "notIn")
    /// The attribute's text starts with one of the values.
    public static let startsWith = SegmentOperator(rawValue: "startsWith")
    /// The attribute's text ends with one of the values.
    public static let endsWith = SegmentOperator(rawValue: "endsWith")
    /// The attribute's text contains one of the values.
    public static let contains = SegmentOperator(rawValue: "contains")
    /// The attribute is a number below one of the values.
    public static let lessThan = SegmentOperator(rawValue: "lessThan")
    /// The attribute is a number at or below one of the values.
    public static let lessThanOrEqual = SegmentOperator(rawValue: "lessThanOrEqual")
    /// The attribute is a number above one of the values.
    public static let greaterThan = SegmentOperator(rawValue: "greaterThan")
    /// The attribute is a number at or above one of the values.
    public static let greaterThanOrEqual = SegmentOperator(rawValue: "greaterThanOrEqual")
    /// The attribute is a semantic version equal to one of the values.
    public static let semverEqual = SegmentOperator(rawValue: "semverEqual")
    /// The attribute is a semantic version below one of the values.
    public static let semverLessThan = SegmentOperator(rawValue: "semverLessThan")
    /// The attribute is a semantic version above one of the values.
    public static let semverGreaterThan = SegmentOperator(rawValue: "semverGreaterThan")

    /// Every operator this version evaluates.
    public static let known: [SegmentOperator] = [
        .in, .notIn, .startsWith, .endsWith, .contains,
        .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual,
        .semverEqual, .semverLessThan, .semverGreaterThan,
    ]
}
