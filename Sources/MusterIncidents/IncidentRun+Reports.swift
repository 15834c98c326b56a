import MusterEngine
import MusterModel

/// Incidents in the order they are reported, and the next to report:
/// reports enter the calendar one at a time, so its heap holds a few
/// events instead of every incident of the replication (sifting a heap of
/// 68,000 reports was a sixth of an M/M/4 replication).
struct ReportStream {
    var order: [Int32] = []
    var time: [Double] = []
    var next = 0
    /// The report taken next: incident, time, and sequence number in the
    /// calendar (`.max` when none is left).
    var nextIncident = 0
    var nextTime = 0.0
    var nextSeq = UInt64.max
}

extension IncidentRun {
    /// Draws every incident's report time, and its durations that depend
    /// on the incident alone, then takes the first report's place.
    mutating func drawReports() {
        reports.time = (0..<list.count).map { i in
            list.time[i] + draw(i, IncidentDraw.discover, plan.kindDiscover[Int(list.kind[i])])
        }
        // Every incident is disposed of once, and triaged once in
        // point-to-point: those durations depend on the incident alone, so
        // they are drawn here in one loop, whose independent draws the
        // processor overlaps, rather than one by one in the event loop.
        for i in 0..<list.count {
            incidents.disposeTime[i] = draw(i, IncidentDraw.dispose, plan.kindDispose[Int(list.kind[i])])
        }
        if mode == .p2p && !plan.triage.isConstant {
            for i in 0..<list.count { incidents.triageTime[i] = draw(i, IncidentDraw.triage, plan.triage) }
        }
        reports.order = AscendingOrder.indices(of: reports.time)
        scheduleNextReport()
    }

    /// Takes the next report's place in the calendar's order (its time and
    /// sequence number), as scheduling it would.
    mutating func scheduleNextReport() {
        guard reports.next < reports.order.count else {
            reports.nextSeq = .max
            return
        }
        let i = Int(reports.order[reports.next])
        reports.next += 1
        reports.nextIncident = i
        reports.nextTime = reports.time[i]
        reports.nextSeq = cal.takeSequenceNumber()
    }

    /// Incident i is reported now: it goes to its route's first station.
    mutating func report(_ i: Int) {
        incidents.reportAt[i] = cal.now
        incidents.reported += 1
        advance(i)
    }
}
