/// How an operation that failed transiently is retried (a store operation, an alert's
/// delivery): exponential backoff with jitter, capped.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var attempts = 12
    /// The delay before the first retry.
    public var initialDelay: Duration = .milliseconds(100)
    /// The longest delay between two attempts.
    public var maximumDelay: Duration = .seconds(10)

    /// The defaults: 12 attempts, from 100 ms up to 10 s apart (about a minute in all).
    public init() {}

    /// The delay before retry `attempt` (0 for the first retry): a random share of the capped exponential.
    public func delay(forAttempt attempt: Int) -> Duration {
        let exponential = initialDelay * (1 << min(attempt, 20))
        let cap = min(exponential, maximumDelay)
        return cap * Double.random(in: 0.5...1.0)
    }
}
