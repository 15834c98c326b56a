import Foundation
import MusterModel
import MusterOutput
import MusterScenario

/// A sweep ready to run: its header (points, plan) and each point's
/// validated scenario.
///
/// Each point's scenario is the base scenario with the sweep's `set:`
/// overrides and then the point's axis values applied through the scenario
/// loader's `--set` mechanism, so a point value gets exactly the checks a
/// value in a scenario file gets. Every point uses the sweep's seed: the
/// replication r of every point draws from the same streams (common random
/// numbers), so differences between points are paired.
public struct SweepPlan: Sendable {
    public var header: SweepHeader
    /// Indexed by point id.
    public var scenarios: [Scenario]

    /// Expands and validates `file`.
    /// - Throws: `ScenarioError` listing every problem: unreadable or
    ///   invalid base scenario, invalid `set:` values, and each axis value
    ///   the scenario refuses (once per axis and value), located at the
    ///   sweep file's line of that axis.
    ///   `progress` is called with (points checked, points) every few
    ///   hundred points, for a progress line on a large design.
    public static func make(_ file: SweepFile, progress: ((Int, Int) -> Void)? = nil) throws(ScenarioError) -> SweepPlan {
        guard let bytes = FileManager.default.contents(atPath: file.scenarioPath) else {
            let reason = FileManager.default.fileExists(atPath: file.scenarioPath) ? "it cannot be read" : "no such file"
            throw ScenarioError(issues: [ScenarioIssue(file: file.path, line: nil, key: "scenario",
                                                       message: "cannot read the base scenario \(file.scenarioPath): \(reason)")])
        }
        let yaml = String(decoding: bytes, as: UTF8.self)
        let directory = (file.scenarioPath as NSString).deletingLastPathComponent
        // Parsed once; each point only applies its overrides and validates.
        let parsed = ScenarioLoader.parse(yaml: yaml, file: file.scenarioPath, baseDirectory: directory.isEmpty ? "." : directory)
        func load(_ overrides: [String]) throws(ScenarioError) -> Scenario {
            try ScenarioLoader.load(parsed, overrides: overrides)
        }

        // The base with the fixed overrides first: its problems would
        // otherwise repeat once per point.
        let base: Scenario
        do {
            base = try load(file.fixed)
        } catch {
            throw ScenarioError(issues: error.issues.map { relocateFixed($0, file) })
        }
        let seed = file.seed ?? base.seed
        let plan = file.replications ?? .fixed(base.replications)

        let values: [[AxisValue?]]
        do {
            values = try Design.points(file.design, axes: file.axes, seed: seed)
        } catch {
            let axis = error.axis.map { file.axes[$0] }
            throw ScenarioError(issues: [ScenarioIssue(file: file.path, line: axis?.line ?? file.axesLine,
                                                       key: axis.map { "axes." + $0.path } ?? "axes",
                                                       message: error.message)])
        }
        if values.isEmpty || values.count > 1_000_000 {
            throw ScenarioError(issues: [ScenarioIssue(file: file.path, line: file.designLine, key: "design",
                                                       message: "the design makes \(values.count) points; allowed: 1 to 1,000,000")])
        }

        var issues: [ScenarioIssue] = []
        var firstOfAxis: [String: Int] = [:]
        var extra: [Int] = []
        var sameValue = Set<String>()
        var scenarios: [Scenario] = []
        var points: [SweepHeader.Point] = []
        scenarios.reserveCapacity(values.count)
        for (id, pointValues) in values.enumerated() {
            var overrides = file.fixed
            for (axis, value) in zip(file.axes, pointValues) {
                if let value { overrides.append(axis.path + "=" + value.text) }
            }
            do {
                var s = try load(overrides)
                s.seed = seed
                scenarios.append(s)
            } catch {
                for issue in error.issues {
                    let located = relocate(issue, file: file, values: pointValues)
                    // One issue per axis: the first value refused, and how
                    // many more were (a hypercube can refuse every point).
                    let axisKey = located.key + "\u{1F}" + (located.line.map(String.init) ?? "")
                    if let i = firstOfAxis[axisKey] {
                        if !sameValue.contains(located.description) { extra[i] += 1 }
                    } else {
                        firstOfAxis[axisKey] = issues.count
                        issues.append(located)
                        extra.append(0)
                    }
                    sameValue.insert(located.description)
                }
                scenarios.append(base)
            }
            points.append(SweepHeader.Point(id: id, overrides: overrides, values: pointValues))
            if id % 256 == 255 { progress?(id + 1, values.count) }
        }
        progress?(values.count, values.count)
        for (i, n) in extra.enumerated() where n > 0 {
            issues[i].message += " (and \(n) more value\(n == 1 ? "" : "s") of this axis)"
        }
        if !issues.isEmpty {
            // In file order (stable: a line's issues keep point order).
            let ordered = issues.enumerated().sorted { ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset) }
            throw ScenarioError(issues: ordered.map(\.element))
        }

        let header = SweepHeader(
            name: file.name, sweepFile: file.path, scenarioFile: file.scenarioPath,
            scenarioSHA256: SHA256.hexDigest(bytes), seed: seed, modes: file.modes,
            measures: file.measures, plan: plan, design: file.design.name,
            axes: file.axes.map { SweepHeader.Axis(path: $0.path, integer: $0.integer, unit: $0.unit) },
            points: points)
        return SweepPlan(header: header, scenarios: scenarios)
    }

    /// An issue of a `set:` value, located at its line of the sweep file.
    private static func relocateFixed(_ issue: ScenarioIssue, _ file: SweepFile) -> ScenarioIssue {
        guard issue.file == "--set" else { return issue }
        for (i, text) in file.fixed.enumerated() {
            let key = String(text.prefix { $0 != "=" })
            if issue.key == key || issue.key.hasPrefix(key + ".") {
                return ScenarioIssue(file: file.path, line: file.fixedLines[i], key: "set." + key,
                                     message: issue.message)
            }
        }
        return ScenarioIssue(file: file.path, line: nil, key: "set", message: issue.key + ": " + issue.message)
    }

    /// An issue of a point's override, located at the axis's line.
    private static func relocate(_ issue: ScenarioIssue, file: SweepFile, values: [AxisValue?]) -> ScenarioIssue {
        guard issue.file == "--set" else { return issue }
        // The longest axis path the issue's key belongs to.
        let candidates = file.axes.indices.filter { i in
            let p = file.axes[i].path
            return issue.key == p || issue.key.hasPrefix(p + ".") || p.hasPrefix(issue.key + ".")
        }
        if let i = candidates.max(by: { file.axes[$0].path.count < file.axes[$1].path.count }) {
            let axis = file.axes[i]
            let value = values[i]?.text ?? "(base)"
            let hint = !axis.integer && issue.message.contains("integer")
                ? "; add `integer: true` to the axis to round its values to whole numbers" : ""
            return ScenarioIssue(file: file.path, line: axis.line, key: "axes." + axis.path,
                                 message: "value \(value) is not valid in the scenario: \(issue.message)\(hint)")
        }
        return ScenarioIssue(file: file.path, line: file.axesLine, key: "axes",
                             message: "a point's scenario is not valid: \(issue.key): \(issue.message)")
    }
}

/// SHA-256 of text, as lowercase hex.
enum SweepHash {
    static func hex(_ text: String) -> String { SHA256.hexDigest(Data(text.utf8)) }
}
