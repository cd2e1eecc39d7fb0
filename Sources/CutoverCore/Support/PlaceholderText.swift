import Foundation

/// Text with `{{name}}` placeholders, split into literal runs and placeholder names (trimmed):
/// the shape of notification body templates and metrics-source queries.
package struct PlaceholderText: Hashable, Sendable {
    /// One run of the text.
    package enum Piece: Hashable, Sendable {
        /// Text as written.
        case literal(Substring)
        /// A placeholder's name.
        case placeholder(String)
    }

    /// The text's runs, in order.
    package let pieces: [Piece]
    /// The text from a `{{` that is never closed, kept as a literal; `nil` when every one is.
    package let unclosed: Substring?

    /// `text` split into its runs.
    package init(_ text: String) {
        var pieces: [Piece] = []
        var unclosed: Substring?
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                unclosed = rest[open.lowerBound...]
                break
            }
            pieces.append(.literal(rest[..<open.lowerBound]))
            pieces.append(.placeholder(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
            rest = rest[close.upperBound...]
        }
        pieces.append(.literal(rest))
        self.pieces = pieces
        self.unclosed = unclosed
    }

    /// The placeholders' names, in order of appearance.
    package var names: [String] {
        pieces.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// The text with each placeholder replaced by `value(name)`.
    package func render(_ value: (String) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): String(text)
            case .placeholder(let name): value(name)
            }
        }.joined()
    }
}
