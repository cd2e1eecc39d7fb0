import Cutover
import CutoverCore
import CutoverCVPlus
import Testing

@Suite("CVPlus services: legacy and candidate agree")
struct CVPlusServiceTests {
    let cvs = UserPopulation(count: 60, revisions: 2, seed: 11).users.flatMap(\.cvs)

    func environment(_ service: CVPlusService) -> ServiceEnvironment {
        ServiceEnvironment(service: service, latency: .milliseconds(10))
    }

    @Test("the analyzers find the same sections, keywords, length and score")
    func analyzersAgree() async throws {
        let legacy = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let candidate = PackageCVAnalyzer(environment: environment(.cvAnalyzer))
        var scores = Set<Int>()
        for cv in cvs {
            let expected = try await legacy.analyze(cv)
            #expect(try await candidate.analyze(cv) == expected, "\(cv.id)")
            #expect((0...100).contains(expected.score))
            scores.insert(expected.score)
        }
        #expect(scores.count > 5, "the population's CVs should score differently")
    }

    @Test("the analyzers agree on texts built to cross the candidate's 64-byte blocks and 16-byte words")
    func analyzersAgreeOnEdges() async throws {
        let legacy = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let candidate = PackageCVAnalyzer(environment: environment(.cvAnalyzer))
        let pieces = [
            "swift", "SWIFT", "Kubernetes", "kuberneteS", "architecture", "ARCHITECTURES", "swif", "sql", "SQLite",
            "aws", "c++", "c#", "Zürich", "naïve", "é", "led", "a", "kubernetesoperatorframework", "analytics+",
            String(repeating: "q", count: 70), "Skills:", "  EDUCATION  ", "about me", "mentoring", "leadership",
        ]
        let separators = [" ", "  ", "\n", "\r\n", "\r", ".", ", ", ":", "\t", "-", "/", "\n\n"]
        var random = SplitMix64(seed: 99)
        var texts = [
            "", "sql", " sql", "sql ", String(repeating: "x", count: 60) + " kubernetes",
            String(repeating: "y", count: 64), String(repeating: "z", count: 63) + " swift",
            String(repeating: "w", count: 64) + "docker", String(repeating: ".", count: 128) + "AWS",
        ]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 60) {
                text += pieces[Int(random.next() % UInt64(pieces.count))]
                text += separators[Int(random.next() % UInt64(separators.count))]
            }
            if random.next() % 2 == 0 { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            texts.append(text)
        }
        var keywordsFound = 0
        for (index, text) in texts.enumerated() {
            let cv = CVDocument(id: "edge-\(index)", text: text)
            let expected = try await legacy.analyze(cv)
            #expect(try await candidate.analyze(cv) == expected, "\(text.debugDescription)")
            keywordsFound += expected.keywords.count
        }
        #expect(keywordsFound > 3_000, "the texts should hold keywords")
        let straddling = try await candidate.analyze(CVDocument(id: "s", text: texts[4]))
        #expect(straddling.keywords == ["kubernetes"])
        #expect(straddling.wordCount == 2)
    }

    @Test("the analyzers agree on texts of every ASCII byte and characters beyond it")
    func analyzersAgreeOnEveryByte() async throws {
        let legacy = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let candidate = PackageCVAnalyzer(environment: environment(.cvAnalyzer))
        let characters = (0...127).map { String(UnicodeScalar(UInt8($0))) } + ["é", "ß", "€", "😀", "swift", "SQL"]
        var random = SplitMix64(seed: 7)
        var words = 0
        for index in 0..<500 {
            let text = (0..<Int(random.next() % 300)).map { _ in characters[Int(random.next() % UInt64(characters.count))] }.joined()
            let cv = CVDocument(id: "bytes-\(index)", text: text)
            let expected = try await legacy.analyze(cv)
            #expect(try await candidate.analyze(cv) == expected, "\(text.debugDescription)")
            words += expected.wordCount
        }
        #expect(words > 10_000, "the texts should hold words")
    }

    @Test("an analysis counts words, recognises headings and vocabulary keywords")
    func analysisContents() async throws {
        let cv = CVDocument(id: "cv", text: "SUMMARY:\nSwift and SQL person\nWork Experience\nled swiftly, kubernetes!\nHobbies")
        let analysis = try await LegacyCVAnalyzer(environment: environment(.cvAnalyzer)).analyze(cv)
        #expect(analysis.sections == [.summary, .experience])
        #expect(analysis.keywords == ["swift", "sql", "kubernetes"])
        #expect(analysis.wordCount == 11)
        #expect(analysis.score == 20 + 15 + 0)
    }

    @Test("headings are found trimmed, in any case, with or without a colon, in ASCII and beyond")
    func headings() async throws {
        // U+212A KELVIN SIGN lowercases to an ASCII "k": only Unicode lowercasing finds "skills".
        let cv = CVDocument(id: "cv", text: "\t Education:  \nPROJECTS\t\nS\u{212A}ILLS:\nexperience in projects\nSummary :\nAbout  me")
        for analyzer in [LegacyCVAnalyzer(environment: environment(.cvAnalyzer)) as any CVAnalyzing,
                         PackageCVAnalyzer(environment: environment(.cvAnalyzer))] {
            #expect(try await analyzer.analyze(cv).sections == [.education, .skills, .projects], "\(type(of: analyzer))")
        }
    }

    @Test("the improvement orchestrators suggest the same, most urgent first")
    func improvementsAgree() async throws {
        let analyzer = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let legacy = LegacyImprovementOrchestrator(environment: environment(.improvementOrchestrator))
        let candidate = PackageImprovementOrchestrator(environment: environment(.improvementOrchestrator))
        var suggested = 0
        for cv in cvs {
            let analysis = try await analyzer.analyze(cv)
            let expected = try await legacy.suggestImprovements(for: analysis)
            #expect(try await candidate.suggestImprovements(for: analysis) == expected, "\(cv.id)")
            #expect(expected.map(\.priority) == expected.map(\.priority).sorted())
            suggested += expected.count
        }
        #expect(suggested > 0)
    }

    @Test("the generators recommend the same; the candidate's compact prompt costs fewer tokens")
    func generatorsAgree() async throws {
        let analyzer = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let improvements = LegacyImprovementOrchestrator(environment: environment(.improvementOrchestrator))
        let legacy = LegacyRecommendationGenerator(environment: environment(.recommendationGenerator))
        let candidate = PackageRecommendationGenerator(environment: environment(.recommendationGenerator))
        for cv in cvs.prefix(20) {
            let analysis = try await analyzer.analyze(cv)
            let suggestions = try await improvements.suggestImprovements(for: analysis)
            let expected = try await legacy.generate(for: analysis, suggestions: suggestions)
            let actual = try await candidate.generate(for: analysis, suggestions: suggestions)
            #expect(actual.recommendations == expected.recommendations)
            #expect(actual.recommendations.count == suggestions.count + 1)
            #expect(actual.tokens < expected.tokens)
        }
    }

    @Test("the recommendation orchestrators produce the same ranked plan through generate, rank and store")
    func orchestratorsAgree() async throws {
        let analyzer = LegacyCVAnalyzer(environment: environment(.cvAnalyzer))
        let improvements = LegacyImprovementOrchestrator(environment: environment(.improvementOrchestrator))
        let orchestrators: [any RecommendationOrchestrating] = [
            LegacyRecommendationOrchestrator(environment: environment(.recommendationOrchestrator), planSize: 3),
            PackageRecommendationOrchestrator(environment: environment(.recommendationOrchestrator), planSize: 3),
        ]
        for cv in cvs.prefix(20) {
            let analysis = try await analyzer.analyze(cv)
            let recommendations = Recommendation.basic(from: try await improvements.suggestImprovements(for: analysis))
                + [Recommendation(id: "polish:quantify", category: .polish, title: "Quantify", relevance: 40)]
            var plans: [RecommendationPlan] = []
            for orchestrator in orchestrators {
                let generated = try await orchestrator.generate(workflow: "wf-\(cv.id)", userID: "u", analysis: analysis, recommendations: recommendations + recommendations)
                #expect(orchestrator.activeWorkflows() == [generated])
                let plan = try await orchestrator.store(try await orchestrator.rank(generated))
                #expect(orchestrator.activeWorkflows().isEmpty)
                #expect(orchestrator.plan(forUser: "u") == plan)
                plans.append(plan)
            }
            #expect(plans[0] == plans[1])
            #expect(plans[0].items.count == min(3, Set(recommendations.map(\.id)).count))
            #expect(plans[0].items.map(\.relevance) == plans[0].items.map(\.relevance).sorted(by: >))
        }
    }

    @Test("a workflow step called out of order is refused")
    func workflowStepsInOrder() async throws {
        let orchestrator = PackageRecommendationOrchestrator(environment: environment(.recommendationOrchestrator))
        let analysis = CVAnalysis(sections: [], keywords: [], wordCount: 0, score: 0)
        let generated = try await orchestrator.generate(workflow: "wf", userID: "u", analysis: analysis, recommendations: [])
        await #expect(throws: WorkflowStepError.self) { try await orchestrator.store(generated) }
    }

    @Test("the action orchestrators write the same receipts, once per idempotency key")
    func actionsAgree() async throws {
        let orchestrators: [any ActionOrchestrating] = [
            LegacyActionOrchestrator(environment: environment(.actionOrchestrator)),
            PackageActionOrchestrator(environment: environment(.actionOrchestrator)),
        ]
        let first = CVAction(idempotencyKey: "k1", kind: .savePlan, userID: "u", payload: "a;b")
        let replay = CVAction(idempotencyKey: "k1", kind: .savePlan, userID: "u", payload: "changed")
        for orchestrator in orchestrators {
            let receipt = try await orchestrator.perform(first)
            #expect(receipt.records(first))
            #expect(try await orchestrator.perform(replay) == receipt)
            #expect(orchestrator.ledger.count == 1)
        }
    }

    @Test("the ledger keeps a key's first receipt and forgets its oldest keys beyond its capacity")
    func ledgerKeepsFirstReceipts() async throws {
        let ledger = ActionLedger(capacity: 3)
        let orchestrator = PackageActionOrchestrator(environment: environment(.actionOrchestrator), ledger: ledger)
        let actions = (1...4).map { CVAction(idempotencyKey: "k\($0)", kind: .savePlan, userID: "u", payload: "p\($0)") }
        let first = try await orchestrator.perform(actions[0])
        let replay = CVAction(idempotencyKey: "k1", kind: .notifyUser, userID: "u", payload: "changed")
        #expect(try await orchestrator.perform(replay) == first)
        #expect(ledger.receipt(forKey: "k1") == first)
        for action in actions.dropFirst() { _ = try await orchestrator.perform(action) }
        #expect(ledger.count == 3)
        #expect(ledger.receipt(forKey: "k1") == nil)
        #expect(try #require(ledger.receipt(forKey: "k4")).records(actions[3]))
    }

    @Test("a ledger that forgets thousands of keys keeps exactly the latest ones, with their receipts")
    func ledgerForgetsInOrder() async throws {
        let ledger = ActionLedger(capacity: 1_000)
        let orchestrator = LegacyActionOrchestrator(environment: environment(.actionOrchestrator), ledger: ledger)
        for index in 0..<5_000 {
            _ = try await orchestrator.perform(CVAction(idempotencyKey: "r\(index)/savePlan", kind: .savePlan, userID: "u", payload: "p\(index)"))
        }
        #expect(ledger.count == 1_000)
        #expect((0..<4_000).allSatisfy { ledger.receipt(forKey: "r\($0)/savePlan") == nil })
        #expect((4_000..<5_000).allSatisfy { ledger.receipt(forKey: "r\($0)/savePlan")?.payload == "p\($0)" })
    }

    @Test("the breaker cores admit calls alike while healthy and open on failures")
    func breakerCoresAgree() async throws {
        var configuration = CircuitBreaker.Configuration()
        configuration.window = .count(4)
        configuration.minimumCalls = 4
        let cores: [any CircuitBreakerManaging] = [
            try LegacyCircuitBreakerCore(environment: environment(.circuitBreakerCore), configuration: configuration),
            try PackageCircuitBreakerCore(environment: environment(.circuitBreakerCore), configuration: configuration),
        ]
        for core in cores {
            #expect(try await core.permit(.aiService))
            for _ in 0..<4 {
                try await core.record(.failure, duration: .milliseconds(5), for: .aiService)
            }
            #expect(core.state(of: .aiService) == .open)
            #expect(try await core.permit(.aiService) == false)
        }
    }
}
