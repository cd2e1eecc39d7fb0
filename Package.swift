// swift-tools-version: 6.1
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "Cutover",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CutoverCore", targets: ["CutoverCore"]),
        .library(name: "Cutover", targets: ["Cutover"]),
        .library(name: "CutoverStore", targets: ["CutoverStore"]),
        .library(name: "CutoverStoreSQLite", targets: ["CutoverStoreSQLite"]),
        .library(name: "CutoverStorePostgres", targets: ["CutoverStorePostgres"]),
        .library(name: "CutoverController", targets: ["CutoverController"]),
        .library(name: "CutoverCVPlus", targets: ["CutoverCVPlus"]),
        .library(name: "CutoverServer", targets: ["CutoverServer"]),
        .library(name: "CutoverRemote", targets: ["CutoverRemote"]),
        .library(name: "CutoverAlerts", targets: ["CutoverAlerts"]),
        .library(name: "CutoverPrometheus", targets: ["CutoverPrometheus"]),
        .executable(name: "cutover", targets: ["cutover"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "CutoverCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Cutover",
            dependencies: [
                "CutoverCore",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverStore",
            dependencies: ["CutoverCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverStoreSQLite",
            dependencies: ["CutoverCore", "CutoverStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverStorePostgres",
            dependencies: [
                "CutoverCore", "CutoverStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverController",
            dependencies: [
                "Cutover",
                "CutoverCore",
                "CutoverStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverAlerts",
            dependencies: [
                "CutoverController", "CutoverCore", "CutoverStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverCVPlus",
            dependencies: [
                "Cutover", "CutoverController", "CutoverCore", "CutoverRemote", "CutoverStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverServer",
            dependencies: [
                "Cutover", "CutoverAlerts", "CutoverController", "CutoverCore", "CutoverStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Dashboard"), .copy("OpenAPI")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverRemote",
            dependencies: [
                "Cutover", "CutoverCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CutoverPrometheus",
            dependencies: [
                "CutoverController", "CutoverCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cutover",
            dependencies: [
                "CutoverAlerts",
                "CutoverCore",
                "CutoverController",
                "CutoverCVPlus",
                "CutoverPrometheus",
                "CutoverRemote",
                "CutoverServer",
                "CutoverStore",
                "CutoverStoreSQLite",
                "CutoverStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // A load client for the stores (transitions and events per second); see the README's Performance section.
        .executableTarget(
            name: "StoreThroughput",
            dependencies: ["CutoverCore", "CutoverStore", "CutoverStoreSQLite", "CutoverStorePostgres"],
            swiftSettings: swiftSettings
        ),
        // The server's load numbers: flag propagation to 200 SDK instances, GET /v1/flags with wrk, metrics ingest.
        .executableTarget(
            name: "ServerBenchmarks",
            dependencies: [
                "Cutover", "CutoverCore", "CutoverRemote", "CutoverServer", "CutoverStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverCoreTests",
            dependencies: ["CutoverCore", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverAlertsTests",
            dependencies: [
                "CutoverAlerts", "CutoverController", "CutoverCore", "CutoverStore", "CutoverStoreSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverControllerTests",
            dependencies: [
                "CutoverController", "CutoverCVPlus", "Cutover", "CutoverCore", "CutoverStore",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverStoreTests",
            dependencies: ["CutoverCore", "CutoverStore", "CutoverStoreSQLite", "CutoverStorePostgres"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverServerTests",
            dependencies: [
                "Cutover", "CutoverController", "CutoverCore", "CutoverCVPlus", "CutoverRemote", "CutoverServer",
                "CutoverStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverPrometheusTests",
            dependencies: [
                "CutoverController", "CutoverCore", "CutoverPrometheus", "CutoverServer", "CutoverStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CutoverTests",
            dependencies: [
                "Cutover",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// `CUTOVER_RUNTIME_ONLY=1` keeps only the runtime and its tests, for the ThreadSanitizer run of
// `scripts/test`: the server's and the stores' dependencies are then not built again.
if ProcessInfo.processInfo.environment["CUTOVER_RUNTIME_ONLY"] != nil {
    let runtime: Set = ["CutoverCore", "Cutover", "CutoverTests"]
    package.targets.removeAll { !runtime.contains($0.name) }
    package.products.removeAll { !runtime.contains($0.name) }
}
