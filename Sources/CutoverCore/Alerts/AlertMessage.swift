/// What an alert says about one event of a run, in the words every channel uses.
public struct AlertMessage: Hashable, Sendable {
    /// The run.
    public var run: String
    /// The event's sequence number in the run's audit log.
    public var sequence: UInt64
    /// The event.
    public var event: MigrationEvent

    /// The message of `event`, number `sequence` of `run`.
    public init(run: String, sequence: UInt64, event: MigrationEvent) {
        self.run = run
        self.sequence = sequence
        self.event = event
    }

    /// The event's severity, `info` for events without one.
    public var severityName: String {
        event.severity.map(\.rawValue) ?? "info"
    }

    /// One line: `ROLLBACK_INITIATED recommendation-generator (run cvplus): error rate 8.1 % > 5 %`.
    public var subject: String {
        let service = event.service.map { " \($0)" } ?? ""
        return "\(event.kind)\(service) (run \(run))"
    }

    /// The subject, then the detail, the actor, the run time and the rollback.
    public var text: String {
        var lines = [subject]
        if !event.detail.isEmpty { lines.append(event.detail) }
        var facts = ["by \(event.actor)", "at run time \(PlanDuration.format(event.at))", "event #\(sequence)"]
        if let rollback = event.rollbackID { facts.append("rollback \(rollback)") }
        lines.append(facts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// The values a body template can use as `{{name}}`.
    public func placeholderValues(recipient: String) -> [String: String] {
        [
            "recipient": recipient, "subject": subject, "text": text, "severity": severityName,
            "event": event.kind.rawValue, "service": event.service ?? "", "run": run, "detail": event.detail,
            "actor": event.actor, "sequence": "\(sequence)", "rollbackId": event.rollbackID ?? "",
            "at": PlanDuration.format(event.at),
        ]
    }

    /// The placeholders a body template may use.
    public static let placeholders = [
        "recipient", "subject", "text", "severity", "event", "service", "run", "detail", "actor", "sequence",
        "rollbackId", "at",
    ]
}
