import CutoverCore
import Foundation

/// How durable stores encode what they keep as documents (states, snapshots, actions) and times.
public enum StoreCoding {
    /// Encodes `value` as JSON.
    public static func encode(_ value: some Encodable) throws -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw StoreError(.failed, "cannot encode \(type(of: value))", underlying: error)
        }
    }

    /// Decodes a `T` from JSON written by ``encode(_:)``; a document that does not decode is corrupt.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StoreError(.corrupt, "a stored \(type) does not decode", underlying: error)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, as stores keep run times.
    public var storedNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// A duration of `storedNanoseconds` nanoseconds.
    public init(storedNanoseconds: Int64) {
        self = .nanoseconds(storedNanoseconds)
    }
}
