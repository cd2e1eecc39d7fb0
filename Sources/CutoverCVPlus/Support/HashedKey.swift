/// A string key that carries its hash value, for large dictionaries that forget keys.
///
/// Removing a key from a `Dictionary` re-hashes the keys after it in its probe sequence to
/// close the gap; with plain `String` keys each of those hashes reads the string's bytes, which
/// in a table of a hundred thousand keys are seldom in cache. This key's hash is the string's,
/// computed once.
struct HashedKey: Hashable {
    /// The key.
    let text: String
    private let hash: Int

    /// `text` as a key.
    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    static func == (lhs: HashedKey, rhs: HashedKey) -> Bool {
        lhs.hash == rhs.hash && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }
}
