import ArgumentParser
import Foundation
import MusterDrill
import MusterEngine
import MusterForecast
import MusterModel
import MusterOutput
import MusterScenario

/// `muster forecast`: when will an order under way be done, from its log so far.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast when an order under way will be done, from its log so far.",
        discussion: """
        The log is a drill log (docs/reference/drill-log.md): one row per micro-grid of the \
        scenario's layout CSV, with notified_hours and done_hours since the order was issued \
        (or notified_at/done_at with --issued), empty where not yet seen; times after --now \
        count as not yet seen. Every replication continues the order from a state \
        consistent with the log at --now: micro-grids done stay done at their logged times, \
        micro-grids notified but not done continue their field work conditioned on not having \
        finished by --now, and the rest get the order as the model says from --now on \
        (docs/forecast.md says how, and what is assumed).

        Output: p10, p50 and p90 of the last micro-grid done (what the log will record) and of \
        the order complete at the centre (the model's headline figure, as `muster run`), with \
        clock times; the micro-grids expected done by each coming hour with a 10–90 % band; \
        the micro-grids most likely to be last. --json prints the same as JSON; --out DIR also \
        writes forecast.json, forecast.txt, forecast_hourly.csv, forecast_replications.csv, \
        forecast_progress.svg and report.html.

        --replay LOG forecasts a finished order at every --every (default 1h) from issue on, \
        as the centre would have seen it, against when it was really done (replay.csv, \
        replay.svg); `muster drill` writes the log of a simulated order to try it on. \
        --coverage-study N checks the forecast's 80 % intervals on N simulated orders cut at \
        25, 50 and 75 % of micro-grids done (scripts/forecast-coverage.sh).

        Examples:
          muster forecast scenarios/drill/district.yaml --log scenarios/forecast/district-p2p.csv --now 4
          muster forecast scenarios/drill/district.yaml --log scenarios/forecast/district-p2p.csv --now 4 --json
          muster forecast scenarios/drill/district.yaml --replay scenarios/forecast/district-p2p.csv --every 1h --out results/replay
          muster drill scenarios/drill/district.yaml --mode tiered --replication 3 --observed-until 30 > log.csv
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("The log so far (drill-log CSV).", valueName: "log.csv"))
    var log: String?

    @Option(help: ArgumentHelp("Hours since the order was issued at which the log is read; later rows count as not yet seen.", valueName: "hours"))
    var now: Double?

    @Option(help: "The mode the order runs in: tiered or p2p (the command app's).")
    var mode: Mode = .p2p

    @Option(help: ArgumentHelp("A calibration's posterior.csv (or the folder holding it): each replication draws its parameters from it by weight.", valueName: "file|dir"))
    var posterior: String?

    @Option(help: "Replications (default: the scenario's `replications`).")
    var replications: Int?

    @Option(help: "Random seed (default: the scenario's `seed`).")
    var seed: UInt64?

    @Option(help: "Tries per conditioned path before its fallback (docs/forecast.md).")
    var tries: Int = 100

    @OptionGroup var common: CommonRunOptions

    @Option(help: ArgumentHelp("Also write the files, figures and report.html to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Replay a finished order's log: the forecast at every --every from issue on.", valueName: "log.csv"))
    var replay: String?

    @Option(help: ArgumentHelp("With --replay: the time between forecasts, a duration such as 1h or 30m.", valueName: "duration"))
    var every: String?

    @Option(help: ArgumentHelp("When the order was issued, for a log with notified_at/done_at date-times (docs/reference/drill-log.md).", valueName: "date-time"))
    var issued: String?

    @Option(help: ArgumentHelp("Check the 80 % intervals on this many simulated orders cut at 25, 50 and 75 % done.", valueName: "orders"))
    var coverageStudy: Int?

    func validate() throws {
        try CommonRunOptions.validateReplications(replications)
        let actions = [log != nil, replay != nil, coverageStudy != nil].filter { $0 }.count
        if actions != 1 {
            throw ValidationError("give exactly one of --log LOG --now HOURS (a forecast), --replay LOG or --coverage-study N")
        }
        if log != nil && now == nil { throw ValidationError("--log needs --now HOURS: the moment the log is read at") }
        if let n = now, !(n.isFinite && n >= 0) { throw ValidationError("--now must be a number of hours ≥ 0 (got \(n))") }
        if now != nil && (replay != nil || coverageStudy != nil) {
            throw ValidationError("--now goes with --log; --replay and --coverage-study choose their own moments")
        }
        if every != nil && replay == nil { throw ValidationError("--every goes with --replay") }
        if let e = every, !((DurationText.seconds(e) ?? 0) > 0) {
            throw ValidationError("--every '\(e)' is not a positive duration such as 1h or 30m")
        }
        if tries < 1 || tries > 100_000 { throw ValidationError("--tries must be from 1 to 100000 (got \(tries))") }
        if let c = coverageStudy, c < 1 { throw ValidationError("--coverage-study must be at least 1 (got \(c))") }
        if issued != nil && log == nil && replay == nil { throw ValidationError("--issued goes with --log or --replay") }
    }

    mutating func run() throws {
        let quiet = common.quiet || common.json
        try scenarioOptions.resolveDefault(announce: !quiet)
        var scenario = try scenarioOptions.load()
        if let r = replications { scenario.replications = r }
        if let s = seed { scenario.seed = s }
        let ids: DrillLayout
        do { ids = try DrillLayout(scenario) } catch {
            Stderr.write("error: \(scenarioOptions.scenario): a forecast needs a layout read from a CSV: \(error)\n")
            throw ExitWith(code: 2)
        }
        let inputs = [scenarioOptions.scenario] + [log, replay, posterior].compactMap { $0 }
        try OutputWriting.preflight(out, inputs: inputs)
        if let n = coverageStudy { return try runCoverageStudy(scenario, orders: n) }
        let (particles, weights) = try readPosterior()
        if let file = replay { return try runReplay(scenario, ids: ids, file: file, particles: particles, weights: weights) }

        let observation = try readLog(log!, layout: ids, start: scenario.start).observation(now: now!)
        let setup = ForecastSetup(scenario: scenario, mode: mode, observation: observation,
                                  replications: scenario.replications, maxTries: tries, particles: particles, weights: weights)
        let bar = ProgressBar(total: setup.replications, label: "\(scenario.name): forecast replications", style: common.progress)
        let runs = ForecastRun.run(setup, threads: common.threads, progress: { bar.update($0) })
        bar.finish()
        let summary = ForecastSummary(setup: setup, runs: runs, ids: ids.microgridIds)
        var written: [String] = []
        if let out {
            var files: [(name: String, data: Data)] = [
                ("forecast.json", summary.json.fileData), ("forecast.txt", Data(summary.text().utf8)),
                ("forecast_hourly.csv", Data(summary.hourlyCSV.utf8)),
                ("forecast_replications.csv", Data(Self.replicationsCSV(runs).utf8)),
                ("forecast_progress.svg", Data(summary.progressFigure().utf8)),
            ]
            files.append(("report.html", Data(ForecastPage.html(title: "Forecast: \(scenario.name)", text: summary.text(),
                                                               figures: [summary.progressFigure()]).utf8)))
            try OutputWriting.write(files, to: out, inputs: inputs)
            written = files.map(\.name)
        }
        if common.json {
            print(summary.json.serialized())
        } else {
            print(summary.text(), terminator: "")
            if let out { print("\nWrote \(out)/: " + written.joined(separator: ", ")) }
        }
    }

    static func replicationsCSV(_ runs: [ForecastReplication]) -> String {
        var s = "replication,particle,order_complete_hours,last_done_hours\n"
        for (r, x) in runs.enumerated() { s += "\(r),\(x.particle),\(x.orderComplete),\(x.lastDone)\n" }
        return s
    }

    // MARK: Inputs

    func readText(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            Stderr.write("error: \(what) \(path): cannot be read as UTF-8 text (\(error.localizedDescription))\n")
            throw ExitWith(code: 2)
        }
    }

    /// The log, read strictly against the layout; times after `--now`
    /// are kept here and hidden by `observation(now:)`.
    func readLog(_ path: String, layout: DrillLayout, start: WeekTime) throws -> DrillLog {
        let log: DrillLog
        do {
            log = try DrillLogReader.read(path: path, layout: layout, start: start, options: DrillLogOptions(issued: issued))
        } catch {
            ProblemReport.write(error.issues)
            Stderr.write("\(path): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was forecast.\n")
            throw ExitWith(code: 2)
        }
        guard log.hasNotified else {
            Stderr.write("error: \(path): the log has done times only; a forecast needs notified_hours (or notified_at) "
                         + "to tell a micro-grid in the field from one still waiting (docs/forecast.md)\n")
            throw ExitWith(code: 2)
        }
        return log
    }

    /// The posterior's particles as scenarios (the scenario file with each
    /// particle's values set), and their weights.
    func readPosterior() throws -> ([Scenario], [Double]) {
        guard var path = posterior else { return ([], []) }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            path = (path as NSString).appendingPathComponent("posterior.csv")
        }
        let table: PosteriorTable
        do {
            table = try PosteriorTable.parse(readText(path, what: "posterior"), file: path)
        } catch let e as InputProblems {
            ProblemReport.write(e.problems)
            throw ExitWith(code: 2)
        }
        var particles: [Scenario] = []
        for (i, values) in table.overrides.enumerated() {
            do {
                var s = try ScenarioOptions.validated(path: scenarioOptions.scenario, overrides: scenarioOptions.overrides + values)
                if let r = replications { s.replications = r }
                particles.append(s)
            } catch {
                Stderr.write("error: \(path):\(table.lines[i]): this particle's values do not make a valid scenario:\n")
                ProblemReport.write(error.issues)
                throw ExitWith(code: 2)
            }
        }
        return (particles, table.weights)
    }

    // MARK: Replay, synthetic logs, the coverage study

    mutating func runReplay(_ scenario: Scenario, ids: DrillLayout, file: String,
                            particles: [Scenario], weights: [Double]) throws {
        let forecastLog = try readLog(file, layout: ids, start: scenario.start)
        guard forecastLog.isFinished else {
            Stderr.write("error: --replay \(file): every row needs a done_hours: a replay compares the forecasts with how a finished order ended\n")
            throw ExitWith(code: 2)
        }
        let full = forecastLog.observation(now: .infinity)
        let actual = full.done.max() ?? 0
        let step = DurationText.seconds(every ?? "1h")! / 3600
        let moments = ForecastReplay.moments(lastDone: actual, every: step)
        let setup = ForecastSetup(scenario: scenario, mode: mode, observation: full, replications: scenario.replications,
                                  maxTries: tries, particles: particles, weights: weights)
        let bar = ProgressBar(total: moments.count, label: "\(scenario.name): replay forecasts", style: common.progress)
        let points = ForecastReplay.run(setup, moments: moments, threads: common.threads, progress: { bar.update($0) })
        bar.finish()
        var csv = "now_hours,now_clock,done_by_now,last_done_p10,last_done_p50,last_done_p90,order_complete_p10,order_complete_p50,order_complete_p90,actual_last_done\n"
        for p in points {
            csv += "\(p.now),\(ForecastSummary.clock(start: scenario.start, hours: p.now)),\(p.doneByNow),"
            csv += "\(p.lastDone.p10),\(p.lastDone.p50),\(p.lastDone.p90),\(p.orderComplete.p10),\(p.orderComplete.p50),\(p.orderComplete.p90),\(actual)\n"
        }
        let covered = points.filter { $0.lastDone.p10 <= actual && actual <= $0.lastDone.p90 }.count
        var text = "Replay of \(file) (\(scenario.name), \(mode.rawValue)): done at \(String(format: "%.2f", actual)) h, "
        text += "\(ForecastSummary.clock(start: scenario.start, hours: actual))\n"
        text += "\(points.count) forecasts, one every \(every ?? "1h"); the 10–90 % interval held the real end in \(covered).\n\n"
        text += "   made at" + "".leftPad(18) + "   done   last done p10      p50      p90\n"
        for p in points {
            text += String(format: "  %6.1f h  ", p.now) + ForecastSummary.clock(start: scenario.start, hours: p.now).leftPad(16)
            text += String(format: "  %5d   %7.1f  %7.1f  %7.1f\n", p.doneByNow, p.lastDone.p10, p.lastDone.p50, p.lastDone.p90)
        }
        let svg = ReplayFigure.svg(points: points, actual: actual, scenario: scenario.name, modeName: mode.rawValue,
                                   start: scenario.start.seconds, replications: scenario.replications, seed: scenario.seed)
        if let out {
            let files: [(name: String, data: Data)] = [
                ("replay.csv", Data(csv.utf8)), ("replay.txt", Data(text.utf8)), ("replay.svg", Data(svg.utf8)),
                ("report.html", Data(ForecastPage.html(title: "Forecast replay: \(scenario.name)", text: text, figures: [svg]).utf8)),
            ]
            try OutputWriting.write(files, to: out, inputs: [scenarioOptions.scenario, file])
        }
        if common.json {
            func q(_ x: ForecastSummary.Quantiles) -> JSONValue {
                .object([("p10", .number(x.p10)), ("p50", .number(x.p50)), ("p90", .number(x.p90))])
            }
            let doc = JSONValue.object([
                ("scenario", .string(scenario.name)), ("mode", .string(mode.rawValue)), ("log", .string(file)),
                ("actual_last_done_hours", .number(actual)), ("every_hours", .number(step)),
                ("forecasts", .array(points.map { p in
                    .object([("now_hours", .number(p.now)), ("done_by_now", .int(p.doneByNow)),
                             ("last_microgrid_done_hours", q(p.lastDone)), ("order_complete_hours", q(p.orderComplete))])
                })),
            ])
            print(doc.serialized())
        } else {
            print(text, terminator: "")
        }
    }

    func runCoverageStudy(_ scenario: Scenario, orders: Int) throws {
        let bar = ProgressBar(total: orders, label: "\(scenario.name): coverage study orders", style: common.progress)
        let cases = ForecastCalibration.run(scenario: scenario, mode: mode, orders: orders, replications: scenario.replications,
                                            maxTries: tries, threads: common.threads, progress: { bar.update($0) })
        bar.finish()
        let rows = ForecastCalibration.rows(cases)
        let table = ForecastCalibration.table(rows, mode: mode)
        if let out {
            let svg = CoverageFigure.svg(rows: [(mode.rawValue, rows)],
                                         caption: "\(scenario.name), \(orders) simulated orders, \(scenario.replications) replications per forecast")
            try OutputWriting.write([("coverage.csv", Data(ForecastCalibration.csv(cases).utf8)),
                                     ("coverage.md", Data(table.utf8)), ("coverage.svg", Data(svg.utf8))],
                                    to: out, inputs: [scenarioOptions.scenario])
        }
        if common.json {
            print(JSONValue.array(rows.map { r in
                .object([("fraction_done", .number(r.fraction)), ("orders", .int(r.cases)),
                         ("last_done_covered", .int(r.coveredLastDone)), ("order_complete_covered", .int(r.coveredOrderComplete)),
                         ("consistent_range", .array([.int(r.acceptLow), .int(r.acceptHigh)])),
                         ("median_width_last_done_hours", .number(r.medianWidthLastDone)),
                         ("median_width_order_complete_hours", .number(r.medianWidthOrderComplete))])
            }).serialized())
        } else {
            print(table, terminator: "")
        }
    }
}

extension Mode: ExpressibleByArgument {}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// A forecast's report.html: its text and figures on one page.
enum ForecastPage {
    static func html(title: String, text: String, figures: [String]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>\n"
        s += "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{overflow-x:auto}</style></head>\n"
        s += "<body><h1>\(esc(title))</h1>\n<section id=\"forecast\"><h2>Forecast</h2>\n<pre>\(esc(text))</pre>\n"
        for f in figures { s += "<figure>\(f)</figure>\n" }
        s += "</section></body></html>\n"
        return s
    }
}
