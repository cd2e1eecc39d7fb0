import Foundation

extension Plan {
    /// Checks each notification route: what it carries, its environment variable names, its
    /// endpoint, headers and body template.
    func checkRoutes(_ list: inout PlanProblemList) {
        for (index, route) in notifications.enumerated() {
            let path = "notifications[\(index)]"
            if route.severities.isEmpty, route.events.isEmpty, list.isReadable("\(path).severities"),
               list.isReadable("\(path).events")
            {
                list.report(
                    .emptyValue, "\(path).severities",
                    "a route needs at least one severity (\(Self.severityNames)) or event kind under 'events'"
                )
            }
            checkVariableName(route.targetEnvironmentVariable, at: "\(path).targetEnvironmentVariable", &list)
            checkEndpoint(route, at: path, &list)
            checkHeaders(route, at: path, &list)
            checkBody(route, at: path, &list)
        }
    }

    private func checkEndpoint(_ route: NotificationRoute, at path: String, _ list: inout PlanProblemList) {
        let endpointPath = "\(path).endpointEnvironmentVariable"
        guard let endpoint = route.endpointEnvironmentVariable else {
            if route.channel.needsEndpoint, list.isReadable("\(path).channel"), list.isReadable(endpointPath) {
                list.report(
                    .missingKey, endpointPath,
                    "an \(route.channel.rawValue) route posts to its provider's HTTP API: name the environment variable that holds its URL"
                )
            }
            return
        }
        if ![.email, .sms, .pagerduty].contains(route.channel), list.isReadable("\(path).channel") {
            list.report(
                .conflictingOptions, endpointPath,
                "a \(route.channel.rawValue) route posts to its target; an endpoint applies to email, sms and pagerduty routes"
            )
        }
        checkVariableName(endpoint, at: endpointPath, &list)
    }

    private func checkHeaders(_ route: NotificationRoute, at path: String, _ list: inout PlanProblemList) {
        guard list.isReadable("\(path).headers") else { return }
        if !route.headers.isEmpty, !Self.takesOwnShape(route.channel), list.isReadable("\(path).channel") {
            list.report(.conflictingOptions, "\(path).headers", "headers apply to email, sms and webhook routes")
        }
        for (index, header) in route.headers.enumerated() {
            let headerPath = "\(path).headers[\(index)]"
            guard list.isReadable(headerPath) else { continue }
            guard let field = AlertHeader(header) else {
                list.report(.invalidHeader, headerPath, "'\(header)' is not a header: write 'Name: value', e.g. 'Authorization: Bearer ${MAIL_API_KEY}'")
                continue
            }
            for name in field.variableNames where !Self.isEnvironmentVariableName(name) {
                list.report(.invalidHeader, headerPath, "'${\(name)}' does not name an environment variable (letters, digits and _, not starting with a digit)")
            }
        }
    }

    private func checkBody(_ route: NotificationRoute, at path: String, _ list: inout PlanProblemList) {
        let bodyPath = "\(path).body"
        guard let body = route.body, list.isReadable(bodyPath) else { return }
        if !Self.takesOwnShape(route.channel), list.isReadable("\(path).channel") {
            list.report(.conflictingOptions, bodyPath, "a body applies to email, sms and webhook routes; \(route.channel.rawValue) has its own format")
        }
        let template = AlertTemplate(body)
        let unknown = template.placeholderNames.filter { !AlertMessage.placeholders.contains($0) }
        for name in unknown {
            let hint = NameSuggestion.hint(for: name, among: AlertMessage.placeholders)
            list.report(.unknownPlaceholder, bodyPath, "unknown placeholder '{{\(name)}}'\(hint); known: \(AlertMessage.placeholders.joined(separator: ", "))")
        }
        let sample = Dictionary(uniqueKeysWithValues: AlertMessage.placeholders.map { ($0, "x \"y\"\n") })
        guard unknown.isEmpty, (try? JSONSerialization.jsonObject(with: Data(template.render(sample).utf8))) == nil else { return }
        list.report(.invalidTemplate, bodyPath, "the body is not JSON once its placeholders are filled in; write each placeholder inside a string, e.g. {\"text\": \"{{text}}\"}")
    }

    private func checkVariableName(_ name: String, at path: String, _ list: inout PlanProblemList) {
        guard list.isReadable(path), !Self.isEnvironmentVariableName(name) else { return }
        let advice = name.contains("://") || name.contains("@")
            ? "it looks like the target itself; keep it out of the plan, put it in an environment variable and name the variable here"
            : "expected an environment variable name such as SLACK_WEBHOOK_URL (letters, digits and _, not starting with a digit)"
        list.report(.invalidTarget, path, "'\(name)' is not an environment variable name: \(advice)")
    }

    /// Whether a channel's body is the plan's to shape (templates and headers).
    private static func takesOwnShape(_ channel: NotificationRoute.Channel) -> Bool {
        channel == .email || channel == .sms || channel == .webhook
    }

    private static let severityNames = NotificationRoute.Severity.allCases.map(\.rawValue).joined(separator: ", ")

    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}
