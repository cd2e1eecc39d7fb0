import Cutover
import CutoverCore

/// Decides, call by call, whether an injected ``Fault`` strikes a candidate.
///
/// Step-based faults read the service's current rollout through `rollout` (see
/// ``rollout(from:)``); time-based faults read the simulated time through `elapsed`. Random
/// draws come from one seeded ``SplitMix64``, so a run with the same calls in the same order
/// strikes the same calls.
public final class FaultInjector: Sendable {
    /// The faults injected.
    public let faults: [Fault]
    private let byService: [CVPlusService: [Fault]]
    private let rollout: @Sendable (String) -> Double
    private let elapsed: @Sendable () -> Duration
    private let random: Locked<SplitMix64>

    /// An injector of `faults`.
    ///
    /// - Parameters:
    ///   - seed: Seeds the draws.
    ///   - rollout: The current rollout percentage (0–100) of a service, by name.
    ///   - elapsed: The simulated time since the run started.
    public init(
        _ faults: [Fault],
        seed: UInt64 = 0,
        rollout: @escaping @Sendable (String) -> Double,
        elapsed: @escaping @Sendable () -> Duration = { .zero }
    ) {
        self.faults = faults
        byService = Dictionary(grouping: faults, by: \.service)
        self.rollout = rollout
        self.elapsed = elapsed
        random = Locked(SplitMix64(seed: seed))
    }

    /// An injector without faults: every candidate stays healthy.
    public static var none: FaultInjector {
        FaultInjector([], rollout: { _ in 0 })
    }

    /// Reads a service's rollout from `flags`: 0 when unsynced, disabled or killed, 100 when complete.
    public static func rollout(from flags: FlagHolder) -> @Sendable (String) -> Double {
        { service in
            guard let flag = flags.current.snapshot?.flag(forService: service), flag.enabled, !flag.killSwitch else {
                return 0
            }
            return flag.complete ? 100 : flag.rolloutPercentage
        }
    }

    /// Whether `fault` is active now.
    public func isActive(_ fault: Fault) -> Bool {
        switch fault.start {
        case .fromStep(let percent): rollout(fault.service.rawValue) >= percent
        case .fromTime(let time): elapsed() >= time
        }
    }

    /// The faults of `service` active now.
    public func activeFaults(for service: CVPlusService) -> [Fault] {
        (byService[service] ?? []).filter(isActive)
    }

    /// Draws what happens to one call of `service`'s candidate.
    public func draw(for service: CVPlusService) -> FaultDraw {
        let active = activeFaults(for: service)
        guard !active.isEmpty else { return .healthy }
        return random.withLock { random in
            var draw = FaultDraw.healthy
            for fault in active {
                switch fault.kind {
                case .errorRate(let rate): draw.fails = draw.fails || random.nextUnit() < rate
                case .latencyMultiplier(let factor): draw.latencyMultiplier *= factor
                case .corruption(let rate): draw.corrupts = draw.corrupts || random.nextUnit() < rate
                }
            }
            return draw
        }
    }
}

/// What the active faults do to one candidate call.
public struct FaultDraw: Hashable, Sendable {
    /// The call throws ``InjectedFault``.
    public var fails: Bool
    /// The call's latency is multiplied by this.
    public var latencyMultiplier: Double
    /// The call's result (or stored value) is corrupted.
    public var corrupts: Bool

    /// A call no fault touches.
    public static let healthy = FaultDraw(fails: false, latencyMultiplier: 1, corrupts: false)

    /// A draw.
    public init(fails: Bool, latencyMultiplier: Double, corrupts: Bool) {
        self.fails = fails
        self.latencyMultiplier = latencyMultiplier
        self.corrupts = corrupts
    }
}
