import Foundation
import Testing

@testable import CutoverCore

@Suite("System-random UUIDs")
struct SystemRandomUUIDTests {
    @Test("version 4 with the RFC 4122 variant, readable back from their text, none repeated")
    func versionVariantAndUniqueness() {
        let drawn = (0..<10_000).map { _ in UUID.systemRandom() }
        #expect(Set(drawn).count == drawn.count)
        for uuid in drawn {
            let text = uuid.uuidString
            #expect(Array(text)[14] == "4", "\(text)")
            #expect("89AB".contains(Array(text)[19]), "\(text)")
            #expect(UUID(uuidString: text) == uuid)
        }
    }

    @Test("every other bit varies")
    func randomBits() {
        let drawn = (0..<256).map { _ in UUID.systemRandom() }
        let bytes = drawn.map { uuid in withUnsafeBytes(of: uuid.uuid) { Array($0) } }
        let fixed: [Int: UInt8] = [6: 0xF0, 8: 0xC0]
        for index in 0..<16 {
            let varying = bytes.reduce(UInt8(0)) { $0 | ($1[index] ^ bytes[0][index]) }
            #expect(varying == ~(fixed[index] ?? 0), "byte \(index)")
        }
    }
}
