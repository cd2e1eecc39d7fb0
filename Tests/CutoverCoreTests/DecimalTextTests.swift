import Foundation
import Testing

@testable import CutoverCore

@Suite("Decimal text")
struct DecimalTextTests {
    @Test("fixed decimals read exactly as printf's %.Nf, halves and negatives included")
    func matchesPrintf() {
        var random = SystemRandomNumberGenerator()
        let edges: [Double] = [0, -0.0, 0.005, 0.015, 0.125, 2.5, 1.005, -0.001, 99.995, 4.999_999, 1e14, 123_456.785]
        let drawn = (0..<5_000).map { _ in Double.random(in: -1_000...1_000, using: &random) }
        for value in edges + drawn {
            for places in 0...4 {
                #expect(DecimalText.fixed(value, places: places) == String(format: "%.\(places)f", value), "\(value)")
            }
        }
    }

    @Test("confidence levels read as %g does")
    func shortestMatchesG() {
        for value in [99, 95, 99.9, 90, 0, 100, 99.99] as [Double] {
            #expect(DecimalText.shortest(value) == String(format: "%g", value))
        }
    }
}
