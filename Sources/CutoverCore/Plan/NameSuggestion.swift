/// "Did you mean …?" for misspelt keys and names: the closest known name by edit distance.
enum NameSuggestion {
    /// The known name closest to `name`, when it is close enough to be a likely typo.
    ///
    /// Letters are compared ignoring case. A candidate qualifies when the two differ only in
    /// case or separators (`depends_on` for `dependsOn`); or when its edit distance is at most a
    /// third of the longer name (at least 1, at most 3) and shorter than both names (so `x`
    /// does not suggest `a`); or, failing that, when one starts with the other and the shorter
    /// has at least 3 letters (`biz` for `business-hours` does not, `business` does).
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let folded = fold(name)
        var best: (name: String, distance: Int)?
        var prefixMatch: String?
        for candidate in candidates where candidate != name && !candidate.isEmpty {
            let other = fold(candidate)
            if other == folded { return candidate }
            let distance = editDistance(Array(name.lowercased()), Array(candidate.lowercased()))
            let limit = min(3, max(1, max(name.count, candidate.count) / 3))
            if distance <= limit, distance < min(name.count, candidate.count), distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
            if prefixMatch == nil, min(folded.count, other.count) >= 3, other.hasPrefix(folded) || folded.hasPrefix(other) {
                prefixMatch = candidate
            }
        }
        return best?.name ?? prefixMatch
    }

    /// `"; did you mean 'x'?"` for the closest candidate, or an empty string.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Edit distance with adjacent transpositions (optimal string alignment): inserting,
    /// deleting or substituting a letter, or swapping two neighbours, each cost 1.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// Lowercased without `-`, `_` and spaces.
    private static func fold(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    }
}
