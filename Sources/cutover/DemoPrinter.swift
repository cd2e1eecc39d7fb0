import CutoverCore
import CutoverServer
import CutoverStore
import Foundation

/// The demo's terminal: a progress bar per service, redrawn in place on a terminal, with the
/// event log scrolling above it; in a pipe, event lines and a table every 15 seconds.
final class DemoPrinter: Sendable {
    private struct State {
        var bars: [String] = []
        var drawn = 0
        var lastTable = ContinuousClock.now
    }

    private let live: Bool
    private let state = Locked(State())

    init(live: Bool) {
        self.live = live
    }

    /// Prints events as they are committed.
    func events(_ events: [StoredEvent]) {
        guard !events.isEmpty else { return }
        state.withLock { state in
            var output = clear(&state)
            for stored in events {
                let event = stored.event
                let detail = event.detail.count > 90 ? String(event.detail.prefix(89)) + "…" : event.detail
                output += "\(Self.time(event.at).pad(10)) \((event.service ?? "plan").pad(28)) \(event.kind.rawValue.pad(26)) \(detail)\n"
            }
            output += redraw(&state)
            write(output)
        }
    }

    /// Prints a line above the bars.
    func line(_ text: String) {
        state.withLock { state in
            write(clear(&state) + text + "\n" + redraw(&state))
        }
    }

    /// Redraws the bars every half second until cancelled.
    func refresh(from host: RunHost) async throws {
        while true {
            let status = try await host.status()
            let bars = status.services.map(Self.bar) + [Self.footer(status)]
            state.withLock { state in
                state.bars = bars
                if live {
                    write(clear(&state) + redraw(&state))
                } else if ContinuousClock.now - state.lastTable >= .seconds(15) {
                    state.lastTable = .now
                    write(bars.joined(separator: "\n") + "\n")
                }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The final table.
    func summary(_ status: RunStatus, requests: (handled: Int, userErrors: Int, shed: Int), wall: Duration) {
        state.withLock { state in
            var output = clear(&state)
            output += "\nrun \(status.run): \(status.stage) after \(Self.time(.seconds(status.now))) of plan time, "
            output += String(format: "%.0f s wall\n", Double(wall.components.seconds))
            output += "requests: \(requests.handled) handled, \(requests.userErrors) with a user-visible error, \(requests.shed) shed\n\n"
            output += status.services.map(Self.bar).joined(separator: "\n") + "\n"
            write(output)
        }
    }

    private func clear(_ state: inout State) -> String {
        guard live, state.drawn > 0 else { return "" }
        defer { state.drawn = 0 }
        return "\u{1B}[\(state.drawn)A\u{1B}[J"
    }

    private func redraw(_ state: inout State) -> String {
        guard live, !state.bars.isEmpty else { return "" }
        state.drawn = state.bars.count
        return state.bars.joined(separator: "\n") + "\n"
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func bar(_ service: ServiceStatus) -> String {
        let filled = Int((service.rollout / 100 * 24).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled)
        let step = service.step.map { " step \($0 + 1)/\(service.steps.count)" } ?? ""
        let left = service.windowRemaining.map { ", \(time(.seconds($0))) left" } ?? ""
        let rollout = String(format: "%5.1f%%", service.rollout)
        return "\(service.name.pad(28)) [\(bar)] \(rollout)  \(service.stage)\(step)\(left)  \(service.judgement.status)"
    }

    private static func footer(_ status: RunStatus) -> String {
        let phase = status.phase.name.map { "phase \(status.phase.index + 1)/\(status.phase.count) \($0)" } ?? "no phase"
        let soak = status.phase.soakRemaining.map { ", checkpoint soak \(time(.seconds($0))) left" } ?? ""
        let gate = status.phase.checkpointAwaitingApproval ? ", checkpoint waits for approval" : ""
        return "plan time \(time(.seconds(status.now)))  \(status.stage)\(status.paused ? " (paused)" : "")  \(phase)\(soak)\(gate)"
    }

    /// Plan time as `1d 2h`, `3h 04m` or `12m 30s`.
    static func time(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds >= 86_400 { return "\(seconds / 86_400)d \(seconds % 86_400 / 3600)h" }
        if seconds >= 3600 { return String(format: "%dh %02dm", seconds / 3600, seconds % 3600 / 60) }
        return String(format: "%dm %02ds", seconds / 60, seconds % 60)
    }
}

extension String {
    /// Padded with spaces to `width` characters.
    fileprivate func pad(_ width: Int) -> String {
        count >= width ? self + " " : padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
