/// The sliding window of recent calls a circuit breaker judges, in preallocated storage.
///
/// Both kinds share one ring of buckets, so recording never allocates:
/// - a **count** window keeps one bucket per call, for the last `size` calls;
/// - a **time** window keeps one bucket per second, for the last `size` seconds.
///
/// Running totals are kept so the rates are read in O(1).
struct CircuitBreakerWindow: Sendable {
    private struct Bucket: Sendable {
        var calls = 0
        var failures = 0
        var slowCalls = 0
    }

    /// The window's configuration.
    let kind: CircuitBreaker.Configuration.Window
    private let isTimeBased: Bool
    private let size: Int
    private var buckets: [Bucket]
    /// Count window: where the next call goes.
    private var head = 0
    /// Count window: how many buckets hold a call.
    private var filled = 0
    /// Time window: the newest second seen, offset by `size` so restored past seconds stay positive.
    private var latestSecond: Int64

    /// Calls in the window.
    private(set) var calls = 0
    /// Failed calls in the window.
    private(set) var failures = 0
    /// Slow calls in the window.
    private(set) var slowCalls = 0

    /// Creates an empty window; `kind` must be valid.
    init(_ kind: CircuitBreaker.Configuration.Window) {
        self.kind = kind
        self.isTimeBased = kind.duration != nil
        self.size = kind.duration.map { Int($0.components.seconds) } ?? kind.callCount ?? 1
        self.buckets = Array(repeating: Bucket(), count: size)
        self.latestSecond = Int64(size)
    }

    /// Adds one call, recorded at `now`.
    mutating func record(failed: Bool, slow: Bool, now: Duration) {
        let index: Int
        if isTimeBased {
            advance(to: now)
            index = Int(latestSecond % Int64(size))
        } else {
            index = head
            if filled == size {
                remove(at: index)
            } else {
                filled += 1
            }
            head = head + 1 == size ? 0 : head + 1
        }
        buckets[index].calls += 1
        calls += 1
        if failed {
            buckets[index].failures += 1
            failures += 1
        }
        if slow {
            buckets[index].slowCalls += 1
            slowCalls += 1
        }
    }

    /// Adds `count` successful, fast calls, recorded at `now`.
    mutating func recordSuccesses(_ count: Int, now: Duration) {
        guard count > 0 else { return }
        guard isTimeBased else {
            for _ in 0..<min(count, size) {
                record(failed: false, slow: false, now: now)
            }
            return
        }
        advance(to: now)
        buckets[Int(latestSecond % Int64(size))].calls += count
        calls += count
    }

    /// Time window: forgets the seconds that slid out of the window by `now`.
    /// Time never moves backwards here: an earlier `now` counts as the newest second seen.
    mutating func advance(to now: Duration) {
        guard isTimeBased else { return }
        let second = self.second(of: now)
        guard second > latestSecond else { return }
        if second - latestSecond >= Int64(size) {
            clear()
        } else {
            for past in (latestSecond + 1)...second {
                remove(at: Int(past % Int64(size)))
            }
        }
        latestSecond = second
    }

    /// Empties the window, keeping its storage.
    mutating func clear() {
        for index in buckets.indices {
            buckets[index] = Bucket()
        }
        head = 0
        filled = 0
        calls = 0
        failures = 0
        slowCalls = 0
    }

    /// The calls of a count window, oldest first (empty for a time window).
    func snapshotCalls() -> [CircuitBreaker.Snapshot.Call] {
        guard !isTimeBased else { return [] }
        return (0..<filled).map { offset in
            let bucket = buckets[(head - filled + offset + size) % size]
            return .init(failed: bucket.failures > 0, slow: bucket.slowCalls > 0)
        }
    }

    /// The non-empty buckets of a time window as seen at `now`, oldest first (empty for a count window).
    func snapshotBuckets(now: Duration) -> [CircuitBreaker.Snapshot.Bucket] {
        guard isTimeBased else { return [] }
        let current = max(second(of: now), latestSecond)
        let oldest = max(current - Int64(size) + 1, latestSecond - Int64(size) + 1)
        guard oldest <= latestSecond else { return [] }
        return (oldest...latestSecond).compactMap { second in
            let bucket = buckets[Int(second % Int64(size))]
            guard bucket.calls > 0 else { return nil }
            return .init(
                secondsAgo: Int(current - second),
                calls: bucket.calls,
                failures: bucket.failures,
                slowCalls: bucket.slowCalls
            )
        }
    }

    /// Replaces the contents with a snapshot's, as of `now`.
    ///
    /// Calls of a count window beyond this window's size keep the newest; buckets of a time window
    /// older than this window's span are dropped. Contents of the other kind are ignored.
    mutating func load(calls snapshotCalls: [CircuitBreaker.Snapshot.Call], buckets snapshotBuckets: [CircuitBreaker.Snapshot.Bucket], now: Duration) {
        clear()
        if isTimeBased {
            latestSecond = max(second(of: now), latestSecond)
            for bucket in snapshotBuckets where (0..<size).contains(bucket.secondsAgo) {
                let index = Int((latestSecond - Int64(bucket.secondsAgo)) % Int64(size))
                let failures = min(max(bucket.failures, 0), max(bucket.calls, 0))
                let slowCalls = min(max(bucket.slowCalls, 0), max(bucket.calls, 0))
                remove(at: index)
                buckets[index] = Bucket(calls: max(bucket.calls, 0), failures: failures, slowCalls: slowCalls)
                calls += buckets[index].calls
                self.failures += failures
                self.slowCalls += slowCalls
            }
        } else {
            for call in snapshotCalls.suffix(size) {
                record(failed: call.failed, slow: call.slow, now: now)
            }
        }
    }

    private mutating func remove(at index: Int) {
        calls -= buckets[index].calls
        failures -= buckets[index].failures
        slowCalls -= buckets[index].slowCalls
        buckets[index] = Bucket()
    }

    private func second(of now: Duration) -> Int64 {
        max(now.components.seconds, 0) + Int64(size)
    }
}
