/// What a token may do.
///
/// `sdk` reads flags and ships metrics; `viewer` reads everything but tokens; `operator` also
/// approves, rejects, rolls back, pauses and resumes; `admin` also manages tokens and plans.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case sdk
    case viewer
    case `operator`
    case admin

    /// Whether this role may do what `required` may.
    ///
    /// `sdk` is separate: only `sdk` and `admin`, and for flags also `viewer` and above, act as it.
    func allows(_ required: Role) -> Bool {
        switch required {
        case .sdk: self == .sdk || self == .admin
        default: self != .sdk && self >= required
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who may call a route.
enum Access: Sendable {
    /// Anyone, without a token.
    case open
    /// Tokens whose role allows `role`.
    case role(Role)
    /// Flags: sdk tokens and every role from viewer up.
    case flags

    func allows(_ role: Role) -> Bool {
        switch self {
        case .open: true
        case .role(let required): role.allows(required)
        case .flags: true
        }
    }
}
