/// The sweep file's keys, in file order: the one description that the
/// reader's allowed keys and words (`SweepFileReader`) and the JSON
/// Schema's descriptions (`ScenarioJSONSchema.sweep`) come from, as
/// `ScenarioSchema` is the scenario file's. `<axis>` stands for an axis's
/// dotted scenario path.
public enum SweepSchema {
    public static let keys: [ScenarioKey] = [
        ScenarioKey("name", .text, "Sweep name; defaults to the file's base name."),
        ScenarioKey("scenario", .file, "The base scenario file, relative to the sweep file."),
        ScenarioKey("seed", .seed, "One seed shared by every point (common random numbers)."),
        ScenarioKey("mode", .choice, default: "both", allowed: ["tiered", "p2p", "both"], "Default: both."),
        ScenarioKey("set", .section, "Dotted scenario paths fixed at every point, as --set takes them."),
        ScenarioKey("axes", .namedSections,
                    "Dotted scenario paths to vary: a list of values, {from, to, step|count}, or (sobol, morris) {dist, min, mode, max, mean, sd}."),
        ScenarioKey("axes.<axis>.values", .numbers, "The values of the axis, in order."),
        ScenarioKey("axes.<axis>.from", .number, "First value of a range."),
        ScenarioKey("axes.<axis>.to", .number, "Last value of a range."),
        ScenarioKey("axes.<axis>.step", .number, "Step between values of a range (or give count)."),
        ScenarioKey("axes.<axis>.count", .integer, min: 1, max: 1_000_000, "Values in a range (or give step)."),
        ScenarioKey("axes.<axis>.scale", .choice, default: "linear", allowed: ["linear", "log"], "Spacing of a range's values."),
        ScenarioKey("axes.<axis>.integer", .choice, default: "false", "Round a range's values to whole numbers."),
        ScenarioKey("axes.<axis>.unit", .choice, allowed: ["s", "m", "h", "d", "w"], "The unit of a duration axis's numbers."),
        ScenarioKey("axes.<axis>.base", .text, "The axis's value at the base point of an oat design."),
        ScenarioKey("axes.<axis>.dist", .choice, allowed: SweepInputLaw.names, "The law of a sensitivity design's input."),
        ScenarioKey("axes.<axis>.min", .number, "Lower end of a uniform or triangular law."),
        ScenarioKey("axes.<axis>.mode", .number, "Mode of a triangular law."),
        ScenarioKey("axes.<axis>.max", .number, "Upper end of a uniform or triangular law."),
        ScenarioKey("axes.<axis>.mean", .number, "Mean of a normal or lognormal law."),
        ScenarioKey("axes.<axis>.sd", .number, "Standard deviation of a normal or lognormal law."),
        ScenarioKey("design", .section, allowed: ["grid", "oat"],
                    "grid (default), oat, {type: lhs, points: N}, {type: sobol, n: N} or {type: morris, trajectories: R, levels: P}."),
        ScenarioKey("design.type", .choice, allowed: ["grid", "oat", "lhs", "sobol", "morris"], "The design."),
        ScenarioKey("design.points", .integer, min: 1, max: 1_000_000, "Points of an lhs design."),
        ScenarioKey("design.n", .integer, min: 1, "Base sample size N of a sobol design, a power of two."),
        ScenarioKey("design.second_order", .choice, default: "false", "Second-order indices of a sobol design."),
        ScenarioKey("design.trajectories", .integer, min: 2, max: 10_000, "Trajectories of a morris design."),
        ScenarioKey("design.levels", .integer, min: 2, max: 100, "Levels of a morris design's grid (even)."),
        ScenarioKey("replications", .integer, min: 1, max: 10_000_000, "Replications per point; or give precision."),
        ScenarioKey("precision", .section, "Replications per point until the mean's interval is narrow enough."),
        ScenarioKey("precision.target", .probability, "Relative half-width of the 95 % interval to reach."),
        ScenarioKey("precision.batch", .integer, min: 2, "Replications per batch."),
        ScenarioKey("precision.max", .integer, min: 2, "Replications at most per point."),
        ScenarioKey("measures", .choices, allowed: SweepMeasure.allCases.map(\.rawValue), "The measures kept per replication."),
    ]

    /// The key at `path`; nil when the table has none.
    public static func key(_ path: String) -> ScenarioKey? { keys.first { $0.path == path } }

    /// Names of the keys directly under `parent`, in table order.
    static func children(of parent: String) -> [String] {
        keys.filter { $0.parent == parent }.map(\.name)
    }

    /// The words `path` allows (a choice's).
    static func allowed(_ path: String) -> [String] { key(path)?.allowed ?? [] }
}
