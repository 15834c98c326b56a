import MusterEngine
import MusterModel
import Testing
@testable import MusterIncidents

/// Single incidents followed through calendars by hand.
@Suite struct HandComputedTests {
    typealias F = IncidentFixture
    static let h = 3600.0

    /// An incident list built by hand: (hours from the start, kind).
    static func list(_ items: [(Double, Int)]) -> IncidentList {
        var l = IncidentList()
        for (j, (t, k)) in items.enumerated() {
            l.time.append(t * h)
            l.kind.append(UInt16(k))
            l.microgrid.append(0)
            l.household.append(0)
            l.drawKey.append(StreamKey(seed: 9).child(UInt64(j)))
        }
        return l
    }

    static func calendar(_ text: String) -> WeeklyCalendar { try! WeeklyCalendar.parse(text) }

    /// Monday 18:00 a hazard occurs; found 30 min later (18:30).
    ///
    /// Tiered (grid → community → street, reach street): grid 08:00–20:00
    /// daily, 30 min: 18:30–19:00 · community Mon–Fri 08:30–17:30, 1 h:
    /// closed, waits 13.5 h until Tue 08:30, ends 09:30 · street (same
    /// hours), 2 h: 09:30–11:30 · department (same hours), 7 h: 11:30–18:30,
    /// past closing (no pre-emption) · confirmation 1 h: closed Tue 19:30,
    /// 25 h after the report, 25.5 h after it occurred.
    ///
    /// Point-to-point: platform (always open) 15 min: 18:30–18:45 ·
    /// department closed until Tue 08:30 (a 13.75 h wait), 7 h: 15:30 ·
    /// confirmation: closed Tue 16:30, 22 h after the report.
    @Test func officeHoursDelayAReportAcrossTheNight() {
        let office = Self.calendar("Mon-Fri 08:30-17:30")
        var perLevel = F.levels(hours: office)
        perLevel[.grid] = IncidentLevelSpec(handlers: 1, hours: Self.calendar("daily 08:00-20:00"), handle: .constant(30 * 60))
        perLevel[.community]!.handle = .constant(1 * Self.h)
        perLevel[.street]!.handle = .constant(2 * Self.h)
        let spec = IncidentSpec(
            horizon: 7 * 24 * Self.h, sampleEvery: Self.h,
            kinds: [IncidentKind(name: "hazard", ratePerHouseholdDay: 0, discover: .constant(30 * 60), reach: .street,
                                 department: "works", dispose: .constant(7 * Self.h), limit: 24 * Self.h)],
            departments: [DepartmentSpec(name: "works", handlers: 1, hours: office)],
            tiered: IncidentTieredSpec(levels: [.street, .community, .grid], perLevel: perLevel),
            platform: PlatformSpec(level: .street, handlers: 1, hours: .always, triage: .constant(15 * 60)),
            confirm: .constant(1 * Self.h))
        let ci = CompiledIncidents(spec, start: WeekTime.parse("Mon 00:00")!)
        let scenario = F.chain(households: 10)
        let layout = Experiment.layout(CompiledScenario(scenario), replication: 0)
        let incidents = Self.list([(18, 0)])
        let groups = StationGroup.groups(of: spec).map(\.name)
        #expect(groups == ["grid", "community", "street", "platform", "works"])

        let tiered = IncidentExperiment.replicate(ci, layout: layout, incidents: incidents, mode: .tiered, replication: 0)
        #expect(tiered.each!.closeHours == [25])
        #expect(tiered.each!.occurrenceToCloseHours == [25.5])
        #expect(tiered.groups.map(\.meanWaitHours).prefix(3) == [0, 13.5, 0])
        #expect(tiered.groups[4].meanWaitHours == 0)
        #expect(tiered.groups[3].stations == 0 && tiered.groups[3].jobs == 0)
        // Closed within the 24 h limit? No: 25 h.
        #expect(tiered.each!.closeHours[0] > 24)

        let p2p = IncidentExperiment.replicate(ci, layout: layout, incidents: incidents, mode: .p2p, replication: 0)
        #expect(p2p.each!.closeHours == [22])
        #expect(p2p.groups[3].meanWaitHours == 0)
        #expect(p2p.groups[4].meanWaitHours == 13.75)
        #expect(p2p.groups[0].stations == 0)
    }

    /// One handler, disposal 1 h each, three incidents found at once:
    /// routine A at 0, routine B at 0.1 h, urgent C at 0.2 h. FIFO serves
    /// A, B, C (closing 1, 1.9, 2.8 h after report); priority serves A
    /// (already started), then C, then B (1, 2.9, 1.8 h).
    @Test(arguments: [(QueueDiscipline.fifo, [1.0, 1.9, 2.8]), (.priority, [1.0, 2.9, 1.8])])
    func priorityServesUrgentKindsFirst(queue: QueueDiscipline, expected: [Double]) {
        let kind = IncidentKind(name: "routine", ratePerHouseholdDay: 0, discover: .constant(0), reach: .grid,
                                department: "d", dispose: .constant(Self.h), limit: Self.h, priority: 2)
        var urgent = kind
        urgent.name = "urgent"
        urgent.priority = 1
        var spec = F.stream(perHour: 0, horizon: 24 * Self.h)
        spec.kinds = [kind, urgent]
        spec.departments[0].queue = queue
        let ci = CompiledIncidents(spec, start: WeekTime.parse("Mon 00:00")!)
        let layout = Experiment.layout(CompiledScenario(F.chain(households: 10)), replication: 0)
        let r = IncidentExperiment.replicate(ci, layout: layout, incidents: Self.list([(0, 0), (0.1, 0), (0.2, 1)]),
                                             mode: .p2p, replication: 0)
        #expect(zip(r.each!.closeHours, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(r.each!.closeHours)")
    }

    /// Offered load from rates and mean service: 24 incidents a day on a
    /// department of 2 handlers open 45 h of the week's 168, 1 h each:
    /// 1 incident/h × 1 h / (2 × 45/168) = 1.8667 — unstable.
    @Test func expectedUtilisationCountsOfficeHours() {
        var spec = F.stream(perHour: 1, horizon: 7 * 24 * Self.h, dispose: .exponential(mean: Self.h), departmentHandlers: 2)
        spec.departments[0].hours = Self.calendar("Mon-Fri 08:30-17:30")
        let ci = CompiledIncidents(spec, start: WeekTime.parse("Mon 00:00")!)
        let layout = Experiment.layout(CompiledScenario(F.chain()), replication: 0)
        let table = StationTable(ci, layout: layout, mode: .p2p)
        let d = Int(table.departmentStation[0])
        #expect(abs(table.expectedUtilisation(d, peak: false) - 1.0 / (2 * 45.0 / 168)) < 1e-9)
        // A surge of 3× on day 2 only: the mean over the week is 9/7.
        spec.surge = SurgeProfile(factors: [1, 3])
        let surged = StationTable(CompiledIncidents(spec, start: WeekTime.parse("Mon 00:00")!), layout: layout, mode: .p2p)
        #expect(abs(surged.expectedUtilisation(d, peak: false) - 9.0 / 7 / (2 * 45.0 / 168)) < 1e-9)
        #expect(abs(surged.expectedUtilisation(d, peak: true) - 3.0 / (2 * 45.0 / 168)) < 1e-9)
    }
}
