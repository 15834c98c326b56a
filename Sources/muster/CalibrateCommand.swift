import ArgumentParser
import Foundation
import MusterABC
import MusterCalibrate
import MusterDrill
import MusterEngine
import MusterModel
import MusterOutput
import MusterScenario

/// `muster calibrate`: the scenario's parameters fitted to a district's
/// drill log, with their uncertainty (docs/how-to/calibrate-to-a-drill.md).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit scenario parameters to a drill log (ABC-SMC), with credible intervals.",
        discussion: """
        Likelihood-free Bayesian inference by ABC-SMC: particles drawn from the \
        priors are simulated on the drill's own layout (the scenario's layout \
        CSV) and kept when the summaries of the simulated drill (quantiles of \
        done and notified times over micro-grids, the share done by the log's \
        end, a median per street) come close enough to the log's; each \
        generation narrows the tolerance (the median of the previous \
        distances) and re-weights the summaries by their spread (Prangle 2017).

        --vary PATH=LO..HI is a uniform prior (units s, m, h, d, w on the \
        ends); PATH={dist: lognormal, mean: 20, sd: 10, min: 5, max: 60, unit: m} \
        and dist uniform, loguniform, normal (needs min and max), triangular, \
        gamma give other priors. Several paths before '=' are tied to one value.

        Writes posterior.csv (one row per particle: values, weight, generation), \
        calibration.txt, calibration.json, report.html and figures/ (prior and \
        posterior marginals, pairwise particles, the posterior predictive check) \
        to --out. The same seed gives the same posterior, byte for byte, for \
        any --threads. Ctrl-C stops at once; with --state FILE the finished \
        generations are kept and the same command resumes from them.

        Examples:
          cd scenarios/drill
          muster calibrate district.yaml --observed drill-p2p.csv --mode p2p \\
            --vary field.visit.mean=3..15m --vary field.not_home=0.05..0.45 \\
            --vary p2p.ack.on_duty.mean=5..60m --out cal
          muster calibrate district.yaml --observed drill-tiered.csv \\
            --mode tiered --observed-until 28 --vary field.visit.mean=3..15m \\
            --vary tiered.street.handle.mean=1..10h --out cal-tiered
          muster run district.yaml --mode p2p --posterior cal/posterior.csv
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("The drill log (CSV, docs/reference/drill-log.md).", valueName: "log.csv"))
    var observed: String?

    @Option(help: ArgumentHelp("How the order travelled in the drill.", valueName: "tiered|p2p"))
    var mode: DrillCommand.DrillMode?

    @Option(parsing: .singleValue, help: ArgumentHelp("A parameter and its prior: PATH[,PATH…]=LO..HI[unit] or PATH={dist: …}. Repeatable.", valueName: "path=prior"))
    var vary: [String] = []

    @Option(help: ArgumentHelp("When the order was issued, for notified_at/done_at columns: YYYY-MM-DDTHH:MM (local).", valueName: "date-time"))
    var issued: String?

    @Option(help: ArgumentHelp("Hours after issue when the log ended; micro-grids without a done time were not done by then.", valueName: "hours"))
    var observedUntil: Double?

    @Option(help: ArgumentHelp("A question file (YAML: scenario, observed, mode, vary, set, issued, observed_until); options given as well win.", valueName: "file.yaml"))
    var question: String?

    @Option(help: "Particles per generation.")
    var population: Int = 500

    @Option(help: "Generations after the prior's.")
    var generations: Int = 8

    @Option(help: "Stop before spending more simulations than this.")
    var maxSimulations: Int = 200_000

    @Option(help: ArgumentHelp("Stop after a generation that accepts fewer than this share of its simulations (default 2%).", valueName: "share"))
    var minAcceptance: Fraction?

    @Option(help: "Random seed (default: the scenario's `seed`).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Keep the finished generations in this file; the same command with the same file resumes.", valueName: "file.json"))
    var state: String?

    @Option(help: ArgumentHelp("Write posterior.csv, calibration.txt, calibration.json, report.html and figures/ to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    @OptionGroup var common: CommonRunOptions

    func validate() throws {
        if population < 20 || population > 100_000 { throw ValidationError("--population must be from 20 to 100000 (got \(population))") }
        if generations < 1 || generations > 100 { throw ValidationError("--generations must be from 1 to 100 (got \(generations))") }
        if maxSimulations < population || maxSimulations > 100_000_000 {
            throw ValidationError("--max-simulations must be from --population (\(population)) to 100000000 (got \(maxSimulations))")
        }
        if let h = observedUntil, !(h.isFinite && h > 0) { throw ValidationError("--observed-until must be a number of hours > 0") }
        _ = try minAcceptance?.value("--min-acceptance", in: .belowOne)
    }

    static func seconds(_ s: Double) -> String {
        s < 90 ? String(format: "%.0f s", s) : s < 5400 ? String(format: "%.1f min", s / 60) : String(format: "%.1f h", s / 3600)
    }

    private func fail(_ what: String, _ message: String) -> ExitWith {
        Stderr.write("error: \(what): \(message)\n")
        return ExitWith(code: 2)
    }

    mutating func run() throws {
        var file = CalibrationQuestionFile()
        if let question {
            do throws(ScenarioError) { file = try CalibrationQuestionFile.read(path: question) } catch {
                ProblemReport.write(error.issues)
                Stderr.write("\(question): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was run.\n")
                throw ExitWith(code: 2)
            }
            if scenarioOptions.givenScenario == nil, let s = file.scenario { scenarioOptions.givenScenario = s }
        }
        guard let scenarioPath = scenarioOptions.givenScenario else {
            throw fail("scenario", "give the scenario of the drilled district (its layout CSV names the log's micro-grids)")
        }
        guard let logPath = observed ?? file.observed else { throw fail("--observed", "missing; give the drill log, e.g. --observed drill.csv") }
        guard let modeText = mode?.rawValue ?? file.mode, let drillMode = Mode(rawValue: modeText) else {
            throw fail("--mode", "missing or not tiered or p2p; say how the order travelled in the drill")
        }
        let varyTexts = vary.isEmpty ? file.vary : vary
        guard !varyTexts.isEmpty else { throw fail("--vary", "missing; give at least one parameter and its prior, e.g. --vary field.visit.mean=3..15m") }
        let overrides = file.set + scenarioOptions.overrides
        let until = observedUntil ?? file.observedUntil
        let issuedText = issued ?? file.issued
        try OutputWriting.preflight(out, inputs: [scenarioPath, logPath])

        // The scenario, the layout, the log.
        var base: Scenario
        do { base = try ScenarioOptions.validated(path: scenarioPath, overrides: overrides) } catch {
            ProblemReport.write(error.issues)
            Stderr.write("\(scenarioPath): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
        if let seed { base.seed = seed }
        let layout: DrillLayout
        do { layout = try DrillLayout(base) } catch { throw fail("\(scenarioPath): layout", error.description) }
        let log: DrillLog
        do {
            log = try DrillLogReader.read(path: logPath, layout: layout, start: base.start,
                                          options: DrillLogOptions(issued: issuedText, observedUntil: until))
        } catch {
            ProblemReport.write(error.issues)
            Stderr.write("\(logPath): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was fitted.\n")
            throw ExitWith(code: 2)
        }

        // The parameters and their knobs, checked against the scenario reader.
        var parameters: [CalibrationParameter] = []
        for text in varyTexts {
            switch CalibrationParameter.parse(text) {
            case .failure(let e): throw fail("--vary", e.message)
            case .success(let p): parameters.append(p)
            }
        }
        let allPaths = parameters.flatMap(\.paths)
        if let dup = allPaths.first(where: { p in allPaths.filter { $0 == p }.count > 1 }) {
            throw fail("--vary", "\(dup) is varied twice; tie paths in one --vary (a,b=LO..HI) instead")
        }
        let knobs: [[ScenarioKnob]]
        switch Self.knobs(parameters, scenarioPath: scenarioPath, overrides: overrides, base: base) {
        case .failure(let e): throw fail("--vary", e.message)
        case .success(let k): knobs = k
        }
        let problem = CalibrationProblem(base: base, mode: drillMode, parameters: parameters, knobs: knobs, layout: layout, observed: log)
        var settings = ABCSettings(populationSize: population, maxSimulations: maxSimulations, maxGenerations: generations,
                                   seed: base.seed)
        if let m = minAcceptance { settings.minAcceptanceRate = m.checked(in: .belowOne) }

        // The state file: the finished generations of this very question.
        let scenarioBytes = (try? Data(contentsOf: URL(fileURLWithPath: scenarioPath))) ?? Data()
        let logBytes = (try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data()
        let fingerprint = SHA256.hexDigest(Data(([SHA256.hexDigest(scenarioBytes), SHA256.hexDigest(logBytes)] + overrides + varyTexts
            + [modeText, until.map { "\($0)" } ?? "", issuedText ?? "", "\(settings.populationSize)", "\(settings.maxGenerations)",
               "\(settings.maxSimulations)", "\(settings.minAcceptanceRate)", "\(settings.seed)", MusterVersion.current])
            .joined(separator: "\n").utf8))
        var resume: ABCState?
        let stateURL = state.map { URL(fileURLWithPath: $0) }
        if let stateURL, FileManager.default.fileExists(atPath: stateURL.path) {
            guard let data = try? Data(contentsOf: stateURL), let s = try? ABCState(json: data) else {
                throw fail("--state \(state!)", "cannot be read as a calibration state; give a new file")
            }
            guard s.fingerprint == fingerprint else {
                throw fail("--state \(state!)", "holds another calibration (scenario, log, --set, --vary, mode, settings, seed or muster version differ); give a new file")
            }
            resume = s
        }

        let quiet = common.progress == .hidden
        if !quiet {
            Stderr.write("calibrate: \(parameters.count) parameter\(parameters.count == 1 ? "" : "s"), \(problem.summaries.names.count) summaries of \(log.microgridCount) micro-grids, \(settings.populationSize) particles"
                         + (resume.map { ", resuming after generation \($0.populations.count - 1)" } ?? "") + "\n")
        }
        let started = Date()
        var lastLine = Date.distantPast
        var genStart = Date()
        var genIndex = -1
        var writeError: String?
        let final = problem.abc(settings).run(
            threads: common.threads, resume: resume, fingerprint: fingerprint,
            progress: { p in
                if p.generation != genIndex { genIndex = p.generation; genStart = Date() }
                guard !quiet, Date().timeIntervalSince(lastLine) >= 1 || p.accepted == p.populationSize else { return }
                lastLine = Date()
                let elapsed = Date().timeIntervalSince(genStart)
                let eta = p.accepted > 0 ? elapsed / Double(p.accepted) * Double(p.populationSize - p.accepted) : .nan
                let rate = Double(p.accepted) / Double(max(p.simulations, 1)) * 100
                let tol = p.tolerance.isFinite ? String(format: "%.4g", p.tolerance) : "none (prior)"
                Stderr.write("calibrate: generation \(p.generation), tolerance \(tol), accepted \(p.accepted)/\(p.populationSize), "
                             + "acceptance \(String(format: "%.1f", rate)) %, simulations \(p.totalSimulations), "
                             + "ETA \(eta.isFinite ? Self.seconds(eta) : "?") for this generation\n")
            },
            checkpoint: { s in
                guard let stateURL else { return }
                do {
                    let tmp = stateURL.deletingLastPathComponent().appendingPathComponent(".\(stateURL.lastPathComponent).tmp")
                    try s.json().write(to: tmp)
                    guard rename(tmp.path, stateURL.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
                } catch {
                    writeError = error.localizedDescription
                }
            },
            shouldStop: { writeError != nil },
            model: { theta, key in problem.simulatedSummaries(theta, seed: key) })
        if let writeError { throw fail("--state \(state!)", "cannot be written (\(writeError))") }
        guard !final.populations.isEmpty else {
            throw fail("--max-simulations", "the budget ran out before the first population was complete; raise it")
        }
        if !quiet {
            Stderr.write("calibrate: \(final.stop?.rawValue ?? "stopped") after \(final.populations.count) generations, \(final.totalSimulations) simulations, \(Self.seconds(Date().timeIntervalSince(started))); checking the posterior with 200 simulated drills\n")
        }
        let calibration = Calibration(problem: problem, settings: settings, state: final, threads: common.threads)
        if let out { try OutputWriting.write(calibration.files, to: out, inputs: [scenarioPath, logPath]) }
        if common.json {
            print(calibration.json.serialized())
        } else {
            print(calibration.text, terminator: "")
            if let out { print("\nWrote \(out)/: posterior.csv, calibration.txt, calibration.json, report.html, figures/") }
        }
    }

    /// The knobs of every parameter's paths, each checked against the
    /// scenario reader (`ScenarioKnob.make`).
    static func knobs(_ parameters: [CalibrationParameter], scenarioPath: String, overrides: [String],
                      base: Scenario) -> Result<[[ScenarioKnob]], CalibrationInputError> {
        let load: ([String]) -> Result<Scenario, CalibrationInputError> = { extra in
            do throws(ScenarioError) {
                var s = try ScenarioOptions.validated(path: scenarioPath, overrides: overrides + extra)
                s.seed = base.seed
                s.replications = base.replications
                return .success(s)
            } catch {
                return .failure(CalibrationInputError(error.issues.map { $0.key + ": " + $0.message }.joined(separator: "; ")))
            }
        }
        var knobs: [[ScenarioKnob]] = []
        for p in parameters {
            var ks: [ScenarioKnob] = []
            for path in p.paths {
                switch ScenarioKnob.make(path: path, parameter: p, base: base, load: load) {
                case .failure(let e): return .failure(e)
                case .success(let k): ks.append(k)
                }
            }
            knobs.append(ks)
        }
        return .success(knobs)
    }
}
