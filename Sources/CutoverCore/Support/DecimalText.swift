import Foundation

/// Decimal numbers as text, the way `String(format: "%.2f")` writes them, for the texts the
/// controller writes after every sample: Foundation's formatter costs microseconds a number.
enum DecimalText {
    /// `value` with `places` decimals (0–9): rounded half to even like `printf`, with a minus
    /// sign for a negative value even when it rounds to zero.
    static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite, (0...9).contains(places) else { return String(format: "%.\(places)f", value) }
        let scale = (0..<places).reduce(Int64(1)) { product, _ in product * 10 }
        let product = value.magnitude * Double(scale)
        guard product < 1e15 else { return String(format: "%.\(places)f", value) }
        // The product's rounding error, exactly (a fused multiply-add): it decides a product
        // that reads as an exact half, as the decimal value itself would.
        let error = (-product).addingProduct(value.magnitude, Double(scale))
        var scaled = product.rounded(.down)
        let remainder = product - scaled
        if remainder > 0.5 || remainder == 0.5 && (error > 0 || error == 0 && scaled.truncatingRemainder(dividingBy: 2) == 1) {
            scaled += 1
        }
        let digits = Int64(scaled)
        var text = value.sign == .minus ? "-" : ""
        text += String(digits / scale)
        guard places > 0 else { return text }
        let fraction = String(digits % scale)
        text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        return text
    }

    /// `value` with `significantDigits` (1–9) significant digits, the way `printf`'s `%.Ng`
    /// writes it: fixed notation without trailing zeros for exponents from −4 to N − 1, so
    /// `general(99.9, significantDigits: 6)` is `99.9` (`%g`) and `general(3.14159, significantDigits: 4)`
    /// is `3.142`. Other exponents, in exponential notation, are left to Foundation's formatter.
    static func general(_ value: Double, significantDigits: Int) -> String {
        let precision = max(significantDigits, 1)
        let formatted = { String(format: "%.\(precision)g", value) }
        guard value.isFinite, value != 0, precision <= 9 else { return formatted() }
        // The exponent of the value rounded to `precision` digits: log10's, or one more when
        // rounding carries into a new digit (9.9996 → 10.00), or one less where log10 rounds up
        // just below a power of ten.
        var exponent = Int(log10(value.magnitude).rounded(.down))
        for _ in 0..<2 {
            guard (-4..<precision).contains(exponent) else { return formatted() }
            let text = Array(fixed(value, places: precision - 1 - exponent).utf8)
            let digits = text.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
                .count { $0 != UInt8(ascii: ".") }
            if digits > precision {
                exponent += 1
            } else if digits < precision {
                exponent -= 1
            } else {
                return String(decoding: trimmingFraction(text), as: UTF8.self)
            }
        }
        return formatted()
    }

    /// `text` without the trailing zeros of its fraction, nor a bare decimal point.
    private static func trimmingFraction(_ text: [UInt8]) -> ArraySlice<UInt8> {
        guard text.contains(UInt8(ascii: ".")) else { return text[...] }
        var trimmed = text[...]
        while trimmed.last == UInt8(ascii: "0") { trimmed.removeLast() }
        if trimmed.last == UInt8(ascii: ".") { trimmed.removeLast() }
        return trimmed
    }
}
