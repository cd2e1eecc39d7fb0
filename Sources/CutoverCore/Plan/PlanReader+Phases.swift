import Yams

extension PlanReader {
    /// Keys of a phase.
    static let phaseKeys = (required: ["name", "services"], optional: ["description", "promotionWindow", "checkpoint"])

    /// Keys of a phase checkpoint.
    static let checkpointKeys = ["description", "soak", "requiresApproval"]

    /// Keys of a promotion window.
    static let windowKeys = ["name", "weekdays", "start", "end"]

    /// Keys of a notification route.
    static let routeKeys = (
        required: ["name", "channel", "targetEnvironmentVariable"],
        optional: ["severities", "events", "endpointEnvironmentVariable", "headers", "body"]
    )

    /// Weekday names (and their three-letter forms), Monday first: index + 1 is the ISO weekday.
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Reads one phase and its checkpoint.
    mutating func phase(_ node: Node, at path: String) -> Phase {
        var phase = Phase(name: "", services: [])
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.phaseKeys.required, optional: Self.phaseKeys.optional
        ) else { return phase }
        phase.name = nodes.string("name", in: fields) ?? ""
        phase.description = nodes.string("description", in: fields)
        phase.services = nodes.stringList("services", in: fields) ?? []
        phase.promotionWindow = nodes.string("promotionWindow", in: fields)
        if let node = fields["checkpoint"],
           let checkpoint = nodes.fields(of: node, at: fields.path("checkpoint"), required: [], optional: Self.checkpointKeys)
        {
            phase.checkpoint.description = nodes.string("description", in: checkpoint)
            phase.checkpoint.soak = nodes.duration("soak", in: checkpoint) ?? phase.checkpoint.soak
            phase.checkpoint.requiresApproval = nodes.bool("requiresApproval", in: checkpoint) ?? false
        }
        return phase
    }

    /// Reads one promotion window: weekday names and `HH:MM` times.
    mutating func window(_ node: Node, at path: String) -> PromotionWindow {
        var window = PromotionWindow(name: "", weekdays: [], startMinute: 0, endMinute: 24 * 60)
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.windowKeys, optional: []
        ) else { return window }
        window.name = nodes.string("name", in: fields) ?? ""
        let names = Self.weekdayNames
        let days = nodes.list("weekdays", in: fields)?.map { item in
            nodes.choice(item.node, at: item.path, names: names, what: "weekday", code: .unknownWeekday, parse: Self.weekday)
        }
        window.weekdays = Set(nodes.allRead(days, at: fields.path("weekdays")))
        window.startMinute = time("start", in: fields) ?? 0
        window.endMinute = time("end", in: fields) ?? 24 * 60
        return window
    }

    /// Reads one notification route.
    mutating func route(_ node: Node, at path: String) -> NotificationRoute {
        var route = NotificationRoute(name: "", channel: .webhook, severities: [], targetEnvironmentVariable: "")
        guard let fields = nodes.fields(
            of: node, at: path, required: Self.routeKeys.required, optional: Self.routeKeys.optional
        ) else { return route }
        route.name = nodes.string("name", in: fields) ?? ""
        let channels = NotificationRoute.Channel.allCases.map(\.rawValue)
        route.channel = nodes.choice(
            "channel", in: fields, names: channels, what: "channel", parse: NotificationRoute.Channel.init(rawValue:)
        ) ?? route.channel
        let severities = NotificationRoute.Severity.allCases.map(\.rawValue)
        let chosen = nodes.list("severities", in: fields)?.map { item in
            nodes.choice(
                item.node, at: item.path, names: severities, what: "severity", parse: NotificationRoute.Severity.init(rawValue:)
            )
        }
        route.severities = Set(nodes.allRead(chosen, at: fields.path("severities")))
        let kinds = MigrationEvent.Kind.known.map(\.rawValue)
        let events = nodes.list("events", in: fields)?.map { item in
            nodes.choice(item.node, at: item.path, names: kinds, what: "event kind") { name in
                kinds.contains(name) ? MigrationEvent.Kind(rawValue: name) : nil
            }
        }
        route.events = Set(nodes.allRead(events, at: fields.path("events")))
        route.targetEnvironmentVariable = nodes.string("targetEnvironmentVariable", in: fields) ?? ""
        route.endpointEnvironmentVariable = nodes.string("endpointEnvironmentVariable", in: fields)
        route.headers = nodes.stringList("headers", in: fields) ?? []
        route.body = nodes.string("body", in: fields)
        return route
    }

    /// The ISO weekday (1 = Monday) named `name`: `monday` or `mon`, in any case.
    static func weekday(_ name: String) -> Int? {
        let lowered = name.lowercased()
        return weekdayNames.firstIndex { $0 == lowered || (lowered.count == 3 && $0.hasPrefix(lowered)) }.map { $0 + 1 }
    }

    /// A time of day `HH:MM` (00:00–24:00) as minutes after midnight.
    ///
    /// Read from the raw text: unquoted `17:00` is a YAML 1.1 base-60 integer, not a string.
    private mutating func time(_ key: String, in fields: PlanNodeReader.Fields) -> Int? {
        guard let node = fields[key], let scalar = nodes.scalar(node, at: fields.path(key), expected: "a time HH:MM")
        else { return nil }
        let parts = scalar.string.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour) && (0...59).contains(minute) || hour == 24 && minute == 0
        else {
            nodes.report(.invalidTime, at: node, fields.path(key), "'\(scalar.string)' is not a time of day: write HH:MM, e.g. 09:00 or 17:30")
            return nil
        }
        return hour * 60 + minute
    }
}
