/// A segment prepared for evaluation: values parsed once, operators resolved to cases.
struct CompiledSegment: Sendable {
    private let rules: [CompiledRule]

    /// Compiles a segment that passed validation.
    init(_ segment: Segment) {
        rules = segment.rules.map(CompiledRule.init)
    }

    func contains(_ context: EvaluationContext) -> Bool {
        rules.allSatisfy { $0.holds(for: context) }
    }
}

/// One segment rule with its values in the form its operator compares.
private enum CompiledRule: Sendable {
    enum TextTest { case prefix, suffix, substring }
    enum Order { case less, lessOrEqual, greater, greaterOrEqual, equal }

    case membership(attribute: String, values: Set<String>, negated: Bool)
    case text(attribute: String, test: TextTest, values: [String])
    case number(attribute: String, order: Order, values: [Double])
    case semver(attribute: String, order: Order, values: [SemanticVersion])

    init(_ rule: SegmentRule) {
        let attribute = rule.attribute
        let texts = rule.values.map(\.text)
        switch rule.operator {
        case .notIn: self = .membership(attribute: attribute, values: Set(texts), negated: true)
        case .startsWith: self = .text(attribute: attribute, test: .prefix, values: texts)
        case .endsWith: self = .text(attribute: attribute, test: .suffix, values: texts)
        case .contains: self = .text(attribute: attribute, test: .substring, values: texts)
        case .lessThan: self = .number(attribute: attribute, order: .less, values: rule.values.compactMap(\.number))
        case .lessThanOrEqual:
            self = .number(attribute: attribute, order: .lessOrEqual, values: rule.values.compactMap(\.number))
        case .greaterThan:
            self = .number(attribute: attribute, order: .greater, values: rule.values.compactMap(\.number))
        case .greaterThanOrEqual:
            self = .number(attribute: attribute, order: .greaterOrEqual, values: rule.values.compactMap(\.number))
        case .semverEqual: self = .semver(attribute: attribute, order: .equal, values: texts.compactMap(SemanticVersion.init))
        case .semverLessThan: self = .semver(attribute: attribute, order: .less, values: texts.compactMap(SemanticVersion.init))
        case .semverGreaterThan:
            self = .semver(attribute: attribute, order: .greater, values: texts.compactMap(SemanticVersion.init))
        default: self = .membership(attribute: attribute, values: Set(texts), negated: false)
        }
    }

    func holds(for context: EvaluationContext) -> Bool {
        switch self {
        case .membership(let attribute, let values, let negated):
            guard let value = context[attribute] else { return false }
            return values.contains(value.text) != negated
        case .text(let attribute, let test, let values):
            guard let value = context[attribute]?.text else { return false }
            return values.contains { candidate in
                switch test {
                case .prefix: value.hasPrefix(candidate)
                case .suffix: value.hasSuffix(candidate)
                case .substring: value.contains(candidate)
                }
            }
        case .number(let attribute, let order, let values):
            guard let value = context[attribute]?.number else { return false }
            return values.contains { order.holds(value, $0) }
        case .semver(let attribute, let order, let values):
            guard let text = context[attribute]?.text, let value = SemanticVersion(text) else { return false }
            return values.contains { order.holds(value, $0) }
        }
    }
}

extension CompiledRule.Order {
    fileprivate func holds<T: Comparable>(_ value: T, _ bound: T) -> Bool {
        switch self {
        case .less: value < bound
        case .lessOrEqual: value <= bound
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        case .equal: value == bound
        }
    }
}
