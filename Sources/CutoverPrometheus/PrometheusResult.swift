import Foundation

/// What an instant query (`/api/v1/query`) returned: a vector of labelled values, or a scalar.
public enum PrometheusResult: Hashable, Sendable {
    /// One value per series, with the series' labels.
    case vector([Element])
    /// A single number.
    case scalar(Double)

    /// One series of a vector.
    public struct Element: Hashable, Sendable {
        /// The series' labels (`le` for histogram buckets).
        public var labels: [String: String]
        /// Its value; `NaN` and infinities as Prometheus sent them.
        public var value: Double

        /// A series with `labels` and `value`.
        public init(labels: [String: String], value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    /// The result as one number: the scalar, or the sum of a vector's finite values; `nil`
    /// when there is none (an empty vector, or only `NaN`s): no data, not zero.
    public var total: Double? {
        switch self {
        case .scalar(let value):
            return value.isNaN ? nil : value
        case .vector(let elements):
            let values = elements.map(\.value).filter { !$0.isNaN }
            return values.isEmpty ? nil : values.reduce(0, +)
        }
    }

    /// The body of a `/api/v1/query` response, with its HTTP status.
    ///
    /// Prometheus answers errors with a JSON body (`status: error`, `errorType`, `error`) and a
    /// 4xx or 5xx status; such a body is a ``PrometheusError/Code-swift.struct/queryFailed``
    /// whatever the status. A body that is not the API's JSON is malformed (or, with a failing
    /// status, an ``PrometheusError/Code-swift.struct/httpStatus`` error).
    public static func parse(_ body: Data, httpStatus: UInt) throws(PrometheusError) -> PrometheusResult {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: body)
        } catch {
            let start = String(decoding: body.prefix(200), as: UTF8.self)
            guard (200..<300).contains(httpStatus) else {
                throw PrometheusError(.httpStatus, "HTTP \(httpStatus): \(start)")
            }
            throw PrometheusError(.malformedResponse, "not a Prometheus API response: \(start)", underlying: error)
        }
        guard envelope.status == "success" else {
            let kind = envelope.errorType.map { "\($0): " } ?? ""
            throw PrometheusError(.queryFailed, "\(kind)\(envelope.error ?? "status '\(envelope.status)' without an error message")")
        }
        guard let data = envelope.data else {
            throw PrometheusError(.malformedResponse, "a successful response without data")
        }
        return try data.result()
    }
}
