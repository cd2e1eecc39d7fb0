// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CutoverBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Cutover", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RouterBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Cutover", package: "Cutover"),
                .product(name: "CutoverCore", package: "Cutover"),
            ],
            path: "Benchmarks/RouterBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RouterScaling",
            dependencies: [
                .product(name: "Cutover", package: "Cutover"),
                .product(name: "CutoverCore", package: "Cutover"),
            ],
            path: "Sources/RouterScaling"
        ),
        .executableTarget(
            name: "AnalysisCalibration",
            dependencies: [
                .product(name: "CutoverCore", package: "Cutover"),
            ],
            path: "Sources/AnalysisCalibration"
        ),
        .executableTarget(
            name: "SimulationSpeed",
            dependencies: [
                .product(name: "CutoverCVPlus", package: "Cutover"),
                .product(name: "CutoverCore", package: "Cutover"),
            ],
            path: "Sources/SimulationSpeed"
        ),
    ]
)
