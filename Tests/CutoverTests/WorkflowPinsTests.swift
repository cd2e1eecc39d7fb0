import CutoverCore
import Testing

@testable import Cutover

@Suite("Workflow continuity")
struct WorkflowPinsTests {
    static let serviceName = "cv-analyzer"

    let clock = VirtualClock()
    let user = EvaluationContext(userID: "user-3")

    /// A router whose `cv-analyzer` flag has `rollout` percent and workflow continuity, and the service.
    func makeService(
        rollout: Double,
        pins: WorkflowPins.Configuration = .init(),
        configure: (inout ServiceFlag) -> Void = { _ in }
    ) throws -> (FlagHolder, MigratedService<String>) {
        var configuration = MigrationRouter.Configuration()
        configuration.workflowPins = pins
        let flags = FlagHolder()
        try flags.apply(Self.snapshot(rollout: rollout, version: 1, configure: configure))
        let router = try MigrationRouter(flags: flags, configuration: configuration, clock: clock)
        return (flags, router.service(Self.serviceName, legacy: "legacy", candidate: "candidate"))
    }

    static func snapshot(
        rollout: Double, version: UInt64, continuity: Bool = true, configure: (inout ServiceFlag) -> Void = { _ in }
    ) -> FlagSnapshot {
        .routing(serviceName, rollout: rollout, version: version) { flag in
            flag.workflowContinuity = continuity
            configure(&flag)
        }
    }

    static func pinConfiguration(timeToLive: Duration = .seconds(3600), capacity: Int = 100_000) -> WorkflowPins.Configuration {
        var configuration = WorkflowPins.Configuration()
        configuration.timeToLive = timeToLive
        configuration.capacity = capacity
        return configuration
    }

    // MARK: - Flag changes

    @Test(
        "a started workflow keeps its cohort when the rollout changes; new workflows get the new cohort",
        arguments: [(0.0, 100.0), (100, 0)]
    )
    func pinnedWorkflowKeepsCohort(before: Double, after: Double) throws {
        let (flags, service) = try makeService(rollout: before)
        let started = service.cohort(for: user, workflow: "wf-started")
        #expect(started == (before == 100 ? .candidate : .legacy))

        #expect(try flags.apply(Self.snapshot(rollout: after, version: 2)) == .applied(version: 2))

        let changed = started.other
        #expect(service.cohort(for: user, workflow: "wf-started") == started)
        #expect(service.cohort(for: user, workflow: "wf-new") == changed)
        #expect(service.cohort(for: user) == changed)
        #expect(service.pins.count(on: started) == 1)
        #expect(service.pins.count(on: changed) == 1)
    }

    @Test("without workflow continuity a workflow follows the flag")
    func noContinuityFollowsFlag() throws {
        let (flags, service) = try makeService(rollout: 100) { $0.workflowContinuity = false }
        #expect(service.cohort(for: user, workflow: "wf") == .candidate)
        try flags.apply(Self.snapshot(rollout: 0, version: 2, continuity: false))
        #expect(service.cohort(for: user, workflow: "wf") == .legacy)
        #expect(service.pins.count(on: .candidate) == 0)
    }

    // MARK: - Expiry and capacity

    @Test("a pin expires its time to live after the workflow's last call", arguments: [Duration.seconds(60), .seconds(3600)])
    func pinExpires(timeToLive: Duration) throws {
        let (flags, service) = try makeService(rollout: 100, pins: Self.pinConfiguration(timeToLive: timeToLive))
        #expect(service.cohort(for: user, workflow: "wf") == .candidate)
        try flags.apply(Self.snapshot(rollout: 0, version: 2))

        // Each call before the deadline keeps the pin alive for another full time to live.
        for _ in 0..<3 {
            clock.advance(by: timeToLive - .seconds(1))
            #expect(service.cohort(for: user, workflow: "wf") == .candidate)
        }
        clock.advance(by: timeToLive)
        #expect(service.pins.count(on: .candidate) == 0)
        #expect(service.cohort(for: user, workflow: "wf") == .legacy)
    }

    @Test("expired pins are dropped once the table has doubled, long before capacity")
    func expiredPinsDroppedBeforeCapacity() throws {
        let (flags, service) = try makeService(rollout: 100, pins: Self.pinConfiguration(timeToLive: .seconds(60)))
        // 6 000 workflows, one a second, each pinned for a minute: at most 60 live at a time,
        // against a capacity of 100 000.
        for second in 0..<6_000 {
            #expect(service.cohort(for: user, workflow: "wf-\(second)") == .candidate)
            clock.advance(by: .seconds(1))
            #expect(service.pins.heldCount <= 2_048)
        }
        // Live now: the workflows of seconds 5 941 ... 5 999.
        #expect(service.pins.count(on: .candidate) == 59)
        #expect(service.pins.heldCount >= 59)
        // Live pins survive the drops: with the flag off, the last workflow stays on its cohort.
        try flags.apply(Self.snapshot(rollout: 0, version: 2))
        #expect(service.cohort(for: user, workflow: "wf-5999") == .candidate)
        #expect(service.cohort(for: user, workflow: "wf-new") == .legacy)
    }

    @Test("past capacity the least recently used pins are dropped, down to 90 % of it", arguments: [1, 2, 8, 50])
    func capacityEvictsLeastRecentlyUsed(capacity: Int) throws {
        let (flags, service) = try makeService(rollout: 100, pins: Self.pinConfiguration(capacity: capacity))
        let workflows = (0..<capacity).map { "wf-\($0)" }
        for workflow in workflows {
            #expect(service.cohort(for: user, workflow: workflow) == .candidate)
        }
        // Touch the oldest so the second oldest (or, with one slot, the only one) becomes least recently used.
        _ = service.cohort(for: user, workflow: workflows[0])
        let evicted = capacity == 1 ? workflows[0] : workflows[1]
        #expect(service.cohort(for: user, workflow: "wf-extra") == .candidate)
        let kept = service.pins.count(on: .candidate)
        #expect(kept <= capacity)
        #expect(kept >= capacity * 9 / 10)

        try flags.apply(Self.snapshot(rollout: 0, version: 2))
        // From most to least recently used: the new workflow, the touched oldest, then the rest newest first.
        var byRecency = ["wf-extra"]
        for workflow in [workflows[0]] + workflows.dropFirst().reversed() where !byRecency.contains(workflow) {
            byRecency.append(workflow)
        }
        for workflow in byRecency.prefix(kept) {
            #expect(service.cohort(for: user, workflow: workflow) == .candidate, "\(workflow) keeps its pin")
        }
        #expect(service.cohort(for: user, workflow: evicted) == .legacy)
    }

    @Test("expired pins are no longer counted")
    func expiredPinsAreNotCounted() {
        let pins = WorkflowPins(configuration: Self.pinConfiguration(timeToLive: .seconds(10)), clock: clock)
        _ = pins.cohort(for: "early", decided: .candidate)
        clock.advance(by: .seconds(5))
        _ = pins.cohort(for: "late", decided: .candidate)
        #expect(pins.count(on: .candidate) == 2)
        clock.advance(by: .seconds(5))
        #expect(pins.count(on: .candidate) == 1)
        clock.advance(by: .seconds(5))
        #expect(pins.count(on: .candidate) == 0)
    }

    // MARK: - Kill switch

    @Test("a kill switch sends a pinned candidate workflow to legacy only when it unpins on kill", arguments: [true, false])
    func killSwitch(unpinOnKill: Bool) throws {
        let (flags, service) = try makeService(rollout: 100) { $0.unpinOnKill = unpinOnKill }
        #expect(service.cohort(for: user, workflow: "wf-running") == .candidate)

        try flags.apply(Self.snapshot(rollout: 100, version: 2) {
            $0.killSwitch = true
            $0.unpinOnKill = unpinOnKill
        })

        #expect(service.cohort(for: user) == .legacy)
        #expect(service.cohort(for: user, workflow: "wf-new") == .legacy)
        if unpinOnKill {
            #expect(service.cohort(for: user, workflow: "wf-running") == .legacy)
            #expect(service.pins.count(on: .candidate) == 0)
        } else {
            #expect(service.cohort(for: user, workflow: "wf-running") == .candidate)
            #expect(service.pins.count(on: .candidate) == 1)
        }
    }

    @Test("unpin and unpinAll release pins")
    func unpinReleases() {
        let pins = WorkflowPins(clock: clock)
        _ = pins.cohort(for: "a", decided: .candidate)
        _ = pins.cohort(for: "b", decided: .candidate)
        _ = pins.cohort(for: "c", decided: .candidate)
        pins.unpin("a")
        #expect(pins.count(on: .candidate) == 2)
        #expect(pins.cohort(for: "a", decided: .legacy) == .legacy)
        #expect(pins.cohort(for: "b", decided: .legacy) == .candidate)
        pins.unpinAll()
        #expect(pins.count(on: .candidate) == 0)
        #expect(pins.count(on: .legacy) == 0)
        #expect(pins.cohort(for: "b", decided: .legacy) == .legacy)
    }
}
