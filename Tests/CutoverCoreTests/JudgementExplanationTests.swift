import CutoverCore
import Foundation
import Testing

/// Judgements read from verdicts: equal, hashed and encoded as their words, written only when read.
@Suite("Judgement explanations")
struct JudgementExplanationTests {
    /// Verdicts of every status, some with equal words and different numbers behind them.
    private static let verdicts: [Verdict] = {
        var verdicts: [Verdict] = []
        for candidateCalls in [20, 150, 1_000] {
            for errors in [0, candidateCalls / 20, candidateCalls / 5] {
                for legacyCalls in [9_000, 9_001, 40_000] {
                    verdicts.append(analyze(
                        candidate: .cohort(calls: candidateCalls, errors: errors), legacy: .cohort(calls: legacyCalls, errors: 45)
                    ))
                }
            }
        }
        return verdicts
    }()

    @Test("The verdicts cover every status and equal words with different numbers")
    func coverage() {
        #expect(Set(Self.verdicts.map(\.status)) == [.healthy, .inconclusive, .violated])
        let pairs = Self.verdicts.indices.flatMap { left in Self.verdicts.indices.map { (left, $0) } }
        #expect(pairs.contains { Self.verdicts[$0] != Self.verdicts[$1] && Self.verdicts[$0].description == Self.verdicts[$1].description })
    }

    @Test("Telling descriptions apart without writing them agrees with writing them")
    func differsFrom() {
        for left in Self.verdicts {
            for right in Self.verdicts {
                #expect(left.description(differsFrom: right) == (left.description != right.description))
            }
        }
    }

    @Test("Explanations are equal exactly when their words are, whichever form they take")
    func equality() {
        for left in Self.verdicts {
            for right in Self.verdicts {
                let wordsEqual = left.description == right.description
                #expect((left.judgement == right.judgement) == wordsEqual)
                #expect((Judgement.Explanation(left) == Judgement.Explanation(right.description)) == wordsEqual)
                if wordsEqual { #expect(left.judgement.hashValue == right.judgement.hashValue) }
            }
        }
    }

    @Test("A judgement read from a verdict encodes as its words and decodes equal")
    func coding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for verdict in Self.verdicts {
            let lazy = try encoder.encode(verdict.judgement)
            let written: Judgement = switch verdict.judgement {
            case .healthy: .healthy(Judgement.Explanation(verdict.description))
            case .inconclusive: .inconclusive(Judgement.Explanation(verdict.description))
            case .violated(let action, _): .violated(action, Judgement.Explanation(verdict.description))
            }
            #expect(lazy == (try encoder.encode(written)))
            #expect(try JSONDecoder().decode(Judgement.self, from: lazy) == verdict.judgement)
        }
        #expect(String(decoding: try encoder.encode(Judgement.healthy("ok")), as: UTF8.self) == #"{"healthy":{"_0":"ok"}}"#)
    }

    @Test("Only the placeholder is the placeholder")
    func placeholder() {
        #expect(Judgement.noSamplesYet.isNoSamplesYet)
        #expect(Judgement.inconclusive("no samples yet").isNoSamplesYet)
        #expect(!Judgement.inconclusive("12 calls").isNoSamplesYet)
        #expect(!Judgement.healthy("no samples yet").isNoSamplesYet)
        #expect(!Self.verdicts.contains { $0.judgement.isNoSamplesYet })
    }
}
