import Foundation
import Yams

/// Reads typed values out of a composed YAML tree, collecting every problem instead of
/// stopping at the first, and recording where each value came from.
///
/// Every accessor returns `nil` for a missing or malformed value; a malformed one is reported
/// (with the YAML position) and marked unreadable in ``sourceMap`` so later checks skip it.
struct PlanNodeReader {
    /// The keys of one YAML mapping, checked against the keys allowed there.
    struct Fields {
        /// The mapping's path, e.g. `services[2]`.
        let path: String
        private let values: [String: Node]

        fileprivate init(path: String, values: [String: Node]) {
            self.path = path
            self.values = values
        }

        /// The value of `key`, if present.
        subscript(key: String) -> Node? { values[key] }

        /// The path of `key` inside this mapping.
        func path(_ key: String) -> String {
            path.isEmpty ? key : "\(path).\(key)"
        }
    }

    /// Problems found so far.
    private(set) var problems: [PlanProblem] = []
    /// Where every value read so far came from.
    private(set) var sourceMap = PlanSourceMap()

    /// Reports a problem at `node` (or at the position recorded for `path`) and marks the value unreadable.
    mutating func report(_ code: PlanProblem.Code, at node: Node?, _ path: String, _ message: String) {
        let position = node?.mark.map(SourcePosition.init) ?? sourceMap.position(of: path)
        problems.append(PlanProblem(at: position, path: path, message, code: code))
        sourceMap.markUnreadable(path)
    }

    /// Marks the value at `path` as not readable, when the reason was reported elsewhere.
    mutating func markUnreadable(_ path: String) {
        sourceMap.markUnreadable(path)
    }

    /// Records where the value at `path` starts.
    mutating func record(_ node: Node, at path: String) {
        sourceMap.record(path, at: node.mark.map(SourcePosition.init))
    }

    /// The entries of the mapping `node`, reporting missing `required` keys and keys that are
    /// neither required nor `optional` (with a suggestion). `misplaced` explains keys that are
    /// valid elsewhere but not here, e.g. `["latencyPercentile": "can be set on a tier only"]`.
    mutating func fields(
        of node: Node, at path: String, required: [String], optional: [String], misplaced: [String: String] = [:]
    ) -> Fields? {
        record(node, at: path)
        guard case .mapping(let mapping) = node else {
            report(.wrongType, at: node, path.isEmpty ? "plan" : path, "expected a mapping of keys to values, found \(Self.describe(node))")
            return nil
        }
        let known = required + optional
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report(.wrongType, at: key, path, "a key must be a plain name, found \(Self.describe(key))")
                continue
            }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            if known.contains(name) {
                values[name] = value
                record(value, at: keyPath)
            } else if let reason = misplaced[name] {
                report(.unknownKey, at: key, keyPath, "'\(name)' \(reason)")
            } else {
                report(.unknownKey, at: key, keyPath, "unknown key '\(name)'\(NameSuggestion.hint(for: name, among: known))")
            }
        }
        for key in required where values[key] == nil {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            report(.missingKey, at: node, keyPath, "missing required key '\(key)'")
        }
        return Fields(path: path, values: values)
    }

    /// The items of the list under `key`, each with its path (`services[0]`, …).
    mutating func list(_ key: String, in fields: Fields) -> [(node: Node, path: String)]? {
        guard let node = fields[key] else { return nil }
        let path = fields.path(key)
        guard case .sequence(let sequence) = node else {
            report(.wrongType, at: node, path, "expected a list, found \(Self.describe(node))")
            return nil
        }
        return sequence.enumerated().map { index, item in
            let itemPath = "\(path)[\(index)]"
            record(item, at: itemPath)
            return (item, itemPath)
        }
    }

    /// The entries of the mapping under `key` whose keys are names the plan chooses (not
    /// format keys), each with its path (`custom.conversionRate`), in file order.
    mutating func namedEntries(_ key: String, in fields: Fields) -> [(name: String, node: Node, path: String)]? {
        guard let node = fields[key] else { return nil }
        let path = fields.path(key)
        guard case .mapping(let mapping) = node else {
            report(.wrongType, at: node, path, "expected a mapping of names to values, found \(Self.describe(node))")
            return nil
        }
        return mapping.compactMap { key, value in
            guard let name = string(key, at: path) else { return nil }
            let entryPath = "\(path).\(name)"
            record(value, at: entryPath)
            return (name, value, entryPath)
        }
    }

    /// A non-empty string (any scalar: `42` reads as "42").
    mutating func string(_ key: String, in fields: Fields) -> String? {
        guard let node = fields[key] else { return nil }
        return string(node, at: fields.path(key))
    }

    /// A non-empty string at `path`.
    mutating func string(_ node: Node, at path: String) -> String? {
        guard let scalar = scalar(node, at: path, expected: "a string") else { return nil }
        guard !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(.emptyValue, at: node, path, "must not be empty")
            return nil
        }
        return scalar.string
    }

    /// A list of non-empty strings; a malformed item is reported and kept as `""`, so item
    /// indexes still match the file.
    mutating func stringList(_ key: String, in fields: Fields) -> [String]? {
        list(key, in: fields)?.map { item in string(item.node, at: item.path) ?? "" }
    }

    /// `true` or `false`.
    mutating func bool(_ key: String, in fields: Fields) -> Bool? {
        typed(key, in: fields, expected: "true or false", tag: .bool) { $0.bool }
    }

    /// A number (integer or decimal).
    mutating func number(_ key: String, in fields: Fields) -> Double? {
        guard let node = fields[key] else { return nil }
        return number(node, at: fields.path(key), allowPercentSign: false)
    }

    /// A whole number.
    mutating func integer(_ key: String, in fields: Fields) -> Int? {
        typed(key, in: fields, expected: "a whole number", tag: .int) { $0.int }
    }

    /// A scalar YAML resolves to `tag`, converted by `value`.
    private mutating func typed<Value>(
        _ key: String, in fields: Fields, expected: String, tag: Tag.Name, _ value: (Node) -> Value?
    ) -> Value? {
        guard let node = fields[key], scalar(node, at: fields.path(key), expected: expected) != nil else { return nil }
        guard node.tag.description == tag.rawValue, let result = value(node) else {
            report(.wrongType, at: node, fields.path(key), "expected \(expected), found \(Self.describe(node))")
            return nil
        }
        return result
    }

    /// A percentage, 0–100, written `5` or `5%` (the range is checked by validation).
    mutating func percentage(_ key: String, in fields: Fields) -> Double? {
        guard let node = fields[key] else { return nil }
        return number(node, at: fields.path(key), allowPercentSign: true)
    }

    /// A list of percentages, or `nil` when any item is malformed (each one is reported).
    mutating func percentageList(_ key: String, in fields: Fields) -> [Double]? {
        guard let items = list(key, in: fields) else { return nil }
        let values = items.map { number($0.node, at: $0.path, allowPercentSign: true) }
        guard !values.contains(where: { $0 == nil }) else {
            sourceMap.markUnreadable(fields.path(key))
            return nil
        }
        return values.compactMap { $0 }
    }

    /// The items read; when some could not be (already reported), the list at `path` is marked
    /// unreadable so checks of the whole list (e.g. "empty") do not pile on.
    mutating func allRead<Value>(_ items: [Value?]?, at path: String) -> [Value] {
        guard let items else { return [] }
        if items.contains(where: { $0 == nil }) { sourceMap.markUnreadable(path) }
        return items.compactMap { $0 }
    }

    /// A duration written like `30s`, `30m`, `2h`, `1d` or `1h30m` (see ``PlanDuration``), longer than zero.
    mutating func duration(_ key: String, in fields: Fields) -> Duration? {
        guard let node = fields[key], let scalar = scalar(node, at: fields.path(key), expected: "a duration") else {
            return nil
        }
        guard let duration = PlanDuration.parse(scalar.string) else {
            let hint = Double(scalar.string) != nil ? " (a duration needs a unit)" : ""
            report(.invalidDuration, at: node, fields.path(key), "'\(scalar.string)' is not a duration\(hint): write \(PlanDuration.accepted)")
            return nil
        }
        guard duration > .zero else {
            report(.invalidDuration, at: node, fields.path(key), "must be longer than zero")
            return nil
        }
        return duration
    }

    /// One of a fixed set of names, parsed by `parse`; `names` are offered in the message.
    mutating func choice<Value>(
        _ key: String, in fields: Fields, names: [String], what: String, parse: (String) -> Value?
    ) -> Value? {
        guard let node = fields[key] else { return nil }
        return choice(node, at: fields.path(key), names: names, what: what, parse: parse)
    }

    /// One of a fixed set of names at `path`; an unknown name is reported with `code`.
    mutating func choice<Value>(
        _ node: Node, at path: String, names: [String], what: String, code: PlanProblem.Code = .unknownValue,
        parse: (String) -> Value?
    ) -> Value? {
        guard let name = string(node, at: path) else { return nil }
        guard let value = parse(name) else {
            let hint = NameSuggestion.closest(to: name, among: names).map { "did you mean '\($0)'? " } ?? ""
            report(code, at: node, path, "unknown \(what) '\(name)'; \(hint)expected one of \(names.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// The scalar at `path`, reporting lists, mappings and nulls as the wrong type.
    mutating func scalar(_ node: Node, at path: String, expected: String) -> Node.Scalar? {
        guard case .scalar(let scalar) = node, node.tag.description != Tag.Name.null.rawValue else {
            report(.wrongType, at: node, path, "expected \(expected), found \(Self.describe(node))")
            return nil
        }
        return scalar
    }

    private mutating func number(_ node: Node, at path: String, allowPercentSign: Bool) -> Double? {
        let expected = allowPercentSign ? "a percentage" : "a number"
        guard let scalar = scalar(node, at: path, expected: expected) else { return nil }
        let tag = node.tag.description
        if tag == Tag.Name.int.rawValue, let value = node.int { return Double(value) }
        if tag == Tag.Name.float.rawValue, let value = node.float { return value }
        if allowPercentSign, tag == Tag.Name.str.rawValue, scalar.style == .plain, scalar.string.hasSuffix("%"),
           let value = Double(scalar.string.dropLast().trimmingCharacters(in: .whitespaces))
        {
            return value
        }
        report(.wrongType, at: node, path, "expected \(expected), found \(Self.describe(node))")
        return nil
    }

    /// A node in words, for messages: `a string 'abc'`, `the number 5`, `a list`, `null`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.null.rawValue: return "nothing (null)"
            case Tag.Name.bool.rawValue: return "the boolean \(scalar.string)"
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return "the number \(scalar.string)"
            default: return "the string '\(scalar.string)'"
            }
        }
    }
}

extension SourcePosition {
    /// The position of a libyaml mark.
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
