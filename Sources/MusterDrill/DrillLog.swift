import MusterModel

/// A drill's log: when each micro-grid of the district was notified of the
/// order and when it reported done, in hours since the order was issued
/// (docs/reference/drill-log.md).
///
/// One entry per micro-grid of the layout, in layout order, so index k is
/// micro-grid k of every simulated replication. `NaN` marks a time that was
/// not observed. When `observedUntil` is set the log ended then: a
/// micro-grid without a done time was *not done by then* (right-censored).
public struct DrillLog: Sendable, Equatable {
    /// Micro-grid ids in layout order.
    public var microgridIds: [String]
    /// Hours from issue to the micro-grid's notification; NaN if not observed.
    public var notified: [Double]
    /// Hours from issue to the micro-grid's done report; NaN if not
    /// observed (or not done by `observedUntil`).
    public var done: [Double]
    /// Hours after issue when the log ended, if it ended before the order.
    public var observedUntil: Double?
    /// Whether the log had a notified column (a log may hold done times only).
    public var hasNotified: Bool
    /// Whether the log had a done column.
    public var hasDone: Bool

    public init(microgridIds: [String], notified: [Double], done: [Double], observedUntil: Double? = nil,
                hasNotified: Bool = true, hasDone: Bool = true) {
        precondition(notified.count == microgridIds.count && done.count == microgridIds.count)
        self.microgridIds = microgridIds; self.notified = notified; self.done = done
        self.observedUntil = observedUntil; self.hasNotified = hasNotified; self.hasDone = hasDone
    }

    /// What is known of one time of one micro-grid.
    public enum Observation: Sendable, Equatable {
        /// Observed at this hour.
        case at(Double)
        /// Not happened by this hour, when the log ended (right-censored).
        case notBy(Double)
        /// Not recorded.
        case unknown
    }

    /// What the log says of micro-grid `g`'s done time.
    public func doneObservation(_ g: Int) -> Observation {
        if !done[g].isNaN { return .at(done[g]) }
        if hasDone, let end = observedUntil { return .notBy(end) }
        return .unknown
    }

    /// What the log says of micro-grid `g`'s notification. An empty
    /// notified cell is "not recorded" unless the micro-grid is also not
    /// done by the log's end: then it may simply not have been notified yet
    /// either, so it counts as not notified by then.
    public func notifiedObservation(_ g: Int) -> Observation {
        if !notified[g].isNaN { return .at(notified[g]) }
        if hasNotified, case .notBy(let end) = doneObservation(g) { return .notBy(end) }
        return .unknown
    }

    public var microgridCount: Int { microgridIds.count }

    /// The log a simulated replication would have written: its
    /// per-micro-grid notified and done times (`ReplicationResult.notified`,
    /// `.microgridDone`, hours, layout order), cut at `observedUntil` if
    /// the log ends then (later times become not observed).
    public init(simulated result: ReplicationResult, layout: DrillLayout, observedUntil: Double? = nil) {
        self.init(microgridIds: layout.microgridIds, notifiedHours: result.notified, doneHours: result.microgridDone,
                  observedUntil: observedUntil)
    }

    /// A log from simulated times in hours (layout order), cut at
    /// `observedUntil` as `init(simulated:layout:observedUntil:)`.
    public init(microgridIds: [String], notifiedHours: [Double], doneHours: [Double], observedUntil: Double?) {
        let cut = observedUntil ?? .infinity
        self.init(microgridIds: microgridIds,
                  notified: notifiedHours.map { $0 <= cut ? $0 : .nan },
                  done: doneHours.map { $0 <= cut ? $0 : .nan },
                  observedUntil: observedUntil)
    }

    /// The log as drill-log CSV (`unit_id,notified_hours,done_hours`),
    /// times to 1/10,000 of an hour, empty cells for times not observed.
    public func csv() -> String {
        var cols = ["unit_id"]
        if hasNotified { cols.append("notified_hours") }
        if hasDone { cols.append("done_hours") }
        var out = cols.joined(separator: ",") + "\n"
        func cell(_ v: Double) -> String { v.isNaN ? "" : hoursText(v) }
        for g in 0..<microgridCount {
            var row = [microgridIds[g]]
            if hasNotified { row.append(cell(notified[g])) }
            if hasDone { row.append(cell(done[g])) }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Hours to 4 decimals without a trailing run of zeros (`2.5`, `0.1234`).
func hoursText(_ v: Double) -> String {
    let scaled = (v * 10_000).rounded()
    // Beyond 2^53 ten-thousandths there are no 4 decimals to print, and an
    // Int conversion would trap: a huge or infinite time is written as is.
    guard scaled.isFinite, abs(scaled) < 9.0e15 else { return "\(v)" }
    var whole = Int(scaled) / 10_000
    var frac = abs(Int(scaled)) % 10_000
    if scaled < 0 && whole == 0 { return "-" + hoursText(-v) }
    if frac == 0 { return "\(whole)" }
    var digits = 4
    while frac % 10 == 0 { frac /= 10; digits -= 1 }
    let f = String(frac)
    whole = Int(scaled) / 10_000
    return "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}
