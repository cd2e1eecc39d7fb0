import Foundation

/// A JSON body with `{{name}}` placeholders, for e-mail and SMS providers' HTTP APIs (and
/// webhooks that want their own shape).
///
/// Values are inserted JSON-escaped, so a template writes a placeholder inside a string
/// literal: `{"to": "{{recipient}}", "text": "{{text}}"}`.
public struct AlertTemplate: Hashable, Sendable {
    /// The template's text.
    public var text: String

    /// A template of `text`.
    public init(_ text: String) {
        self.text = text
    }

    /// The default body of an e-mail: `to`, `subject` and `text`.
    public static let email = AlertTemplate(#"{"to": "{{recipient}}", "subject": "{{subject}}", "text": "{{text}}"}"#)

    /// The default body of an SMS: `to` and `body` (the one-line subject).
    public static let sms = AlertTemplate(#"{"to": "{{recipient}}", "body": "{{subject}}"}"#)

    /// The names of the placeholders the template uses, in order of appearance.
    public var placeholderNames: [String] {
        PlaceholderText(text).names
    }

    /// The template with each placeholder replaced by its JSON-escaped value (`""` when unknown).
    public func render(_ values: [String: String]) -> String {
        PlaceholderText(text).render { Self.escaped(values[$0] ?? "") }
    }

    /// `value` as the inside of a JSON string literal.
    static func escaped(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
