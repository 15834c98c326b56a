import MusterEngine
import MusterModel

/// The incidents of one replication, as flat arrays in generation order
/// (kind by kind, day by day). The list depends on the scenario, the
/// layout and the replication's key only — never on the mode — so both
/// modes see the same incidents (common random numbers).
public struct IncidentList: Sendable, Equatable {
    /// Occurrence, seconds from the start, in `[0, horizon)`.
    public var time: [Double] = []
    /// Index into `IncidentSpec.kinds`.
    public var kind: [UInt16] = []
    /// Micro-grid (layout micro-grid index) of the household.
    public var microgrid: [Int32] = []
    /// Global household index (`Layout.householdStart` numbering).
    public var household: [Int32] = []
    /// Root key of the incident's own draws: (kind, day, ordinal within
    /// the day), so an incident keeps its draws when another kind's rate
    /// or a later day changes.
    var drawKey: [StreamKey] = []

    public var count: Int { time.count }

    /// Draws the incidents as a Poisson process whose rate is constant
    /// within each simulated day: for kind k on day d, the count over the
    /// whole layout is Poisson(rate_k × households × factor_k(d) × day
    /// length), each incident at a uniform time within the day (or the part
    /// of it before the horizon) and at a uniform household. Superposing
    /// households this way is the same process as one Poisson stream per
    /// household, at a fraction of the draws.
    static func draw(_ ci: CompiledIncidents, layout: Layout, key: StreamKey, rng: RandomStream) -> IncidentList {
        var list = IncidentList()
        let households = layout.totalHouseholds
        guard households > 0 else { return list }
        let horizon = ci.spec.horizon
        let arrivals = key.child(IncidentDraw.arrivals.rawValue)
        let incidents = key.child(IncidentDraw.incident.rawValue)
        // Each (kind, day) substream starts with its count: a first pass
        // draws the counts alone and notes where each substream stopped, so
        // the lists are allocated once at their size and filled without
        // growing (appends cost a copy-on-write check each).
        struct Day { let kind: Int, day: Int, from: Double, length: Double, position: UInt64, count: Int }
        var days: [Day] = []
        var total = 0
        for (k, kind) in ci.kinds.enumerated() where kind.rate > 0 {
            for (d, factor) in ci.dayFactors[k].enumerated() where factor > 0 {
                let from = Double(d) * 86_400
                let length = min(from + 86_400, horizon) - from
                let mean = kind.rate * Double(households) * factor * length / 86_400
                rng.reseed(arrivals.child(UInt64(k), UInt64(d)).value)
                let n = rng.poisson(mean: mean)
                days.append(Day(kind: k, day: d, from: from, length: length, position: rng.position, count: n))
                total += n
            }
        }
        var time = [Double](repeating: 0, count: total)
        var kinds = [UInt16](repeating: 0, count: total)
        var microgrid = [Int32](repeating: 0, count: total)
        var household = [Int32](repeating: 0, count: total)
        var drawKey = [StreamKey](repeating: incidents, count: total)
        time.withUnsafeMutableBufferPointer { time in
        kinds.withUnsafeMutableBufferPointer { kinds in
        microgrid.withUnsafeMutableBufferPointer { microgrid in
        household.withUnsafeMutableBufferPointer { household in
        drawKey.withUnsafeMutableBufferPointer { drawKey in
            var at = 0
            for day in days {
                let k = day.kind, d = day.day
                rng.resume(at: day.position)
                let parent = incidents.child(UInt64(k), UInt64(d))
                for j in 0..<day.count {
                    let t = day.from + rng.uniform() * day.length
                    let h = rng.uniformInt(below: households)
                    time[at] = t
                    kinds[at] = UInt16(k)
                    household[at] = Int32(h)
                    microgrid[at] = Int32(Self.microgrid(of: h, layout))
                    drawKey[at] = parent.child(UInt64(j))
                    at += 1
                }
            }
        }}}}}
        list.time = time
        list.kind = kinds
        list.microgrid = microgrid
        list.household = household
        list.drawKey = drawKey
        return list
    }

    /// The micro-grid holding global household `h` (binary search over
    /// `householdStart`).
    static func microgrid(of h: Int, _ layout: Layout) -> Int {
        let starts = layout.householdStart
        var lo = 0, hi = layout.microgridCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(starts[mid]) <= h { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
