import Foundation
import CutoverCore

/// `cutover_router_latency_seconds`: the latency of every service's cohorts as a Prometheus
/// histogram (cumulative `_bucket{le}`, `_sum`, `_count`), with ``LatencyBuckets/boundaries``.
///
/// Fed from the HDR histograms of shipped windows one HDR bucket at a time, never call by call;
/// swift-prometheus' histogram records single values only, so this family writes its own text.
final class LatencyHistogramExport: Sendable {
    /// The family's name in the exposition (its buckets are what a Prometheus metrics source reads).
    static let name = "cutover_router_latency_seconds"

    private struct Series: Hashable, Comparable {
        var service: String
        var cohort: Cohort

        static func < (lhs: Series, rhs: Series) -> Bool {
            (lhs.service, lhs.cohort.rawValue) < (rhs.service, rhs.cohort.rawValue)
        }
    }

    private let series = Locked<[Series: LatencyBuckets]>([:])

    /// Makes the series of `service`'s cohorts exist, with no calls, so that a query's
    /// `increase()` counts their first calls too.
    func prepare(service: String) {
        series.withLock { series in
            for cohort in Cohort.allCases where series[Series(service: service, cohort: cohort)] == nil {
                series[Series(service: service, cohort: cohort)] = LatencyBuckets()
            }
        }
    }

    /// Adds the latencies of `metrics`' cohorts.
    func record(_ metrics: ServiceMetrics) {
        series.withLock { series in
            for cohort in Cohort.allCases {
                series[Series(service: metrics.service, cohort: cohort), default: LatencyBuckets()].add(metrics[cohort].latency)
            }
        }
    }

    /// Appends the family in the text exposition format.
    func emit(into buffer: inout [UInt8]) {
        let snapshot = series.withLock { $0 }.sorted { $0.key < $1.key }
        guard !snapshot.isEmpty else { return }
        var text = "# HELP \(Self.name) \(PrometheusExporter.help(.latency))\n# TYPE \(Self.name) histogram\n"
        for (series, buckets) in snapshot {
            let labels = "service=\"\(Self.escaped(series.service))\",cohort=\"\(series.cohort.rawValue)\""
            let bounds = LatencyBuckets.boundaries.map(\.description) + ["+Inf"]
            for (bound, count) in zip(bounds, buckets.cumulative) {
                text += "\(Self.name)_bucket{\(labels),le=\"\(bound)\"} \(count)\n"
            }
            text += "\(Self.name)_sum{\(labels)} \(buckets.sum)\n"
            text += "\(Self.name)_count{\(labels)} \(buckets.total)\n"
        }
        buffer.append(contentsOf: text.utf8)
    }

    /// A label value escaped for the text format: backslash, double quote and line feed.
    private static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
