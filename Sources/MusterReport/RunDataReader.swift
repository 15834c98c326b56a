import Foundation
import MusterOutput
import MusterStats

extension RunData {
    /// Modes the files may hold, in report order.
    static let knownModes = ["tiered", "p2p"]

    /// Reads an output folder's files (keyed by name, as `RunFolder.inputs`).
    /// `folder` is put before file names in errors ("results/beilun/").
    init(files: [String: Data], folder: String = "") throws(ReportInputError) {
        func shown(_ name: String) -> String { folder + name }
        func data(_ name: String) throws(ReportInputError) -> Data {
            guard let d = files[name] else { throw ReportInputError(file: shown(name), message: "missing") }
            return d
        }
        func text(_ name: String) throws(ReportInputError) -> String {
            guard let s = String(data: try data(name), encoding: .utf8) else {
                throw ReportInputError(file: shown(name), message: "not UTF-8 text")
            }
            return s
        }

        // summary.json: the figures of each mode and the comparison.
        let summary = try JSONFile(file: shown(RunFolder.summary), data: try data(RunFolder.summary))
        scenario = try summary.string("scenario")
        seed = try summary.integerText("seed")
        musterVersion = try summary.string("muster_version")
        let reps = try summary.number("replications")
        guard reps >= 0, reps == reps.rounded(), reps < 1e12 else {
            throw ReportInputError(file: shown(RunFolder.summary), message: "replications is not a whole number")
        }
        replications = Int(reps)
        let modeObject = try summary.object("modes")
        let unknown = modeObject.keys.filter { !Self.knownModes.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ReportInputError(file: shown(RunFolder.summary),
                                   message: "modes.\(unknown[0]) is not a mode; expected \(Self.knownModes.joined(separator: " or "))")
        }
        guard !modeObject.isEmpty else {
            throw ReportInputError(file: shown(RunFolder.summary), message: "modes is empty; a run has at least one mode")
        }
        var modes: [ModeData] = []
        for mode in Self.knownModes where modeObject[mode] != nil {
            func figures(_ key: String) throws(ReportInputError) -> MeasureFigures {
                let p = "modes.\(mode).\(key)"
                let (lo, hi) = try summary.interval("\(p).ci95")
                return MeasureFigures(mean: try summary.number("\(p).mean"), ci95Low: lo, ci95High: hi,
                                      p50: try summary.number("\(p).p50"), p90: try summary.number("\(p).p90"),
                                      p95: try summary.number("\(p).p95"), max: try summary.number("\(p).max"),
                                      n: try summary.number("\(p).n").clampedInt, nonFinite: try summary.number("\(p).non_finite").clampedInt)
            }
            let h = "modes.\(mode).households"
            modes.append(ModeData(
                mode: mode, order: try figures("order_complete_hours"), field: try figures("field_complete_hours"),
                notified: try figures("notified_hours"), microgridDone: try figures("microgrid_done_hours"),
                households: (try summary.number("\(h).total"), try summary.number("\(h).visited"),
                             try summary.number("\(h).unreached"), try summary.number("\(h).attempts"))))
        }
        if summary.value("comparison") is NSNull || modes.count < 2 {
            comparison = nil
        } else {
            func interval(_ key: String) throws(ReportInputError) -> Interval {
                let (lo, hi) = try summary.interval("comparison.\(key).ci95")
                return Interval(mean: try summary.number("comparison.\(key).mean"), low: lo, high: hi)
            }
            comparison = (try interval("order_complete_diff_hours"), try interval("order_complete_ratio"))
        }
        let present = modes.map(\.mode)
        func index(_ table: CSVTable, _ row: CSVTable.Row) throws(ReportInputError) -> Int {
            let m = try table.choice(row, "mode", Self.knownModes)
            guard let i = present.firstIndex(of: m) else {
                throw ReportInputError(file: table.file, line: row.line,
                                       message: "mode \(m) is not in \(RunFolder.summary), which has \(present.joined(separator: ", "))")
            }
            return i
        }

        // replications.csv: one order-completion value per replication and mode.
        let perReplication = try CSVTable(file: shown(RunFolder.replications), text: try text(RunFolder.replications),
                                header: CSVReports.replicationsHeader)
        for row in perReplication.rows {
            let i = try index(perReplication, row)
            modes[i].orderValues.append(try perReplication.number(row, "order_complete_hours", allowEmpty: true))
        }

        // coverage.csv: the curve's median and 10–90 % band.
        // Folders written before 0.3 call the middle column `median`.
        let coverageText = try text(RunFolder.coverage)
        let old = coverageText.hasPrefix(CSVReports.coverageHeaderBefore03 + "\n")
            || coverageText.hasPrefix(CSVReports.coverageHeaderBefore03 + "\r\n")
        let cov = try CSVTable(file: shown(RunFolder.coverage), text: coverageText,
                               header: old ? CSVReports.coverageHeaderBefore03 : CSVReports.coverageHeader)
        for row in cov.rows {
            let i = try index(cov, row)
            let point = CoveragePoint(hour: try cov.number(row, "hour"), p10: try cov.number(row, "p10", allowEmpty: true),
                                      median: try cov.number(row, old ? "median" : "p50", allowEmpty: true),
                                      p90: try cov.number(row, "p90", allowEmpty: true))
            if let last = modes[i].coverage.last, point.hour < last.hour {
                throw ReportInputError(file: cov.file, line: row.line, message: "hour \(point.hour) comes after \(last.hour); hours must not decrease")
            }
            modes[i].coverage.append(point)
        }

        // phases.csv: where the time goes.
        let ph = try CSVTable(file: shown(RunFolder.phases), text: try text(RunFolder.phases), header: CSVReports.phasesHeader)
        for row in ph.rows {
            let i = try index(ph, row)
            let name = ph.text(row, "phase")
            guard !name.isEmpty else {
                throw ReportInputError(file: ph.file, line: row.line, message: "column phase is empty")
            }
            modes[i].phases.append((name, try ph.number(row, "mean_hours", allowEmpty: true)))
        }

        // microgrid_done_histogram.csv: pooled micro-grid completion times.
        let hist = try CSVTable(file: shown(RunFolder.histogram), text: try text(RunFolder.histogram),
                                header: CSVReports.histogramHeader)
        for row in hist.rows {
            let i = try index(hist, row)
            let bin = CountBin(lo: try hist.number(row, "lo_hours"), hi: try hist.number(row, "hi_hours"),
                               count: try hist.count(row, "count"))
            guard bin.lo.isFinite, bin.hi.isFinite, bin.hi >= bin.lo else {
                throw ReportInputError(file: hist.file, line: row.line, message: "a bin needs finite lo_hours ≤ hi_hours")
            }
            modes[i].histogram.append(bin)
        }

        // Every mode the summary reports must have its rows.
        for m in modes {
            for (name, rows) in [(RunFolder.replications, m.orderValues.count), (RunFolder.coverage, m.coverage.count),
                                 (RunFolder.phases, m.phases.count)] where rows == 0 {
                throw ReportInputError(file: shown(name), message: "no rows for mode \(m.mode), which \(RunFolder.summary) reports")
            }
        }
        self.modes = modes

        // parameters.json: the scenario's key parameters.
        let params = try JSONFile(file: shown(RunFolder.parameters), data: try data(RunFolder.parameters))
        scenarioFile = try params.string("scenario_file")
        overrides = try params.strings("overrides")
        let entries = try params.object("parameters")
        // JSONSerialization forgets key order; the file's order is the
        // scenario's, so recover it from the text.
        parameters = try Self.orderedEntries(entries, text: try text(RunFolder.parameters), file: shown(RunFolder.parameters))
        expectedMicrogrids = try params.number("expected_microgrids")
        expectedHouseholds = try params.number("expected_households")
        bottlenecks = try Self.bottleneckRows(files[RunFolder.bottlenecks], shown: shown(RunFolder.bottlenecks))
        clock = RunClock.axis(parameters: try data(RunFolder.parameters))
    }

    /// The `parameters` entries in the order their keys appear in the file.
    private static func orderedEntries(_ entries: [String: Any], text: String,
                                       file: String) throws(ReportInputError) -> [(key: String, value: String)] {
        var out: [(key: String, value: String, at: String.Index)] = []
        let start = text.range(of: "\"parameters\"")?.upperBound ?? text.startIndex
        for (key, value) in entries {
            guard let s = value as? String else {
                throw ReportInputError(file: file, message: "parameters.\(key) is not a string")
            }
            let quoted = "\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            let at = text.range(of: quoted, range: start..<text.endIndex)?.lowerBound ?? text.endIndex
            out.append((key, s, at))
        }
        // Keys not found in the text (unusual escaping) go last, by name.
        out.sort { ($0.at, $0.key) < ($1.at, $1.key) }
        return out.map { ($0.key, $0.value) }
    }
}
