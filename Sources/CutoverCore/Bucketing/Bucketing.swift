/// Deterministic assignment of stickiness keys to one of ``bucketCount`` buckets.
///
/// The hash is specified so that any process on any platform computes the same bucket:
///
/// 1. Take the UTF-8 bytes of `salt`, one `:` (0x3A), then the UTF-8 bytes of the key.
/// 2. Hash them with 64-bit FNV-1a (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`).
/// 3. Mix the result with the MurmurHash3 64-bit finalizer (`fmix64`).
/// 4. The bucket is the mixed value modulo 100 000.
///
/// A key is in the candidate cohort of a rollout of `r` thousandths of a percent when its
/// bucket is below `r`. Raising the rollout therefore only adds keys, and lowering it removes
/// the most recently added ones first. Test vectors are in `docs/bucketing.md`.
public enum Bucketing {
    /// The number of buckets: a rollout has a precision of 0.001 %.
    public static let bucketCount: UInt64 = 100_000

    /// The bucket of `key` under `salt`.
    public static func bucket(salt: String, key: String) -> Int {
        BucketHasher(salt: salt).bucket(for: key)
    }

    /// The 64-bit hash of `salt ‖ ":" ‖ key` before it is reduced to a bucket.
    public static func hash(salt: String, key: String) -> UInt64 {
        BucketHasher(salt: salt).hash(for: key)
    }
}

/// A bucketing hash with its salt already absorbed, so each key costs only its own bytes.
public struct BucketHasher: Sendable, Hashable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    private let prefixState: UInt64

    /// Absorbs `salt` and the `:` separator.
    public init(salt: String) {
        var state = Self.offsetBasis
        for byte in salt.utf8 {
            state = (state ^ UInt64(byte)) &* Self.prime
        }
        prefixState = (state ^ UInt64(UInt8(ascii: ":"))) &* Self.prime
    }

    /// The bucket of `key`, in `0 ..< Bucketing.bucketCount`.
    public func bucket(for key: String) -> Int {
        Int(truncatingIfNeeded: hash(for: key) % Bucketing.bucketCount)
    }

    /// The mixed 64-bit hash of the salt and `key`.
    public func hash(for key: String) -> UInt64 {
        var state = prefixState
        let absorbedContiguously: Bool? = key.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes {
                state = (state ^ UInt64(byte)) &* Self.prime
            }
            return true
        }
        if absorbedContiguously == nil {
            for byte in key.utf8 {
                state = (state ^ UInt64(byte)) &* Self.prime
            }
        }
        return Self.finalize(state)
    }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
