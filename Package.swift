// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Muster",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "muster", targets: ["muster"]),
        .library(name: "MusterEngine", targets: ["MusterEngine"]),
        .library(name: "MusterModel", targets: ["MusterModel"]),
        .library(name: "MusterIncidents", targets: ["MusterIncidents"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        // GSL, linked through pkg-config; Debian/Ubuntu ship it as libgsl-dev.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        // Generic discrete-event engine: knows nothing of grids.
        .target(
            name: "MusterEngine",
            dependencies: [
                "CGSL",
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // The grid-mobilisation model of MODEL.md on top of the engine.
        .target(name: "MusterModel", dependencies: ["MusterEngine"]),
        // Incident streams (MODEL.md version 2): the bottom-up closed loop.
        .target(name: "MusterIncidents", dependencies: ["MusterEngine", "MusterModel"]),
        // Scenario YAML loading, validation and --set overrides.
        .target(
            name: "MusterScenario",
            dependencies: ["MusterModel", "MusterEngine", "MusterIncidents", "Yams"]
        ),
        // Statistics across replications, the summary object and reports.
        .target(name: "MusterStats", dependencies: ["MusterModel", "MusterEngine", "MusterIncidents", "CGSL"]),
        // Throughput and micro-benchmarks, shared by `muster bench` and the
        // plain benchmark executable.
        .target(name: "MusterBench", dependencies: ["MusterEngine", "MusterModel"]),
        .executableTarget(name: "muster-engine-bench", dependencies: ["MusterBench"]),
        .executableTarget(
            name: "muster",
            dependencies: [
                "MusterEngine", "MusterModel", "MusterScenario", "MusterStats", "MusterBench",
                "MusterIncidents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MusterEngineTests", dependencies: ["MusterEngine", "CGSL"]),
        .testTarget(name: "MusterModelTests", dependencies: ["MusterModel", "MusterEngine", "MusterStats"]),
        .testTarget(name: "MusterScenarioTests", dependencies: ["MusterScenario", "MusterModel", "MusterEngine"]),
        .testTarget(name: "MusterStatsTests", dependencies: ["MusterStats", "MusterModel", "MusterEngine"]),
        .testTarget(name: "MusterCLITests", dependencies: ["muster"]),
        .testTarget(name: "MusterIncidentsTests", dependencies: ["MusterIncidents", "MusterModel", "MusterEngine", "MusterStats"]),
    ]
)
