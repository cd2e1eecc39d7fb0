import CutoverCore

/// The generic webhook's body: the event and its message.
struct WebhookEvent: Encodable {
    var run: String
    var sequence: UInt64
    var type: String
    var service: String?
    var at: Double
    var actor: String
    var detail: String
    var rollbackId: String?
    var severity: String
    var subject: String
    var text: String

    init(_ message: AlertMessage) {
        let event = message.event
        run = message.run
        sequence = message.sequence
        type = event.kind.rawValue
        service = event.service
        at = Double(event.at.components.seconds) + Double(event.at.components.attoseconds) * 1e-18
        actor = event.actor
        detail = event.detail
        rollbackId = event.rollbackID
        severity = message.severityName
        subject = message.subject
        text = message.text
    }
}
