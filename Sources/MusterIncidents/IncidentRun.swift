import MusterEngine
import MusterModel

/// What can happen in an incident replication, besides reports (which the
/// run takes in order from its own sorted list): plain integers only.
enum IncidentEvent {
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
/// All state the event loop writes is in flat buffers of one `StateArena`,
/// allocated once per replication: per incident, per station
/// (`StationQueues`), per group and per group × kind. Swift arrays written
/// in the loop cost a copy-on-write check on every write; these cost
/// nothing. Only `let` arrays are read.
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
    let arena = StateArena()
    // Hot-loop copies of `ci`'s values, one plain array per field: reading
    // a `Kind` whole copies its samplers.
    let kindReach: [Level]
    let kindDepartmentStation: [Int32]
    let kindPriority: [Int]
    let kindDiscover: [Distribution.Sampler]
    let kindDispose: [Distribution.Sampler]
    let handle: [Distribution.Sampler]
    let triage: Distribution.Sampler
    let confirm: Distribution.Sampler
    let stationGroup: [Int32]
    let stationWork: [StationTable.Work]
    let warmup: Double
    let sampleEvery: Double
    let sampleCount: Int
    let groupCount: Int
    let kindCount: Int
    /// Keep every counted incident's close time in the result (`each`).
    let keepEach: Bool

    let stations: StationQueues
    /// Discovery takes no time for any kind: an incident is reported the
    /// moment it occurs.
    let reportsAtOccurrence: Bool
    /// Per station and kind (index s · kinds + k): the job always takes no
    /// time (a constant 0 handling, triage or disposal).
    let instant: [Bool]

    /// Incidents in the order they are reported, and the next to report:
    /// reports enter the calendar one at a time, so its heap holds a few
    /// events instead of every incident of the replication (sifting a heap
    /// of 68,000 reports was a sixth of an M/M/4 replication).
    var reportOrder: [Int32] = []
    var reportTime: [Double] = []
    var nextReport = 0
    /// The report taken next: incident, time, and sequence number in the
    /// calendar (`.max` when none is left).
    var nextReportIncident = 0
    var nextReportTime = 0.0
    var nextReportSeq = UInt64.max

    // Per incident.
    let reportAt: UnsafeMutableBufferPointer<Double>
    let readyAt: UnsafeMutableBufferPointer<Double>
    let closedAt: UnsafeMutableBufferPointer<Double>
    /// Position on the incident's route: 0 = first station.
    let step: UnsafeMutableBufferPointer<Int8>
    /// The disposal's duration, and the triage's in point-to-point (when
    /// not a constant), drawn before the event loop.
    let disposeTime: UnsafeMutableBufferPointer<Double>
    let triageTime: UnsafeMutableBufferPointer<Double>

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
    let backlog: UnsafeMutableBufferPointer<Int>

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
        let table = StationTable(ci, layout: layout, mode: mode)
        self.table = table
        kindReach = ci.kinds.map(\.reach)
        kindDepartmentStation = ci.kinds.map { table.departmentStation[$0.department] }
        kindPriority = ci.kinds.map(\.priorityClass)
        kindDiscover = ci.kinds.map(\.discover)
        kindDispose = ci.kinds.map(\.dispose)
        handle = ci.handle
        triage = ci.triage
        confirm = ci.confirm
        stationGroup = table.group
        stationWork = table.work
        warmup = ci.spec.warmup
        sampleEvery = ci.spec.sampleEvery
        sampleCount = ci.sampleCount
        groupCount = ci.groups.count
        kindCount = ci.kinds.count
        self.keepEach = keepEach
        let n = list.count
        stations = StationQueues(table, origin: ci.origin, incidents: n, arena: arena)
        instant = table.work.flatMap { work in
            ci.kinds.map { kind in
                switch work {
                case .handle(let l): ci.handle[l.rawValue].isZero
                case .triage: ci.triage.isZero
                case .dispose: kind.dispose.isZero
                }
            }
        }
        reportsAtOccurrence = ci.kinds.allSatisfy(\.discover.isZero)
        reportAt = arena.buffer(repeating: .nan, count: n)
        readyAt = arena.buffer(repeating: .nan, count: n)
        closedAt = arena.buffer(repeating: .nan, count: n)
        step = arena.buffer(repeating: 0, count: n)
        disposeTime = arena.uninitializedBuffer(of: Double.self, count: n)
        triageTime = arena.uninitializedBuffer(of: Double.self,
                                               count: mode == .p2p && !ci.triage.isConstant ? n : 0)
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

    /// Runs to the last close and returns the measures.
    mutating func run() -> IncidentReplicationResult {
        cal.schedule(.horizon, at: ci.spec.horizon)
        if ci.sampleCount > 0 { cal.schedule(.sample(0), at: 0) }
        reportTime = (0..<list.count).map { i in
            list.time[i] + draw(i, IncidentDraw.discover, kindDiscover[Int(list.kind[i])])
        }
        // Every incident is disposed of once, and triaged once in
        // point-to-point: those durations depend on the incident alone, so
        // they are drawn here in one loop, whose independent draws the
        // processor overlaps, rather than one by one in the event loop.
        for i in 0..<list.count {
            disposeTime[i] = draw(i, IncidentDraw.dispose, kindDispose[Int(list.kind[i])])
        }
        if mode == .p2p && !triage.isConstant {
            for i in 0..<list.count { triageTime[i] = draw(i, IncidentDraw.triage, triage) }
        }
        reportOrder = Self.ascending(reportTime)
        scheduleNextReport()
        while true {
            // The next report, already in time order, is taken when it
            // comes before every event in the heap: reports never enter
            // it, so it holds little more than the jobs in service.
            if nextReportSeq != .max && cal.precedesAll(time: nextReportTime, seq: nextReportSeq) {
                let i = nextReportIncident
                cal.advance(to: nextReportTime)
                scheduleNextReport()
                report(i)
                continue
            }
            guard let (_, event) = cal.pop() else { break }
            switch event {
            case .done(let s, let i): done(Int(s), Int(i))
            case .wake(let s):
                stations.woke(Int(s), at: cal.now)
                pump(Int(s))
            case .closed(let i): close(Int(i))
            case .sample(let k): sample(Int(k))
            case .horizon: snapshot()
            }
        }
        return result()
    }

    /// Takes the next report's place in the calendar's order (its time and
    /// sequence number), as scheduling it would.
    private mutating func scheduleNextReport() {
        guard nextReport < reportOrder.count else {
            nextReportSeq = .max
            return
        }
        let i = Int(reportOrder[nextReport])
        nextReport += 1
        nextReportIncident = i
        nextReportTime = reportTime[i]
        nextReportSeq = cal.takeSequenceNumber()
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
        return times.withUnsafeBufferPointer { t in
            @inline(__always) func bucket(_ x: Double) -> Int { min(Int(x * scale), buckets - 1) }
            let start = UnsafeMutableBufferPointer<Int32>.allocate(capacity: buckets + 1)
            defer { start.deallocate() }
            start.initialize(repeating: 0)
            for x in t { start[bucket(x) + 1] += 1 }
            for b in 0..<buckets { start[b + 1] += start[b] }
            let fill = UnsafeMutableBufferPointer<Int32>.allocate(capacity: buckets)
            defer { fill.deallocate() }
            _ = fill.initialize(from: start[0..<buckets])
            return [Int32](unsafeUninitializedCapacity: n) { order, count in
                for i in 0..<n {
                    let b = bucket(t[i])
                    order[Int(fill[b])] = Int32(i)
                    fill[b] += 1
                }
                for b in 0..<buckets where start[b + 1] - start[b] > 1 {
                    let lo = Int(start[b]), hi = Int(start[b + 1])
                    guard hi - lo <= 32 else {
                        // A crowded bucket (times far from uniform: a few
                        // very late reports stretch the range): n log n.
                        let sorted = order[lo..<hi].sorted { (t[Int($0)], $0) < (t[Int($1)], $1) }
                        for (j, x) in sorted.enumerated() { order[lo + j] = x }
                        continue
                    }
                    // Insertion sort: a bucket holds a handful.
                    for j in (lo + 1)..<hi {
                        let x = order[j], tx = t[Int(x)]
                        var k = j
                        while k > lo {
                            let y = order[k - 1], ty = t[Int(y)]
                            if ty < tx || (ty == tx && y < x) { break }
                            order[k] = y
                            k -= 1
                        }
                        order[k] = x
                    }
                }
                count = n
            }
        }
    }

    /// One draw from incident i's substream `code`; a constant needs no
    /// stream (positioning it is most of the cost of a draw).
    @inline(__always)
    private mutating func draw(_ i: Int, _ code: UInt64, _ sampler: Distribution.Sampler) -> Double {
        if sampler.isConstant { return sampler.sample(rng) }
        rng.reseed(list.drawKey[i].child(code).value)
        return sampler.sample(rng)
    }

    @inline(__always)
    private mutating func counted(_ i: Int) -> Bool { list.time[i] >= warmup }

    // MARK: Routing

    /// The station at position `k` of incident i's route, or −1 when the
    /// route is over (the department has disposed of it).
    @inline(__always)
    private mutating func station(_ i: Int, at k: Int) -> Int {
        let kind = Int(list.kind[i])
        let g = Int(list.microgrid[i])
        var first: Int
        switch mode {
        case .tiered:
            // Ancestors at listed levels, bottom-up, while at or below reach.
            let reach = kindReach[kind]
            let lo = Int(table.pathStart[g]), hi = Int(table.pathStart[g + 1])
            var climb = 0
            while lo + climb < hi && table.pathLevel[lo + climb] >= reach { climb += 1 }
            if k < climb { return Int(table.path[lo + k]) }
            first = climb
        case .p2p:
            if k == 0 { return Int(table.platformOf[g]) }
            first = 1
        }
        return k == first ? Int(kindDepartmentStation[kind]) : -1
    }

    private mutating func report(_ i: Int) {
        reportAt[i] = cal.now
        reported += 1
        advance(i)
    }

    /// Sends incident i to the station at its current step, or to the
    /// grid worker's check when its route is over.
    private mutating func advance(_ i: Int) {
        let kind = Int(list.kind[i])
        while true {
            let s = station(i, at: Int(step[i]))
            if s < 0 {
                confirming += 1
                let d = draw(i, IncidentDraw.confirm, confirm)
                // A check that takes no time closes the incident now: no event.
                if d > 0 { cal.schedule(.closed(Int32(i)), at: cal.now + d) } else { close(i) }
                return
            }
            let now = cal.now
            readyAt[i] = now
            let g = Int(stationGroup[s])
            guard stations.startsAtOnce(s, now: now) else {
                stations.enqueue(Int32(i), at: s, priority: stations.classes(s) > 1 ? kindPriority[kind] : 0)
                groupWaiting[g] += 1
                kindWaiting[g * kindCount + kind].add(1, at: now)
                pump(s)
                return
            }
            // Free, open and nobody waiting: the incident starts now, as it
            // would after joining and leaving the empty queue, whose
            // waiting-count integral moves by +1 and −1 at one instant.
            let gk = g * kindCount + kind
            kindWaiting[gk].accumulate(until: now)
            guard instant[s * kindCount + kind] else {
                stations.busy[s] += 1
                start(i, at: s, group: g, kind: kind)
                return
            }
            // A job that takes no time, started at once: recorded as `start`
            // records it, with no wait and no service; the handler is taken
            // and freed at the same instant, so neither is counted.
            record(i, group: g, kind: kind, ready: now, wait: 0, service: 0)
            step[i] += 1
        }
    }

    /// Starts whatever station s's handlers and calendar allow now.
    private mutating func pump(_ s: Int) {
        while true {
            switch stations.next(s, now: cal.now) {
            case .start(let job):
                let i = Int(job)
                let g = Int(stationGroup[s]), kind = Int(list.kind[i])
                groupWaiting[g] -= 1
                kindWaiting[g * kindCount + kind].add(-1, at: cal.now)
                start(i, at: s, group: g, kind: kind)
            case .wake(let t):
                cal.schedule(.wake(Int32(s)), at: t)
                return
            case .idle:
                return
            }
        }
    }

    /// Incident i's job at station s (group g) starts now, on a handler
    /// already counted busy: its wait is recorded and its end scheduled, or,
    /// when it takes no time, it moves on at once.
    @inline(__always)
    private mutating func start(_ i: Int, at s: Int, group g: Int, kind: Int) {
        let now = cal.now
        let gk = g * kindCount + kind
        let ready = readyAt[i]
        let wait = (now - ready) / 3600
        let d = service(i, at: s)
        record(i, group: g, kind: kind, ready: ready, wait: wait, service: d)
        if d > 0 {
            groupBusy[g] += 1
            kindBusy[gk].add(1, at: now)
            cal.schedule(.done(station: Int32(s), incident: Int32(i)), at: now + d)
        } else {
            // A step that takes no time ends now: no event, and the
            // handler is free for the next job at once.
            stations.release(s)
            step[i] += 1
            advance(i)
        }
    }

    /// Records the start of incident i's job in group g: its wait (hours)
    /// for its distribution and the group's and kind's sums when the
    /// incident is counted, and in the wait bin of the sample interval it
    /// became ready in. Adding a zero wait or service leaves a sum as it was.
    @inline(__always)
    private mutating func record(_ i: Int, group g: Int, kind: Int, ready: Double, wait: Double, service d: Double) {
        let gk = g * kindCount + kind
        if counted(i) {
            waits[waitStart[g] + jobs[g]] = wait
            jobs[g] += 1
            waitSum[g] += wait
            byKind[gk].jobs += 1
            byKind[gk].waitHours += wait
            byKind[gk].serviceHours += d / 3600
        }
        let bin = (ready / sampleEvery).clampedInt
        if bin < sampleCount {
            waitBinSum[g * sampleCount + bin] += wait
            waitBinJobs[g * sampleCount + bin] += 1
        }
    }

    /// The duration of incident i's job at station s: the level's handling,
    /// the platform's triage or the department's disposal.
    @inline(__always)
    private mutating func service(_ i: Int, at s: Int) -> Double {
        switch stationWork[s] {
        case .handle(let l):
            return draw(i, IncidentDraw.handle + UInt64(l.rawValue), handle[l.rawValue])
        case .triage:
            return triage.isConstant ? draw(i, IncidentDraw.triage, triage) : triageTime[i]
        case .dispose:
            return disposeTime[i]
        }
    }

    private mutating func done(_ s: Int, _ i: Int) {
        stations.release(s)
        let g = Int(stationGroup[s])
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
            waitingSeries[g * sampleCount + k] = Double(groupWaiting[g])
            busySeries[g * sampleCount + k] = Double(groupBusy[g])
        }
        if k + 1 < sampleCount { cal.schedule(.sample(Int32(k + 1)), at: Double(k + 1) * sampleEvery) }
    }

    private mutating func snapshot() {
        undiscoveredAtHorizon = list.count - reported
        confirmingAtHorizon = confirming
        closedByHorizon = closed
        for g in 0..<groupCount { backlog[g] = groupWaiting[g] + groupBusy[g] }
    }

    // MARK: Result

    private mutating func result() -> IncidentReplicationResult {
        let kinds = kindCount, n = list.count
        let limits = ci.kinds.map(\.limit)
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
        let sameClock = reportsAtOccurrence
        let total = slotStart[slotStart.count - 1]
        let close = arena.uninitializedBuffer(of: Double.self, count: total)
        let fromOccurrence = sameClock ? close : arena.uninitializedBuffer(of: Double.self, count: total)
        let fill = arena.buffer(slotStart)
        let hits = arena.buffer(repeating: 0, count: kinds + 1)
        for i in 0..<n where counted(i) {
            let k = Int(list.kind[i])
            let c = (closedAt[i] - reportAt[i]) / 3600
            close[fill[0]] = c
            if !sameClock { fromOccurrence[fill[0]] = (closedAt[i] - list.time[i]) / 3600 }
            fill[0] += 1
            if split {
                close[fill[k + 1]] = c
                if !sameClock { fromOccurrence[fill[k + 1]] = (closedAt[i] - list.time[i]) / 3600 }
                fill[k + 1] += 1
            }
            if c * 3600 <= limits[k] { hits[0] += 1; hits[k + 1] += 1 }
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
        let occurrenceSamples = sameClock ? closeSamples : samples(fromOccurrence)
        var each: IncidentCloseTimes?
        if keepEach {
            each = IncidentCloseTimes(
                closeHours: Array(close[0..<countedCount]), occurrenceToCloseHours: Array(fromOccurrence[0..<countedCount]),
                kind: (0..<n).filter { self.counted($0) }.map { list.kind[$0] })
        }
        let warmup = ci.spec.warmup, horizon = ci.spec.horizon
        var groups: [StationGroupResult] = []
        for g in 0..<groupCount {
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
            let series = g * sampleCount..<(g + 1) * sampleCount
            groups.append(StationGroupResult(
                stations: stations, handlers: handlers, jobs: jobs[g], waitHours: waitSum[g],
                wait: ReplicationSample(UnsafeBufferPointer(rebasing: waits[waitStart[g]..<waitStart[g] + jobs[g]])),
                busyHours: busyArea / 3600,
                openHandlerHours: open / 3600, queueArea: queueArea / 3600, backlogAtHorizon: backlog[g],
                expectedUtilisation: rho, peakExpectedUtilisation: peakRho, offeredErlangs: erlangs,
                peakOfferedErlangs: peakErlangs, byKind: perKind, waitingSeries: Array(waitingSeries[series]),
                busySeries: Array(busySeries[series]), waitBinHours: Array(waitBinSum[series]),
                waitBinJobs: Array(waitBinJobs[series])))
        }
        return IncidentReplicationResult(
            mode: mode, replication: replication, occurred: n, counted: countedCount,
            closedByHorizon: closedByHorizon, undiscoveredAtHorizon: undiscoveredAtHorizon,
            confirmingAtHorizon: confirmingAtHorizon, close: closeSamples, occurrenceToClose: occurrenceSamples,
            withinLimit: Array(hits), groups: groups, openSeries: openSeries(), events: cal.processed, each: each)
    }

    /// Occurred minus closed at each sample time k·step: an incident
    /// counts from the first sample at or after its occurrence until the
    /// first at or after its close (a difference array, no sort).
    private mutating func openSeries() -> [Double] {
        let n = sampleCount, step = sampleEvery
        let delta = arena.buffer(repeating: 0, count: n + 1)
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
