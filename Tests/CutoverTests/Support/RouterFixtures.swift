import CutoverCore
import Synchronization

@testable import Cutover

/// An implementation used by router tests: answers with its name, fails when told to.
struct Echo: Sendable {
    struct Failure: Error, Equatable {}

    let name: String
    let failing: Bool
    let calls: Counter

    init(_ name: String, failing: Bool = false) {
        self.name = name
        self.failing = failing
        calls = Counter()
    }

    func answer() throws -> String {
        calls.increment()
        if failing { throw Failure() }
        return name
    }
}

/// A thread-safe counter for test doubles.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() {
        value.add(1, ordering: .relaxed)
    }

    var count: Int {
        value.load(ordering: .relaxed)
    }
}

/// A router over a single `service` flag with `rollout` percent and the given options.
func makeRouter(
    service: String = "svc",
    rollout: Double,
    version: UInt64 = 1,
    configure: (inout ServiceFlag) -> Void = { _ in },
    configuration: MigrationRouter.Configuration = .init(),
    clock: VirtualClock = VirtualClock()
) throws -> MigrationRouter {
    let router = try MigrationRouter(flags: FlagHolder(), configuration: configuration, clock: clock)
    try router.flags.apply(snapshot(service: service, rollout: rollout, version: version, configure: configure))
    return router
}

/// A snapshot with one flag routing `service`.
func snapshot(
    service: String = "svc", rollout: Double, version: UInt64 = 1, configure: (inout ServiceFlag) -> Void = { _ in }
) -> FlagSnapshot {
    var flag = ServiceFlag(key: "\(service)-package-enabled", service: service)
    flag.rolloutPercentage = rollout
    configure(&flag)
    return FlagSnapshot(version: version, flags: [flag])
}

/// Waits until `condition` holds, checking every millisecond for at most `seconds`.
func eventually(seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition()
}
