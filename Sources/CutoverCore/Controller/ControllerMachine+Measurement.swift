extension ControllerMachine {
    /// What a sample that could not be measured does: it is recorded as a
    /// ``MigrationEvent/Kind/measurementFailed`` event; every window being judged becomes
    /// inconclusive until a sample arrives again (a missing measurement never lets a window
    /// end as healthy); and the ``Plan/measurementFailuresBeforePause``-th failure in a row
    /// pauses the run, recorded as a ``MigrationEvent/Kind/paused`` event by the controller
    /// whose detail starts with ``measurementPausePrefix``.
    ///
    /// The next measured sample resets the count; the pause stays until an
    /// operator resumes, because data that failed three times may fail again. Rollbacks still
    /// happen while paused.
    mutating func measurementFailed(_ reason: String) {
        guard state.stage == .preflight || state.stage == .running else { return }
        state.measurementFailures += 1
        let failures = state.measurementFailures
        let limit = plan.measurementFailuresBeforePause
        emit(.measurementFailed, detail: "\(failures) in a row (the run pauses at \(limit)): \(reason)")
        for service in plan.services {
            guard case .stepping? = state.services[service.name]?.stage else { continue }
            update(service.name) { $0.judgement = .inconclusive("the latest sample could not be measured: \(reason)") }
        }
        if failures == limit, !state.paused {
            state.paused = true
            emit(
                .paused,
                detail: "\(Self.measurementPausePrefix) \(failures) times in a row (\(reason)); "
                    + "traffic increases paused until an operator resumes"
            )
        }
    }

    /// How the detail of the pause that failed measurements cause begins, so that alerting and
    /// people recognise it among ``MigrationEvent/Kind/paused`` events.
    public static let measurementPausePrefix = "measurements failed"
}
