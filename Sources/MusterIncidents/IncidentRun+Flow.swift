import MusterEngine
import MusterModel

/// Per incident, where it is on its route and when, in buffers of the
/// run's arena; and how many are reported, being checked and closed.
struct IncidentProgress {
    let reportAt: UnsafeMutableBufferPointer<Double>
    let readyAt: UnsafeMutableBufferPointer<Double>
    let closedAt: UnsafeMutableBufferPointer<Double>
    /// Position on the incident's route: 0 = first station.
    let step: UnsafeMutableBufferPointer<Int8>
    /// The disposal's duration, and the triage's in point-to-point (when
    /// not a constant), drawn before the event loop.
    let disposeTime: UnsafeMutableBufferPointer<Double>
    let triageTime: UnsafeMutableBufferPointer<Double>

    var reported = 0
    /// Disposed of, waiting for the grid worker's check.
    var confirming = 0
    var closed = 0

    init(incidents n: Int, keepsTriage: Bool, arena: StateArena) {
        reportAt = arena.buffer(repeating: .nan, count: n)
        readyAt = arena.buffer(repeating: .nan, count: n)
        closedAt = arena.buffer(repeating: .nan, count: n)
        step = arena.buffer(repeating: 0, count: n)
        disposeTime = arena.uninitializedBuffer(of: Double.self, count: n)
        triageTime = arena.uninitializedBuffer(of: Double.self, count: keepsTriage ? n : 0)
    }
}

extension IncidentRun {
    /// Sends incident i to the station at its current step, or to the
    /// grid worker's check when its route is over.
    mutating func advance(_ i: Int) {
        let kind = Int(list.kind[i])
        while true {
            let s = station(i, at: Int(incidents.step[i]))
            if s < 0 {
                incidents.confirming += 1
                let d = draw(i, IncidentDraw.confirm, plan.confirm)
                // A check that takes no time closes the incident now: no event.
                if d > 0 { cal.schedule(.closed(Int32(i)), at: cal.now + d) } else { close(i) }
                return
            }
            let now = cal.now
            incidents.readyAt[i] = now
            let g = Int(plan.stationGroup[s])
            guard stations.startsAtOnce(s, now: now) else {
                stations.enqueue(Int32(i), at: s, priority: stations.classes(s) > 1 ? plan.kindPriority[kind] : 0)
                measures.groupWaiting[g] += 1
                measures.kindWaiting[g * plan.kindCount + kind].add(1, at: now)
                pump(s)
                return
            }
            // Free, open and nobody waiting: the incident starts now, as it
            // would after joining and leaving the empty queue, whose
            // waiting-count integral moves by +1 and −1 at one instant.
            let gk = g * plan.kindCount + kind
            measures.kindWaiting[gk].accumulate(until: now)
            guard plan.instant[s * plan.kindCount + kind] else {
                stations.busy[s] += 1
                start(i, at: s, group: g, kind: kind)
                return
            }
            // A job that takes no time, started at once: recorded as `start`
            // records it, with no wait and no service; the handler is taken
            // and freed at the same instant, so neither is counted.
            record(i, group: g, kind: kind, ready: now, wait: 0, service: 0)
            incidents.step[i] += 1
        }
    }

    /// Starts whatever station s's handlers and calendar allow now.
    mutating func pump(_ s: Int) {
        while true {
            switch stations.next(s, now: cal.now) {
            case .start(let job):
                let i = Int(job)
                let g = Int(plan.stationGroup[s]), kind = Int(list.kind[i])
                measures.groupWaiting[g] -= 1
                measures.kindWaiting[g * plan.kindCount + kind].add(-1, at: cal.now)
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
    mutating func start(_ i: Int, at s: Int, group g: Int, kind: Int) {
        let now = cal.now
        let gk = g * plan.kindCount + kind
        let ready = incidents.readyAt[i]
        let wait = (now - ready) / 3600
        let d = service(i, at: s)
        record(i, group: g, kind: kind, ready: ready, wait: wait, service: d)
        if d > 0 {
            measures.groupBusy[g] += 1
            measures.kindBusy[gk].add(1, at: now)
            cal.schedule(.done(station: Int32(s), incident: Int32(i)), at: now + d)
        } else {
            // A step that takes no time ends now: no event, and the
            // handler is free for the next job at once.
            stations.release(s)
            incidents.step[i] += 1
            advance(i)
        }
    }

    /// Station s finishes its job on incident i, which moves on.
    mutating func done(_ s: Int, _ i: Int) {
        stations.release(s)
        let g = Int(plan.stationGroup[s])
        measures.groupBusy[g] -= 1
        measures.kindBusy[g * plan.kindCount + Int(list.kind[i])].add(-1, at: cal.now)
        incidents.step[i] += 1
        advance(i)
        pump(s)
    }

    /// The grid worker's check of incident i ends: it is closed.
    mutating func close(_ i: Int) {
        incidents.confirming -= 1
        incidents.closed += 1
        incidents.closedAt[i] = cal.now
    }
}
