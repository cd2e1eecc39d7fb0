import Testing

@testable import CutoverCVPlus

@Suite("Workflow book bounds")
struct WorkflowBookTests {
    func plan(_ user: Int) -> RecommendationPlan {
        RecommendationPlan(workflowID: "wf-\(user)", userID: "user-\(user)", items: [])
    }

    @Test("beyond its capacity the book drops the oldest tenth of its plans, by last write")
    func dropsOldestTenth() {
        let book = WorkflowBook(capacity: 100)
        for user in 0..<100 { book.finish(plan(user)) }
        book.finish(plan(0))              // written again: now the newest
        book.finish(plan(100))            // the 101st plan: back to 90, the 11 oldest go
        #expect(book.plan(forUser: "user-0") != nil)
        #expect((1...11).allSatisfy { book.plan(forUser: "user-\($0)") == nil })
        #expect((12...100).allSatisfy { book.plan(forUser: "user-\($0)") != nil })
    }

    @Test("rewriting the same keys over and over keeps every one of them")
    func rewritesKeepEntries() {
        let book = WorkflowBook(capacity: 50)
        for round in 0..<200 {
            _ = round
            for user in 0..<50 { book.finish(plan(user)) }
        }
        #expect((0..<50).allSatisfy { book.plan(forUser: "user-\($0)") != nil })
    }

    @Test("a long stream of new users keeps the newest, never more than the capacity")
    func longStream() {
        let book = WorkflowBook(capacity: 1_000)
        for user in 0..<25_000 { book.finish(plan(user)) }
        let kept = (0..<25_000).filter { book.plan(forUser: "user-\($0)") != nil }
        #expect(kept.count <= 1_000 && kept.count >= 900)
        #expect(kept.first.map { $0 >= 25_000 - 1_000 } == true)
        #expect(kept.last == 24_999)
    }
}
