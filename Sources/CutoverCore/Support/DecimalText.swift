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

    /// A percentage such as a confidence level, e.g. `99` or `99.9`, as `%g` writes it.
    static func shortest(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 1e15 else { return String(format: "%g", value) }
        return value == value.rounded() ? String(Int64(value)) : String(format: "%g", value)
    }
}
