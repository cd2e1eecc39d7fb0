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

    @Test("significant digits read exactly as printf's %.Ng, carries and powers of ten included")
    func generalMatchesPrintf() {
        var random = SystemRandomNumberGenerator()
        let edges: [Double] = [
            99, 95, 99.9, 90, 100, 99.99, 9.9995, 9.99949, 0.0001, 0.000099996, 999.95, 99_999.5, 1e-4, 1e-5, 1_000,
            0.001, 10, 1, 0.5, 2.5, 123_456, 1_234_567, 3.14159, -0.0, -2.71828, 1e15, .leastNonzeroMagnitude,
        ]
        let drawn = (0..<4_000).map { _ in
            Double.random(in: 1...10, using: &random) * pow(10, Double(Int.random(in: -6...8, using: &random)))
                * (Bool.random(using: &random) ? 1 : -1)
        }
        for value in edges + drawn {
            for digits in [1, 2, 4, 6] {
                #expect(DecimalText.general(value, significantDigits: digits) == String(format: "%.\(digits)g", value), "\(value)")
            }
        }
    }
}
