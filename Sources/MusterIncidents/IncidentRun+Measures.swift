import MusterEngine
import MusterModel

/// What an incident replication's result is made of, in buffers of the
/// run's arena: per group, per group × kind and per group × sample.
struct IncidentMeasures {
    // Per group, now.
    let groupWaiting: UnsafeMutableBufferPointer<Int>
    let groupBusy: UnsafeMutableBufferPointer<Int>
    // Per group, measures.
    let jobs: UnsafeMutableBufferPointer<Int>
    let waitSum: UnsafeMutableBufferPointer<Double>
    /// Waits of counted jobs (hours), for their distribution: group g's
    /// are `waits[waitStart[g] ..< waitStart[g] + jobs[g]]`. An incident
    /// meets a group at most once, so a group the mode uses holds at most
    /// one wait per incident; one the mode does not use holds none.
    let waits: UnsafeMutableBufferPointer<Double>
    let waitStart: [Int]
    /// Per group and kind (index g · kinds + k): counted jobs' figures, and
    /// the kind's number waiting and busy handlers over the window.
    let byKind: UnsafeMutableBufferPointer<KindAtStation>
    let kindWaiting: UnsafeMutableBufferPointer<TimeIntegral>
    let kindBusy: UnsafeMutableBufferPointer<TimeIntegral>
    /// Per group and sample (index g · samples + k).
    let waitingSeries: UnsafeMutableBufferPointer<Double>
    let busySeries: UnsafeMutableBufferPointer<Double>
    let waitBinSum: UnsafeMutableBufferPointer<Double>
    let waitBinJobs: UnsafeMutableBufferPointer<Int>
    /// Per group: waiting or in service at the horizon.
    let backlog: UnsafeMutableBufferPointer<Int>

    var undiscoveredAtHorizon = 0
    var confirmingAtHorizon = 0
    var closedByHorizon = 0

    init(_ ci: CompiledIncidents, table: StationTable, incidents n: Int, arena: StateArena) {
        let g = ci.groups.count, gk = g * ci.kinds.count, samples = ci.sampleCount
        groupWaiting = arena.buffer(repeating: 0, count: g)
        groupBusy = arena.buffer(repeating: 0, count: g)
        jobs = arena.buffer(repeating: 0, count: g)
        waitSum = arena.buffer(repeating: 0, count: g)
        let used = Set(table.group)
        var starts: [Int] = [], total = 0
        for group in 0..<g {
            starts.append(total)
            if used.contains(Int32(group)) { total += n }
        }
        waitStart = starts
        waits = arena.uninitializedBuffer(of: Double.self, count: total)
        byKind = arena.buffer(repeating: KindAtStation(), count: gk)
        let window = TimeIntegral(from: ci.spec.warmup, to: ci.spec.horizon)
        kindWaiting = arena.buffer(repeating: window, count: gk)
        kindBusy = arena.buffer(repeating: window, count: gk)
        waitingSeries = arena.buffer(repeating: 0, count: g * samples)
        busySeries = arena.buffer(repeating: 0, count: g * samples)
        waitBinSum = arena.buffer(repeating: 0, count: g * samples)
        waitBinJobs = arena.buffer(repeating: 0, count: g * samples)
        backlog = arena.buffer(repeating: 0, count: g)
    }
}

extension IncidentRun {
    /// Records the start of incident i's job in group g: its wait (hours)
    /// for its distribution and the group's and kind's sums when the
    /// incident is counted, and in the wait bin of the sample interval it
    /// became ready in. Adding a zero wait or service leaves a sum as it was.
    @inline(__always)
    mutating func record(_ i: Int, group g: Int, kind: Int, ready: Double, wait: Double, service d: Double) {
        let gk = g * plan.kindCount + kind
        if counted(i) {
            measures.waits[measures.waitStart[g] + measures.jobs[g]] = wait
            measures.jobs[g] += 1
            measures.waitSum[g] += wait
            measures.byKind[gk].jobs += 1
            measures.byKind[gk].waitHours += wait
            measures.byKind[gk].serviceHours += d / 3600
        }
        let sampleCount = plan.sampleCount
        let bin = (ready / plan.sampleEvery).clampedInt
        if bin < sampleCount {
            measures.waitBinSum[g * sampleCount + bin] += wait
            measures.waitBinJobs[g * sampleCount + bin] += 1
        }
    }

    /// Sample k of the number waiting and busy in each group.
    mutating func sample(_ k: Int) {
        let sampleCount = plan.sampleCount
        for g in 0..<plan.groupCount {
            measures.waitingSeries[g * sampleCount + k] = Double(measures.groupWaiting[g])
            measures.busySeries[g * sampleCount + k] = Double(measures.groupBusy[g])
        }
        if k + 1 < sampleCount { cal.schedule(.sample(Int32(k + 1)), at: Double(k + 1) * plan.sampleEvery) }
    }

    /// The end of arrivals: where the open incidents are.
    mutating func snapshot() {
        measures.undiscoveredAtHorizon = list.count - incidents.reported
        measures.confirmingAtHorizon = incidents.confirming
        measures.closedByHorizon = incidents.closed
        for g in 0..<plan.groupCount { measures.backlog[g] = measures.groupWaiting[g] + measures.groupBusy[g] }
    }
}
