import CutoverCore
import CutoverCVPlus
import Testing

@Suite("CVPlus traffic generator")
struct CVPlusTrafficTests {
    func generator(seed: UInt64, baseRate: Double = 2) -> TrafficGenerator {
        var configuration = TrafficGenerator.Configuration()
        configuration.seed = seed
        configuration.userCount = 200
        configuration.baseRate = baseRate
        configuration.diurnalAmplitude = 0.6
        configuration.peakHour = 14
        configuration.startTimeOfDay = .seconds(9 * 3600)
        return TrafficGenerator(configuration: configuration)
    }

    func fingerprint(_ requests: [UserRequest]) -> [String] {
        requests.map { "\($0.id)|\($0.arrival)|\($0.user.id)|\($0.cv.id)" }
    }

    @Test("the same seed gives the same requests; another seed other requests")
    func deterministicPerSeed() {
        let first = generator(seed: 7).requests(from: .zero, to: .seconds(600))
        let again = generator(seed: 7).requests(from: .zero, to: .seconds(600))
        let other = generator(seed: 8).requests(from: .zero, to: .seconds(600))
        #expect(first.count > 1000)
        #expect(first == again)
        #expect(fingerprint(first) != fingerprint(other))
        #expect(generator(seed: 7).population == generator(seed: 7).population)
    }

    @Test("each user is drawn alone: in order, the same in populations of any size, unlike the others")
    func usersDrawnAlone() {
        let population = UserPopulation(count: 41, revisions: 2, seed: 3).users
        let ids: [String] = (0..<41).map { index in "user-" + String(String(index + 100_000).dropFirst()) }
        #expect(population.map(\.id) == ids)
        for count in [1, 2, 7, 20] {
            #expect(UserPopulation(count: count, revisions: 2, seed: 3).users == Array(population.prefix(count)))
        }
        #expect(Set(population.flatMap(\.cvs).map(\.text)).count == 82)
        #expect(UserPopulation(count: 0, seed: 3).users.isEmpty)
    }

    @Test("requests are in arrival order inside the interval, and slicing the run changes nothing")
    func slicingIsSeamless() {
        let traffic = generator(seed: 5)
        let whole = traffic.requests(from: .seconds(100), to: .seconds(400))
        let sliced = traffic.requests(from: .seconds(100), to: .milliseconds(250_500))
            + traffic.requests(from: .milliseconds(250_500), to: .seconds(400))
        #expect(fingerprint(whole) == fingerprint(sliced))
        #expect(whole.map(\.arrival) == whole.map(\.arrival).sorted())
        #expect(whole.allSatisfy { $0.arrival >= .seconds(100) && $0.arrival < .seconds(400) })
        #expect(Set(whole.map(\.id)).count == whole.count)
    }

    @Test("the rate follows the time of day: peak at the peak hour, trough twelve hours later")
    func diurnalRate() {
        let traffic = generator(seed: 1, baseRate: 10)
        let peak = traffic.rate(at: .seconds(5 * 3600))      // 14:00
        let trough = traffic.rate(at: .seconds(17 * 3600))   // 02:00
        #expect(abs(peak - 16) < 1e-9)
        #expect(abs(trough - 4) < 1e-9)
        #expect(traffic.rate(at: .zero) < peak && traffic.rate(at: .zero) > trough)
        #expect(abs(traffic.rate(at: .seconds(3600)) - traffic.rate(at: .seconds(3600 + 86_400))) < 1e-9)
    }

    @Test("arrivals follow the diurnal shape: four times as many at the peak as at the trough")
    func diurnalArrivals() {
        let traffic = generator(seed: 3, baseRate: 2)
        let peak = traffic.requests(from: .seconds(4 * 3600 + 1800), to: .seconds(5 * 3600 + 1800)).count
        let trough = traffic.requests(from: .seconds(16 * 3600 + 1800), to: .seconds(17 * 3600 + 1800)).count
        #expect(abs(Double(peak) / (2 * 1.6 * 3600) - 1) < 0.05, "peak hour count \(peak)")
        #expect(abs(Double(trough) / (2 * 0.4 * 3600) - 1) < 0.08, "trough hour count \(trough)")
        #expect(Double(peak) / Double(trough) > 3.5)
    }

    @Test("requests spread over the population and carry the user's attributes")
    func population() {
        let requests = generator(seed: 9).requests(from: .zero, to: .seconds(900))
        #expect(Set(requests.map(\.user.id)).count > 150)
        let context = requests[0].context
        #expect(context.userID == requests[0].user.id)
        #expect(context["country"]?.text == requests[0].user.country)
        #expect(requests[0].user.cvs.contains(requests[0].cv))
    }
}
