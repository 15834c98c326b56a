import ArgumentParser
import Foundation
import MusterEngine
import MusterModel
import MusterOptimize
import MusterOutput
import MusterReport
import MusterScenario
import MusterSelect

/// `muster select`: the best of several layouts, with a guarantee
/// (docs/how-to/pick-the-best.md).
struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Pick the best of several scenarios with a guarantee (ranking and selection).",
        discussion: """
        Kim and Nelson's fully sequential procedure (KN): every candidate gets a \
        first stage of replications, then one more observation at a time while it \
        is still in contention; a candidate is dropped as soon as it is clearly \
        worse than another, so replications go where the decision is close. The \
        answer: the selected candidate, the guarantee ("with probability at least \
        95 %, it is the best or within 30m of the best"), the candidates still in \
        contention when it stopped, the replications per candidate and in all, and \
        each candidate's estimate with an interval.

        Replication r of every candidate uses the same random numbers (common \
        random numbers) when their layouts draw the same tree; candidates whose \
        layouts differ (other households per micro-grid, another fan-out) are \
        sampled independently, and the answer says so and what it costs \
        (--sampling crn refuses them instead). For a percentile, each observation \
        is the percentile of a batch of replications (--batch).

        Same seed, same answer, for any --threads. --state FILE keeps the \
        replications as they are made: Ctrl-C, then the same command resumes. \
        --out DIR writes select.json, candidates.csv, select.svg and select.txt.

        Examples:
          muster select --question scenarios/questions/beilun-best-layout.yaml
          muster select scenarios/beilun.yaml --variant team.volunteers=5 \\
            --variant p2p.adoption=0.8 --by p2p.order_complete.mean --indifference 15m
          muster select scenarios/beilun-2019.yaml scenarios/beilun.yaml \\
            --by tiered.order_complete.p90 --smallest --indifference 2h --json
        """
    )

    @Argument(help: ArgumentHelp("Scenario files (YAML), one candidate each; the first is the base of every --variant.", valueName: "scenario.yaml"))
    var scenarios: [String] = []

    @Option(name: .customLong("variant"), parsing: .singleValue,
            help: ArgumentHelp("One more candidate: the first scenario with this override (several joined by ';'), e.g. --variant team.volunteers=5. Repeatable.",
                               valueName: "key=value"))
    var variants: [String] = []

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a value in every candidate, as for `run`. Repeatable.", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("What decides: MODE.MEASURE.STATISTIC; measures order_complete, field_complete (hours) and unreached (households); statistics mean, median, p1…p99.", valueName: "quantity"))
    var by: String?

    @Flag(help: "The smallest value is best (the default).")
    var smallest = false

    @Flag(help: "The largest value is best.")
    var largest = false

    @Option(help: ArgumentHelp("Differences smaller than this do not matter (the indifference zone), in the measure's unit: 30m, 1h for times, a number of households for unreached.", valueName: "value"))
    var indifference: String?

    @Option(help: ArgumentHelp("Chance of selecting the best or one within the indifference zone of it, strictly between 0.5 and 1 (default 0.95).", valueName: "p"))
    var confidence: String?

    @Option(help: "Observations of every candidate before the first screening (at least 5).")
    var firstStage: Int = 10

    @Option(help: "A percentile's batch: replications per observation (default: at least five beyond the percentile, p90: 50).")
    var batch: Int?

    @Option(help: ArgumentHelp("Replications per candidate at which the procedure stops, without the guarantee if several are left (default 10000).", valueName: "N"))
    var maxReplications: String?

    @Option(help: ArgumentHelp("auto: common random numbers where layouts allow, else independent; crn: refuse candidates that cannot share them; independent: every candidate its own stream.", valueName: "auto|crn|independent"))
    var sampling: String?

    @Option(help: "Random seed (default: the first scenario's `seed`).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("A question file (YAML: scenario, candidates, variants, by, best, indifference, confidence, max_replications, sampling, set); options given as well win.", valueName: "file.yaml"))
    var question: String?

    @Option(help: ArgumentHelp("Keep the replications in this file as they are made; the same command with the same file resumes.", valueName: "file.json"))
    var state: String?

    @Option(help: ArgumentHelp("Also write select.json, candidates.csv, select.svg and select.txt to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    @OptionGroup var common: CommonRunOptions

    static let defaultMaxReplications = 10_000

    func validate() throws {
        if smallest && largest { throw ValidationError("--smallest and --largest: give one (smallest is the default)") }
        if firstStage < 5 || firstStage > 1000 {
            throw ValidationError("--first-stage must be from 5 to 1000 (got \(firstStage)): fewer observations give a poor variance estimate")
        }
        if let b = batch, b < 2 || b > 100_000 { throw ValidationError("--batch must be from 2 to 100000 (got \(b))") }
    }

    /// How candidates share random numbers.
    enum Sampling: String, CaseIterable {
        case auto, crn, independent
    }

    /// One candidate: a file with its overrides.
    struct Candidate {
        var file: String
        var overrides: [String]
        var variant: String?
    }

    /// The question: options first, else the question file.
    struct Question {
        var candidates: [Candidate]
        var quantity: OptimizeQuantity
        var goal: SelectionGoal
        var indifference: Double
        var indifferenceText: String
        var confidence: Double
        var maxReplications: Int
        var sampling: Sampling
        var inputs: [String]
    }

    private func fail(_ where_: String, _ message: String) -> ExitWith {
        Stderr.write("error: \(where_): \(message)\n")
        return ExitWith(code: 2)
    }

    func readQuestion() throws -> Question {
        var file = QuestionFile()
        if let question {
            do throws(ScenarioError) { file = try QuestionFile.read(path: question, kind: .select) } catch {
                ProblemReport.write(error.issues)
                Stderr.write("\(question): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was run.\n")
                throw ExitWith(code: 2)
            }
        }
        func origin(_ key: String) -> String {
            guard let question else { return "--" + key.replacingOccurrences(of: "_", with: "-") }
            return "\(question):\(file.lines[key].map(String.init) ?? "?"): \(key)"
        }
        var files = scenarios
        if files.isEmpty { files = (file.scenario.map { [$0] } ?? []) + file.candidates }
        let variantTexts = variants.isEmpty ? file.variants : variants
        let shared = file.set + overrides
        if files.isEmpty {
            throw fail(question.map { "\($0): scenario" } ?? "scenario.yaml",
                       "no candidates; give two or more scenario files, or one and a --variant KEY=VALUE")
        }
        var candidates = files.map { Candidate(file: $0, overrides: shared, variant: nil) }
        for v in variantTexts {
            let parts = v.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !parts.isEmpty, parts.allSatisfy({ $0.contains("=") }) else {
                throw fail(variants.isEmpty ? origin("variants") : "--variant", "'\(v)': expected KEY=VALUE (several joined by ';'), e.g. team.volunteers=5")
            }
            candidates.append(Candidate(file: files[0], overrides: shared + parts, variant: parts.joined(separator: "; ")))
        }
        if candidates.count < 2 {
            throw fail(variants.isEmpty && question != nil ? origin("variants") : "candidates",
                       "only one candidate (\(files[0])); selection needs two or more: add a scenario file or a --variant KEY=VALUE")
        }
        guard let byText = by ?? file.by else {
            throw fail("--by", "missing; give what decides, e.g. --by p2p.order_complete.p90")
        }
        let quantity: OptimizeQuantity
        switch OptimizeQuantity.parse(byText) {
        case .success(let q): quantity = q
        case .failure(let e): throw fail(by == nil ? origin("by") : "--by", e.message)
        }
        var goal = SelectionGoal.smallest
        if largest { goal = .largest } else if !smallest, let b = file.best {
            guard let g = SelectionGoal(rawValue: b) else { throw fail(origin("best"), "'\(b)' is not allowed; use smallest or largest") }
            goal = g
        }
        guard let deltaText = indifference ?? file.indifference else {
            throw fail("--indifference", "missing; give the smallest difference that matters, e.g. --indifference 30m"
                       + (quantity.measure.isTime ? "" : " (households: --indifference 5)"))
        }
        let deltaName = indifference == nil ? origin("indifference") : "--indifference"
        let delta: Double
        if quantity.measure.isTime {
            let t = deltaText.trimmingCharacters(in: .whitespaces)
            guard let s = DurationText.seconds(t), Double(t) == nil || s == 0 else {
                throw fail(deltaName, "'\(deltaText)': \(quantity.measure.rawValue) is a time; give the zone with a unit, e.g. 30m, 1h or 0.5h")
            }
            guard s > 0, s.isFinite else { throw fail(deltaName, "'\(deltaText)': the indifference zone must be more than zero, e.g. 30m") }
            delta = s / 3600
        } else {
            guard let v = Double(deltaText), v.isFinite else {
                throw fail(deltaName, "'\(deltaText)': \(quantity.measure.rawValue) is a count of households; give a plain number, e.g. 5")
            }
            guard v > 0 else { throw fail(deltaName, "'\(deltaText)': the indifference zone must be more than zero, e.g. 5") }
            delta = v
        }
        let confText = confidence ?? file.confidence ?? "0.95"
        let confName = confidence == nil && file.confidence != nil ? origin("confidence") : "--confidence"
        guard let conf = Double(confText.hasSuffix("%") ? String(confText.dropLast()) : confText).map({ confText.hasSuffix("%") ? $0 / 100 : $0 }),
              conf > 0.5, conf < 1 else {
            throw fail(confName, "'\(confText)' is not allowed; give a probability strictly between 0.5 and 1, e.g. 0.95 or 95%")
        }
        var cap = Self.defaultMaxReplications
        if let text = maxReplications ?? file.maxReplications {
            let name = maxReplications == nil ? origin("max_replications") : "--max-replications"
            guard let n = Int(text), n >= 2, n <= MemoryBudget.maxReplications else {
                throw fail(name, "'\(text)': a whole number of replications per candidate from 2 to \(MemoryBudget.maxReplications)")
            }
            cap = n
        }
        let samplingText = sampling ?? file.sampling ?? "auto"
        guard let mode = Sampling(rawValue: samplingText) else {
            throw fail(sampling == nil ? origin("sampling") : "--sampling", "'\(samplingText)' is not allowed; use auto, crn or independent")
        }
        return Question(candidates: candidates, quantity: quantity, goal: goal, indifference: delta, indifferenceText: deltaText,
                        confidence: conf, maxReplications: cap, sampling: mode, inputs: files + (question.map { [$0] } ?? []))
    }

    /// The candidates' scenarios, loaded and checked; every problem of
    /// every candidate is reported before anything runs.
    private func load(_ q: Question) throws -> [Scenario] {
        var loaded: [Scenario] = []
        var all: [ScenarioIssue] = []
        for c in q.candidates {
            do {
                let d = try ScenarioOptions.validatedDocument(path: c.file, overrides: c.overrides)
                if d.simulates(.incidents) {
                    throw fail(c.file, "simulates incident streams; select compares the order (simulate: [order])")
                }
                loaded.append(d.scenario)
            } catch let error as ScenarioError {
                for var issue in error.issues {
                    if let v = c.variant, issue.file == "--set",
                       v.split(separator: ";").contains(where: { CompareCommand.belongs(issue.key, to: String($0).trimmingCharacters(in: .whitespaces)) }) {
                        issue.file = "--variant"
                    }
                    all.append(issue)
                }
            }
        }
        ProblemReport.write(all)
        if !all.isEmpty {
            Stderr.write("\(all.count) problem\(all.count == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
        return loaded
    }

    func run() throws {
        let q = try readQuestion()
        var loaded = try load(q)
        try OutputWriting.preflight(out, inputs: q.inputs)
        let seed = self.seed ?? loaded[0].seed
        let labels = CompareCommand.labels(loaded.map(\.name), variants: q.candidates.map(\.variant))
        let where_ = q.candidates.map { c in c.variant.map { "--variant \($0)" } ?? c.file }

        // Common random numbers where the trees agree.
        let plan = SamplingPlan(scenarios: loaded, seed: seed, mode: q.sampling, places: where_)
        if q.sampling == .crn, let bad = plan.breaks.first {
            throw fail("\(where_[bad.candidate]): \(bad.key)",
                       "draws a different tree from \(where_[0]) (\(bad.detail)), so its replications cannot share random numbers "
                       + "(--sampling crn); use --sampling auto to sample it independently, at the cost stated in the answer")
        }
        for i in loaded.indices { loaded[i].seed = plan.seeds[i] }
        let compiled = loaded.map { CompiledScenario($0) }

        let statistic: SelectionStatistic
        switch q.quantity.statistic {
        case .mean: statistic = .mean
        case .quantile(let p): statistic = .quantile(p, batch: batch ?? SelectionStatistic.defaultBatch(quantile: p))
        }
        let b = statistic.batchSize
        guard q.maxReplications >= firstStage * b else {
            throw fail("--max-replications", "\(q.maxReplications) is below the first stage (\(firstStage) observations × \(b) replications = \(firstStage * b))")
        }
        let settings = SelectionSettings(confidence: q.confidence, indifference: q.indifference, goal: q.goal,
                                         statistic: statistic, firstStage: firstStage, step: 1,
                                         maxObservations: q.maxReplications / b)

        // The state: the measure of every replication made, per candidate.
        let fingerprintParts = q.candidates.enumerated().flatMap { i, c in
            [SHA256.hexDigest((try? Data(contentsOf: URL(fileURLWithPath: c.file))) ?? Data())] + c.overrides + [String(plan.seeds[i])]
        } + [q.quantity.mode.rawValue, q.quantity.measure.rawValue, MusterVersion.current]
        let fingerprint = SHA256.hexDigest(Data(fingerprintParts.joined(separator: "\n").utf8))
        var store = SearchState(fingerprint: fingerprint)
        let stateURL = state.map { URL(fileURLWithPath: $0) }
        if let stateURL, FileManager.default.fileExists(atPath: stateURL.path) {
            guard let data = try? Data(contentsOf: stateURL) else { throw fail("--state \(state!)", "cannot be read") }
            switch SearchState.read(data) {
            case .failure(let e): throw fail("--state \(state!)", e.message)
            case .success(let s):
                guard s.fingerprint == fingerprint else {
                    throw fail("--state \(state!)", "holds replications of another question (candidates, --set, measure, seed, sampling or muster version differ); give a new file")
                }
                store = s
            }
        }
        let keys = labels.enumerated().map { "#\($0.offset + 1) \($0.element)" }
        var lastWrite = Date.distantPast
        var unsaved = false
        func saveState() throws {
            lastWrite = Date()
            unsaved = false
            guard let stateURL else { return }
            do { try store.write(to: stateURL) } catch { throw fail("--state \(state!)", "cannot be written (\(error.localizedDescription))") }
        }
        let quiet = common.progress == .hidden
        if !quiet {
            Stderr.write("select: \(labels.count) candidates by \(q.quantity.text), indifference \(q.indifferenceText), confidence \(q.confidence)"
                         + (stateURL.map { "; replications kept in \($0.path) (Ctrl-C, then the same command resumes)" } ?? "") + "\n")
            for n in plan.notes(labels) { Stderr.write("select: \(n)\n") }
        }
        let threads = common.threads
        // With a state file, a signal stops after the chunk in flight and
        // keeps it (the sweep's stop); without one there is nothing to keep.
        let stoppable: Int? = stateURL == nil ? nil : StopRequest.begin("keeping the replications in flight in the state file")
        defer { if let stoppable { StopRequest.end(stoppable) } }
        let measure = q.quantity.measure
        let mode = q.quantity.mode
        let answer: SelectionAnswer
        var lastLine = Date.distantPast
        var lastSurvivors = -1
        do {
            answer = try Selection(candidates: labels.count, settings: settings).run(observe: { requests in
                var tasks: [(candidate: Int, replication: Int)] = []
                for r in requests {
                    let have = store.values[keys[r.candidate]]?.count ?? 0
                    for x in max(have, r.replications.lowerBound)..<max(have, r.replications.upperBound) { tasks.append((r.candidate, x)) }
                }
                // In small chunks, so that a stop asked for (Ctrl-C with
                // --state) is honoured within about a replication's time.
                let chunk = max(2, threads * 2)
                for start in stride(from: 0, to: tasks.count, by: chunk) {
                    let part = Array(tasks[start..<min(start + chunk, tasks.count)])
                    let values = ReplicationPool.run(replications: 0..<part.count, variants: 1, threads: threads) { t, _ in
                        measure.value(Experiment.replicate(compiled[part[t].candidate], replication: part[t].replication, mode: mode))
                    }[0]
                    for (t, v) in zip(part, values) { store.values[keys[t.candidate], default: []].append(v) }
                    unsaved = true
                    // At most once a second: the file grows with the run.
                    if Date().timeIntervalSince(lastWrite) >= 1 { try saveState() }
                    if stoppable != nil, StopRequest.isRequested {
                        try saveState()
                        let made = store.values.values.reduce(0) { $0 + $1.count }
                        Stderr.write("select: stopped; \(made) replications kept in \(state!): run the same command to resume\n")
                        throw ExitWith(code: StopRequest.exitCode)
                    }
                }
                return requests.map { Array(store.values[keys[$0.candidate]]![$0.replications]) }
            }, progress: { p in
                guard !quiet, p.survivors.count != lastSurvivors || Date().timeIntervalSince(lastLine) > 5 else { return }
                lastSurvivors = p.survivors.count
                lastLine = Date()
                Stderr.write("select: \(p.observations * b) replications each, \(p.survivors.count) in contention, "
                             + "\(p.replicationsSpent) replications in all\n")
            })
        } catch let e as SelectionError {
            switch e {
            case .notFinite(let c, _):
                throw fail(where_[c], "\(labels[c]): \(e.description); select by a percentile the order does reach (e.g. \(mode.rawValue).\(measure.rawValue).p50) or fix the scenario")
            }
        }
        if unsaved { try saveState() }
        let report = SelectionReport(labels: labels, measure: q.quantity.text, statisticName: q.quantity.statistic.name,
                                     isTime: measure.isTime, indifferenceText: q.indifferenceText,
                                     samplingGroups: plan.groups, samplingNotes: plan.notes(labels), answer: answer)
        if let out {
            let files: [(name: String, data: Data)] = [
                ("select.json", report.json.fileData),
                ("candidates.csv", Data(report.candidatesCSV.utf8)),
                (SelectFigure.stem + ".svg", Data(SelectFigure.svg(report).utf8)),
                ("select.txt", Data(report.text.utf8)),
            ]
            try OutputWriting.write(files, to: out, inputs: q.inputs)
        }
        if common.json {
            print(report.json.serialized())
        } else {
            print(report.text, terminator: "")
            if let out { print("\nWrote \(out)/: select.json, candidates.csv, select.svg, select.txt") }
        }
    }
}

/// Which candidates share random numbers, and each one's seed.
///
/// Replication r's draws are keyed by the seed, r and the entity (a
/// micro-grid, a household), so two candidates see the same numbers when
/// their layouts draw the same tree and households: then the volunteers,
/// the durations and the adoption may differ and the pair is compared with
/// common random numbers. Candidates whose trees differ would see numbers
/// keyed to other entities, neither common nor independent; they get a seed
/// of their own and are sampled independently.
struct SamplingPlan {
    /// Per candidate: the group it samples with (0: the first's).
    var groups: [Int]
    var seeds: [UInt64]
    /// Candidates whose tree differs from the first's, with the key that
    /// differs and what it draws.
    var breaks: [(candidate: Int, key: String, detail: String)]
    var mode: SelectCommand.Sampling
    var places: [String]

    /// Replications whose trees are compared.
    static let probes = 0..<3

    init(scenarios: [Scenario], seed: UInt64, mode: SelectCommand.Sampling, places: [String]) {
        self.mode = mode
        self.places = places
        var trees: [[Layout]] = []
        for var s in scenarios {
            s.seed = seed
            let c = CompiledScenario(s)
            trees.append(Self.probes.map { Experiment.layout(c, replication: $0) })
        }
        func sameTree(_ a: [Layout], _ b: [Layout]) -> Bool {
            zip(a, b).allSatisfy { $0.level == $1.level && $0.parent == $1.parent && $0.households == $1.households }
        }
        var groups: [Int] = []
        var representatives: [Int] = []
        breaks = []
        for i in scenarios.indices {
            if mode == .independent {
                groups.append(i)
                continue
            }
            if let g = representatives.firstIndex(where: { sameTree(trees[$0], trees[i]) }) {
                groups.append(g)
            } else {
                groups.append(representatives.count)
                representatives.append(i)
            }
            if groups[i] != 0 {
                let a = trees[0][0], b = trees[i][0]
                breaks.append((i, Self.key(scenarios[i], scenarios[0]),
                               "replication 0: \(b.microgridCount) micro-grids, \(b.totalHouseholds) households against "
                               + "\(a.microgridCount), \(a.totalHouseholds)"))
            }
        }
        self.groups = groups
        seeds = groups.map { g in g == 0 ? seed : Self.derived(seed, group: g) }
    }

    /// The scenario key that makes the trees differ.
    static func key(_ s: Scenario, _ base: Scenario) -> String {
        if s.layout.households != base.layout.households { return "layout.households" }
        if s.layout.source != base.layout.source {
            if case .fanout = s.layout.source, case .fanout = base.layout.source { return "layout.fanout" }
            return "layout"
        }
        if s.scope != base.scope { return "scope" }
        return "layout"
    }

    /// A group's own seed: SplitMix64 of the seed and the group number.
    static func derived(_ seed: UInt64, group: Int) -> UInt64 {
        var z = seed &+ UInt64(group) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// What the answer says about sampling.
    func notes(_ labels: [String]) -> [String] {
        switch mode {
        case .independent:
            return ["every candidate is sampled independently (--sampling independent: its own seed); no common random numbers"]
        case .auto, .crn:
            guard !breaks.isEmpty else { return [] }
            let shared = groups.indices.filter { groups[$0] == 0 }.map { "#\($0 + 1)" }
            var lines = ["common random numbers among \(shared.joined(separator: ", ")) (the same tree in every replication)"]
            for b in breaks {
                lines.append("#\(b.candidate + 1) \(labels[b.candidate]) draws a different tree (\(places[b.candidate]): \(b.key); \(b.detail)): "
                             + "sampled independently of the candidates outside its group (seed \(seeds[b.candidate])); its pairs with them "
                             + "get no variance reduction and need more replications (see the ratio below)")
            }
            return lines
        }
    }
}
