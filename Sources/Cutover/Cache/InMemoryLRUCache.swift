import CutoverCore

/// A bounded in-process cache: least recently used entries are evicted past `capacity`,
/// and every entry expires after its time to live.
public final class InMemoryLRUCache<Value: Sendable>: CacheBackend, Sendable {
    /// Limits of the cache.
    public struct Configuration: Sendable {
        /// The most entries kept.
        public var capacity: Int = 10_000
        /// Time to live of entries stored without one.
        public var defaultTimeToLive: Duration = .seconds(300)

        /// The default configuration.
        public init() {}
    }

    // Inlinable, with what it reads, so that a client's cache of its own value type runs code
    // specialised for that type rather than generic code reading the type's metadata.
    @usableFromInline let configuration: Configuration
    @usableFromInline let time: ElapsedTime
    @usableFromInline let storage: Locked<LRUStorage<Value>>

    /// Creates an empty cache timed by `clock`.
    public init<C: Clock>(configuration: Configuration = .init(), clock: C = ContinuousClock())
    where C.Duration == Duration, C: Sendable {
        self.configuration = configuration
        time = ElapsedTime(clock)
        storage = Locked(LRUStorage(capacity: max(configuration.capacity, 1)))
    }

    @inlinable
    public func value(forKey key: String) async throws -> Value? {
        let now = time.now()
        return storage.withLock { $0.value(forKey: key, now: now) }
    }

    @inlinable
    public func setValue(_ value: Value, forKey key: String, timeToLive: Duration?) async throws {
        let expiresAt = time.now() + (timeToLive ?? configuration.defaultTimeToLive)
        storage.withLock { $0.set(value, forKey: key, expiresAt: expiresAt) }
    }

    @inlinable
    public func removeValue(forKey key: String) async throws {
        storage.withLock { $0.remove(key) }
    }

    /// The number of entries held, expired ones included until they are touched or evicted.
    public var count: Int {
        storage.withLock { $0.count }
    }
}

/// The LRU bookkeeping: a dictionary into a doubly linked list kept in arrays.
@usableFromInline
struct LRUStorage<Value> {
    @usableFromInline
    struct Entry {
        @usableFromInline var key: String
        @usableFromInline var value: Value
        @usableFromInline var expiresAt: Duration
        @usableFromInline var newer: Int
        @usableFromInline var older: Int

        @usableFromInline
        init(key: String, value: Value, expiresAt: Duration, newer: Int, older: Int) {
            (self.key, self.value, self.expiresAt, self.newer, self.older) = (key, value, expiresAt, newer, older)
        }
    }

    @usableFromInline let capacity: Int
    @usableFromInline var index: [String: Int] = [:]
    @usableFromInline var entries: [Entry] = []
    @usableFromInline var free: [Int] = []
    @usableFromInline var newest = -1
    @usableFromInline var oldest = -1

    @usableFromInline
    init(capacity: Int) {
        self.capacity = capacity
    }

    @inlinable
    var count: Int { index.count }

    @inlinable
    mutating func value(forKey key: String, now: Duration) -> Value? {
        guard let slot = index[key] else { return nil }
        guard entries[slot].expiresAt > now else {
            remove(key)
            return nil
        }
        moveToFront(slot)
        return entries[slot].value
    }

    @inlinable
    mutating func set(_ value: Value, forKey key: String, expiresAt: Duration) {
        if let slot = index[key] {
            entries[slot].value = value
            entries[slot].expiresAt = expiresAt
            moveToFront(slot)
            return
        }
        if index.count >= capacity, oldest >= 0 {
            remove(entries[oldest].key)
        }
        let entry = Entry(key: key, value: value, expiresAt: expiresAt, newer: -1, older: -1)
        let slot: Int
        if let reused = free.popLast() {
            entries[reused] = entry
            slot = reused
        } else {
            entries.append(entry)
            slot = entries.count - 1
        }
        index[key] = slot
        linkAtFront(slot)
    }

    @inlinable
    mutating func remove(_ key: String) {
        guard let slot = index.removeValue(forKey: key) else { return }
        unlink(slot)
        free.append(slot)
    }

    @inlinable
    mutating func moveToFront(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        linkAtFront(slot)
    }

    @inlinable
    mutating func linkAtFront(_ slot: Int) {
        entries[slot].older = newest
        entries[slot].newer = -1
        if newest >= 0 { entries[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }

    @inlinable
    mutating func unlink(_ slot: Int) {
        let (newer, older) = (entries[slot].newer, entries[slot].older)
        if newer >= 0 { entries[newer].older = older } else { newest = older }
        if older >= 0 { entries[older].newer = newer } else { oldest = newer }
    }
}
