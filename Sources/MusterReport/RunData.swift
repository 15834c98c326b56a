import MusterPlot
/// Figures of one measure as `summary.json` holds them (hours).
struct MeasureFigures: Equatable {
    var mean: Double
    var ci95Low: Double
    var ci95High: Double
    var p50: Double
    var p90: Double
    var p95: Double
    var max: Double
    /// Finite values the figures come from, and values left out.
    var n: Int
    var nonFinite: Int
}

/// A mean with its 95 % interval (the paired comparison).
struct Interval: Equatable {
    var mean: Double
    var low: Double
    var high: Double
}

/// One row of `coverage.csv`.
struct CoveragePoint: Equatable {
    var hour: Double
    var p10: Double
    var median: Double
    var p90: Double
}

/// One row of `microgrid_done_histogram.csv`.
struct CountBin: Equatable {
    var lo: Double
    var hi: Double
    var count: Int
}

/// Everything the figures and the report show of one mode.
struct ModeData {
    /// `tiered` or `p2p`, as in the files.
    var mode: String
    var order: MeasureFigures
    var field: MeasureFigures
    var notified: MeasureFigures
    var microgridDone: MeasureFigures
    var households: (total: Double, visited: Double, unreached: Double, attempts: Double)
    /// Order completion of every replication, in file order; non-finite
    /// for one that never completed.
    var orderValues: [Double] = []
    var coverage: [CoveragePoint] = []
    /// Phase name and mean hours, in file order.
    var phases: [(name: String, hours: Double)] = []
    var histogram: [CountBin] = []
}

/// An output folder of `muster run --out`, read back: what the figures
/// and `report.html` are made from.
struct RunData {
    var scenario: String
    /// The seed exactly as written (it may exceed what a Double holds).
    var seed: String
    var replications: Int
    var musterVersion: String
    /// Modes in report order (as `summary.json` lists them).
    var modes: [ModeData]
    var comparison: (diff: Interval, ratio: Interval)?
    /// From `parameters.json`.
    var scenarioFile: String
    var overrides: [String]
    var parameters: [(key: String, value: String)]
    var expectedMicrogrids: Double
    var expectedHouseholds: Double
    /// From `bottlenecks.csv`, when the run was attributed.
    var bottlenecks: [BottleneckRow] = []
    /// When the order was issued and the office hours, for clock-time axes.
    var clock: ClockAxis? = nil
}
