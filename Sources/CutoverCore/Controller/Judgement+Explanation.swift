extension Judgement {
    /// Why a window was judged as it was: a text, or the ``Verdict`` the judgement was read
    /// from, put into words only when read.
    ///
    /// The controller judges every active service at every sample and keeps each judgement
    /// only until the next one. Most are never read: their words are written only when a
    /// reader (a durable store encoding a verdict, the dashboard, a report) asks for them.
    /// Two explanations are equal when their words are, and encode as their words.
    public struct Explanation: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringInterpolation {
        private enum Source: Sendable {
            case text(String)
            case verdict(Verdict)
        }

        private let source: Source

        /// An explanation in `text`.
        public init(_ text: String) {
            source = .text(text)
        }

        /// An explanation in the words of `verdict`'s ``Verdict/description``.
        public init(_ verdict: Verdict) {
            source = .verdict(verdict)
        }

        public init(stringLiteral text: String) {
            self.init(text)
        }

        public init(stringInterpolation: DefaultStringInterpolation) {
            self.init(String(stringInterpolation: stringInterpolation))
        }

        /// The explanation in words.
        public var text: String {
            switch source {
            case .text(let text): text
            case .verdict(let verdict): verdict.description
            }
        }

        /// The verdict explained, when the judgement was read from one.
        public var verdict: Verdict? {
            guard case .verdict(let verdict) = source else { return nil }
            return verdict
        }

        public var description: String {
            text
        }

        public static func == (lhs: Explanation, rhs: Explanation) -> Bool {
            if let left = lhs.verdict, let right = rhs.verdict {
                return left == right || !left.description(differsFrom: right)
            }
            return lhs.text == rhs.text
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(text)
        }

        public init(from decoder: any Decoder) throws {
            self.init(try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }
}
