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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        // The grid-mobilisation model of docs/model.md on top of the engine.
        .target(name: "MusterModel", dependencies: ["MusterEngine"]),
        // Incident streams (docs/model.md, "Incident streams"): the bottom-up closed loop.
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
        // SVG charts (axes, lines, bands, bars, histograms): Foundation only.
        .target(name: "MusterPlot"),
        // Output folders turned into figures: a run's (and report.html), a sweep's.
        .target(name: "MusterReport", dependencies: ["MusterPlot", "MusterStats", "MusterSweep", "MusterIncidents", "MusterModel", "MusterEngine"]),
        .executableTarget(name: "muster-engine-bench", dependencies: ["MusterBench"]),
        // Parameter sweeps: sweep files, designs, the SQLite results store,
        // shards and merging.
        .target(
            name: "MusterSweep",
            dependencies: [
                "MusterModel", "MusterEngine", "MusterScenario", "MusterStats", "CGSL",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "muster",
            dependencies: [
                "CGSL", "MusterEngine", "MusterModel", "MusterScenario", "MusterStats", "MusterBench",
                "MusterReport",
                "MusterSweep",
                "MusterIncidents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Examples/README.md: the engine as a library, with no grid in sight.
        .executableTarget(name: "MMcQueue", dependencies: ["MusterEngine"], path: "Examples/MMcQueue"),
        .executableTarget(name: "TwoLevelRelay", dependencies: ["MusterEngine"], path: "Examples/TwoLevelRelay"),
        .testTarget(name: "MusterEngineTests", dependencies: ["MusterEngine", "CGSL"]),
        .testTarget(name: "MusterModelTests", dependencies: ["MusterModel", "MusterEngine", "MusterStats"]),
        .testTarget(name: "MusterScenarioTests", dependencies: ["MusterScenario", "MusterModel", "MusterEngine"]),
        .testTarget(name: "MusterStatsTests", dependencies: ["MusterStats", "MusterModel", "MusterEngine"]),
        // Runs the built binaries: `muster` and the two examples.
        .testTarget(name: "MusterCLITests", dependencies: ["muster", "MMcQueue", "TwoLevelRelay"]),
        .testTarget(name: "MusterPlotTests", dependencies: ["MusterPlot"]),
        .testTarget(name: "MusterReportTests",
                    dependencies: ["MusterReport", "MusterPlot", "MusterStats", "MusterModel", "MusterEngine", "MusterScenario"]),
        .testTarget(name: "MusterSweepTests", dependencies: ["MusterSweep", "MusterScenario", "MusterModel", "MusterStats"]),
        .testTarget(name: "MusterIncidentsTests", dependencies: ["MusterIncidents", "MusterModel", "MusterEngine", "MusterStats"]),
    ]
)
