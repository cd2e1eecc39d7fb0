import Crypto
import CutoverCore
import CutoverStore
import Foundation

/// Who a request's token says it is.
public struct TokenIdentity: Sendable, Hashable {
    /// The token's id.
    public var id: String
    /// The token's name, recorded as the actor of what it does.
    public var name: String
    /// What it may do.
    public var role: Role

    /// The actor recorded in the event log for this token's actions.
    public var actor: String { "\(name) (token \(id))" }
}

/// Issues API tokens and recognises them: only a token's SHA-256 hash is stored, and the hash
/// of a presented secret is compared with the stored one in constant time.
///
/// Recognised tokens are cached for ``cacheLifetime``, so a flag poll costs no store lookup; a
/// token revoked through this authority stops working at once, one revoked by another process
/// within the cache lifetime.
public final class TokenAuthority: Sendable {
    private let store: any MigrationStore
    private let cache = Locked<[String: (identity: TokenIdentity?, fetched: ContinuousClock.Instant)]>([:])
    /// How long a recognised (or unknown) token is remembered.
    public let cacheLifetime: Duration

    /// An authority over the tokens of `store`.
    public init(store: any MigrationStore, cacheLifetime: Duration = .seconds(5)) {
        self.store = store
        self.cacheLifetime = cacheLifetime
    }

    /// A new token with `role`: the stored record and the secret, which is shown only once.
    public func create(role: Role, name: String) async throws -> (record: TokenRecord, secret: String) {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "cut_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let id = String(UUID().uuidString.prefix(8)).lowercased()
        let record = TokenRecord(id: id, name: name, role: role.rawValue, hash: Self.hash(secret), createdAt: Date())
        try await store.saveToken(record)
        return (record, secret)
    }

    /// Revokes token `id`; returns whether it was live.
    public func revoke(id: String) async throws -> Bool {
        let revoked = try await store.revokeToken(id: id, at: Date())
        cache.withLock { $0 = $0.filter { $0.value.identity?.id != id } }
        return revoked
    }

    /// The identity of `secret`, or `nil` when it is unknown or revoked.
    public func identify(_ secret: String) async throws -> TokenIdentity? {
        let now = ContinuousClock.now
        // Keyed by the secret itself, so a cached token costs no hashing.
        if let cached = cache.withLock({ $0[secret] }), now - cached.fetched < cacheLifetime {
            return cached.identity
        }
        let hash = Self.hash(secret)
        var identity: TokenIdentity?
        if let record = try await store.token(hash: hash), record.revokedAt == nil,
           Self.constantTimeEqual(record.hash, hash), let role = Role(rawValue: record.role) {
            identity = TokenIdentity(id: record.id, name: record.name, role: role)
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[secret] = (identity, now)
        }
        return identity
    }

    /// The hex SHA-256 of `secret`.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
