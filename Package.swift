// swift-tools-version: 6.1
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
        // No default traits: swift-configuration support is not used, and
        // leaving it out keeps a clean build (CI's) shorter.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // The workbench uses NIO's ByteBuffer and a Logger directly, not only
        // through Hummingbird: declared so MusterServe names what it imports.
        // Spelled as Hummingbird's manifest spells them (one identity each).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // `swift package generate-documentation`: the DocC catalogues of the
        // library products (Sources/*/*.docc; ARCHITECTURE.md, "API docs").
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
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
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The grid-mobilisation model of docs/model.md on top of the engine.
        .target(name: "MusterModel", dependencies: ["MusterEngine"]),
        // Incident streams (docs/model.md, "Incident streams"): the bottom-up closed loop.
        .target(name: "MusterIncidents", dependencies: ["MusterEngine", "MusterModel"]),
        // Scenario YAML loading, validation and --set overrides.
        .target(
            name: "MusterScenario",
            dependencies: ["MusterModel", "MusterEngine", "MusterIncidents", "MusterOutput", "Yams"]
        ),
        // Numbers only, no model type: summary statistics and t-intervals,
        // percentile and proportion intervals, quantile tests, the precision
        // stopping rule shared by `run` and `sweep`.
        .target(name: "MusterNumerics", dependencies: ["CGSL", "MusterEngine"]),
        // Drill logs (docs/reference/drill-log.md): the layout they are
        // checked against, the strict reader, a simulated replication's log.
        .target(name: "MusterDrill", dependencies: ["MusterModel", "MusterEngine"]),
        // Approximate Bayesian computation by sequential Monte Carlo
        // (docs/explanation/calibration.md): numbers only, no scenario.
        .target(name: "MusterABC", dependencies: ["CGSL", "MusterEngine"]),
        // `muster calibrate`: --vary priors, scenario knobs checked against
        // the reader, the problem, the predictive check, the files.
        .target(name: "MusterCalibrate",
                dependencies: ["MusterABC", "MusterDrill", "MusterModel", "MusterEngine", "MusterOutput", "MusterPlot"]),
        // The output folder: file names, atomic writing and the marker,
        // JSON values and their reader, number text, SHA-256, manifests,
        // reading a run's folder back.
        .target(name: "MusterOutput", dependencies: ["MusterNumerics", "MusterEngine", "MusterModel"]),
        // A run's summaries: per mode, per channel, coverage curves, the
        // summary's JSON and CSV, the text table, `--precision` batches.
        .target(name: "MusterStats", dependencies: ["MusterNumerics", "MusterOutput", "MusterModel", "MusterEngine"]),
        // The regression gate and its baselines.
        .target(name: "MusterGate", dependencies: ["MusterNumerics", "MusterOutput", "MusterStats", "MusterModel", "MusterEngine"]),
        // `muster compare`: paired differences between two scenarios and their files.
        .target(name: "MusterCompare", dependencies: ["MusterNumerics", "MusterOutput", "MusterStats", "MusterModel", "MusterEngine"]),
        // Summaries of incident runs: figures, text, JSON and CSV.
        .target(name: "MusterIncidentsReport",
                dependencies: ["MusterIncidents", "MusterNumerics", "MusterOutput", "MusterStats", "MusterModel", "MusterEngine"]),
        // Throughput and micro-benchmarks, shared by `muster bench` and the
        // plain benchmark executable.
        .target(name: "MusterBench", dependencies: ["MusterEngine", "MusterModel", "MusterIncidents"]),
        // `muster optimize`: the least (or most) value of a variable that
        // meets a target, by bisection with a sequential test per probe.
        .target(name: "MusterOptimize",
                dependencies: ["MusterEngine", "MusterModel", "MusterNumerics", "MusterOutput"]),
        // `muster select`: Kim–Nelson selection of the best of several
        // candidates with a guarantee; numbers in, no scenario.
        .target(name: "MusterSelect", dependencies: ["CGSL", "MusterEngine", "MusterOutput"]),
        // SVG charts (axes, lines, bands, bars, histograms): Foundation only.
        .target(name: "MusterPlot"),
        // Output folders turned into figures: a run's (and report.html), a sweep's.
        .target(
            name: "MusterReport",
            dependencies: [
                "MusterPlot", "MusterOutput", "MusterStats", "MusterCompare", "MusterSweep",
                "MusterIncidents", "MusterIncidentsReport", "MusterModel", "MusterEngine", "MusterOptimize",
                "MusterNumerics", "MusterSelect",
            ]
        ),
        // One way through for every front end: a run's output folder and a
        // comparison (run and files), used by `muster run`/`compare` and the workbench.
        .target(
            name: "MusterPipeline",
            dependencies: ["MusterModel", "MusterOutput", "MusterStats", "MusterScenario", "MusterCompare", "MusterReport"]
        ),
        // `muster serve`: the planner's workbench, a local web server (Hummingbird,
        // SwiftNIO). Only the executable depends on it, so no other module sees NIO.
        .target(
            name: "MusterServe",
            dependencies: [
                "MusterScenario", "MusterModel", "MusterEngine", "MusterStats", "MusterOutput", "MusterCompare",
                "MusterReport", "MusterPlot", "MusterPipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The page's script and stylesheet, compiled into the binary
            // (`PackageResources.workbench_js`): no resource bundle to install.
            resources: [.embedInCode("Assets/workbench.js"), .embedInCode("Assets/workbench.css")]
        ),
        .executableTarget(name: "muster-engine-bench", dependencies: ["MusterBench"]),
        // Parameter sweeps: sweep files, designs, the SQLite results store,
        // shards and merging.
        .target(
            name: "MusterSweep",
            dependencies: [
                "MusterModel", "MusterEngine", "MusterScenario", "MusterNumerics", "MusterOutput",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "muster",
            dependencies: [
                "MusterEngine", "MusterModel", "MusterScenario", "MusterNumerics", "MusterOutput",
                "MusterStats", "MusterGate", "MusterCompare", "MusterBench", "MusterReport", "MusterSweep",
                "MusterIncidents", "MusterIncidentsReport", "MusterOptimize", "MusterSelect", "MusterServe", "MusterPipeline",
                "MusterDrill", "MusterABC", "MusterCalibrate",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Examples/README.md: the engine as a library, with no grid in sight.
        .executableTarget(name: "MMcQueue", dependencies: ["MusterEngine"], path: "Examples/MMcQueue"),
        .executableTarget(name: "TwoLevelRelay", dependencies: ["MusterEngine"], path: "Examples/TwoLevelRelay"),
        // Helpers shared by test targets: hand-built replication results, an XML tree for SVG.
        .target(name: "MusterTestSupport", dependencies: ["MusterModel"], path: "Tests/MusterTestSupport"),
        .testTarget(name: "MusterEngineTests", dependencies: ["MusterEngine", "CGSL"]),
        .testTarget(name: "MusterModelTests", dependencies: ["MusterModel", "MusterEngine", "MusterNumerics", "MusterStats", "CGSL"]),
        .testTarget(name: "MusterScenarioTests", dependencies: ["MusterScenario", "MusterModel", "MusterEngine", "MusterIncidents"]),
        .testTarget(name: "MusterNumericsTests", dependencies: ["MusterNumerics", "MusterEngine", "MusterTestSupport"]),
        .testTarget(name: "MusterOutputTests", dependencies: ["MusterOutput", "MusterModel"]),
        .testTarget(name: "MusterStatsTests", dependencies: ["MusterStats", "MusterNumerics", "MusterOutput", "MusterModel", "MusterTestSupport"]),
        .testTarget(name: "MusterGateTests",
                    dependencies: ["MusterGate", "MusterNumerics", "MusterOutput", "MusterModel", "MusterEngine", "MusterTestSupport"]),
        .testTarget(name: "MusterCompareTests",
                    dependencies: ["MusterCompare", "MusterStats", "MusterModel", "MusterEngine", "MusterTestSupport"]),
        // Runs the built binaries: `muster` and the two examples.
        .testTarget(name: "MusterCLITests", dependencies: ["muster", "MMcQueue", "TwoLevelRelay"]),
        .testTarget(name: "MusterPlotTests", dependencies: ["MusterPlot", "MusterTestSupport"]),
        .testTarget(name: "MusterReportTests",
                    dependencies: ["MusterReport", "MusterOutput", "MusterStats", "MusterModel", "MusterEngine",
                                   "MusterScenario", "MusterTestSupport"]),
        .testTarget(name: "MusterServeTests", dependencies: ["MusterServe", "MusterScenario", "MusterOutput", "MusterReport", "MusterModel", "MusterStats"]),
        .testTarget(name: "MusterSweepTests", dependencies: ["MusterSweep", "MusterScenario", "MusterModel", "MusterNumerics",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "MusterSelectTests", dependencies: ["MusterSelect"]),
        .testTarget(name: "MusterABCTests", dependencies: ["MusterABC", "MusterEngine", "CGSL"]),
        .testTarget(name: "MusterCalibrateTests",
                    dependencies: ["MusterCalibrate", "MusterABC", "MusterDrill", "MusterModel", "MusterEngine", "MusterScenario"]),
        .testTarget(name: "MusterDrillTests", dependencies: ["MusterDrill", "MusterModel", "MusterEngine"]),
        .testTarget(name: "MusterOptimizeTests",
                    dependencies: ["MusterOptimize", "MusterModel", "MusterEngine"]),
        .testTarget(name: "MusterIncidentsTests",
                    dependencies: ["MusterIncidents", "MusterIncidentsReport", "MusterModel", "MusterEngine", "MusterStats", "MusterNumerics"]),
    ]
)
