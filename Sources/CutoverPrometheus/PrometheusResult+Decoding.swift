import Foundation

extension PrometheusResult {
    /// `{"status": …, "data": …, "errorType": …, "error": …}`.
    struct Envelope: Decodable {
        var status: String
        var data: ResultData?
        var errorType: String?
        var error: String?
    }

    /// `{"resultType": "vector" | "scalar" | …, "result": …}`, the result kept undecoded until
    /// its type is known.
    struct ResultData: Decodable {
        var resultType: String
        var vector: [VectorElement]?
        var scalar: SampleValue?

        private enum CodingKeys: String, CodingKey {
            case resultType, result
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            switch resultType {
            case "vector": vector = try container.decode([VectorElement].self, forKey: .result)
            case "scalar": scalar = try container.decode(SampleValue.self, forKey: .result)
            default: break
            }
        }

        func result() throws(PrometheusError) -> PrometheusResult {
            if let vector { return .vector(vector.map { Element(labels: $0.metric, value: $0.value.value) }) }
            if let scalar { return .scalar(scalar.value) }
            throw PrometheusError(
                .unsupportedResult, "a \(resultType) result; a measurement needs an instant vector or a scalar"
            )
        }
    }

    /// `{"metric": {labels}, "value": [time, "value"]}`.
    struct VectorElement: Decodable {
        var metric: [String: String]
        var value: SampleValue
    }

    /// `[unix time, "value"]`: the value is a string so that `NaN` and `±Inf` survive JSON.
    struct SampleValue: Decodable {
        var value: Double

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            _ = try container.decode(Double.self)
            let text = try container.decode(String.self)
            guard let value = Double(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a sample value")
            }
            self.value = value
        }
    }
}
