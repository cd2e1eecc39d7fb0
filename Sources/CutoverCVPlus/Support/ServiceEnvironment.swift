/// What one implementation runs with: the time its work costs and, for candidates, the faults.
///
/// Every implementation spends its latency through ``work`` (jittered by a stable hash of the
/// input, ±30 %, so equal inputs cost equal time) and, when it has ``faults``, may fail, slow
/// down or return corrupted results as they dictate.
public struct ServiceEnvironment: Sendable {
    /// The service this implementation belongs to.
    public var service: CVPlusService
    /// How work time is taken.
    public var work: any WorkClock
    /// The usual latency of one call, before jitter.
    public var latency: Duration
    /// The injected faults; `nil` for legacy implementations, which stay healthy.
    public var faults: FaultInjector?

    /// An environment for an implementation of `service`.
    public init(service: CVPlusService, work: any WorkClock = SimulatedWork(), latency: Duration, faults: FaultInjector? = nil) {
        self.service = service
        self.work = work
        self.latency = latency
        self.faults = faults
    }

    /// What the faults do to this call (always healthy without faults).
    func draw() -> FaultDraw {
        faults?.draw(for: service) ?? .healthy
    }

    /// Spends the call's latency (`latency`, or the environment's), jittered by `jitterKey` and scaled by `draw`.
    ///
    /// Inlined, so that simulated work, taken without waiting, leaves its callers no suspension point.
    @inline(__always)
    func spend(_ draw: FaultDraw, jitterKey: String, latency: Duration? = nil) async {
        let jitter = 0.7 + 0.6 * StableHash.unit(jitterKey)
        let duration = (latency ?? self.latency) * (jitter * draw.latencyMultiplier)
        if !work.spendWithoutWaiting(duration) {
            await work.spend(duration)
        }
    }

    /// Draws the faults and spends the latency; throws ``InjectedFault`` when the call fails.
    @inline(__always)
    func enter(jitterKey: String, latency: Duration? = nil) async throws -> FaultDraw {
        let draw = draw()
        await spend(draw, jitterKey: jitterKey, latency: latency)
        if draw.fails { throw InjectedFault(service: service) }
        return draw
    }

    /// Runs `body` as one call: spends its latency, may fail, and may corrupt its result.
    func perform<Output: Corruptible>(
        jitterKey: String, latency: Duration? = nil, _ body: () throws -> Output
    ) async throws -> Output {
        let draw = try await enter(jitterKey: jitterKey, latency: latency)
        let output = try body()
        return draw.corrupts ? output.corrupted() : output
    }
}

/// A result a corruption fault can spoil: valid-looking, but different from the healthy result.
protocol Corruptible {
    /// A subtly wrong copy of this value; never equal to it.
    func corrupted() -> Self
}

extension Bool: Corruptible {
    func corrupted() -> Bool { !self }
}
