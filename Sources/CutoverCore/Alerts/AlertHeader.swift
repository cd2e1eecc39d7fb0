import Foundation

/// One HTTP header of a notification route, `Name: value`, whose value may refer to
/// environment variables as `${NAME}`.
public struct AlertHeader: Hashable, Sendable {
    /// The header's name.
    public var name: String
    /// The value as written, with its `${NAME}` references.
    public var value: String

    /// Parses `Name: value`; `nil` when the name is empty or not an HTTP token.
    public init?(_ line: String) {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else { return nil }
        self.name = name
        self.value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// The variables the value refers to, in order.
    public var variableNames: [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            names.append(String(rest[open.upperBound..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The value with each `${NAME}` replaced by `environment[NAME]`, or the first variable
    /// that is not set.
    public func resolved(in environment: [String: String]) -> Result<String, MissingVariable> {
        var resolved = value
        for name in variableNames {
            guard let setting = environment[name] else { return .failure(MissingVariable(name: name)) }
            resolved = resolved.replacingOccurrences(of: "${\(name)}", with: setting)
        }
        return .success(resolved)
    }

    /// An environment variable a header needs and the environment lacks.
    public struct MissingVariable: Error, Hashable {
        /// The variable's name.
        public var name: String

        /// The variable `name` is missing.
        public init(name: String) {
            self.name = name
        }
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
