import CutoverCVPlus
import CutoverController
import CutoverCore
import CutoverStore
import Foundation

/// Renders a simulation: live progress, the per-service summary, the report and the event log.
struct SimulationPrinter: Sendable {
    let plan: Plan
    let startDate: Date
    let live: Bool

    /// One line per service change as it happens.
    func progress(_ progress: RunDriver.Progress) {
        guard live else { return }
        for stored in progress.newEvents {
            let event = stored.event
            print("\(timestamp(event.at))  \((event.service ?? "plan").padding(27))  \(event.kind.rawValue.padding(24)) \(short(event.detail))")
        }
    }

    func printSummary(_ result: CVPlusSimulation.Result, wall: Duration) {
        print("\noutcome: \(result.outcome.rawValue) after \(duration(result.virtualTime)) of virtual time (\(String(format: "%.1f", wall.seconds)) s wall)")
        let volume = result.volume == .full ? "all of the example's traffic" : "sized to the windows being judged"
        print("requests: \(result.requests) (\(volume)), \(result.requestsWithErrors) with a user-visible error\n")
        print("service".padding(28) + "stage".padding(22) + "rollout".padding(9) + "steps".padding(7) + "rollbacks".padding(11) + "user errors".padding(13) + "absorbed")
        for service in result.report.services {
            print(
                service.service.padding(28) + service.stage.padding(22) + "\(format(service.rollout))%".padding(9)
                    + "\(service.stepsPassed)".padding(7) + "\(service.rollbacks)".padding(11)
                    + "\(service.userFacingErrors)".padding(13) + "\(service.absorbedByFallback)"
            )
        }
        print("\nsuccess criteria:")
        for criterion in result.report.criteria {
            print("  \(criterion.met ? "met   " : "MISSED") \(criterion.name): \(criterion.evidence)")
        }
        for service in result.report.services {
            for criterion in service.criteria where !criterion.met {
                print("         \(service.service) \(criterion.name): \(criterion.evidence)")
            }
        }
        if !result.report.rollbacks.isEmpty {
            print("\nrollbacks:")
            for rollback in result.report.rollbacks {
                print("  \(rollback.id) at \(timestamp(.seconds(rollback.at))): \(rollback.initiated)\n    → \(rollback.outcome)")
            }
        }
        if !plan.notifications.isEmpty {
            let counts = alertCounts(result)
            print("\nalerts the plan's routes carry: " + plan.notifications.map { "\($0.name) \(counts[$0.name] ?? 0)" }.joined(separator: ", "))
        }
        print("\nevent log (\(result.events.count) events):")
        for stored in result.events {
            let event = stored.event
            print("  #\(stored.sequence) \(timestamp(event.at)) \(event.kind.rawValue) \(event.service ?? "-") [\(event.actor)] \(event.detail)")
        }
    }

    func printJSON(_ result: CVPlusSimulation.Result, scenario: String, seed: UInt64) throws {
        struct Output: Encodable {
            struct Service: Encodable {
                var name: String, stage: String, rollout: Double, stepsPassed: Int, rollbacks: Int
                var userFacingErrors: UInt64, absorbedByFallback: UInt64
            }
            struct Event: Encodable {
                var sequence: UInt64, type: String, service: String?, at: Double, actor: String, detail: String, rollbackId: String?
            }
            var outcome: String, scenario: String, seed: UInt64, virtualTimeSeconds: Double
            /// `sized` or `full` (see `--traffic`).
            var traffic: String
            var requests: Int, requestsWithErrors: Int
            var services: [Service], events: [Event], report: MigrationReport
            /// Alerts per notification route.
            var alerts: [String: Int]
        }
        let output = Output(
            outcome: result.outcome.rawValue, scenario: scenario, seed: seed, virtualTimeSeconds: result.virtualTime.seconds,
            traffic: result.volume.name, requests: result.requests, requestsWithErrors: result.requestsWithErrors,
            services: result.report.services.map {
                .init(name: $0.service, stage: $0.stage, rollout: $0.rollout, stepsPassed: $0.stepsPassed, rollbacks: $0.rollbacks,
                      userFacingErrors: $0.userFacingErrors, absorbedByFallback: $0.absorbedByFallback)
            },
            events: result.events.map {
                .init(sequence: $0.sequence, type: $0.event.kind.rawValue, service: $0.event.service, at: $0.event.at.seconds,
                      actor: $0.event.actor, detail: $0.event.detail, rollbackId: $0.event.rollbackID)
            },
            report: result.report,
            alerts: alertCounts(result)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }

    /// How many alerts each route gets for the run's events.
    private func alertCounts(_ result: CVPlusSimulation.Result) -> [String: Int] {
        let alerts = PendingAlert.alerts(for: result.events.map(\.event), routes: plan.notifications)
        return Dictionary(grouping: alerts, by: \.route).mapValues(\.count)
    }

    /// Virtual time as the plan's local day and time, e.g. `Mon 1 Sep 09:30`.
    private func timestamp(_ at: Duration) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: plan.timeZone) ?? .gmt
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE d MMM HH:mm:ss"
        return formatter.string(from: startDate.addingTimeInterval(at.seconds))
    }

    private func duration(_ value: Duration) -> String {
        let seconds = Int(value.seconds)
        return "\(seconds / 86_400)d \(seconds % 86_400 / 3600)h \(seconds % 3600 / 60)m"
    }

    private func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent)
    }

    private func short(_ detail: String) -> String {
        detail.count > 110 ? String(detail.prefix(107)) + "…" : detail
    }
}

extension String {
    /// The string padded with spaces (or cut) to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
