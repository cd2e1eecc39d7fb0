/// A key-value cache store: the legacy cache, the candidate cache, or any other.
public protocol CacheBackend<Value>: Sendable {
    /// The cached values.
    associatedtype Value: Sendable

    /// The value under `key`, or `nil` when absent or expired.
    func value(forKey key: String) async throws -> Value?

    /// Stores `value` under `key`, expiring after `timeToLive` (or the store's default when `nil`).
    func setValue(_ value: Value, forKey key: String, timeToLive: Duration?) async throws

    /// Removes the value under `key`, if any.
    func removeValue(forKey key: String) async throws
}
