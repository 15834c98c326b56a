import MusterModel

/// Reads sweep files with the scenario loader's YAML machinery, so a sweep
/// file's problems are reported like a scenario's: every one at once, each
/// with file, line and dotted key.
public enum SweepFileReader {
    // Allowed keys and words, from the key table (`SweepSchema`).
    static let topKeys = SweepSchema.children(of: "")
    static let axisKeys = SweepSchema.children(of: "axes.<axis>")
    static let units = SweepSchema.allowed("axes.<axis>.unit")
    static let modeWords = SweepSchema.allowed("mode")
    static let designTypes = SweepSchema.allowed("design.type")
    static let designKeys = SweepSchema.children(of: "design")
    static let precisionKeys = SweepSchema.children(of: "precision")
    static let scaleWords = SweepSchema.allowed("axes.<axis>.scale")
    /// Keys that no axis may vary: one seed for all points is what makes
    /// the comparison between points paired; replications are the sweep's.
    static let fixedPaths = ["seed": "every point must share the sweep's seed (common random numbers); set `seed:` of the sweep instead",
                             "replications": "replications per point are set by the sweep's `replications` or `precision`"]

    /// Reads and validates the sweep file at `path`. The base scenario is
    /// not read here (`scenarioPath` is only resolved).
    public static func load(path: String) throws(ScenarioError) -> SweepFile {
        switch TextFile.read(path) {
        case .failure(let error):
            throw ScenarioError(issues: [ScenarioIssue(file: path, line: nil, key: "",
                                                       message: "cannot read sweep file: \(error.reason)")])
        case .success(let text):
            return try load(yaml: text, file: path, baseDirectory: PathText.directory(of: path))
        }
    }

    /// Validates sweep-file text; `scenario:` is resolved against `baseDirectory`.
    public static func load(yaml: String, file: String, baseDirectory: String = ".") throws(ScenarioError) -> SweepFile {
        let r = NodeReader()
        let parsed = YamlTree.parse(yaml, origin: file, keepLines: true)
        r.add(parsed.issues)
        guard let root = parsed.node else {
            if parsed.issues.isEmpty {
                r.add(ScenarioIssue(file: file, line: nil, key: "", message: "the sweep file is empty; it needs at least scenario and axes"))
            }
            throw ScenarioError(issues: r.issues)
        }
        let sweep = read(root, r, file: file, baseDirectory: baseDirectory)
        if var sweep, r.issues.isEmpty {
            sweep.warnings = ScenarioIssue.inFileOrder(r.warnings, scenarioFile: file)
            return sweep
        }
        throw ScenarioError(issues: ScenarioIssue.inFileOrder(r.issues, scenarioFile: file))
    }

    private static func read(_ root: YNode, _ r: NodeReader, file: String, baseDirectory: String) -> SweepFile? {
        guard let top = r.mapping(root, "", allowed: topKeys) else { return nil }
        let name = r.value(top, "name", default: PathText.stem(of: file)) { r.text($0, $1, expected: "a sweep name") }
        var scenarioPath = ""
        if let node = top.value("scenario") {
            if let p = r.text(node, "scenario", expected: "the base scenario file, e.g. ../beilun.yaml") {
                scenarioPath = PathText.resolve(p, against: baseDirectory)
            }
        } else {
            r.missing(top, "scenario", "name the base scenario file, relative to the sweep file (e.g. scenario: ../beilun.yaml)")
        }
        let seed: UInt64? = top.value("seed").flatMap { r.seed($0, "seed") }
        let modes = r.value(top, "mode", default: [Mode.tiered, .p2p]) { node, path -> [Mode]? in
            switch r.choice(node, path, allowed: modeWords) {
            case "tiered": [.tiered]
            case "p2p": [.p2p]
            case "both": [.tiered, .p2p]
            default: nil
            }
        }
        let (fixed, fixedLines) = self.fixed(top, r)
        let design = self.design(top, r)
        let axes = self.axes(top, r, design: design)
        checkInputCount(design, axes: axes, top, r)
        let replications = self.replications(top, r)
        let measures = self.measures(top, r)
        return SweepFile(name: name, path: file, scenarioPath: scenarioPath, fixed: fixed, seed: seed,
                         modes: modes, axes: axes, design: design, replications: replications,
                         measures: measures, fixedLines: fixedLines, axesLine: top.value("axes")?.line ?? top.node.line,
                         designLine: top.value("design")?.line ?? top.node.line)
    }

    /// `set:` — a mapping of dotted paths to values, as `--set` takes them.
    private static func fixed(_ top: NodeReader.Mapping, _ r: NodeReader) -> ([String], [Int?]) {
        guard let node = top.value("set"), !node.isNull else { return ([], []) }
        guard case .mapping(let entries) = node.kind else {
            r.report(node, "set", "expected a mapping of dotted scenario paths to values, e.g. {layout.fanout.street: 3}, found \(node.found)")
            return ([], [])
        }
        var seen = Set<String>()
        var out: [String] = []
        var lines: [Int?] = []
        for e in entries {
            let path = "set." + e.name
            if !seen.insert(e.name).inserted {
                r.report(e.key, path, "duplicate key '\(e.name)'; give each key once")
                continue
            }
            if !validPath(e.name) {
                r.report(e.key, path, "expected a dotted scenario path such as team.volunteers")
                continue
            }
            if let why = fixedPaths[e.name] {
                r.report(e.key, path, "cannot be set here: \(why)")
                continue
            }
            out.append(e.name + "=" + YamlText.flow(e.value))
            lines.append(e.key.line)
        }
        return (out, lines)
    }

    private static func validPath(_ p: String) -> Bool {
        !p.isEmpty && !p.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
            && !p.contains("=") && !p.contains(" ")
    }

    // MARK: Design

    private static func design(_ top: NodeReader.Mapping, _ r: NodeReader) -> SweepDesign {
        guard let node = top.value("design") else { return .grid }
        let help = "grid, oat, {type: lhs, points: N}, {type: sobol, n: N} or {type: morris, trajectories: R}"
        if let s = node.scalar, s.type == .string {
            switch s.text {
            case "grid": return .grid
            case "oat": return .oat
            case "lhs":
                r.report(node, "design", "a Latin hypercube needs a number of points: write design: {type: lhs, points: 40}")
                return .grid
            case "sobol", "morris":
                r.report(node, "design", sensitivityShorthandProblem(s.text))
                return .grid
            default:
                r.report(node, "design", "unknown design '\(s.text)'; allowed: \(help)")
                return .grid
            }
        }
        guard let m = r.mapping(node, "design", allowed: designKeys) else { return .grid }
        let type = r.value(m, "type", default: "") { r.choice($0, $1, allowed: designTypes) }
        if !m.has("type") { r.missing(m, "type", "allowed: \(designTypes.joined(separator: ", "))") }
        if !sensitivityTypes.contains(type) { reportSensitivityKeys(m, r, type: type) }
        switch type {
        case "sobol", "morris":
            if let p = m.value("points") {
                r.report(p, m.path("points"), "points is only for design type lhs; a \(type) design's size comes from \(type == "sobol" ? "n and the number of inputs" : "trajectories and the number of inputs")")
            }
            return sensitivityDesign(type, m, r)
        case "lhs":
            guard let p = m.value("points") else {
                r.missing(m, "points", "a Latin hypercube draws this many points (an integer ≥ 1)")
                return .grid
            }
            return r.int(p, m.path("points"), min: 1, max: 1_000_000).map { .lhs(points: $0) } ?? .grid
        case "grid", "oat":
            if let p = m.value("points") {
                r.report(p, m.path("points"), "points is only for design type lhs; a \(type) design takes its points from the axes")
            }
            return type == "grid" ? .grid : .oat
        default:
            return .grid
        }
    }

    // MARK: Axes

    private static func axes(_ top: NodeReader.Mapping, _ r: NodeReader, design: SweepDesign) -> [SweepAxis] {
        guard let node = top.value("axes") else {
            r.missing(top, "axes", "list the parameters to vary by their dotted paths, e.g. axes: {team.volunteers: {from: 0, to: 10, step: 1}}")
            return []
        }
        guard case .mapping(let entries) = node.kind, !entries.isEmpty else {
            r.report(node, "axes", "expected a mapping of dotted scenario paths to values, e.g. {team.volunteers: [0, 2, 4]}, found \(node.found)")
            return []
        }
        var seen = Set<String>()
        var out: [SweepAxis] = []
        for e in entries {
            let path = "axes." + e.name
            if !seen.insert(e.name).inserted {
                r.report(e.key, path, "duplicate axis '\(e.name)'; give each axis once")
                continue
            }
            guard validPath(e.name) else {
                r.report(e.key, path, "expected a dotted scenario path such as team.volunteers")
                continue
            }
            if let why = fixedPaths[e.name] {
                r.report(e.key, path, "cannot be an axis: \(why)")
                continue
            }
            if let axis = self.axis(e, path, r, design: design) { out.append(axis) }
        }
        return out
    }

    private static func axis(_ e: YNode.Entry, _ path: String, _ r: NodeReader, design: SweepDesign) -> SweepAxis? {
        // A bare list is shorthand for {values: [...]}.
        if case .sequence = e.value.kind {
            return listAxis(e.name, e.value, path, r, integer: nil, unit: nil, base: nil, line: e.key.line, design: design)
        }
        guard let m = r.mapping(e.value, path, allowed: axisKeys) else { return nil }
        let unit: String? = m.value("unit").flatMap { r.choice($0, m.path("unit"), allowed: units) }
        let integer: Bool? = m.value("integer").flatMap { node in
            guard let s = node.scalar, s.type == .bool else {
                r.report(node, m.path("integer"), "expected true or false, found \(node.found)")
                return nil
            }
            return ["true", "True", "TRUE", "yes", "Yes", "on", "On"].contains(s.text)
        }
        let base: YNode? = m.value("base")
        if m.has("dist") || lawKeys.contains(where: { m.has($0) }) {
            return lawAxis(e.name, m, r, integer: integer, unit: unit, line: e.key.line, design: design)
        }
        if let base, design != .oat {
            r.report(base, m.path("base"), "base is only used by design oat (one at a time)")
        }
        if let values = m.value("values") {
            for other in ["from", "to", "step", "count", "scale"] where m.has(other) {
                r.report(m.value(other)!, m.path(other), "give either values or a range (from, to, step or count), not both")
            }
            return listAxis(e.name, values, m.path("values"), r, integer: integer, unit: unit, base: base,
                            line: e.key.line, design: design)
        }
        return rangeAxis(e.name, m, r, integer: integer, unit: unit, base: base, line: e.key.line, design: design)
    }

    private static func listAxis(_ name: String, _ node: YNode, _ path: String, _ r: NodeReader, integer: Bool?,
                                 unit: String?, base: YNode?, line: Int?, design: SweepDesign) -> SweepAxis? {
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            r.report(node, path, "expected a non-empty list of values, e.g. [0, 2, 4], found \(node.found)")
            return nil
        }
        let allInts = items.allSatisfy { $0.scalar?.type == .int }
        let isInteger = integer ?? allInts
        var axis = SweepAxis(path: name, values: .list([]), integer: isInteger, unit: unit, base: nil, line: line)
        var values: [AxisValue] = []
        var ok = true
        for item in items {
            guard let v = value(item, path, r, axis: axis) else { ok = false; continue }
            if values.contains(where: { $0.text == v.text }) {
                r.report(item, path, "value \(v.text) is listed twice")
                ok = false
            }
            values.append(v)
        }
        if let base { axis.base = value(base, "axes.\(name).base", r, axis: axis) }
        axis.values = .list(values)
        return ok ? axis : nil
    }

    /// One listed value: a number (with the axis's unit and rounding), a
    /// word, or any YAML value (written back as flow YAML).
    private static func value(_ node: YNode, _ path: String, _ r: NodeReader, axis: SweepAxis) -> AxisValue? {
        if let s = node.scalar, s.type == .int || s.type == .float, let x = s.double, x.isFinite {
            if axis.integer && x.rounded() != x {
                r.report(node, path, "\(s.text) is not a whole number, but this axis is integer (integer: true, or all its values are integers)")
                return nil
            }
            return axis.value(of: x)
        }
        if node.isNull {
            r.report(node, path, "expected a value, found nothing (null)")
            return nil
        }
        if axis.unit != nil {
            r.report(node, path, "with a unit, values must be numbers, found \(node.found)")
            return nil
        }
        if axis.integer, node.scalar != nil {
            r.report(node, path, "expected a whole number on this integer axis, found \(node.found)")
            return nil
        }
        return AxisValue(text: YamlText.flow(node), number: nil)
    }

    private static func rangeAxis(_ name: String, _ m: NodeReader.Mapping, _ r: NodeReader, integer: Bool?,
                                  unit: String?, base: YNode?, line: Int?, design: SweepDesign) -> SweepAxis? {
        func num(_ key: String) -> (Double, Bool)? {
            guard let node = m.value(key) else { return nil }
            guard let v = r.number(node, m.path(key)) else { return nil }
            return (v, node.scalar?.type == .int)
        }
        let from = num("from"), to = num("to"), step = num("step")
        let count: Int? = m.value("count").flatMap { r.int($0, m.path("count"), min: 1, max: 1_000_000) }
        let log = r.value(m, "scale", default: "linear") { r.choice($0, $1, allowed: scaleWords) } == "log"
        var ok = true
        for key in ["from", "to"] where !m.has(key) {
            r.missing(m, key, "a range needs from and to (and step or count), or give values: [...]")
            ok = false
        }
        guard ok, let (a, aInt) = from, let (b, bInt) = to else { return nil }
        if a > b {
            r.report(m.value("to")!, m.path("to"), "to (\(b)) must not be below from (\(a))")
            ok = false
        }
        if log && a <= 0 {
            r.report(m.value("from")!, m.path("from"), "a log scale needs from > 0, found \(a)")
            ok = false
        }
        if let (s, _) = step, s <= 0 {
            r.report(m.value("step")!, m.path("step"), "step must be > 0, found \(s)")
            ok = false
        }
        if step != nil && log {
            r.report(m.value("step")!, m.path("step"), "a log scale takes count (values per axis), not step")
            ok = false
        }
        if step != nil && count != nil {
            r.report(m.value("count")!, m.path("count"), "give step or count, not both")
            ok = false
        }
        if design.isSensitivity {
            if let c = m.value("count") {
                r.report(c, m.path("count"), "count is not used by design \(design.name): it draws the input uniformly from from…to (step, if given, snaps the values); give dist: for another law")
                ok = false
            }
        } else if case .lhs = design {
            if let c = m.value("count") {
                r.report(c, m.path("count"), "count is not used by design lhs: the hypercube draws `points` values from from…to (step, if given, snaps them)")
                ok = false
            }
        } else if step == nil && count == nil {
            r.report(m.node, m.path("step"), "missing key 'step' or 'count': a \(design.name) design needs the values of the range; e.g. step: 1, or count: 5 with scale: log")
            ok = false
        }
        if let (s, _) = step, s > 0, (b - a) / s > 1_000_000 {
            r.report(m.value("step")!, m.path("step"), "from \(a) to \(b) every \(s) makes more than a million values")
            ok = false
        }
        let allInts = aInt && bInt && (step.map(\.1) ?? false) && count == nil
        let isInteger = integer ?? allInts
        if isInteger, let (s, _) = step, s.rounded() != s || a.rounded() != a {
            r.report(m.value("step")!, m.path("step"), "an integer axis needs a whole from and step, found from \(a), step \(s)")
            ok = false
        }
        guard ok else { return nil }
        var axis = SweepAxis(path: name, values: .range(from: a, to: b, step: step?.0, count: count, log: log),
                             integer: isInteger, unit: unit, base: nil, line: line)
        if let base { axis.base = value(base, "axes.\(name).base", r, axis: axis) }
        return axis
    }

    // MARK: Replications and measures

    private static func replications(_ top: NodeReader.Mapping, _ r: NodeReader) -> ReplicationPlan? {
        let fixed = top.value("replications").flatMap { r.int($0, "replications", min: 1, max: 10_000_000) }
        guard let node = top.value("precision") else { return fixed.map { .fixed($0) } }
        if let rep = top.value("replications") {
            r.report(rep, "replications", "give replications (a fixed number per point) or precision (replications until a target), not both")
        }
        guard let m = r.mapping(node, "precision", allowed: precisionKeys) else { return nil }
        var target = 0.0
        if let t = m.value("target") {
            if let v = r.fraction(t, m.path("target"), in: .open, what: "a relative half-width of the mean") {
                target = v
            }
        } else {
            r.missing(m, "target", "the 95 % interval's half-width of mean order completion, as a fraction of the mean (e.g. 0.02)")
        }
        let batch = r.value(m, "batch", default: 10) { r.int($0, $1, min: 2, max: 1_000_000) }
        let max = r.value(m, "max", default: 200) { r.int($0, $1, min: 2, max: 10_000_000) }
        if max < batch, let node = m.value("max") {
            r.report(node, m.path("max"), "max (\(max)) must be at least batch (\(batch))")
        }
        return .precision(target: target, batch: batch, max: max)
    }

    private static func measures(_ top: NodeReader.Mapping, _ r: NodeReader) -> [SweepMeasure] {
        guard let node = top.value("measures") else { return SweepMeasure.allCases }
        let names = SweepMeasure.allCases.map(\.rawValue)
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            r.report(node, "measures", "expected a list of measures from \(names.joined(separator: ", ")), found \(node.found)")
            return SweepMeasure.allCases
        }
        var chosen = Set<SweepMeasure>([.orderComplete])
        for item in items {
            if let old = item.scalar?.text, let m = SweepMeasure.deprecatedNames[old] {
                r.warn(item, "measures", "'\(old)' is deprecated since 0.3 and will be refused in 0.4; write '\(m.rawValue)'")
                if chosen.contains(m) && m != .orderComplete {
                    r.report(item, "measures", "measure '\(m.rawValue)' is listed twice")
                }
                chosen.insert(m)
                continue
            }
            guard let t = r.choice(item, "measures", allowed: names), let m = SweepMeasure(rawValue: t) else { continue }
            if chosen.contains(m) && m != .orderComplete {
                r.report(item, "measures", "measure '\(t)' is listed twice")
            }
            chosen.insert(m)
        }
        // Kept in the canonical order, so two files listing the same
        // measures differently describe the same store.
        return SweepMeasure.allCases.filter { chosen.contains($0) }
    }
}

/// YAML text of a node for `--set`: scalars as written (strings quoted),
/// lists and mappings in flow style.
enum YamlText {
    static func flow(_ node: YNode) -> String {
        switch node.kind {
        case .scalar(let s):
            switch s.type {
            case .string: return quoted(s.text)
            case .null: return "null"
            default: return s.text
            }
        case .sequence(let items):
            return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { quoted($0.name) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A double-quoted YAML string (JSON escapes are valid YAML escapes).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(ch.value, radix: 16).count) + String(ch.value, radix: 16) }
                else { out.unicodeScalars.append(ch) }
            }
        }
        return out + "\""
    }
}
