/// Everything that can happen to a run: time passing, measurements, results and commands.
public enum ControllerInput: Sendable {
    /// Start the run (preflight first).
    case start
    /// The shell finished the preflight checks; `failures` is empty when they all passed.
    case preflightCompleted(failures: [String])
    /// Time has advanced to the input's `now`.
    case tick
    /// One sample interval's metrics of every service, from all instances.
    case sample(MetricsWindow)
    /// One sample interval could not be measured (the metrics source failed, timed out or
    /// answered nonsense): no data, never a pass. Enough failures in a row pause the run.
    case measurementFailed(reason: String)
    /// An operator command, with the operator's identity.
    case command(ControllerCommand, actor: String)
}

/// What an operator can ask of a run at any time.
public enum ControllerCommand: Hashable, Sendable {
    /// Stop increasing traffic anywhere (health is still watched; rollbacks still happen).
    case pause
    /// Continue after a pause.
    case resume
    /// Approve the pending gate of `service`, or of the phase checkpoint when `service` is nil.
    case approve(service: String?, comment: String)
    /// Reject the pending gate: the service is rolled back gracefully.
    case reject(service: String?, comment: String)
    /// Roll back now.
    case rollback(RollbackScope, mode: RollbackMode, service: String?, reason: String)
    /// End the current step's window now and move to the next step.
    case skipStep(service: String)
    /// Take the service straight to 100 % and complete.
    case promoteFully(service: String)
    /// Clear a refused rollback's hold after the operator reconciled legacy's data.
    case acknowledgeReconciled(service: String)
}

/// Which services a rollback covers.
public enum RollbackScope: String, Hashable, Sendable, Codable, CaseIterable {
    /// The service and every service that depends on it.
    case service
    /// Every service of the current phase.
    case phase
    /// Every service of the plan.
    case complete
}

/// How fast a rollback returns traffic to legacy.
public enum RollbackMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Rollout to 0 in one step, kill switch on.
    case immediate
    /// Rollout to 0 in steps over the graceful duration.
    case graceful
}
