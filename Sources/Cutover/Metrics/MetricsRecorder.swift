import CutoverCore
import Foundation

/// Per-service, per-cohort measurements of everything the router does.
///
/// Recording is striped by thread: each OS thread writes to its own stripe under an
/// uncontended lock, so recording allocates nothing (after a service's first call on a
/// thread) and threads do not bounce cache lines between cores. ``collect()`` merges the
/// stripes into a ``MetricsWindow`` and starts the next window.
public final class MetricsRecorder: Sendable {
    /// Tuning of the recorder.
    public struct Configuration: Sendable {
        /// Number of stripes; by default twice the processor count, between 4 and 64.
        public var stripes: Int = min(max(2 * ProcessInfo.processInfo.activeProcessorCount, 4), 64)

        /// The default configuration.
        public init() {}
    }

    private let stripes: [Stripe]
    private let slots: ServiceSlots
    private let totals = Locked<[CohortMetrics]>([])

    /// Creates a recorder for the services in `slots`.
    public init(slots: ServiceSlots, configuration: Configuration = .init()) {
        self.slots = slots
        stripes = (0..<max(configuration.stripes, 1)).map { _ in Stripe() }
    }

    /// Updates the metrics of `cohort` of the service in `slot`.
    @inline(__always)
    public func record(slot: Int, cohort: Cohort, _ update: (inout CohortMetrics) -> Void) {
        let row = slot &* 2 &+ (cohort == .legacy ? 0 : 1)
        stripes[ThreadIndex.current % stripes.count].rows.withLock { rows in
            if row >= rows.count {
                rows.append(contentsOf: repeatElement(CohortMetrics(), count: row - rows.count + 1))
            }
            update(&rows[row])
        }
    }

    /// Everything recorded since the previous collection; starts a new window.
    public func collect() -> MetricsWindow {
        var merged: [CohortMetrics] = []
        for stripe in stripes {
            stripe.rows.withLock { rows in
                if merged.count < rows.count {
                    merged.append(contentsOf: repeatElement(CohortMetrics(), count: rows.count - merged.count))
                }
                for index in rows.indices {
                    merged[index].add(rows[index])
                    rows[index].reset()
                }
            }
        }
        totals.withLock { totals in
            if totals.count < merged.count {
                totals.append(contentsOf: repeatElement(CohortMetrics(), count: merged.count - totals.count))
            }
            for index in merged.indices {
                totals[index].add(merged[index])
            }
        }
        return window(from: merged)
    }

    /// Everything collected so far, over all windows.
    public func collectedTotals() -> MetricsWindow {
        window(from: totals.withLock { $0 })
    }

    private func window(from rows: [CohortMetrics]) -> MetricsWindow {
        let names = slots.names
        var services: [ServiceMetrics] = []
        for slot in names.indices {
            let legacy = slot * 2 < rows.count ? rows[slot * 2] : CohortMetrics()
            let candidate = slot * 2 + 1 < rows.count ? rows[slot * 2 + 1] : CohortMetrics()
            services.append(ServiceMetrics(service: names[slot], legacy: legacy, candidate: candidate))
        }
        return MetricsWindow(services: services)
    }
}

/// One thread's share of the recorder (``Locked`` pads it onto cache lines of its own).
private final class Stripe: Sendable {
    let rows = Locked<[CohortMetrics]>([])
}
