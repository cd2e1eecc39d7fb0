import CutoverCore
import CutoverStore

extension ApprovalRecord {
    /// The decision an approve or reject command applied, with the judgement it was taken on;
    /// nothing when the command changed nothing (no gate was waiting).
    static func records(for input: ControllerInput, events: [MigrationEvent], before state: ControllerState) -> [ApprovalRecord] {
        guard case .command(let command, let actor) = input else { return [] }
        let decided: (String?, String, Decision)
        switch command {
        case .approve(let service, let comment): decided = (service, comment, .approved)
        case .reject(let service, let comment): decided = (service, comment, .rejected)
        default: return []
        }
        let kind: MigrationEvent.Kind = decided.2 == .approved ? .approved : .rejected
        guard let event = events.first(where: { $0.kind == kind && $0.service == decided.0 }) else { return [] }
        let evidence = decided.0.flatMap { state.services[$0]?.judgement.summary } ?? "checkpoint soak passed"
        return [ApprovalRecord(
            service: decided.0, decision: decided.2, actor: actor, comment: decided.1, evidence: evidence, at: event.at
        )]
    }
}

extension VerdictRecord {
    /// A verdict for every service whose judgement the transition changed.
    static func changes(from before: ControllerState, to after: ControllerState) -> [VerdictRecord] {
        after.services.keys.sorted().compactMap { name in
            guard let run = after.services[name], run.judgement != before.services[name]?.judgement,
                  !run.judgement.isNoSamplesYet else { return nil }
            return VerdictRecord(service: name, judgement: run.judgement, rollout: run.rollout, at: after.now)
        }
    }
}
