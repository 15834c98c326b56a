import ArgumentParser
import Foundation
import MusterEngine
import MusterModel
import MusterOptimize
import MusterOutput
import MusterReport
import MusterScenario

/// `muster optimize`: the least (or most) value of one scenario key that
/// meets a target, with a stated confidence (docs/how-to/optimize.md).
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Find the least (or most) value of a scenario key that meets a target.",
        discussion: """
        Bisection over the range with a sequential test at each probed value: \
        replications are added (20, 40, 80, … up to --max-replications) until \
        the interval of the target's statistic lies on one side of the target. \
        Every probe uses replications 0, 1, 2, … of the same seed (common random \
        numbers). The confidence is shared out over every look of every probe, \
        so all decisions hold together with at least that probability. The \
        response is assumed monotone in the variable; probes that contradict \
        it are reported as a warning.

        The answer gives the value, the confidence, the replications spent, \
        and every probe with its interval; an unreachable target says by how \
        much. --state FILE keeps the replications as they are made: run the \
        same command again to resume. --out DIR writes optimize.json, \
        probes.csv and optimize.svg.

        Examples:
          muster optimize scenarios/beilun.yaml \\
            --vary team.volunteers=0..10 --target 'p2p.order_complete.p90 <= 12h'
          muster optimize scenarios/lingfeng.yaml --vary field.not_home=0..0.5 \\
            --target 'p2p.order_complete.mean <= 8h' --find most --confidence 0.9
          muster optimize --question scenarios/questions/volunteers.yaml --json
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("The decision variable: a scenario key and its range, e.g. team.volunteers=0..10 (integers) or field.not_home=0..0.5 (real).", valueName: "path=lo..hi"))
    var vary: String?

    @Option(help: ArgumentHelp("What must hold: MODE.MEASURE.STATISTIC <= VALUE (or >=); measures order_complete, field_complete (times: 12h, 90m, 2d) and unreached (households); statistics mean, median, p1…p99.", valueName: "target"))
    var target: String?

    @Option(help: ArgumentHelp("least: the smallest value meeting the target (met at the high end); most: the largest (met at the low end).", valueName: "least|most"))
    var find: String?

    @Option(help: ArgumentHelp("Chance that every decision is right, strictly between 0.5 and 1 (default 0.95).", valueName: "p"))
    var confidence: String?

    @Option(help: ArgumentHelp("Indifference zone around the target, in its unit (e.g. 10m): a probe within it is decided by its estimate. Default: 1 % of the target.", valueName: "value"))
    var tolerance: String?

    @Option(help: "Real variables: candidates are this many equal steps across the range.")
    var steps: Int = 20

    @Option(help: "Replications of each probe's first look.")
    var firstBatch: Int = 20

    @Option(help: "Replications at which a probe stops and is decided by its estimate.")
    var maxReplications: Int = 1280

    @Option(help: "Random seed (default: the scenario's `seed`).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("A question file (YAML: scenario, vary, target, find, confidence, tolerance, set); options given as well win.", valueName: "file.yaml"))
    var question: String?

    @Option(help: ArgumentHelp("Keep the replications in this file as they are made; the same command with the same file resumes.", valueName: "file.json"))
    var state: String?

    @Option(help: ArgumentHelp("Also write optimize.json, probes.csv and optimize.svg to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    @OptionGroup var common: CommonRunOptions

    func validate() throws {
        if steps < 2 || steps > 10_000 { throw ValidationError("--steps must be from 2 to 10000 (got \(steps))") }
        if firstBatch < 5 { throw ValidationError("--first-batch must be at least 5 (got \(firstBatch)): fewer give no usable interval") }
        if maxReplications < firstBatch || maxReplications > 100_000 {
            throw ValidationError("--max-replications must be from --first-batch (\(firstBatch)) to 100000 (got \(maxReplications))")
        }
        if let f = find, OptimizeGoal(rawValue: f) == nil {
            throw ValidationError("--find: '\(f)' is not allowed; use least or most")
        }
    }

    /// The question: options first, else the question file.
    private struct Question {
        var scenario: String
        var overrides: [String]
        var range: OptimizeRange
        var target: OptimizeTarget
        var goal: OptimizeGoal
        var confidence: Double
        var tolerance: Double
    }

    private func fail(_ option: String, _ message: String) -> ExitWith {
        Stderr.write("error: \(option): \(message)\n")
        return ExitWith(code: 2)
    }

    private mutating func readQuestion() throws -> Question {
        var file = QuestionFile()
        if let question {
            do throws(ScenarioError) { file = try QuestionFile.read(path: question) } catch {
                ProblemReport.write(error.issues)
                Stderr.write("\(question): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was run.\n")
                throw ExitWith(code: 2)
            }
            if scenarioOptions.givenScenario == nil, let s = file.scenario { scenarioOptions.givenScenario = s }
        }
        try scenarioOptions.resolveDefault(announce: !(common.quiet || common.json))
        let fromFile = question.map { "\($0): " } ?? ""
        guard let varyText = vary ?? file.vary else { throw fail("--vary", "missing; give the variable and its range, e.g. --vary team.volunteers=0..10") }
        guard let targetText = target ?? file.target else {
            throw fail("--target", "missing; give what must hold, e.g. --target 'p2p.order_complete.p90 <= 12h'")
        }
        let range: OptimizeRange
        switch OptimizeRange.parse(varyText) {
        case .success(let r): range = r
        case .failure(let e): throw fail(vary == nil ? fromFile + "vary" : "--vary", e.message)
        }
        let t: OptimizeTarget
        switch OptimizeTarget.parse(targetText) {
        case .success(let x): t = x
        case .failure(let e): throw fail(target == nil ? fromFile + "target" : "--target", e.message)
        }
        let goalText = find ?? file.find ?? "least"
        guard let goal = OptimizeGoal(rawValue: goalText) else { throw fail(fromFile + "find", "'\(goalText)' is not allowed; use least or most") }
        let confText = confidence ?? file.confidence ?? "0.95"
        let confName = confidence == nil && file.confidence != nil ? fromFile + "confidence" : "--confidence"
        guard let conf = Double(confText.hasSuffix("%") ? String(confText.dropLast()) : confText).map({ confText.hasSuffix("%") ? $0 / 100 : $0 }),
              conf > 0.5, conf < 1 else {
            throw fail(confName, "'\(confText)' is not allowed; give a probability strictly between 0.5 and 1, e.g. 0.95 or 95%")
        }
        var tol = abs(t.value) * 0.01
        if let text = tolerance ?? file.tolerance {
            let name = tolerance == nil ? fromFile + "tolerance" : "--tolerance"
            if t.measure.isTime {
                guard let s = DurationText.seconds(text), s >= 0 else { throw fail(name, "'\(text)': a time with a unit, e.g. 10m or 0.5h") }
                tol = s / 3600
            } else {
                guard let v = Double(text), v >= 0 else { throw fail(name, "'\(text)': a number of households, e.g. 5") }
                tol = v
            }
        }
        return Question(scenario: scenarioOptions.scenario, overrides: file.set + scenarioOptions.overrides, range: range,
                        target: t, goal: goal, confidence: conf, tolerance: tol)
    }

    mutating func run() throws {
        let q = try readQuestion()
        try OutputWriting.preflight(out, inputs: [q.scenario])
        // The scenario of each candidate, loaded (and checked) once: an
        // unknown path or a value out of range fails here, at both ends,
        // before any candidate is listed or anything simulated.
        var scenarios: [Double: Scenario] = [:]
        func scenario(value: Double) throws -> Scenario {
            if let s = scenarios[value] { return s }
            let setting = "\(q.range.path)=\(q.range.text(value))"
            do {
                let d = try ScenarioOptions.validatedDocument(path: q.scenario, overrides: q.overrides + [setting])
                if d.simulates(.incidents) {
                    throw fail(q.scenario, "simulates incident streams; optimize answers questions about the order (simulate: [order])")
                }
                var s = d.scenario
                if let seed { s.seed = seed }
                scenarios[value] = s
                return s
            } catch let error as ScenarioError {
                ProblemReport.write(error.issues)
                throw fail("--vary \(q.range.path)", "the scenario does not accept \(setting) (above); give a scenario key that takes a \(q.range.isInteger ? "whole number" : "number"), e.g. team.volunteers or field.not_home")
            }
        }
        let first = try scenario(value: q.range.low)
        _ = try scenario(value: q.range.high)
        let count = q.range.candidateCount(steps: steps)
        if q.range.isInteger && count > OptimizeRange.maxIntegerCandidates {
            throw fail("--vary", "\(q.range.path)=\(q.range.text(q.range.low))..\(q.range.text(q.range.high)) holds \(count) whole numbers; "
                       + "at most \(OptimizeRange.maxIntegerCandidates) can be searched. Narrow the range, or write an end with a decimal "
                       + "point (\(q.range.text(q.range.low)).0..\(q.range.text(q.range.high))) to search --steps evenly spaced values")
        }
        let candidates = q.range.candidates(steps: steps)

        let settings = SearchSettings(confidence: q.confidence, tolerance: q.tolerance, firstBatch: firstBatch,
                                      maxReplications: maxReplications)
        let search = TargetSearch(candidates: candidates, target: q.target, goal: q.goal, settings: settings)
        // The confidence is shared out over every interval of the search;
        // a level that rounds to 1 could never be met.
        guard search.lookLevel < 1 else {
            let intervals = search.maxProbes * settings.looks
            throw fail(question != nil && confidence == nil ? "\(question!): confidence" : "--confidence",
                       "'\(q.confidence)' is too close to 1: shared over this search's \(intervals) intervals, each would need a level "
                       + "that rounds to 1; give at most \(String(format: "%.12g", 1 - Double(intervals) * 1e-14))")
        }
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: q.scenario))) ?? Data()
        let fingerprint = SHA256.hexDigest(Data(([SHA256.hexDigest(bytes)] + q.overrides
            + [q.range.path, q.target.mode.rawValue, q.target.measure.rawValue, String(first.seed), MusterVersion.current])
            .joined(separator: "\n").utf8))
        var store = SearchState(fingerprint: fingerprint)
        let stateURL = state.map { URL(fileURLWithPath: $0) }
        if let stateURL, FileManager.default.fileExists(atPath: stateURL.path) {
            guard let data = try? Data(contentsOf: stateURL) else { throw fail("--state \(state!)", "cannot be read") }
            switch SearchState.read(data) {
            case .failure(let e): throw fail("--state \(state!)", e.message)
            case .success(let s):
                guard s.fingerprint == fingerprint else {
                    throw fail("--state \(state!)", "holds replications of another question (scenario, --set, variable, target measure, seed or muster version differ); give a new file")
                }
                store = s
            }
        }
        let quietProgress = common.progress == .hidden
        let threads = common.threads
        let answer = try StopRequest.stoppable("keeping the replications made\(state.map { " in \($0)" } ?? "")") {
          try search.run { i, range in
            let key = q.range.text(candidates[i])
            let have = store.values[key] ?? []
            if have.count >= range.upperBound { return Array(have[range]) }
            let from = max(range.lowerBound, have.count)
            if !quietProgress {
                Stderr.write("optimize: \(q.range.path) = \(key): replications \(from + 1)–\(range.upperBound)\n")
            }
            let s = try scenario(value: candidates[i])
            // In chunks, so that only the measure of a long look is held,
            // not every replication's result, and a stop request is seen
            // within about a second: a chunk lasts about a quarter second.
            var fresh: [Double] = []
            var start = from
            var size = max(1, threads)
            while start < range.upperBound && !StopRequest.isRequested {
                let chunk = start..<min(start + size, range.upperBound)
                let began = Date()
                let results = Experiment.run(s, modes: [q.target.mode], replications: chunk, threads: threads)
                fresh += (results[q.target.mode] ?? []).map(q.target.measure.value)
                start = chunk.upperBound
                let perReplication = max(Date().timeIntervalSince(began), 1e-6) / Double(chunk.count)
                size = min(256, max(max(1, threads), Int(0.25 / perReplication)))
            }
            store.values[key] = Array(have.prefix(from)) + fresh
            if let stateURL {
                do { try store.write(to: stateURL) } catch { throw fail("--state \(state!)", "cannot be written (\(error.localizedDescription))") }
            }
            if StopRequest.isRequested {
                Stderr.write(stateURL == nil
                    ? "interrupted: nothing is kept without --state; give --state FILE to keep replications across runs.\n"
                    : "interrupted: the replications made are kept in \(state!); rerun the same command to resume.\n")
                throw ExitWith(code: StopRequest.exitCode)
            }
            return Array(store.values[key]![range])
          }
        }
        let report = OptimizeReport(scenario: first.name, range: q.range, target: q.target, goal: q.goal,
                                    settings: settings, answer: answer)
        if let out {
            let files: [(name: String, data: Data)] = [
                ("optimize.json", report.json.fileData),
                ("probes.csv", Data(report.probesCSV.utf8)),
                (OptimizeFigure.stem + ".svg", Data(OptimizeFigure.svg(report).utf8)),
            ]
            try OutputWriting.write(files, to: out, inputs: [q.scenario])
        }
        if common.json {
            print(report.json.serialized())
        } else {
            print(report.text, terminator: "")
            if let out { print("\nWrote \(out)/: optimize.json, probes.csv, optimize.svg") }
        }
    }
}
