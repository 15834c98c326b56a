import Foundation
import MusterEngine
import MusterModel
import MusterNumerics

/// What a forecast says (docs/reference/forecast.md): when the order will
/// be done, how many micro-grids will be done by each coming hour, and
/// which micro-grids are most likely to be last.
public struct ForecastSummary: Sendable {
    public var scenario: String
    public var mode: Mode
    /// When the order was issued (week time), for clock times.
    public var start: WeekTime
    public var seed: UInt64
    public var now: Double
    public var replications: Int
    public var microgrids: Int
    /// What the log shows at `now`.
    public var notifiedByNow: Int
    public var doneByNow: Int
    /// The log's done times up to `now`, ascending: the progress so far.
    public var doneTimes: [Double]
    /// The model's order completion at the centre.
    public var orderComplete: Quantiles
    /// The last micro-grid done: what the log will record.
    public var lastDone: Quantiles
    /// Micro-grids done by each coming hour.
    public var hourly: [HourBand]
    /// Micro-grids most often last, most likely first.
    public var lastUnits: [LastUnit]
    /// Conditioning spent, summed over replications.
    public var tally: ContinuationTally
    /// Distinct posterior particles used (nil without a posterior).
    public var particlesUsed: Int?

    /// p10, p50, p90 (and mean) of a completion time over replications,
    /// with the 95 % interval of the median.
    public struct Quantiles: Sendable, Equatable {
        public var p10, p50, p90, mean: Double
        public var p50Low, p50High: Double
        public init(_ values: [Double]) {
            let s = SummaryStatistics(values: values)
            p10 = s.p10; p50 = s.p50; p90 = s.p90; mean = s.mean
            p50Low = s.p50CI.low; p50High = s.p50CI.high
        }
    }

    /// Micro-grids done by `hour`: mean over replications and the 10–90 %
    /// band.
    public struct HourBand: Sendable, Equatable {
        public var hour: Double
        public var mean: Double
        public var p10: Double
        public var p90: Double
    }

    public struct LastUnit: Sendable, Equatable {
        public var id: String
        /// Share of replications in which it is the last micro-grid done.
        public var probability: Double
        /// 95 % Clopper–Pearson interval of that share.
        public var low: Double
        public var high: Double
    }

    /// Summarises `runs` of a forecast of `setup`'s log; `ids` are the
    /// micro-grids' ids in layout order.
    public init(setup: ForecastSetup, runs: [ForecastReplication], ids: [String], maxHours: Int = 400) {
        let o = setup.observation
        scenario = setup.scenario.name
        mode = setup.mode
        start = setup.scenario.start
        seed = setup.scenario.seed
        now = o.now
        replications = runs.count
        microgrids = o.microgridCount
        notifiedByNow = o.notifiedCount
        doneByNow = o.doneCount
        doneTimes = o.done.filter { !$0.isNaN }.sorted()
        orderComplete = Quantiles(runs.map(\.orderComplete))
        lastDone = Quantiles(runs.map(\.lastDone))
        tally = runs.reduce(ContinuationTally()) { $0 + $1.tally }
        particlesUsed = setup.particles.isEmpty ? nil : Set(runs.map(\.particle)).count
        // Hours from `now` until the latest done time of any replication.
        let latest = runs.map(\.lastDone).max() ?? o.now
        let steps = min(maxHours, max(1, Int((latest - o.now).rounded(.up))))
        let sortedDone = runs.map { $0.microgridDone.sorted() }
        hourly = (0...steps).map { k in
            let h = o.now + Double(k)
            let counts = sortedDone.map { Double(Self.countAtOrBefore($0, h)) }.sorted()
            let mean = counts.reduce(0, +) / Double(max(counts.count, 1))
            return HourBand(hour: h, mean: mean, p10: Self.quantile(counts, 0.1), p90: Self.quantile(counts, 0.9))
        }
        var lastCount = [Int](repeating: 0, count: o.microgridCount)
        for run in runs {
            var best = 0
            for g in run.microgridDone.indices where run.microgridDone[g] > run.microgridDone[best] { best = g }
            if !run.microgridDone.isEmpty { lastCount[best] += 1 }
        }
        let n = runs.count
        lastUnits = lastCount.indices.filter { lastCount[$0] > 0 }
            .sorted { lastCount[$0] != lastCount[$1] ? lastCount[$0] > lastCount[$1] : $0 < $1 }
            .prefix(10)
            .map { g in
                let ci = ProportionInterval.clopperPearson(lastCount[g], of: n)
                return LastUnit(id: g < ids.count ? ids[g] : "#\(g)", probability: Double(lastCount[g]) / Double(n),
                                low: ci.low, high: ci.high)
            }
    }

    /// Values ≤ t in an ascending array.
    static func countAtOrBefore(_ sorted: [Double], _ t: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The q-quantile of ascending values, interpolated between order
    /// statistics (Hyndman–Fan type 7, as `SummaryStatistics`).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let x = q * Double(sorted.count - 1)
        let i = Int(x.rounded(.down))
        let f = x - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    /// The clock time `hours` after issue: weekday and time, with the day
    /// of the order (day 1 is the day it was issued).
    public func clock(_ hours: Double) -> String {
        Self.clock(start: start, hours: hours)
    }

    public static func clock(start: WeekTime, hours: Double) -> String {
        guard hours.isFinite else { return "never" }
        let t = start.seconds + (hours * 3600).rounded()
        let day = Int((t / 86_400).rounded(.down)) - Int((start.seconds / 86_400).rounded(.down)) + 1
        let inWeek = t.truncatingRemainder(dividingBy: 7 * 86_400)
        return "\(WeekTime(seconds: inWeek < 0 ? inWeek + 7 * 86_400 : inWeek)) (day \(day))"
    }
}
