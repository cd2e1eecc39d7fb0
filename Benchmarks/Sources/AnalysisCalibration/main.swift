import CutoverCore
import Foundation

// Calibration of the health analysis (docs/analysis.md): simulates many migrations of one
// service at the DESIGN thresholds and prints, as Markdown,
//   1. the false-rollback rate on healthy traffic, and
//   2. the detection delay of real regressions,
//   3. both again for other confidence levels, and with every sample also judged alone.
//
// The controller is modelled as DESIGN §3 describes it: steps 10/25/50/75/100 %, 60 samples of
// 30 s per step, the step's window accumulated sample by sample and judged after every sample;
// a violation acts at once; a window that is not healthy after its 60 samples is extended
// twice, then the service is held. Traffic: 3 000 calls per sample (100 calls/s), so a
// sample holds about 300 candidate calls at 10 %. Counts are drawn from binomials (exact
// waiting-time draws for small means, normal approximations above), latencies per call from
// a log-normal (median 50 ms, σ 0.5) into the cohorts' HDR histograms. Deterministic: every
// scenario and worker has its own seeded SplitMix64.
//
// swift run -c release --package-path Benchmarks AnalysisCalibration

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator.
struct SplitMix64 {
    private var state: UInt64
    private var spareNormal: Double?

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * log(uniform())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// Binomial(n, p): waiting times between successes for means below 30, else the normal approximation.
    mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p) }
        let mean = Double(n) * p
        guard mean >= 30 else {
            let logMiss = log1p(-p)
            var successes = 0
            var position = 0
            while true {
                position += Int(log(uniform()) / logMiss) + 1
                if position > n { return successes }
                successes += 1
            }
        }
        let draw = (mean + (mean * (1 - p)).squareRoot() * normal()).rounded()
        return Int(min(max(draw, 0), Double(n)))
    }
}

/// What a cohort's implementation does.
struct Behaviour: Sendable {
    var errorRate = 0.01
    var latencyFactor = 1.0
    var userSuccess = 0.99
    /// Share of the candidate cohort's calls the candidate serves (the rest short-circuit to legacy).
    var served = 1.0
    var integrityPerCall = 0.0
}

/// A simulated service migration: the candidate behaves like `healthy` until `onset`, then like `regressed`.
struct Scenario: Sendable {
    var name: String
    var legacyErrorRate = 0.01
    var healthy = Behaviour()
    var regressed: Behaviour?
    /// Step index and sample index (0-based) where the regression starts.
    var onset = (step: 0, sample: 0)
    var onsetLabel = "from the start"
}

/// How one migration ended.
struct Outcome: Sendable {
    enum End: Hashable, Sendable {
        case completed, held
        case acted(ViolationAction, HealthCheck)
    }

    var end: End
    /// The checks that raised a warning at some sample.
    var warned: Set<String> = []
    /// Whether the regression was active when the migration ended.
    var afterOnset: Bool
    /// Samples judged from the onset to the end, the ending one included.
    var samplesSinceOnset: Int
    /// Candidate calls over those samples.
    var callsSinceOnset: Int
    /// Samples since the onset until the candidate had served 200 calls.
    var samplesToMinimum: Int?
}

let steps: [Double] = [10, 25, 50, 75, 100]
let samplesPerStep = 60
let maximumExtensions = 2
let callsPerSample = 3_000
let preflightSamples = 20

/// Per-call latencies in ns: 1 024 equally likely quantiles of a log-normal (median 50 ms, σ 0.5).
let latencyAtoms: [Double] = (0..<1_024).map { index in
    50_000_000 * exp(0.5 * NormalDistribution.quantile((Double(index) + 0.5) / 1_024))
}

func record(
    calls: Int, errorRate: Double, latencyFactor: Double, into metrics: inout CohortMetrics, rng: inout SplitMix64
) {
    for _ in 0..<calls {
        let value = latencyAtoms[Int(rng.next() & 1_023)] * latencyFactor
        metrics.recordCall(nanoseconds: UInt64(value), failed: false)
    }
    metrics.errors += UInt64(rng.binomial(calls, errorRate))
}

/// Draws one sample at `share` into the window; returns the candidate calls served.
func drawSample(
    share: Double, candidate behaviour: Behaviour, legacyErrorRate: Double, window: inout ServiceMetrics,
    rng: inout SplitMix64
) -> Int {
    let cohort = rng.binomial(callsPerSample, share)
    let served = rng.binomial(cohort, behaviour.served)
    window.candidate.shortCircuited += UInt64(cohort - served)
    record(
        calls: served, errorRate: behaviour.errorRate, latencyFactor: behaviour.latencyFactor,
        into: &window.candidate, rng: &rng
    )
    let failures = rng.binomial(served, 1 - behaviour.userSuccess)
    window.candidate.outcomeFailures += UInt64(failures)
    window.candidate.outcomeSuccesses += UInt64(served - failures)
    window.candidate.integrityFailures += UInt64(rng.binomial(served, behaviour.integrityPerCall))
    record(
        calls: callsPerSample - served, errorRate: legacyErrorRate, latencyFactor: 1, into: &window.legacy, rng: &rng
    )
    return served
}

/// How the controller judges: the step's growing window, and optionally each sample alone too.
struct Judging: Sendable {
    var window: HealthAnalyzer
    var latestSample: HealthAnalyzer?

    static func window(confidence: Double) -> Judging {
        var configuration = HealthAnalyzer.Configuration()
        configuration.confidence = confidence
        return Judging(window: HealthAnalyzer(configuration: configuration))
    }

    static let `default` = Judging.window(confidence: 0.99)
    static let windowAndLatestSample = Judging(
        window: HealthAnalyzer(), latestSample: HealthAnalyzer(configuration: .singleSample)
    )

    /// The verdicts on `window` and, when judged, on `latest`.
    func verdicts(window: ServiceMetrics, latest: ServiceMetrics, preflight: CohortMetrics, share: Double) -> [Verdict] {
        let thresholds = Thresholds()
        var verdicts = [self.window.analyze(
            HealthSample(candidate: window.candidate, legacy: window.legacy, preflightBaseline: preflight,
                         expectedCandidateShare: share),
            thresholds: thresholds
        )]
        if let latestSample {
            verdicts.append(latestSample.analyze(
                HealthSample(candidate: latest.candidate, legacy: latest.legacy, preflightBaseline: preflight,
                             expectedCandidateShare: share),
                thresholds: thresholds
            ))
        }
        return verdicts
    }
}

/// Runs one migration through every step, as the controller would.
func migrate(_ scenario: Scenario, judging: Judging, rng: inout SplitMix64) -> Outcome {
    var preflight = ServiceMetrics(service: "s", legacy: CohortMetrics(), candidate: CohortMetrics())
    for _ in 0..<preflightSamples {
        _ = drawSample(
            share: 0, candidate: scenario.healthy, legacyErrorRate: scenario.legacyErrorRate, window: &preflight,
            rng: &rng
        )
    }
    var outcome = Outcome(end: .completed, afterOnset: false, samplesSinceOnset: 0, callsSinceOnset: 0)
    for (stepIndex, percent) in steps.enumerated() {
        var window = ServiceMetrics(service: "s", legacy: CohortMetrics(), candidate: CohortMetrics())
        var sample = 0
        var extensions = 0
        var length = samplesPerStep
        while true {
            let active = scenario.regressed != nil && (stepIndex, sample) >= scenario.onset
            let behaviour = active ? scenario.regressed! : scenario.healthy
            var latest = ServiceMetrics(service: "s", legacy: CohortMetrics(), candidate: CohortMetrics())
            let served = drawSample(
                share: percent / 100, candidate: behaviour, legacyErrorRate: scenario.legacyErrorRate,
                window: &latest, rng: &rng
            )
            window.candidate.add(latest.candidate)
            window.legacy.add(latest.legacy)
            if active {
                outcome.afterOnset = true
                outcome.samplesSinceOnset += 1
                outcome.callsSinceOnset += served
                if outcome.samplesToMinimum == nil, outcome.callsSinceOnset >= 200 {
                    outcome.samplesToMinimum = outcome.samplesSinceOnset
                }
            }
            sample += 1
            let verdicts = judging.verdicts(
                window: window, latest: latest, preflight: preflight.legacy, share: percent / 100
            )
            let verdict = verdicts[0]
            for warning in verdict.warnings { outcome.warned.insert("\(warning.check)") }
            let violations = verdicts.flatMap(\.violations).sorted { $0.severity > $1.severity }
            if let worst = violations.first {
                outcome.end = .acted(worst.action, worst.check)
                return outcome
            }
            guard sample == length else { continue }
            if verdict.status == .healthy { break }
            if extensions == maximumExtensions {
                outcome.end = .held
                return outcome
            }
            extensions += 1
            length += samplesPerStep
        }
    }
    return outcome
}

/// Runs `count` migrations of `scenario` on two workers, deterministically.
func simulate(_ scenario: Scenario, seed: UInt64, count: Int, judging: Judging = .default) async -> [Outcome] {
    let workers = 2
    return await withTaskGroup(of: (Int, [Outcome]).self) { group in
        for worker in 0..<workers {
            group.addTask {
                var rng = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(worker) &* 0x1000_0000_01B3)
                let share = count / workers + (worker < count % workers ? 1 : 0)
                return (worker, (0..<share).map { _ in migrate(scenario, judging: judging, rng: &rng) })
            }
        }
        var results = [[Outcome]](repeating: [], count: workers)
        for await (worker, outcomes) in group { results[worker] = outcomes }
        return results.flatMap { $0 }
    }
}

// MARK: - Reporting

func percent(_ part: Int, of whole: Int) -> String {
    String(format: "%.2f %%", 100 * Double(part) / Double(max(whole, 1)))
}

/// The 95 % upper bound of a rate, for "0 of 2 000" to mean something.
func upperBound(_ part: Int, of whole: Int) -> String {
    let bound = ConfidenceInterval.wilson(events: UInt64(part), trials: UInt64(whole), confidence: 0.95).upper
    return String(format: "%.2f %%", 100 * bound)
}

func quantile(_ values: [Int], _ q: Double) -> Int {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)]
}

func healthyRow(_ name: String, _ outcomes: [Outcome]) -> String {
    let rollbacks = outcomes.filter { if case .acted = $0.end { true } else { false } }
    let byCheck = Dictionary(grouping: rollbacks) { outcome -> String in
        if case .acted(_, let check) = outcome.end { return "\(check)" }
        return ""
    }
    let which = byCheck.keys.sorted().map { "\($0) \(byCheck[$0]!.count)" }.joined(separator: ", ")
    let held = outcomes.filter { $0.end == .held }.count
    let warned = outcomes.filter { !$0.warned.isEmpty }.count
    let warnedBy = Set(outcomes.flatMap(\.warned)).sorted().map { check in
        "\(check) \(outcomes.filter { $0.warned.contains(check) }.count)"
    }.joined(separator: ", ")
    return "| \(name) | \(outcomes.count) | \(rollbacks.count)\(which.isEmpty ? "" : " (\(which))") | "
        + "\(percent(rollbacks.count, of: outcomes.count)) (≤ \(upperBound(rollbacks.count, of: outcomes.count))) | "
        + "\(percent(held, of: outcomes.count)) | \(percent(warned, of: outcomes.count))"
        + "\(warnedBy.isEmpty ? "" : " (\(warnedBy))") |"
}

func regressionRow(_ scenario: Scenario, _ outcomes: [Outcome]) -> String {
    let detected = outcomes.filter { outcome in
        if case .acted = outcome.end { return outcome.afterOnset }
        return false
    }
    let actions = Set(detected.compactMap { outcome -> String? in
        if case .acted(let action, let check) = outcome.end { return "\(action.rawValue) (\(check))" }
        return nil
    }).sorted().joined(separator: ", ")
    let samples = detected.map(\.samplesSinceOnset)
    let calls = detected.map(\.callsSinceOnset)
    let inFirst = detected.filter { $0.samplesSinceOnset <= ($0.samplesToMinimum ?? Int.max) }.count
    return "| \(scenario.name) | \(scenario.onsetLabel) | \(percent(detected.count, of: outcomes.count)) | \(actions) | "
        + "\(quantile(samples, 0.5)) / \(quantile(samples, 0.95)) / \(samples.max() ?? 0) | "
        + "\(quantile(calls, 0.5)) / \(quantile(calls, 0.95)) | \(percent(inFirst, of: outcomes.count)) |"
}

let healthyScenarios = [0.01, 0.02, 0.04].map { rate in
    Scenario(name: String(format: "%.0f %% errors, equal latency", rate * 100), legacyErrorRate: rate,
             healthy: Behaviour(errorRate: rate))
}
let regressions: [Scenario] = [
    Scenario(name: "errors 1 % → 6 %", regressed: Behaviour(errorRate: 0.06)),
    Scenario(name: "errors 1 % → 8 %", regressed: Behaviour(errorRate: 0.08)),
    Scenario(name: "errors 1 % → 15 %", regressed: Behaviour(errorRate: 0.15)),
    Scenario(name: "latency 2.5×", regressed: Behaviour(latencyFactor: 2.5)),
    Scenario(name: "latency 3×", regressed: Behaviour(latencyFactor: 3)),
    Scenario(name: "user success 99 % → 90 %", regressed: Behaviour(userSuccess: 0.90)),
    Scenario(name: "throughput 80 % of expected", regressed: Behaviour(served: 0.8)),
    Scenario(name: "integrity: 1 mismatch per 10 000 calls", regressed: Behaviour(integrityPerCall: 0.0001)),
    Scenario(name: "errors 1 % → 8 %", regressed: Behaviour(errorRate: 0.08), onset: (2, 30),
             onsetLabel: "mid-step (50 %, sample 31)"),
    Scenario(name: "errors 1 % → 8 %", regressed: Behaviour(errorRate: 0.08), onset: (3, 0),
             onsetLabel: "at the 75 % step"),
]

let healthyCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 2_000
let regressionCount = healthyCount / 2
let started = ContinuousClock.now

print("### 1. False rollbacks on healthy traffic\n")
print("\(healthyCount) migrations per row; confidence 0.99; candidate = legacy (error rate, latency), user success 99 %.\n")
print("| healthy service | migrations | false rollbacks (by check) | false-rollback rate (95 % upper bound) | held (inconclusive) | with a warning |")
print("|---|---|---|---|---|---|")
for (index, scenario) in healthyScenarios.enumerated() {
    let outcomes = await simulate(scenario, seed: UInt64(index + 1), count: healthyCount)
    print(healthyRow(scenario.name, outcomes))
}

print("\n### 2. Detection delay of regressions\n")
print("\(regressionCount) migrations per row; confidence 0.99; delays counted from the regression's onset, the detecting sample included.\n")
print("| regression | onset | rolled back | action (check) | delay in samples: median / p95 / max | delay in candidate calls: median / p95 | within the first sample reaching 200 candidate calls |")
print("|---|---|---|---|---|---|---|")
for (index, scenario) in regressions.enumerated() {
    let outcomes = await simulate(scenario, seed: UInt64(100 + index), count: regressionCount)
    print(regressionRow(scenario, outcomes))
}

print("\n### 3. Other ways of judging\n")
print("\(regressionCount) migrations per row. The last row also judges every sample alone at 0.999 (`Configuration.singleSample`).\n")
print("| judging | false rollbacks, healthy 4 % errors | held, healthy 4 % errors | errors 1 % → 8 % from the start: delay in samples median / p95 (within the first sample) | errors 1 % → 8 % mid-step: delay in samples median / p95 |")
print("|---|---|---|---|---|")
let variants: [(String, Judging)] = [
    ("window, 0.95", .window(confidence: 0.95)), ("window, 0.99 (default)", .default),
    ("window, 0.999", .window(confidence: 0.999)), ("window 0.99 + latest sample 0.999", .windowAndLatestSample),
]
for (index, (name, judging)) in variants.enumerated() {
    let seed = UInt64(200 + 10 * index)
    let healthy = await simulate(healthyScenarios[2], seed: seed, count: regressionCount, judging: judging)
    let fromStart = await simulate(regressions[1], seed: seed + 1, count: regressionCount, judging: judging)
    let midStep = await simulate(regressions[8], seed: seed + 2, count: regressionCount, judging: judging)
    let rollbacks = healthy.filter { if case .acted = $0.end { true } else { false } }.count
    let held = healthy.filter { $0.end == .held }.count
    let early = fromStart.filter(\.afterOnset).map(\.samplesSinceOnset)
    let first = fromStart.filter { $0.afterOnset && $0.samplesSinceOnset <= ($0.samplesToMinimum ?? .max) }.count
    let late = midStep.filter(\.afterOnset).map(\.samplesSinceOnset)
    print("| \(name) | \(percent(rollbacks, of: healthy.count)) (≤ \(upperBound(rollbacks, of: healthy.count))) | "
        + "\(percent(held, of: healthy.count)) | \(quantile(early, 0.5)) / \(quantile(early, 0.95)) "
        + "(\(percent(first, of: fromStart.count))) | \(quantile(late, 0.5)) / \(quantile(late, 0.95)) |")
}
print("\n(simulated in \(ContinuousClock.now - started))")
