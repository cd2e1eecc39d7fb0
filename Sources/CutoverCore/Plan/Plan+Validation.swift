import Foundation

extension Plan {
    /// Every problem of the plan, in file order: duplicate names, unknown references, steps,
    /// gates, intervals, thresholds, dependencies, phases, windows and notification routes.
    ///
    /// A plan built in code gets problems without positions; ``PlanParser`` places each one.
    public func problems() -> [PlanProblem] {
        problems(sourceMap: PlanSourceMap())
    }

    /// Throws every problem of the plan, when it has any.
    public func validate() throws(PlanValidationError) {
        let problems = problems()
        guard problems.isEmpty else { throw PlanValidationError(problems: problems) }
    }

    /// Every problem, placed through `sourceMap`; values it marks unreadable are skipped.
    func problems(sourceMap: PlanSourceMap) -> [PlanProblem] {
        var list = PlanProblemList(sourceMap: sourceMap)
        checkPlan(&list)
        checkUniqueNames(&list)
        checkTiers(&list)
        checkServices(&list)
        checkDependencies(&list)
        checkPhases(&list)
        checkWindows(&list)
        checkRoutes(&list)
        checkMetricsSource(&list)
        return list.problems.inFileOrder()
    }

    private func checkPlan(_ list: inout PlanProblemList) {
        if name.isEmpty, list.isReadable("name") {
            list.report(.emptyValue, "name", "the plan needs a name")
        }
        if list.isReadable("timeZone"), TimeZone(identifier: timeZone) == nil {
            let hint = NameSuggestion.hint(for: timeZone, among: TimeZone.knownTimeZoneIdentifiers + ["UTC"])
            list.report(.unknownTimeZone, "timeZone", "unknown time zone '\(timeZone)'\(hint) (use an IANA name such as Europe/Berlin or UTC)")
        }
        for (section, count) in [("tiers", tiers.count), ("services", services.count), ("phases", phases.count)]
            where count == 0 && list.isReadable(section)
        {
            list.report(.emptyValue, section, "a plan needs at least one entry in '\(section)'")
        }
        for (key, duration) in [("baselineWindow", preflight.baselineWindow), ("maximumPropagation", preflight.maximumPropagation)]
            where duration <= .zero && list.isReadable("preflight.\(key)")
        {
            list.report(.invalidDuration, "preflight.\(key)", "must be longer than zero")
        }
    }

    private func checkUniqueNames(_ list: inout PlanProblemList) {
        checkUnique(tiers.map(\.name), "tiers", "name", what: "tier", code: .duplicateName, &list)
        checkUnique(services.map(\.name), "services", "name", what: "service", code: .duplicateName, &list)
        checkUnique(services.map(\.flag), "services", "flag", what: "flag key", code: .duplicateFlagKey, &list)
        checkUnique(phases.map(\.name), "phases", "name", what: "phase", code: .duplicateName, &list)
        checkUnique(promotionWindows.map(\.name), "promotionWindows", "name", what: "promotion window", code: .duplicateName, &list)
        checkUnique(notifications.map(\.name), "notifications", "name", what: "notification route", code: .duplicateName, &list)
    }

    /// Reports each repeat of a value of `section[i].key`, pointing at the first.
    private func checkUnique(
        _ values: [String], _ section: String, _ key: String, what: String, code: PlanProblem.Code,
        _ list: inout PlanProblemList
    ) {
        var first: [String: String] = [:]
        for (index, value) in values.enumerated() {
            let path = "\(section)[\(index)].\(key)"
            guard list.isReadable(path) else { continue }
            if value.isEmpty {
                list.report(.emptyValue, path, "the \(what) must not be empty")
            } else if let earlier = first[value] {
                list.report(code, path, "\(what) '\(value)' is already used by \(earlier)\(list.line(of: earlier))")
            } else {
                first[value] = "\(section)[\(index)]"
            }
        }
    }

    private func checkWindows(_ list: inout PlanProblemList) {
        for (index, window) in promotionWindows.enumerated() {
            let path = "promotionWindows[\(index)]"
            if window.weekdays.isEmpty, list.isReadable("\(path).weekdays") {
                list.report(.emptyWindow, "\(path).weekdays", "a promotion window needs at least one weekday")
            }
            if window.startMinute >= window.endMinute, list.isReadable("\(path).start"), list.isReadable("\(path).end") {
                list.report(
                    .emptyWindow, "\(path).start",
                    "the window starts at \(Self.clock(window.startMinute)), not before its end \(Self.clock(window.endMinute)): it never opens (windows cannot cross midnight)"
                )
            }
        }
    }

    /// `HH:MM` for minutes after midnight.
    static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
