extension CircuitBreaker {
    /// A breaker's state and window, portable between processes and clocks.
    ///
    /// Times are relative: an open breaker carries the *remaining* open time and a time window
    /// carries each bucket's age, so a snapshot restored elsewhere resumes where it stopped.
    /// Durations are encoded as seconds.
    ///
    /// Restoring (``CircuitBreaker/restore(_:)``) keeps the state and, when the window kinds match,
    /// the window's contents:
    /// - a count window keeps the newest calls that fit; a time window keeps the buckets young
    ///   enough for its span;
    /// - a snapshot of the **other window kind** keeps its state and starts a fresh, empty window;
    /// - a half-open snapshot starts a fresh round of probes (the old process's probes will never
    ///   report to the new breaker);
    /// - counters are not part of a snapshot: they describe one process's activity.
    public struct Snapshot: Sendable, Hashable {
        /// One call of a count window.
        public struct Call: Sendable, Hashable, Codable {
            /// Whether the call failed.
            public var failed: Bool
            /// Whether the call was slow.
            public var slow: Bool

            /// Creates a call.
            public init(failed: Bool, slow: Bool) {
                self.failed = failed
                self.slow = slow
            }
        }

        /// One second of a time window.
        public struct Bucket: Sendable, Hashable, Codable {
            /// How long before the snapshot this second was, in whole seconds (0: the current second).
            public var secondsAgo: Int
            /// Calls recorded in that second.
            public var calls: Int
            /// Failed calls among them.
            public var failures: Int
            /// Slow calls among them.
            public var slowCalls: Int

            /// Creates a bucket.
            public init(secondsAgo: Int, calls: Int, failures: Int, slowCalls: Int) {
                self.secondsAgo = secondsAgo
                self.calls = calls
                self.failures = failures
                self.slowCalls = slowCalls
            }
        }

        /// The breaker's state.
        public var state: State
        /// For ``State/open``: how long the breaker stays open from the moment of the snapshot.
        /// `nil` in every other state.
        public var remainingOpenTime: Duration?
        /// The window the contents were recorded with.
        public var window: Configuration.Window
        /// The contents of a count window, oldest first; empty for a time window.
        public var calls: [Call]
        /// The non-empty seconds of a time window, oldest first; empty for a count window.
        public var buckets: [Bucket]

        /// Creates a snapshot.
        public init(
            state: State,
            remainingOpenTime: Duration? = nil,
            window: Configuration.Window,
            calls: [Call] = [],
            buckets: [Bucket] = []
        ) {
            self.state = state
            self.remainingOpenTime = remainingOpenTime
            self.window = window
            self.calls = calls
            self.buckets = buckets
        }
    }
}
