extension Plan {
    /// Phases: known services, each service in exactly one phase, known promotion windows.
    func checkPhases(_ list: inout PlanProblemList) {
        let serviceNames = services.map(\.name)
        let windowNames = promotionWindows.map(\.name)
        var placed: [String: (phase: Int, path: String)] = [:]
        var complete = list.isReadable("phases")
        for (index, phase) in phases.enumerated() {
            let path = "phases[\(index)]"
            complete = complete && list.isReadable("\(path).services")
            if phase.services.isEmpty, list.isReadable("\(path).services") {
                list.report(.emptyPhase, "\(path).services", "phase '\(phase.name)' has no services")
            }
            for (position, name) in phase.services.enumerated() where !name.isEmpty {
                let entry = "\(path).services[\(position)]"
                if service(named: name) == nil {
                    list.report(.unknownService, entry, "unknown service '\(name)'\(NameSuggestion.hint(for: name, among: serviceNames))")
                } else if let earlier = placed[name] {
                    let place = earlier.phase == index ? "this phase already" : "phase '\(phases[earlier.phase].name)' already"
                    list.report(.serviceInTwoPhases, entry, "'\(name)' is in \(place)\(list.line(of: earlier.path)): a service runs in one phase")
                } else {
                    placed[name] = (index, entry)
                }
            }
            if let window = phase.promotionWindow, list.isReadable("\(path).promotionWindow"),
               !promotionWindows.contains(where: { $0.name == window })
            {
                list.report(
                    .unknownPromotionWindow, "\(path).promotionWindow",
                    "unknown promotion window '\(window)'\(NameSuggestion.hint(for: window, among: windowNames))"
                )
            }
        }
        guard complete else { return }
        for (index, service) in services.enumerated() where !service.name.isEmpty && placed[service.name] == nil {
            list.report(.serviceInNoPhase, "services[\(index)].name", "service '\(service.name)' is in no phase, so it would never migrate")
        }
    }

    /// Services: known tiers; `dependsOn`: known services, no repeats, no cycles, nothing in a later phase.
    func checkDependencies(_ list: inout PlanProblemList) {
        let tierNames = tiers.map(\.name)
        let serviceNames = services.map(\.name)
        let indexes = Dictionary(services.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let phaseOf = Dictionary(
            phases.enumerated().flatMap { index, phase in phase.services.map { ($0, index) } },
            uniquingKeysWith: { first, _ in first }
        )
        var edges: [[(target: Int, position: Int)]] = Array(repeating: [], count: services.count)
        for (index, service) in services.enumerated() {
            let path = "services[\(index)]"
            if !service.tier.isEmpty, list.isReadable("\(path).tier"), tier(named: service.tier) == nil {
                list.report(.unknownTier, "\(path).tier", "unknown tier '\(service.tier)'\(NameSuggestion.hint(for: service.tier, among: tierNames))")
            }
            var seen: Set<String> = []
            for (position, dependency) in service.dependsOn.enumerated() where !dependency.isEmpty {
                let entry = "\(path).dependsOn[\(position)]"
                guard let target = indexes[dependency] else {
                    list.report(.unknownDependency, entry, unknownDependencyMessage(dependency, among: serviceNames))
                    continue
                }
                guard seen.insert(dependency).inserted else {
                    list.report(.duplicateDependency, entry, "'\(dependency)' is listed twice")
                    continue
                }
                edges[index].append((target, position))
                if let own = phaseOf[service.name], let other = phaseOf[dependency], other > own {
                    list.report(
                        .dependencyInLaterPhase, entry,
                        "'\(service.name)' (phase '\(phases[own].name)') depends on '\(dependency)', which runs in the later phase '\(phases[other].name)': no schedule can satisfy that"
                    )
                }
            }
        }
        for cycle in DependencyCycles(edges: edges).cycles() {
            let names = (cycle.services + [cycle.services[0]]).map { services[$0].name }
            list.report(
                .dependencyCycle, "services[\(cycle.services[0])].dependsOn[\(cycle.firstPosition)]",
                "dependency cycle: \(names.joined(separator: " → "))"
            )
        }
    }

    private func unknownDependencyMessage(_ name: String, among serviceNames: [String]) -> String {
        if let owner = services.first(where: { $0.flag == name }) {
            return "'\(name)' is the flag of '\(owner.name)'; dependsOn names services: write '\(owner.name)'"
        }
        return "unknown service '\(name)'\(NameSuggestion.hint(for: name, among: serviceNames))"
    }
}

/// The cycles of a dependency graph, one per strongly connected component (Tarjan), each
/// starting at its first service in file order.
struct DependencyCycles {
    /// For each service, the services it depends on and the position of each in its `dependsOn`.
    let edges: [[(target: Int, position: Int)]]

    /// One cycle through a component: the services in order, and which `dependsOn` entry of
    /// the first one starts it.
    struct Cycle {
        var services: [Int]
        var firstPosition: Int
    }

    /// A cycle for each component that has one, ordered by its first service.
    func cycles() -> [Cycle] {
        components().compactMap(cycle(in:)).sorted { $0.services[0] < $1.services[0] }
    }

    /// The shortest cycle from the component's first service back to itself (breadth first).
    private func cycle(in component: Set<Int>) -> Cycle? {
        guard let start = component.min() else { return nil }
        var previous: [Int: (node: Int, position: Int)] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in edges[node] where component.contains(edge.target) {
                if edge.target == start {
                    var path = [node]
                    var position = edge.position
                    while let step = previous[path[0]] {
                        position = step.position
                        path.insert(step.node, at: 0)
                    }
                    return Cycle(services: path, firstPosition: path.count == 1 ? edge.position : position)
                }
                if previous[edge.target] == nil, edge.target != start {
                    previous[edge.target] = (node, edge.position)
                    queue.append(edge.target)
                }
            }
        }
        return nil
    }

    /// Strongly connected components with a cycle (more than one service, or a self-dependency).
    private func components() -> [Set<Int>] {
        var index = 0
        var indexes: [Int: Int] = [:]
        var lowLinks: [Int: Int] = [:]
        var stack: [Int] = []
        var onStack: Set<Int> = []
        var result: [Set<Int>] = []

        func connect(_ node: Int) {
            indexes[node] = index
            lowLinks[node] = index
            index += 1
            stack.append(node)
            onStack.insert(node)
            for edge in edges[node] {
                if indexes[edge.target] == nil {
                    connect(edge.target)
                    lowLinks[node] = min(lowLinks[node]!, lowLinks[edge.target]!)
                } else if onStack.contains(edge.target) {
                    lowLinks[node] = min(lowLinks[node]!, indexes[edge.target]!)
                }
            }
            guard lowLinks[node] == indexes[node] else { return }
            var component: Set<Int> = []
            while let member = stack.popLast() {
                onStack.remove(member)
                component.insert(member)
                if member == node { break }
            }
            if component.count > 1 || edges[node].contains(where: { $0.target == node }) {
                result.append(component)
            }
        }

        for node in edges.indices where indexes[node] == nil {
            connect(node)
        }
        return result
    }
}
