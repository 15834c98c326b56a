import MusterEngine
import MusterModel

/// Counted incidents' close times, summarised: all kinds (index 0), then
/// each kind (index k + 1), as `IncidentReplicationResult` holds them.
struct CloseTimeSummaries {
    var counted: Int
    var close: [ReplicationSample]
    var occurrenceToClose: [ReplicationSample]
    var withinLimit: [Int]
    var each: IncidentCloseTimes?
}

extension IncidentRun {
    /// The replication's result, once every incident is closed.
    mutating func result() -> IncidentReplicationResult {
        let times = closeTimes()
        let groups = (0..<plan.groupCount).map { groupResult($0) }
        return IncidentReplicationResult(
            mode: mode, replication: replication, occurred: list.count, counted: times.counted,
            closedByHorizon: measures.closedByHorizon, undiscoveredAtHorizon: measures.undiscoveredAtHorizon,
            confirmingAtHorizon: measures.confirmingAtHorizon, close: times.close,
            occurrenceToClose: times.occurrenceToClose, withinLimit: times.withinLimit, groups: groups,
            openSeries: openSeries(), events: cal.processed, each: times.each)
    }

    /// Counted incidents' close times, from report and from occurrence,
    /// summarised for all kinds and kind by kind, and how many closed
    /// within their kind's limit.
    mutating func closeTimes() -> CloseTimeSummaries {
        let kinds = plan.kindCount, n = list.count
        // Counted incidents per kind, then their close times in generation
        // order, all kinds together (slot 0) and kind by kind (slot k + 1),
        // laid out one after another in one buffer.
        var perKind = [Int](repeating: 0, count: kinds)
        for i in 0..<n where counted(i) { perKind[Int(list.kind[i])] += 1 }
        let countedCount = perKind.reduce(0, +)
        let split = kinds > 1
        var slotStart = [0, countedCount]
        if split { for k in 0..<kinds { slotStart.append(slotStart[slotStart.count - 1] + perKind[k]) } }
        // Discovery that takes no time for every kind reports an incident
        // when it occurs: occurrence to close is report to close, bit for bit.
        let sameClock = plan.reportsAtOccurrence
        let total = slotStart[slotStart.count - 1]
        let close = arena.uninitializedBuffer(of: Double.self, count: total)
        let fromOccurrence = sameClock ? close : arena.uninitializedBuffer(of: Double.self, count: total)
        let fill = arena.buffer(slotStart)
        let hits = arena.buffer(repeating: 0, count: kinds + 1)
        for i in 0..<n where counted(i) {
            let k = Int(list.kind[i])
            let c = (incidents.closedAt[i] - incidents.reportAt[i]) / 3600
            close[fill[0]] = c
            if !sameClock { fromOccurrence[fill[0]] = (incidents.closedAt[i] - list.time[i]) / 3600 }
            fill[0] += 1
            if split {
                close[fill[k + 1]] = c
                if !sameClock { fromOccurrence[fill[k + 1]] = (incidents.closedAt[i] - list.time[i]) / 3600 }
                fill[k + 1] += 1
            }
            if c * 3600 <= plan.kindLimit[k] { hits[0] += 1; hits[k + 1] += 1 }
        }
        func samples(_ values: UnsafeMutableBufferPointer<Double>) -> [ReplicationSample] {
            let all = ReplicationSample(UnsafeBufferPointer(rebasing: values[0..<countedCount]))
            // With one kind, its figures are all kinds' (summarised once).
            guard split else { return [all, all] }
            return [all] + (0..<kinds).map {
                ReplicationSample(UnsafeBufferPointer(rebasing: values[slotStart[$0 + 1]..<slotStart[$0 + 2]]))
            }
        }
        let closeSamples = samples(close)
        var each: IncidentCloseTimes?
        if plan.keepEach {
            each = IncidentCloseTimes(
                closeHours: Array(close[0..<countedCount]), occurrenceToCloseHours: Array(fromOccurrence[0..<countedCount]),
                kind: (0..<n).filter { self.counted($0) }.map { list.kind[$0] })
        }
        return CloseTimeSummaries(
            counted: countedCount, close: closeSamples,
            occurrenceToClose: sameClock ? closeSamples : samples(fromOccurrence), withinLimit: Array(hits), each: each)
    }

    /// Group g's figures: its stations' expected load from the scenario's
    /// rates, and what the run measured.
    mutating func groupResult(_ g: Int) -> StationGroupResult {
        let warmup = ci.spec.warmup, horizon = ci.spec.horizon, kinds = plan.kindCount
        var stations = 0, handlers = 0
        var busyArea = 0.0, open = 0.0, queueArea = 0.0, rho = 0.0, peakRho = 0.0, erlangs = 0.0, peakErlangs = 0.0
        for s in 0..<table.count where Int(table.group[s]) == g {
            stations += 1
            handlers = Int(table.handlers[s])
            open += Double(table.handlers[s]) * table.hours[s].openSeconds(from: warmup, to: horizon, origin: ci.origin)
            rho = max(rho, table.expectedUtilisation(s, peak: false))
            peakRho = max(peakRho, table.expectedUtilisation(s, peak: true))
            erlangs = max(erlangs, table.offeredErlangs(s, peak: false))
            peakErlangs = max(peakErlangs, table.offeredErlangs(s, peak: true))
        }
        // The group's integrals are its kinds' summed: one integral per
        // kind and group, none per station, keeps the event loop lean.
        let perKind = (0..<kinds).map { k -> KindAtStation in
            var x = measures.byKind[g * kinds + k]
            let busy = measures.kindBusy[g * kinds + k].total, queue = measures.kindWaiting[g * kinds + k].total
            busyArea += busy
            queueArea += queue
            x.busyHours = busy / 3600
            x.queueArea = queue / 3600
            return x
        }
        let series = g * plan.sampleCount..<(g + 1) * plan.sampleCount
        let jobs = measures.jobs[g], first = measures.waitStart[g]
        return StationGroupResult(
            stations: stations, handlers: handlers, jobs: jobs, waitHours: measures.waitSum[g],
            wait: ReplicationSample(UnsafeBufferPointer(rebasing: measures.waits[first..<first + jobs])),
            busyHours: busyArea / 3600,
            openHandlerHours: open / 3600, queueArea: queueArea / 3600, backlogAtHorizon: measures.backlog[g],
            expectedUtilisation: rho, peakExpectedUtilisation: peakRho, offeredErlangs: erlangs,
            peakOfferedErlangs: peakErlangs, byKind: perKind, waitingSeries: Array(measures.waitingSeries[series]),
            busySeries: Array(measures.busySeries[series]), waitBinHours: Array(measures.waitBinSum[series]),
            waitBinJobs: Array(measures.waitBinJobs[series]))
    }

    /// Occurred minus closed at each sample time k·step: an incident
    /// counts from the first sample at or after its occurrence until the
    /// first at or after its close (a difference array, no sort).
    mutating func openSeries() -> [Double] {
        let n = plan.sampleCount, step = plan.sampleEvery
        let delta = arena.buffer(repeating: 0, count: n + 1)
        let closedAt = incidents.closedAt
        @inline(__always) func first(_ t: Double) -> Int { min(n, (t / step).rounded(.up).clampedInt) }
        list.time.withUnsafeBufferPointer { time in
            for i in 0..<time.count {
                delta[first(time[i])] += 1
                delta[first(closedAt[i])] -= 1
            }
        }
        var open = 0
        return (0..<n).map { k in open += delta[k]; return Double(open) }
    }
}
