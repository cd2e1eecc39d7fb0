// `ViolationAction` is not `Codable` itself, so the action is coded by its raw value here.
extension CheckResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case check, status, observed, threshold, warningLevel, interval, method, evidence, action, isWarning, note
    }

    /// Decodes a stored result.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let actionName = try container.decode(String.self, forKey: .action)
        guard let action = ViolationAction(rawValue: actionName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: container, debugDescription: "unknown violation action \(actionName)"
            )
        }
        self.init(
            check: try container.decode(HealthCheck.self, forKey: .check),
            status: try container.decode(Status.self, forKey: .status),
            observed: try container.decodeIfPresent(Double.self, forKey: .observed),
            threshold: try container.decode(Limit.self, forKey: .threshold),
            warningLevel: try container.decode(Double.self, forKey: .warningLevel),
            interval: try container.decodeIfPresent(ConfidenceInterval.self, forKey: .interval),
            method: try container.decode(Method.self, forKey: .method),
            evidence: try container.decode(Evidence.self, forKey: .evidence),
            action: action,
            isWarning: try container.decode(Bool.self, forKey: .isWarning),
            note: try container.decodeIfPresent(String.self, forKey: .note)
        )
    }

    /// Encodes the result; a non-finite observed value is omitted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(check, forKey: .check)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(observed.flatMap { $0.isFinite ? $0 : nil }, forKey: .observed)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(warningLevel, forKey: .warningLevel)
        try container.encodeIfPresent(interval, forKey: .interval)
        try container.encode(method, forKey: .method)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(action.rawValue, forKey: .action)
        try container.encode(isWarning, forKey: .isWarning)
        try container.encodeIfPresent(note, forKey: .note)
    }
}
