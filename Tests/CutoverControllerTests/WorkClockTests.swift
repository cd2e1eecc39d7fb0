import CutoverCVPlus
import Testing

/// How services take their latency: at once in a simulation, by waiting in real time.
@Suite("Work clocks")
struct WorkClockTests {
    @Test("simulated work is taken at once, adding to the request's time, and only inside a request")
    func simulatedWorkTakenAtOnce() async {
        let work = SimulatedWork()
        let spent = await SimulationClock.withRequest {
            #expect(work.spendWithoutWaiting(.milliseconds(30)))
            #expect(work.spendWithoutWaiting(.zero))
            await work.spend(.milliseconds(12))
            return RequestTime.current?.elapsed
        }
        #expect(spent == .milliseconds(42))
        // Outside a request the work is free, and still taken at once.
        #expect(work.spendWithoutWaiting(.seconds(1)))
        #expect(RequestTime.current == nil)
    }

    @Test("real work is never taken at once: the caller must wait for it")
    func realWorkWaits() async {
        let work = RealWork()
        #expect(!work.spendWithoutWaiting(.milliseconds(5)))
        let start = ContinuousClock.now
        await work.spend(.milliseconds(5))
        #expect(ContinuousClock.now - start >= .milliseconds(5))
    }
}
