extension FlagSnapshot {
    /// Every problem in the snapshot; empty when it can be applied.
    public func problems() -> [FlagProblem] {
        var problems: [FlagProblem] = []
        problems += duplicateProblems()
        let flagKeys = Set(flags.map(\.key))
        let segmentNames = Set(segments.map(\.name))
        for flag in flags {
            problems += flag.problems(flagKeys: flagKeys, segmentNames: segmentNames)
        }
        problems += dependencyCycleProblems()
        for segment in segments {
            problems += segment.problems()
        }
        return problems
    }

    /// Throws a ``FlagValidationError`` listing every problem, if there is any.
    public func validate() throws(FlagValidationError) {
        let problems = problems()
        if !problems.isEmpty {
            throw FlagValidationError(problems: problems)
        }
    }

    private func duplicateProblems() -> [FlagProblem] {
        var problems: [FlagProblem] = []
        var keys: Set<String> = []
        var services: Set<String> = []
        for flag in flags {
            if !keys.insert(flag.key).inserted {
                problems.append(FlagProblem(.flag(flag.key), field: "key", "more than one flag has this key"))
            }
            if !services.insert(flag.service).inserted {
                problems.append(FlagProblem(
                    .flag(flag.key), field: "service", "service '\(flag.service)' is routed by more than one flag"
                ))
            }
        }
        var names: Set<String> = []
        for segment in segments where !names.insert(segment.name).inserted {
            problems.append(FlagProblem(.segment(segment.name), field: "name", "more than one segment has this name"))
        }
        return problems
    }

    /// One problem per dependency cycle, on the first flag of the cycle in snapshot order.
    private func dependencyCycleProblems() -> [FlagProblem] {
        let byKey = Dictionary(flags.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var finished: Set<String> = []
        var reported: Set<Set<String>> = []
        var problems: [FlagProblem] = []

        func visit(_ key: String, path: [String]) {
            if let start = path.firstIndex(of: key) {
                let cycle = Array(path[start...])
                if reported.insert(Set(cycle)).inserted {
                    let rotated = cycle.rotatedToMinimum { key in flags.firstIndex { $0.key == key } ?? 0 }
                    problems.append(FlagProblem(
                        .flag(rotated[0]), field: "dependsOn",
                        "dependency cycle: \((rotated + [rotated[0]]).joined(separator: " → "))"
                    ))
                }
                return
            }
            guard !finished.contains(key), let flag = byKey[key] else { return }
            for dependency in flag.dependsOn {
                visit(dependency, path: path + [key])
            }
            finished.insert(key)
        }

        for flag in flags {
            visit(flag.key, path: [])
        }
        return problems
    }
}

extension ServiceFlag {
    fileprivate func problems(flagKeys: Set<String>, segmentNames: Set<String>) -> [FlagProblem] {
        var problems: [FlagProblem] = []
        func report(_ field: String, _ message: String) {
            problems.append(FlagProblem(.flag(key), field: field, message))
        }
        if key.isEmpty { report("key", "must not be empty") }
        if service.isEmpty { report("service", "must not be empty") }
        for (field, value) in [
            ("rolloutPercentage", rolloutPercentage), ("shadowPercentage", shadowPercentage),
            ("coherencePercentage", coherencePercentage),
        ] where Rollout(percent: value) == nil {
            report(field, "\(value) is outside 0–100")
        }
        if stickinessAttribute.isEmpty { report("stickinessAttribute", "must not be empty") }
        if salt?.isEmpty == true { report("salt", "must not be empty when given") }
        for (index, dependency) in dependsOn.enumerated() {
            if dependency == key {
                report("dependsOn[\(index)]", "a flag cannot depend on itself")
            } else if !flagKeys.contains(dependency) {
                report("dependsOn[\(index)]", "unknown flag '\(dependency)'")
            }
        }
        for (index, segment) in userSegments.enumerated() where !segmentNames.contains(segment) {
            report("userSegments[\(index)]", "unknown segment '\(segment)'")
        }
        for (name, value) in performanceThresholds.sorted(by: { $0.key < $1.key }) where !value.isFinite {
            report("performanceThresholds.\(name)", "must be a finite number")
        }
        return problems
    }
}

extension Segment {
    fileprivate func problems() -> [FlagProblem] {
        var problems: [FlagProblem] = []
        if name.isEmpty {
            problems.append(FlagProblem(.segment(name), field: "name", "must not be empty"))
        }
        for (index, rule) in rules.enumerated() {
            for (field, message) in rule.problems() {
                problems.append(FlagProblem(.segment(name), field: "rules[\(index)].\(field)", message))
            }
        }
        return problems
    }
}

extension SegmentRule {
    fileprivate func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if attribute.isEmpty { problems.append(("attribute", "must not be empty")) }
        if values.isEmpty { problems.append(("values", "must list at least one value")) }
        guard SegmentOperator.known.contains(self.operator) else {
            let known = SegmentOperator.known.map(\.rawValue).joined(separator: ", ")
            problems.append(("operator", "unknown operator '\(self.operator)'; expected one of \(known)"))
            return problems
        }
        for (index, value) in values.enumerated() {
            if self.operator.isNumeric, value.number == nil {
                problems.append(("values[\(index)]", "'\(value.text)' is not a number"))
            }
            if self.operator.isSemver, SemanticVersion(value.text) == nil {
                problems.append(("values[\(index)]", "'\(value.text)' is not a semantic version"))
            }
        }
        return problems
    }
}

extension SegmentOperator {
    var isNumeric: Bool {
        [.lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual].contains(self)
    }

    var isSemver: Bool {
        [.semverEqual, .semverLessThan, .semverGreaterThan].contains(self)
    }
}

extension Array where Element == String {
    /// The same cycle, starting at the element that comes first by `order`.
    fileprivate func rotatedToMinimum(by order: (String) -> Int) -> [String] {
        guard let start = indices.min(by: { order(self[$0]) < order(self[$1]) }) else { return self }
        return Array(self[start...] + self[..<start])
    }
}
