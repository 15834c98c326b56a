import MusterEngine
import MusterModel
import MusterNumerics

/// The share of households visited against time since issue, across
/// replications: a median and a 10–90 % band (docs/model.md, "What is
/// measured"; docs/statistics.md).
///
/// Values are fractions (0…1) on an evenly spaced grid of hours. Modes that
/// are compared should be built on the same grid (the same `endHour`) so
/// their curves line up row by row. Equality treats NaN as equal to NaN.
public struct CoverageCurve: Sendable, Equatable {
    @Figure public var hours: [Double]
    @Figure public var p10: [Double]
    @Figure public var median: [Double]
    @Figure public var p90: [Double]

    /// Grid points used unless a caller asks otherwise.
    public static let defaultPoints = 201

    /// Evaluates every replication's curve at `points` evenly spaced hours
    /// from 0 to `endHour`, then takes percentiles across replications at
    /// each hour. With no results every array is empty; with an `endHour`
    /// that is not positive and finite the grid is the single hour 0.
    public init(results: [ReplicationResult], endHour: Double, points: Int = CoverageCurve.defaultPoints) {
        guard !results.isEmpty else {
            hours = []; p10 = []; median = []; p90 = []
            return
        }
        let grid = Self.grid(endHour: endHour, points: points)
        hours = grid
        var low: [Double] = [], mid: [Double] = [], high: [Double] = []
        low.reserveCapacity(grid.count); mid.reserveCapacity(grid.count); high.reserveCapacity(grid.count)
        for t in grid {
            let shares = results.map { $0.coverage(at: t) }.sorted()
            low.append(Quantile.ofSorted(shares, 0.10))
            mid.append(Quantile.ofSorted(shares, 0.50))
            high.append(Quantile.ofSorted(shares, 0.90))
        }
        p10 = low; median = mid; p90 = high
    }

    /// The latest finite coverage time of any replication: the end of a grid
    /// that shows every curve reaching its final share. 0 when there is none.
    public static func endHour(of results: some Sequence<ReplicationResult>) -> Double {
        var end = 0.0
        for r in results {
            for t in r.coverageTimes where t.isFinite && t > end { end = t }
        }
        return end
    }


    static func grid(endHour: Double, points: Int) -> [Double] {
        guard endHour.isFinite, endHour > 0, points >= 2 else { return [0] }
        let steps = Double(points - 1)
        // The last point is set exactly: end·n/n need not round back to end,
        // and the final share is read at that hour.
        return (0..<points).map { $0 == points - 1 ? endHour : endHour * Double($0) / steps }
    }
}
