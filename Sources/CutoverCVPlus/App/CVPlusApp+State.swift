import Cutover
import CutoverController
import Foundation

extension CVPlusApp {
    /// Backs up `service`'s state (both implementations'), as JSON; `nil` for a service that keeps none.
    ///
    /// The `circuit-breaker-core` backs up its breakers (``CircuitBreakerStates``) and the
    /// `recommendation-orchestrator` its active workflows; the others are stateless here (the
    /// cache is dual-written instead).
    public func backupState(of service: String) throws(CVPlusStateError) -> Data? {
        switch try Self.service(named: service) {
        case .circuitBreakerCore: try encode(breakerStates(), service)
        case .recommendationOrchestrator: try encode(workflowStates(), service)
        default: nil
        }
    }

    /// Restores `service`'s state from a ``backupState(of:)`` backup; nothing for a stateless service.
    public func restoreState(of service: String, from backup: Data) throws(CVPlusStateError) {
        switch try Self.service(named: service) {
        case .circuitBreakerCore: restoreBreakerStates(try decode(backup, service))
        case .recommendationOrchestrator: restoreWorkflowStates(try decode(backup, service))
        default: return
        }
    }

    /// The `statePreservation` cutover: the candidate takes over legacy's state. Returns whether
    /// `service` has state to transfer (only the `circuit-breaker-core`; workflows stay pinned instead).
    @discardableResult
    public func preserveState(of service: String) throws(CVPlusStateError) -> Bool {
        guard try Self.service(named: service) == .circuitBreakerCore else { return false }
        breakers.candidate.transferState(from: breakers.legacy)
        return true
    }

    /// Both breaker cores' breaker states.
    public func breakerStates() -> ServiceStateBackup<CircuitBreakerStates> {
        ServiceStateBackup(legacy: breakers.legacy.snapshot(), candidate: breakers.candidate.snapshot())
    }

    /// Restores both breaker cores' breaker states.
    public func restoreBreakerStates(_ backup: ServiceStateBackup<CircuitBreakerStates>) {
        breakers.legacy.restore(backup.legacy)
        breakers.candidate.restore(backup.candidate)
    }

    /// Both recommendation orchestrators' active workflows.
    public func workflowStates() -> ServiceStateBackup<[RecommendationWorkflow]> {
        ServiceStateBackup(legacy: orchestrator.legacy.activeWorkflows(), candidate: orchestrator.candidate.activeWorkflows())
    }

    /// Restores both recommendation orchestrators' active workflows.
    public func restoreWorkflowStates(_ backup: ServiceStateBackup<[RecommendationWorkflow]>) {
        orchestrator.legacy.restoreActiveWorkflows(backup.legacy)
        orchestrator.candidate.restoreActiveWorkflows(backup.candidate)
    }

    static func service(named name: String) throws(CVPlusStateError) -> CVPlusService {
        guard let service = CVPlusService(rawValue: name) else { throw CVPlusStateError(.unknownService, service: name) }
        return service
    }

    private func encode<Value: Encodable>(_ value: Value, _ service: String) throws(CVPlusStateError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(value)
        } catch {
            throw CVPlusStateError(.unreadableBackup, service: service, underlying: error)
        }
    }

    private func decode<Value: Decodable>(_ data: Data, _ service: String) throws(CVPlusStateError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw CVPlusStateError(.unreadableBackup, service: service, underlying: error)
        }
    }
}

extension CVPlusApp: ServiceStateCustodian {
    /// The seven services.
    public var services: [String] {
        CVPlusService.allCases.map(\.rawValue)
    }
}
