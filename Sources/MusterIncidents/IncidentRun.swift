import MusterEngine
import MusterModel

/// What can happen in an incident replication: plain integers only.
enum IncidentEvent {
    /// A grid worker reports incident i (end of its discovery delay).
    case report(Int32)
    /// Station s finishes its job on incident i.
    case done(station: Int32, incident: Int32)
    /// Station s's calendar opens; queued jobs may start.
    case wake(Int32)
    /// The grid worker's check of incident i ends: it is closed.
    case closed(Int32)
    /// Sample k of the queue-length series.
    case sample(Int32)
    /// The end of arrivals: snapshot of the backlog.
    case horizon
}

/// One replication of one mode of the incident model (docs/model.md, "Incident streams"):
/// incidents are reported, climb (tiered) or jump (point-to-point) to
/// triage, wait for their department, are disposed of and confirmed.
///
/// Incidents occur until the horizon; the run then continues, with no new
/// incident, until every one is closed, so every close time is known.
///
/// Every method is `mutating`, even those that only read: in debug builds a
/// non-mutating call from a mutating one copies the whole struct.
struct IncidentRun: ~Copyable {
    let ci: CompiledIncidents
    let layout: Layout
    let mode: Mode
    let replication: Int
    let list: IncidentList
    let table: StationTable
    let rng = RandomStream.keyed()
    var cal = EventCalendar<IncidentEvent>()
    // Hot-loop copies of `ci`'s values: reading through `ci` copies the
    // whole struct in debug builds.
    let kinds: [CompiledIncidents.Kind]
    let handle: [Distribution.Sampler]
    let triage: Distribution.Sampler
    let confirm: Distribution.Sampler
    let warmup: Double
    let sampleEvery: Double
    let sampleCount: Int
    let groupCount: Int
    let kindCount: Int
    /// Keep every counted incident's close time in the result (`each`).
    let keepEach: Bool

    var resources: [PriorityResource<Int32>]

    /// Incidents in the order they are reported, and the next to report:
    /// reports enter the calendar one at a time, so its heap holds a few
    /// events instead of every incident of the replication (sifting a heap
    /// of 68,000 reports was a sixth of an M/M/4 replication).
    var reportOrder: [Int32] = []
    var reportTime: [Double] = []
    var nextReport = 0

    // Per incident.
    var reportAt: [Double]
    var readyAt: [Double]
    var closedAt: [Double]
    /// Position on the incident's route: 0 = first station.
    var step: [Int8]

    // Per group, now.
    var groupWaiting: [Int]
    var groupBusy: [Int]
    // Per group, measures.
    var jobs: [Int]
    var waitSum: [Double]
    /// Waits of counted jobs per group (hours), for their distribution.
    var waits: [[Double]]
    /// Per group and kind (index g · kinds + k): counted jobs' figures, and
    /// the kind's number waiting and busy handlers over the window.
    var byKind: [KindAtStation]
    var kindWaiting: [TimeIntegral]
    var kindBusy: [TimeIntegral]
    var waitingSeries: [[Double]]
    var busySeries: [[Double]]
    var waitBinSum: [[Double]]
    var waitBinJobs: [[Int]]
    var backlog: [Int]

    var reported = 0
    var confirming = 0
    var closed = 0
    var undiscoveredAtHorizon = 0
    var confirmingAtHorizon = 0
    var closedByHorizon = 0

    init(_ ci: CompiledIncidents, layout: Layout, list: IncidentList, mode: Mode, replication: Int,
         keepEach: Bool = false) {
        self.ci = ci
        self.layout = layout
        self.list = list
        self.mode = mode
        self.replication = replication
        kinds = ci.kinds
        handle = ci.handle
        triage = ci.triage
        confirm = ci.confirm
        warmup = ci.spec.warmup
        sampleEvery = ci.spec.sampleEvery
        sampleCount = ci.sampleCount
        groupCount = ci.groups.count
        kindCount = ci.kinds.count
        self.keepEach = keepEach
        let table = StationTable(ci, layout: layout, mode: mode)
        self.table = table
        let s = table.count
        resources = (0..<s).map {
            PriorityResource(capacity: Int(table.handlers[$0]), calendar: table.hours[$0], origin: ci.origin,
                             classes: Int(table.classes[$0]))
        }
        let window = TimeIntegral(from: ci.spec.warmup, to: ci.spec.horizon)
        let n = list.count
        reportAt = [Double](repeating: .nan, count: n)
        readyAt = [Double](repeating: .nan, count: n)
        closedAt = [Double](repeating: .nan, count: n)
        step = [Int8](repeating: 0, count: n)
        let g = ci.groups.count
        let samples = ci.sampleCount
        groupWaiting = [Int](repeating: 0, count: g)
        groupBusy = [Int](repeating: 0, count: g)
        jobs = [Int](repeating: 0, count: g)
        waitSum = [Double](repeating: 0, count: g)
        waits = Array(repeating: [], count: g)
        byKind = Array(repeating: KindAtStation(), count: g * ci.kinds.count)
        kindWaiting = Array(repeating: window, count: g * ci.kinds.count)
        kindBusy = kindWaiting
        waitingSeries = Array(repeating: [Double](repeating: 0, count: samples), count: g)
        busySeries = waitingSeries
        waitBinSum = waitingSeries
        waitBinJobs = Array(repeating: [Int](repeating: 0, count: samples), count: g)
        backlog = [Int](repeating: 0, count: g)
    }

    /// Runs to the last close and returns the measures.
    mutating func run() -> IncidentReplicationResult {
        cal.schedule(.horizon, at: ci.spec.horizon)
        if ci.sampleCount > 0 { cal.schedule(.sample(0), at: 0) }
        reportTime = (0..<list.count).map { i in
            list.time[i] + draw(i, IncidentDraw.discover, kinds[Int(list.kind[i])].discover)
        }
        reportOrder = Self.ascending(reportTime)
        scheduleNextReport()
        while let (_, event) = cal.pop() {
            switch event {
            case .report(let i):
                scheduleNextReport()
                report(Int(i))
            case .done(let s, let i): done(Int(s), Int(i))
            case .wake(let s):
                resources[Int(s)].woke(at: cal.now)
                pump(Int(s))
            case .closed(let i): close(Int(i))
            case .sample(let k): sample(Int(k))
            case .horizon: snapshot()
            }
        }
        return result()
    }

    private mutating func scheduleNextReport() {
        guard nextReport < reportOrder.count else { return }
        let i = reportOrder[nextReport]
        nextReport += 1
        cal.schedule(.report(i), at: reportTime[Int(i)])
    }

    /// Indices of `times` (finite, ≥ 0) in ascending order of time, ties
    /// by index: a counting sort into about one bucket per value, each
    /// bucket then sorted (they hold a handful), so linear for the
    /// near-uniform times of Poisson arrivals.
    static func ascending(_ times: [Double]) -> [Int32] {
        let n = times.count
        guard n > 1, let top = times.max(), top > 0 else { return (0..<Int32(n)).map { $0 } }
        let buckets = n
        let scale = Double(buckets) / top
        func bucket(_ t: Double) -> Int { min(Int(t * scale), buckets - 1) }
        var start = [Int32](repeating: 0, count: buckets + 1)
        for t in times { start[bucket(t) + 1] += 1 }
        for b in 0..<buckets { start[b + 1] += start[b] }
        var fill = start
        var order = [Int32](repeating: 0, count: n)
        for (i, t) in times.enumerated() {
            let b = bucket(t)
            order[Int(fill[b])] = Int32(i)
            fill[b] += 1
        }
        for b in 0..<buckets where start[b + 1] - start[b] > 1 {
            order[Int(start[b])..<Int(start[b + 1])].sort { (times[Int($0)], $0) < (times[Int($1)], $1) }
        }
        return order
    }

    /// One draw from incident i's substream `code`.
    private mutating func draw(_ i: Int, _ code: UInt64, _ sampler: Distribution.Sampler) -> Double {
        rng.reseed(list.drawKey[i].child(code).value)
        return sampler.sample(rng)
    }

    private mutating func counted(_ i: Int) -> Bool { list.time[i] >= warmup }

    // MARK: Routing

    /// The station at position `k` of incident i's route, or −1 when the
    /// route is over (the department has disposed of it).
    private mutating func station(_ i: Int, at k: Int) -> Int {
        let kind = kinds[Int(list.kind[i])]
        let g = Int(list.microgrid[i])
        var first: Int
        switch mode {
        case .tiered:
            // Ancestors at listed levels, bottom-up, while at or below reach.
            let lo = Int(table.pathStart[g]), hi = Int(table.pathStart[g + 1])
            var climb = 0
            while lo + climb < hi && table.pathLevel[lo + climb] >= kind.reach { climb += 1 }
            if k < climb { return Int(table.path[lo + k]) }
            first = climb
        case .p2p:
            if k == 0 { return Int(table.platformOf[g]) }
            first = 1
        }
        return k == first ? Int(table.departmentStation[kind.department]) : -1
    }

    private mutating func report(_ i: Int) {
        reportAt[i] = cal.now
        reported += 1
        advance(i)
    }

    /// Sends incident i to the station at its current step, or to the
    /// grid worker's check when its route is over.
    private mutating func advance(_ i: Int) {
        let s = station(i, at: Int(step[i]))
        if s < 0 {
            confirming += 1
            let d = draw(i, IncidentDraw.confirm, confirm)
            // A check that takes no time closes the incident now: no event.
            if d > 0 { cal.schedule(.closed(Int32(i)), at: cal.now + d) } else { close(i) }
            return
        }
        readyAt[i] = cal.now
        let kind = kinds[Int(list.kind[i])]
        resources[s].enqueue(Int32(i), priority: resources[s].classes > 1 ? kind.priorityClass : 0)
        let g = Int(table.group[s])
        groupWaiting[g] += 1
        kindWaiting[g * kindCount + Int(list.kind[i])].add(1, at: cal.now)
        pump(s)
    }

    /// Starts whatever station s's handlers and calendar allow now.
    private mutating func pump(_ s: Int) {
        while true {
            switch resources[s].next(now: cal.now) {
            case .start(let job):
                let i = Int(job)
                let g = Int(table.group[s])
                let gk = g * kindCount + Int(list.kind[i])
                groupWaiting[g] -= 1
                kindWaiting[gk].add(-1, at: cal.now)
                let wait = (cal.now - readyAt[i]) / 3600
                let d = service(i, at: s)
                if counted(i) {
                    jobs[g] += 1
                    waitSum[g] += wait
                    waits[g].append(wait)
                    byKind[gk].jobs += 1
                    byKind[gk].waitHours += wait
                    byKind[gk].serviceHours += d / 3600
                }
                let bin = (readyAt[i] / sampleEvery).clampedInt
                if bin < waitBinJobs[g].count {
                    waitBinSum[g][bin] += wait
                    waitBinJobs[g][bin] += 1
                }
                if d > 0 {
                    groupBusy[g] += 1
                    kindBusy[gk].add(1, at: cal.now)
                    cal.schedule(.done(station: Int32(s), incident: job), at: cal.now + d)
                } else {
                    // A step that takes no time ends now: no event, and the
                    // handler is free for the next job at once.
                    resources[s].release()
                    step[i] += 1
                    advance(i)
                }
            case .wake(let t):
                cal.schedule(.wake(Int32(s)), at: t)
                return
            case .idle:
                return
            }
        }
    }

    /// The duration of incident i's job at station s: the level's handling,
    /// the platform's triage or the department's disposal.
    private mutating func service(_ i: Int, at s: Int) -> Double {
        switch table.work[s] {
        case .handle(let l):
            return draw(i, IncidentDraw.handle + UInt64(l.rawValue), handle[l.rawValue])
        case .triage:
            return draw(i, IncidentDraw.triage, triage)
        case .dispose:
            return draw(i, IncidentDraw.dispose, kinds[Int(list.kind[i])].dispose)
        }
    }

    private mutating func done(_ s: Int, _ i: Int) {
        resources[s].release()
        let g = Int(table.group[s])
        groupBusy[g] -= 1
        kindBusy[g * kindCount + Int(list.kind[i])].add(-1, at: cal.now)
        step[i] += 1
        advance(i)
        pump(s)
    }

    private mutating func close(_ i: Int) {
        confirming -= 1
        closed += 1
        closedAt[i] = cal.now
    }

    private mutating func sample(_ k: Int) {
        for g in 0..<groupCount {
            waitingSeries[g][k] = Double(groupWaiting[g])
            busySeries[g][k] = Double(groupBusy[g])
        }
        if k + 1 < sampleCount { cal.schedule(.sample(Int32(k + 1)), at: Double(k + 1) * sampleEvery) }
    }

    private mutating func snapshot() {
        undiscoveredAtHorizon = list.count - reported
        confirmingAtHorizon = confirming
        closedByHorizon = closed
        for g in ci.groups.indices { backlog[g] = groupWaiting[g] + groupBusy[g] }
    }

    // MARK: Result

    private mutating func result() -> IncidentReplicationResult {
        var close: [Double] = [], fromOccurrence: [Double] = [], kinds: [UInt16] = []
        close.reserveCapacity(list.count)
        fromOccurrence.reserveCapacity(list.count)
        kinds.reserveCapacity(list.count)
        for i in 0..<list.count where counted(i) {
            close.append((closedAt[i] - reportAt[i]) / 3600)
            fromOccurrence.append((closedAt[i] - list.time[i]) / 3600)
            kinds.append(list.kind[i])
        }
        let warmup = ci.spec.warmup, horizon = ci.spec.horizon
        var groups: [StationGroupResult] = []
        for (g, _) in ci.groups.enumerated() {
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
            let perKind = (0..<kindCount).map { k -> KindAtStation in
                var x = byKind[g * kindCount + k]
                let busy = kindBusy[g * kindCount + k].total, queue = kindWaiting[g * kindCount + k].total
                busyArea += busy
                queueArea += queue
                x.busyHours = busy / 3600
                x.queueArea = queue / 3600
                return x
            }
            groups.append(StationGroupResult(
                stations: stations, handlers: handlers, jobs: jobs[g], waitHours: waitSum[g],
                wait: ReplicationSample(values: &waits[g]), busyHours: busyArea / 3600,
                openHandlerHours: open / 3600, queueArea: queueArea / 3600, backlogAtHorizon: backlog[g],
                expectedUtilisation: rho, peakExpectedUtilisation: peakRho, offeredErlangs: erlangs,
                peakOfferedErlangs: peakErlangs, byKind: perKind, waitingSeries: waitingSeries[g],
                busySeries: busySeries[g], waitBinHours: waitBinSum[g], waitBinJobs: waitBinJobs[g]))
            waits[g] = []
        }
        return IncidentReplicationResult(
            mode: mode, replication: replication, occurred: list.count, counted: close.count,
            closedByHorizon: closedByHorizon, undiscoveredAtHorizon: undiscoveredAtHorizon,
            confirmingAtHorizon: confirmingAtHorizon, closeHours: close, occurrenceToCloseHours: fromOccurrence,
            kind: kinds, limitSeconds: ci.kinds.map(\.limit), groups: groups, openSeries: openSeries(),
            events: cal.processed, keepEach: keepEach)
    }

    /// Occurred minus closed at each sample time k·step: an incident
    /// counts from the first sample at or after its occurrence until the
    /// first at or after its close (a difference array, no sort).
    private mutating func openSeries() -> [Double] {
        let n = ci.sampleCount
        var delta = [Int](repeating: 0, count: n + 1)
        func first(_ t: Double) -> Int { min(n, (t / ci.spec.sampleEvery).rounded(.up).clampedInt) }
        for i in 0..<list.count {
            delta[first(list.time[i])] += 1
            delta[first(closedAt[i])] -= 1
        }
        var open = 0
        return (0..<n).map { k in open += delta[k]; return Double(open) }
    }
}
