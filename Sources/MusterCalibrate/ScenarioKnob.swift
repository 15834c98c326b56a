import MusterABC
import MusterModel

/// Sets one varied path of a scenario directly, without reading the
/// scenario file again: the numbers (`ScenarioSlot`s) that the path
/// changes, each a linear function of the value.
///
/// The knob is found by asking the scenario reader itself: the scenario is
/// loaded with `--set PATH=VALUE` at three values of the prior, the slots
/// that move are the knob's, and the knob must reproduce the third load
/// exactly (the whole scenario compared). So a knob means what `--set`
/// means — units, a level's own value against `tiered.default`, a
/// distribution's other parameters kept — and a path `--set` would refuse
/// is refused with the reader's own message.
public struct ScenarioKnob: Sendable {
    public let path: String
    let slots: [(slot: ScenarioSlot, offset: Double, scale: Double)]

    public func apply(_ v: Double, to s: inout Scenario) {
        for (slot, a, b) in slots { slot.set(&s, a + b * v) }
    }

    /// The knob of `path` for `parameter`'s values. `load` reads the
    /// scenario with extra `--set` overrides (the same reader as the
    /// command's); its error text is passed on.
    public static func make(path: String, parameter: CalibrationParameter, base: Scenario,
                            load: ([String]) -> Result<Scenario, CalibrationInputError>) -> Result<ScenarioKnob, CalibrationInputError> {
        let p = parameter.prior
        // The ends must be allowed values; unbounded ends are checked far out.
        let lo = p.lower.isFinite ? p.lower : p.quantile(1e-9)
        let hi = p.upper.isFinite ? p.upper : p.quantile(1 - 1e-9)
        var loaded: [Scenario] = []
        for v in [lo, hi, p.quantile(0.3), p.quantile(0.7)] {
            switch load([path + "=" + parameter.text(v)]) {
            case .failure(let e): return .failure(CalibrationInputError("--vary \(parameter.name): \(path)=\(parameter.text(v)) is not allowed: \(e.message)"))
            case .success(var s):
                // Only the model's numbers are compared: the run's seed and
                // replications are the caller's.
                s.seed = base.seed; s.replications = base.replications; s.name = base.name
                loaded.append(s)
            }
        }
        let values = [lo, hi, p.quantile(0.3), p.quantile(0.7)]
        let all = base.numericSlots
        let (x1, x2) = (values[2], values[3])
        var found: [(ScenarioSlot, Double, Double)] = []
        for slot in all {
            let y1 = slot.get(loaded[2]), y2 = slot.get(loaded[3])
            if y1 == slot.get(base) && y2 == slot.get(base) && slot.get(loaded[0]) == slot.get(base) { continue }
            let b = (y2 - y1) / (x2 - x1)
            found.append((slot, y1 - b * x1, b))
        }
        guard !found.isEmpty else {
            return .failure(CalibrationInputError("--vary \(parameter.name): \(path) changes no number of the model (is it a calendar, a name or a choice?); only numeric values can be calibrated"))
        }
        let knob = ScenarioKnob(path: path, slots: found)
        // The knob must give exactly what the reader gives at every probe.
        for (v, s) in zip(values, loaded) {
            var mine = base
            knob.apply(v, to: &mine)
            if !Self.close(mine, s, knob) {
                return .failure(CalibrationInputError("--vary \(parameter.name): \(path) does not change the scenario in proportion to its value (a whole distribution, a count that is rounded, or a value other keys depend on); give a numeric parameter such as \(path).mean"))
            }
        }
        return .success(knob)
    }

    /// Equal up to rounding in the linear map (a few ulps), everything else identical.
    static func close(_ a: Scenario, _ b: Scenario, _ knob: ScenarioKnob) -> Bool {
        var a2 = a
        for (slot, _, _) in knob.slots {
            let x = slot.get(a), y = slot.get(b)
            guard abs(x - y) <= 1e-9 * max(1, abs(y)) else { return false }
            slot.set(&a2, y)
        }
        return a2 == b
    }
}
