/// Reads a `text/event-stream` body: bytes in, whole events out.
///
/// Follows the format's rules: events end at a blank line; `event`, `data` and `id` fields;
/// several `data` lines join with newlines; lines starting with `:` are comments (heartbeats);
/// `\r\n`, `\r` and `\n` all end lines.
public struct ServerSentEventParser: Sendable {
    /// One event.
    public struct Event: Hashable, Sendable {
        /// Its type; `message` when the stream names none.
        public var type: String
        /// Its data lines, joined with newlines.
        public var data: String
        /// Its id, if it has one.
        public var id: String?
    }

    private var line: [UInt8] = []
    private var type = ""
    private var data: [String] = []
    private var id: String?
    private var lastWasCarriageReturn = false

    /// A parser at the start of a stream.
    public init() {}

    /// Feeds `bytes`; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if lastWasCarriageReturn, byte == UInt8(ascii: "\n") {
                lastWasCarriageReturn = false
                continue
            }
            lastWasCarriageReturn = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer { (type, data, id) = ("", [], nil) }
            guard !data.isEmpty else { return nil }
            return Event(type: type.isEmpty ? "message" : type, data: data.joined(separator: "\n"), id: id)
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let (field, value) = Self.split(text)
        switch field {
        case "event": type = value
        case "data": data.append(value)
        case "id": id = value
        default: break
        }
        return nil
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
