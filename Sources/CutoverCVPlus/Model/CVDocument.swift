/// One version of a user's CV: plain text with section headings on their own lines.
public struct CVDocument: Hashable, Codable, Sendable {
    /// Identifies this version of the CV, e.g. `user-00042-cv1`.
    public var id: String
    /// The CV's text.
    public var text: String

    /// A CV.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}
