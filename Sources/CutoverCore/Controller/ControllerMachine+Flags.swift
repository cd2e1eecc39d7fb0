extension ControllerMachine {
    /// The flags every instance should route by now.
    public func flagSnapshot() -> FlagSnapshot {
        let flagKeys = Dictionary(uniqueKeysWithValues: plan.services.map { ($0.name, $0.flag) })
        let flags = plan.services.map { service -> ServiceFlag in
            let run = state.services[service.name] ?? ServiceRun()
            var flag = ServiceFlag(key: service.flag, service: service.name)
            flag.rolloutPercentage = run.rollout
            flag.complete = run.stage == .complete
            flag.killSwitch = run.killSwitch
            flag.dependsOn = service.dependsOn.compactMap { flagKeys[$0] }
            flag.dualWrite = run.dualWrite
            flag.readPreference = service.options.readPreference
            flag.fallbackToLegacy = service.options.fallbackToLegacy
            flag.statePreservation = service.options.statePreservation
            flag.manualApprovalRequired = service.options.manualApprovalRequired
            flag.workflowContinuity = service.options.workflowContinuity
            flag.unpinOnKill = service.options.unpinOnRollback
            flag.transactionSafety = service.options.transactionSafety
            flag.shadowPercentage = service.options.shadowPercentage
            flag.coherencePercentage = service.options.coherencePercentage
            return flag
        }
        return FlagSnapshot(version: state.flagVersion, flags: flags)
    }
}
