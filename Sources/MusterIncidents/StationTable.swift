import MusterEngine
import MusterModel

/// The stations (queues with handlers) of one replication and mode, and
/// each micro-grid's way to them.
///
/// Tiered: one station per unit of every listed relay level; a report from
/// a micro-grid climbs its ancestors at listed levels, bottom-up, up to its
/// kind's `reach`. Point-to-point: one platform station per unit of the
/// platform's level (a micro-grid without an ancestor at that level uses
/// its nearest ancestor above it). Both: one station per department.
struct StationTable {
    /// Group (row of the report) of each station.
    var group: [Int32] = []
    /// What each station's job is: a relay level's handling (the level's
    /// raw value), the platform's triage, or a department's disposal.
    var work: [Work] = []

    enum Work: Equatable { case handle(Level), triage, dispose }
    var handlers: [Int32] = []
    var hours: [WeeklyCalendar] = []
    /// Priority classes of each station's queue (1 for FIFO).
    var classes: [Int32] = []
    /// Tiered: per micro-grid, its stations bottom-up, as ranges of `path`
    /// (CSR), with the level of each entry.
    var pathStart: [Int32] = [0]
    var path: [Int32] = []
    var pathLevel: [Level] = []
    /// Point-to-point: the platform station of each micro-grid.
    var platformOf: [Int32] = []
    /// Station of each department.
    var departmentStation: [Int32] = []
    /// Expected arrivals per second at each station over the horizon (mean
    /// surge), and on the busiest day.
    var arrivalRate: [Double] = []
    var peakArrivalRate: [Double] = []
    /// Expected work per second at each station (arrival rate × mean
    /// service) over the horizon and on the busiest day.
    var workRate: [Double] = []
    var peakWorkRate: [Double] = []

    var count: Int { group.count }

    init(_ ci: CompiledIncidents, layout: Layout, mode: Mode) {
        let n = layout.unitCount
        let m = layout.microgridCount
        var unitStation = [Int32](repeating: -1, count: n)

        func add(group g: Int, handlers c: Int, hours cal: WeeklyCalendar, classes k: Int) -> Int32 {
            switch ci.groups[g].role {
            case .level(let l): work.append(.handle(l))
            case .platform: work.append(.triage)
            case .department: work.append(.dispose)
            }
            group.append(Int32(g)); handlers.append(Int32(c)); hours.append(cal); classes.append(Int32(k))
            return Int32(group.count - 1)
        }

        // Households below each unit (a unit's micro-grids, all levels down).
        var below = [Double](repeating: 0, count: n)
        for g in 0..<m {
            var u = Int(layout.microgridUnit[g])
            let h = Double(layout.households[g])
            while u >= 0 { below[u] += h; u = Int(layout.parent[u]) }
        }
        let perDay = 1.0 / 86_400

        switch mode {
        case .tiered:
            for u in 0..<n {
                let level = layout.level[u]
                guard level != .microgrid, ci.levelGroup[level.rawValue] >= 0 else { continue }
                let spec = ci.levels[level.rawValue]
                unitStation[u] = add(group: ci.levelGroup[level.rawValue], handlers: spec.handlers,
                                     hours: spec.hours, classes: 1)
                // Every kind whose reach is this level or above passes here.
                let r = ci.combinedRate { $0.reach.rawValue <= level.rawValue ? 1 : 0 }
                arrivalRate.append(r.mean * below[u] * perDay)
                peakArrivalRate.append(r.peak * below[u] * perDay)
                workRate.append(r.mean * below[u] * perDay * spec.handleMean)
                peakWorkRate.append(r.peak * below[u] * perDay * spec.handleMean)
            }
            path.reserveCapacity(m * ci.spec.tiered.levels.count)
            for g in 0..<m {
                var u = Int(layout.parent[Int(layout.microgridUnit[g])])
                while u >= 0 {
                    if unitStation[u] >= 0 { path.append(unitStation[u]); pathLevel.append(layout.level[u]) }
                    u = Int(layout.parent[u])
                }
                pathStart.append(Int32(path.count))
            }
        case .p2p:
            let level = ci.spec.platform.level
            let (allRate, allPeak) = ci.combinedRate { _ in 1 }
            let triageMean = ci.spec.platform.triage.mean
            func platform(_ u: Int) -> Int32 {
                if unitStation[u] < 0 {
                    unitStation[u] = add(group: ci.platformGroup, handlers: ci.spec.platform.handlers,
                                         hours: ci.spec.platform.hours, classes: 1)
                    arrivalRate.append(0); peakArrivalRate.append(0); workRate.append(0); peakWorkRate.append(0)
                }
                return unitStation[u]
            }
            platformOf = [Int32](repeating: -1, count: m)
            for g in 0..<m {
                // The nearest ancestor at the platform's level or above.
                var u = Int(layout.parent[Int(layout.microgridUnit[g])])
                while u >= 0 && layout.level[u] > level && layout.parent[u] >= 0 { u = Int(layout.parent[u]) }
                let s = platform(max(u, 0))
                platformOf[g] = s
                let h = Double(layout.households[g])
                arrivalRate[Int(s)] += allRate * h * perDay
                peakArrivalRate[Int(s)] += allPeak * h * perDay
                workRate[Int(s)] += allRate * h * perDay * triageMean
                peakWorkRate[Int(s)] += allPeak * h * perDay * triageMean
            }
        }

        let total = Double(layout.totalHouseholds)
        for (d, dept) in ci.spec.departments.enumerated() {
            let s = add(group: ci.departmentGroup[d], handlers: dept.handlers, hours: dept.hours,
                        classes: dept.queue == .priority ? ci.priorityClasses : 1)
            departmentStation.append(s)
            let count = ci.combinedRate { $0.department == d ? 1 : 0 }
            let work = ci.combinedRate { $0.department == d ? $0.disposeMean : 0 }
            arrivalRate.append(count.mean * total * perDay); peakArrivalRate.append(count.peak * total * perDay)
            workRate.append(work.mean * total * perDay); peakWorkRate.append(work.peak * total * perDay)
        }
    }

    /// Expected utilisation ρ of station `s`: expected work per unit of
    /// capacity, where capacity is handlers × the share of the week the
    /// calendar is open. 1 or more means the queue cannot settle: it grows
    /// for as long as the load lasts.
    func expectedUtilisation(_ s: Int, peak: Bool) -> Double {
        let open = hours[s].openSeconds(from: 0, to: secondsPerWeek, origin: 0) / secondsPerWeek
        let capacity = Double(handlers[s]) * open
        let work = offeredErlangs(s, peak: peak)
        return work == 0 ? 0 : work / capacity
    }

    /// Offered load of station `s` in Erlangs: arrival rate × mean service
    /// time (λ/μ), the handlers it would keep busy if always open.
    func offeredErlangs(_ s: Int, peak: Bool) -> Double {
        peak ? peakWorkRate[s] : workRate[s]
    }
}
