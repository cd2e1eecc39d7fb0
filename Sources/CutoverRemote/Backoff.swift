/// Exponential backoff with jitter: the n-th delay is uniform in [c/2, c] with
/// c = min(maximum, initial·2ⁿ), so instances that lost the server together do not come back
/// together, and none retries in a tight loop.
struct Backoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private var attempt = 0

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The next delay.
    mutating func next() -> Duration {
        let ceiling = min(maximum, initial * Double(1 << min(attempt, 30)))
        attempt += 1
        return ceiling * Double.random(in: 0.5...1)
    }

    /// Starts again from the initial delay (after a success).
    mutating func reset() {
        attempt = 0
    }
}
