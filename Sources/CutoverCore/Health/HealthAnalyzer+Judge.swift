extension HealthAnalyzer {
    /// Judges a controller window: usable as the ``ControllerMachine/Judge`` of a
    /// ``ControllerMachine`` (`judge: analyzer.judge`).
    ///
    /// Warnings are worded without the moving numbers, so the controller, which reports each
    /// distinct warning once per window, does not repeat one every sample.
    @Sendable
    public func judge(_ evidence: WindowEvidence) -> (Judgement, warnings: [String]) {
        let verdict = verdict(on: evidence)
        return (verdict.judgement, verdict.warnings.map { "\($0.check) near its threshold: \($0.limitDescription)" })
    }
}

extension HealthAnalyzer {
    /// The verdict on a controller window, with every check's numbers.
    public func verdict(on evidence: WindowEvidence) -> Verdict {
        let sample = HealthSample(
            candidate: evidence.window.candidate, legacy: evidence.window.legacy, preflightBaseline: evidence.baseline,
            expectedCandidateShare: evidence.expectedCandidateShare
        )
        return analyze(sample, thresholds: evidence.thresholds)
    }
}

extension Verdict {
    /// The verdict as a controller ``Judgement``, explained by ``description`` once read.
    public var judgement: Judgement {
        switch status {
        case .healthy: .healthy(Judgement.Explanation(self))
        case .inconclusive: .inconclusive(Judgement.Explanation(self))
        case .violated: .violated(action ?? .pause, Judgement.Explanation(self))
        }
    }
}
