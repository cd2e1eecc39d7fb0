import Foundation

/// Deterministic user traffic with a daily rhythm.
///
/// Arrivals follow a Poisson process whose rate follows the time of day (``rate(at:)``). Each
/// second of simulated time draws its arrivals from its own stream of the seed, so the
/// requests of any interval are the same however the run is sliced:
/// `requests(from: 0, to: 2h)` equals `requests(from: 0, to: 1h) + requests(from: 1h, to: 2h)`.
public struct TrafficGenerator: Sendable {
    /// The shape of the traffic.
    public struct Configuration: Sendable {
        /// Seeds the users and the arrivals.
        public var seed: UInt64 = 42
        /// The number of users.
        public var userCount = 1_000
        /// CV versions per user.
        public var cvRevisionsPerUser = 2
        /// The mean request rate over a day, in requests per second.
        public var baseRate = 5.0
        /// How far the rate swings around the base over a day, `0 ..< 1`: the peak is
        /// `baseRate × (1 + amplitude)`, the trough `baseRate × (1 - amplitude)`.
        public var diurnalAmplitude = 0.6
        /// The hour of day (0–24) of the peak.
        public var peakHour = 14.0
        /// The time of day at simulated time zero.
        public var startTimeOfDay: Duration = .seconds(9 * 3600)

        /// The default configuration.
        public init() {}
    }

    /// The shape of the traffic.
    public let configuration: Configuration
    /// The users requests come from.
    public let population: UserPopulation

    /// A generator of traffic shaped by `configuration`.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        population = UserPopulation(
            count: max(configuration.userCount, 1), revisions: configuration.cvRevisionsPerUser, seed: configuration.seed
        )
    }

    /// The request rate, in requests per second, at simulated `time`.
    public func rate(at time: Duration) -> Double {
        let seconds = Self.seconds(configuration.startTimeOfDay + time)
        let hour = (seconds / 3600).truncatingRemainder(dividingBy: 24)
        let phase = 2 * Double.pi * (hour - configuration.peakHour) / 24
        return max(configuration.baseRate * (1 + configuration.diurnalAmplitude * cos(phase)), 0)
    }

    /// The requests arriving in `start ..< end`, in arrival order, at `scale` times the rate
    /// (`0 ... 1`: a thinned stream, still Poisson, for a simulation that needs fewer requests).
    public func requests(from start: Duration, to end: Duration, scale: Double = 1) -> [UserRequest] {
        guard end > start else { return [] }
        let first = max(Int64(Self.seconds(start).rounded(.down)), 0)
        let last = Int64(Self.seconds(end).rounded(.up))
        var requests: [UserRequest] = []
        for second in first..<max(last, first) {
            appendArrivals(inSecond: second, scale: scale, within: start..<end, to: &requests)
        }
        return requests
    }

    /// Appends the arrivals of one second of simulated time that fall `within` the interval,
    /// at `scale` times the rate, drawn from that second's own stream.
    private func appendArrivals(
        inSecond second: Int64, scale: Double, within interval: Range<Duration>, to requests: inout [UserRequest]
    ) {
        var random = SplitMix64(seed: configuration.seed ^ 0x7261_6666_6963, stream: UInt64(second))
        let count = Self.poisson(mean: scale * rate(at: .seconds(second) + .milliseconds(500)), using: &random)
        guard count > 0 else { return }
        let offsets = (0..<count).map { _ in random.nextUnit() }.sorted()
        let users = population.users
        for (index, offset) in offsets.enumerated() {
            let user = users[Int(random.next() % UInt64(users.count))]
            let cv = user.cvs[Int(random.next() % UInt64(user.cvs.count))]
            let arrival = Duration.seconds(second) + .nanoseconds(Int64(offset * 1e9))
            guard interval.contains(arrival) else { continue }
            requests.append(UserRequest(id: "r\(second)-\(index)", arrival: arrival, user: user, cv: cv))
        }
    }

    /// A Poisson-distributed count: exact (Knuth) for small means, normal approximation above 30.
    static func poisson(mean: Double, using random: inout SplitMix64) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            let u1 = max(random.nextUnit(), .leastNonzeroMagnitude)
            let u2 = random.nextUnit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return max(Int((mean + mean.squareRoot() * normal).rounded()), 0)
        }
        let limit = exp(-mean)
        var count = 0
        var product = random.nextUnit()
        while product > limit {
            count += 1
            product *= random.nextUnit()
        }
        return count
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
