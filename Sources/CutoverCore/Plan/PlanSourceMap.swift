/// Where each value of a parsed plan came from, by path (`services[2].dependsOn[0]`), and
/// which values could not be read (so validation does not pile more problems onto them).
///
/// A plan built in code has an empty map: its problems have no position, and every value
/// counts as read.
struct PlanSourceMap: Sendable {
    private var positions: [String: SourcePosition] = [:]
    private var unreadable: Set<String> = []

    /// Notes that the value at `path` starts at `position`.
    mutating func record(_ path: String, at position: SourcePosition?) {
        if let position { positions[path] = position }
    }

    /// Notes that the value at `path` is missing or malformed (already reported).
    mutating func markUnreadable(_ path: String) {
        unreadable.insert(path)
    }

    /// Where the value at `path` is, or else its closest recorded ancestor.
    func position(of path: String) -> SourcePosition? {
        var current: String? = path
        while let path = current {
            if let position = positions[path] { return position }
            current = Self.parent(of: path)
        }
        return nil
    }

    /// Whether the value at `path`, or a value containing it, is missing or malformed.
    func isUnreadable(_ path: String) -> Bool {
        var current: String? = path
        while let path = current {
            if unreadable.contains(path) { return true }
            current = Self.parent(of: path)
        }
        return false
    }

    /// `services[2]` for `services[2].tier`, `services[2].steps` for `services[2].steps[0]`.
    static func parent(of path: String) -> String? {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
        return String(path[..<cut])
    }
}

/// Problems found so far, each placed through a source map.
struct PlanProblemList {
    /// Every problem, in the order found.
    private(set) var problems: [PlanProblem] = []
    /// Positions of the values problems point at.
    let sourceMap: PlanSourceMap

    /// Adds a problem about the value at `path`.
    mutating func report(_ code: PlanProblem.Code, _ path: String, _ message: String) {
        problems.append(PlanProblem(at: sourceMap.position(of: path), path: path, message, code: code))
    }

    /// Whether the value at `path` can be judged (it was read without problems).
    func isReadable(_ path: String) -> Bool {
        !sourceMap.isUnreadable(path)
    }

    /// "line N" of the value at `path`, for messages pointing at a second place.
    func line(of path: String) -> String {
        sourceMap.position(of: path).map { " (line \($0.line))" } ?? ""
    }
}

extension [PlanProblem] {
    /// The problems in file order; those without a position keep their order, last.
    func inFileOrder() -> [PlanProblem] {
        enumerated().sorted { lhs, rhs in
            switch (lhs.element.position, rhs.element.position) {
            case let (left?, right?): left == right ? lhs.offset < rhs.offset : left < right
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}
