extension Plan {
    /// The plan for a rehearsal on a clock many times faster than real time: samples are
    /// never closer than `minimumSampleInterval` of run time, so that each sample still has
    /// the wall time to be collected and committed; checkpoint soaks last at most
    /// `maximumSoak`; and promotion windows are dropped, because a compressed week has no
    /// business hours.
    public func rehearsal(minimumSampleInterval: Duration, maximumSoak: Duration? = nil) -> Plan {
        var plan = self
        plan.tiers = tiers.map { tier in
            var tier = tier
            tier.sampleInterval = max(tier.sampleInterval, minimumSampleInterval)
            return tier
        }
        plan.phases = phases.map { phase in
            var phase = phase
            phase.promotionWindow = nil
            if let maximumSoak { phase.checkpoint.soak = min(phase.checkpoint.soak, maximumSoak) }
            return phase
        }
        plan.promotionWindows = []
        return plan
    }
}
