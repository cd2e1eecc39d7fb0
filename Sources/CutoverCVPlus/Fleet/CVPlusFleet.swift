import Cutover
import CutoverController
import CutoverCore
import CutoverRemote
import Foundation

/// Several ``CVPlusInstance``s with user traffic spread over them, paced on the wall clock;
/// as a ``ServiceStateCustodian`` it backs up and restores every instance's state together.
public final class CVPlusFleet: Sendable {
    /// The instances.
    public let instances: [CVPlusInstance]
    private let traffic: TrafficGenerator
    private let maximumInFlight: Int
    private let counters = Locked((handled: 0, userErrors: 0, shed: 0, inFlight: 0))

    /// A fleet of `instances` receiving `rate` requests per second from `users` users.
    public init(instances: [CVPlusInstance], rate: Double, users: Int, seed: UInt64, maximumInFlight: Int = 4_000) {
        precondition(!instances.isEmpty, "a fleet has at least one instance")
        self.instances = instances
        var configuration = TrafficGenerator.Configuration()
        configuration.baseRate = rate
        configuration.diurnalAmplitude = 0
        configuration.userCount = users
        configuration.seed = seed
        traffic = TrafficGenerator(configuration: configuration)
        self.maximumInFlight = maximumInFlight
    }

    /// Requests handled, those whose user saw an error, and those shed because too many were in flight.
    public var counts: (handled: Int, userErrors: Int, shed: Int) {
        counters.withLock { ($0.handled, $0.userErrors, $0.shed) }
    }

    /// Connects every instance to the server of `connection` and sends traffic until cancelled.
    public func run(connection: RemoteConnection) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for instance in instances {
                group.addTask { try await instance.run(connection: connection) }
            }
            group.addTask { try await self.sendTraffic() }
        }
    }

    /// Each second's arrivals, drawn once, each sent at its arrival time (to within 10 ms) on
    /// its own task, spread round-robin over the instances.
    private func sendTraffic() async throws {
        let start = ContinuousClock.now
        var next = 0
        try await withThrowingDiscardingTaskGroup { group in
            for second in Int64(0)... {
                for request in traffic.requests(from: .seconds(second), to: .seconds(second + 1)) {
                    let due = start + request.arrival
                    if due - ContinuousClock.now > .milliseconds(10) {
                        try await Task.sleep(until: due, tolerance: .milliseconds(5), clock: .continuous)
                    }
                    let instance = instances[next % instances.count]
                    next += 1
                    guard admit() else { continue }
                    group.addTask {
                        let outcome = await instance.app.handle(request)
                        self.counters.withLock { counters in
                            counters.inFlight -= 1
                            counters.handled += 1
                            if outcome.userSawError { counters.userErrors += 1 }
                        }
                    }
                }
            }
        }
    }

    /// Takes a place for one more request in flight, or counts it shed when all are taken.
    private func admit() -> Bool {
        counters.withLock { counters in
            guard counters.inFlight < maximumInFlight else {
                counters.shed += 1
                return false
            }
            counters.inFlight += 1
            return true
        }
    }
}

extension CVPlusFleet: ServiceStateCustodian {
    /// Every instance's backup of `service`, as a JSON array (`null` for an instance without state).
    public func backupState(of service: String) throws -> Data? {
        let backups = try instances.map { try $0.app.backupState(of: service) }
        guard backups.contains(where: { $0 != nil }) else { return nil }
        return try JSONEncoder().encode(backups)
    }

    @discardableResult
    public func preserveState(of service: String) throws -> Bool {
        try instances.map { try $0.app.preserveState(of: service) }.contains(true)
    }

    public func restoreState(of service: String, from backup: Data) throws {
        let backups = try JSONDecoder().decode([Data?].self, from: backup)
        for (instance, data) in zip(instances, backups) {
            if let data { try instance.app.restoreState(of: service, from: data) }
        }
    }

    public func readinessFailures() async -> [String] {
        var failures: [String] = []
        for (index, instance) in instances.enumerated() {
            failures += await instance.app.readinessFailures().map { "instance \(index + 1): \($0)" }
        }
        return failures
    }

    public var services: [String] {
        CVPlusService.allCases.map(\.rawValue)
    }

    /// Traffic keeps flowing during preflight, so a second backup may differ from the first.
    public var isStillDuringPreflight: Bool { false }
}
