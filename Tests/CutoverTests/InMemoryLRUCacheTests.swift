import CutoverCore
import Testing

@testable import Cutover

@Suite("In-memory LRU cache")
struct InMemoryLRUCacheTests {
    let clock = VirtualClock()

    func makeCache(capacity: Int = 3, defaultTimeToLive: Duration? = nil) -> InMemoryLRUCache<Int> {
        var configuration = InMemoryLRUCache<Int>.Configuration()
        configuration.capacity = capacity
        if let defaultTimeToLive { configuration.defaultTimeToLive = defaultTimeToLive }
        return InMemoryLRUCache(configuration: configuration, clock: clock)
    }

    /// The keys of `keys` that hold a value; reading refreshes them, so call it last.
    func present(_ keys: [String], in cache: InMemoryLRUCache<Int>) async throws -> Set<String> {
        var found: Set<String> = []
        for key in keys where try await cache.value(forKey: key) != nil {
            found.insert(key)
        }
        return found
    }

    // MARK: - Eviction

    @Test("past capacity the least recently written entry is evicted", arguments: [1, 2, 5])
    func evictsOldestPastCapacity(capacity: Int) async throws {
        let cache = makeCache(capacity: capacity)
        let keys = (0...capacity).map { "k\($0)" }
        for (index, key) in keys.enumerated() {
            try await cache.setValue(index, forKey: key, timeToLive: nil)
        }
        #expect(cache.count == capacity)
        #expect(try await present(keys, in: cache) == Set(keys.dropFirst()))
    }

    @Test("a read makes an entry the most recently used", arguments: [(0, "k1"), (1, "k0"), (2, "k0")])
    func readRefreshesRecency(readIndex: Int, evicted: String) async throws {
        let cache = makeCache(capacity: 3)
        let keys = ["k0", "k1", "k2"]
        for (index, key) in keys.enumerated() {
            try await cache.setValue(index, forKey: key, timeToLive: nil)
        }
        #expect(try await cache.value(forKey: keys[readIndex]) == readIndex)
        try await cache.setValue(3, forKey: "k3", timeToLive: nil)
        #expect(try await present(keys + ["k3"], in: cache) == Set(keys + ["k3"]).subtracting([evicted]))
    }

    @Test("an overwrite keeps one entry with the new value and makes it the most recently used")
    func overwriteKeepsOneEntry() async throws {
        let cache = makeCache(capacity: 3)
        for (index, key) in ["a", "b", "c"].enumerated() {
            try await cache.setValue(index, forKey: key, timeToLive: nil)
        }
        try await cache.setValue(10, forKey: "a", timeToLive: nil)
        #expect(cache.count == 3)
        try await cache.setValue(4, forKey: "d", timeToLive: nil)
        #expect(try await cache.value(forKey: "b") == nil)
        #expect(try await cache.value(forKey: "a") == 10)
        #expect(cache.count == 3)
    }

    // MARK: - Expiry

    @Test("an entry expires exactly when its time to live has passed", arguments: [Duration.seconds(1), .seconds(90)])
    func expiresAfterTimeToLive(timeToLive: Duration) async throws {
        let cache = makeCache()
        try await cache.setValue(1, forKey: "a", timeToLive: timeToLive)
        clock.advance(by: timeToLive - .milliseconds(1))
        #expect(try await cache.value(forKey: "a") == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await cache.value(forKey: "a") == nil)
        #expect(cache.count == 0)
    }

    @Test(
        "an entry stored without a time to live uses the configured default",
        arguments: [(nil, Duration.seconds(300)), (Duration.seconds(5), .seconds(5))]
    )
    func usesDefaultTimeToLive(configured: Duration?, effective: Duration) async throws {
        let cache = makeCache(defaultTimeToLive: configured)
        try await cache.setValue(1, forKey: "default", timeToLive: nil)
        try await cache.setValue(2, forKey: "explicit", timeToLive: effective * 2)
        clock.advance(by: effective - .milliseconds(1))
        #expect(try await cache.value(forKey: "default") == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await cache.value(forKey: "default") == nil)
        #expect(try await cache.value(forKey: "explicit") == 2)
    }

    @Test("an overwrite restarts the entry's time to live")
    func overwriteRestartsTimeToLive() async throws {
        let cache = makeCache()
        try await cache.setValue(1, forKey: "a", timeToLive: .seconds(10))
        clock.advance(by: .seconds(8))
        try await cache.setValue(2, forKey: "a", timeToLive: .seconds(10))
        clock.advance(by: .seconds(8))
        #expect(try await cache.value(forKey: "a") == 2)
    }

    // MARK: - Removal

    @Test("remove deletes only its key; removing an absent key is harmless")
    func removeDeletesKey() async throws {
        let cache = makeCache(capacity: 3)
        try await cache.setValue(1, forKey: "a", timeToLive: nil)
        try await cache.setValue(2, forKey: "b", timeToLive: nil)
        try await cache.removeValue(forKey: "a")
        try await cache.removeValue(forKey: "absent")
        #expect(cache.count == 1)
        #expect(try await cache.value(forKey: "a") == nil)
        #expect(try await cache.value(forKey: "b") == 2)
    }

    @Test("slots freed by removal are reused without breaking the recency order")
    func removalKeepsRecencyOrder() async throws {
        let cache = makeCache(capacity: 3)
        for (index, key) in ["a", "b", "c"].enumerated() {
            try await cache.setValue(index, forKey: key, timeToLive: nil)
        }
        try await cache.removeValue(forKey: "b")
        try await cache.setValue(3, forKey: "d", timeToLive: nil)
        try await cache.setValue(4, forKey: "e", timeToLive: nil)
        #expect(cache.count == 3)
        #expect(try await present(["a", "b", "c", "d", "e"], in: cache) == ["c", "d", "e"])
    }

    // MARK: - Against a model

    @Test("random operations agree with a reference LRU model", arguments: [1, 2, 3, 42, 1337] as [UInt64])
    func agreesWithModel(seed: UInt64) async throws {
        let capacity = 4
        let cache = makeCache(capacity: capacity)
        var model = ReferenceLRU(capacity: capacity)
        for step in 0..<2_000 {
            // The bucketing hash is deterministic everywhere, so a failing seed replays.
            let draw = Bucketing.hash(salt: "lru-model-\(seed)", key: "\(step)")
            let key = "k\(draw % 8)"
            switch (draw >> 8) % 3 {
            case 0:
                try await cache.setValue(step, forKey: key, timeToLive: nil)
                model.set(step, forKey: key)
            case 1:
                let actual = try await cache.value(forKey: key)
                let expected = model.value(forKey: key)
                #expect(actual == expected, "step \(step): read \(key)")
            default:
                try await cache.removeValue(forKey: key)
                model.remove(key)
            }
            #expect(cache.count == model.count, "step \(step)")
        }
    }
}

/// The obvious LRU: keys ordered from least to most recently used.
private struct ReferenceLRU {
    let capacity: Int
    private var order: [String] = []
    private var values: [String: Int] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { order.count }

    mutating func set(_ value: Int, forKey key: String) {
        if values[key] == nil, order.count == capacity {
            values[order.removeFirst()] = nil
        }
        order.removeAll { $0 == key }
        order.append(key)
        values[key] = value
    }

    mutating func value(forKey key: String) -> Int? {
        guard let value = values[key] else { return nil }
        order.removeAll { $0 == key }
        order.append(key)
        return value
    }

    mutating func remove(_ key: String) {
        order.removeAll { $0 == key }
        values[key] = nil
    }
}
