/// A defect injected into one service's candidate, to rehearse how a migration reacts.
///
/// Faults touch only the candidate ("package") implementation; legacy stays healthy. Write them
/// as command-line specs (see ``init(parsing:)``):
/// `recommendation-generator:errors=0.08@25%`, `cache-manager:corrupt=0.02@t=2h`,
/// `cv-analyzer:latency=2.5x@50%`.
public struct Fault: Hashable, Sendable {
    /// What goes wrong.
    public enum Kind: Hashable, Sendable {
        /// This share (0–1) of candidate calls throws ``InjectedFault``.
        case errorRate(Double)
        /// Candidate calls take this many times their usual latency (> 0).
        case latencyMultiplier(Double)
        /// This share (0–1) of candidate results (or stored values) is subtly wrong.
        case corruption(Double)
    }

    /// When the fault becomes active.
    public enum Start: Hashable, Sendable {
        /// Active while the service's rollout is at least this percentage (0–100): a defect
        /// that shows only under that much load.
        case fromStep(Double)
        /// Active from this simulated time on (time since the simulation started).
        case fromTime(Duration)
    }

    /// The service whose candidate misbehaves.
    public var service: CVPlusService
    /// What goes wrong.
    public var kind: Kind
    /// When it starts.
    public var start: Start

    /// A fault of `service`'s candidate, active from `start` (by default always).
    public init(service: CVPlusService, kind: Kind, start: Start = .fromStep(0)) {
        self.service = service
        self.kind = kind
        self.start = start
    }
}

extension Fault: CustomStringConvertible {
    /// The fault as a spec that ``init(parsing:)`` reads back.
    public var description: String {
        "\(service.rawValue):\(kind)@\(start)"
    }
}

extension Fault.Kind: CustomStringConvertible {
    /// The kind as written in a spec: `errors=0.08`, `latency=2.5x`, `corrupt=0.02`.
    public var description: String {
        switch self {
        case .errorRate(let rate): "errors=\(rate)"
        case .latencyMultiplier(let factor): "latency=\(factor)x"
        case .corruption(let rate): "corrupt=\(rate)"
        }
    }
}

extension Fault.Start: CustomStringConvertible {
    /// The start as written in a spec: `25.0%` or `t=2h`.
    public var description: String {
        switch self {
        case .fromStep(let percent): "\(percent)%"
        case .fromTime(let time): "t=\(FaultSpecSyntax.render(time))"
        }
    }
}
