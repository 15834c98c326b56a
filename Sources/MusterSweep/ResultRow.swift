import MusterModel
import MusterNumerics
import MusterScenario

/// One stored replication of one point in one mode: the kept measures, in
/// the order of `SweepHeader.measures`.
public struct ResultRow: Sendable, Equatable {
    public var point: Int
    public var mode: Mode
    public var replication: Int
    /// Parallel to the header's measures; NaN for a missing figure.
    public var values: [Double]

    public init(point: Int, mode: Mode, replication: Int, values: [Double]) {
        self.point = point; self.mode = mode; self.replication = replication; self.values = values
    }

    /// The kept measures of a replication's result.
    public init(point: Int, result: ReplicationResult, measures: [SweepMeasure]) {
        self.point = point
        mode = result.mode
        replication = result.replication
        values = measures.map { Self.measure($0, of: result) }
    }

    static func measure(_ m: SweepMeasure, of r: ReplicationResult) -> Double {
        switch m {
        case .orderComplete: r.orderComplete
        case .fieldComplete: r.fieldComplete
        case .notifiedP50: Quantile.median(r.notified)
        case .microgridDoneP50: Quantile.median(r.microgridDone)
        case .households: Double(r.households)
        case .visited: Double(r.visited)
        case .unreached: Double(r.unreached)
        case .attempts: Double(r.attempts)
        case .events: Double(r.events)
        }
    }

    /// Same values bit for bit (NaN equals NaN): the test of duplicates
    /// in a merge and of determinism.
    public func sameValues(as other: ResultRow) -> Bool {
        point == other.point && mode == other.mode && replication == other.replication
            && values.count == other.values.count
            && zip(values, other.values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }
}
