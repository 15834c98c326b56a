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
struct ModeData: Equatable {
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

    static func == (a: ModeData, b: ModeData) -> Bool {
        a.mode == b.mode && a.order == b.order && a.field == b.field && a.notified == b.notified
            && a.microgridDone == b.microgridDone && a.households == b.households
            && a.orderValues.elementsEqual(b.orderValues) { $0 == $1 || ($0.isNaN && $1.isNaN) }
            && a.coverage == b.coverage && a.phases.elementsEqual(b.phases, by: ==) && a.histogram == b.histogram
    }
}

/// An output folder of `muster run --out`, read back: what the figures
/// and `report.html` are made from.
struct RunData: Equatable {
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

    static func == (a: RunData, b: RunData) -> Bool {
        a.scenario == b.scenario && a.seed == b.seed && a.replications == b.replications
            && a.musterVersion == b.musterVersion && a.modes == b.modes
            && a.comparison?.diff == b.comparison?.diff && a.comparison?.ratio == b.comparison?.ratio
            && a.scenarioFile == b.scenarioFile && a.overrides == b.overrides
            && a.parameters.elementsEqual(b.parameters, by: ==)
    }
}
