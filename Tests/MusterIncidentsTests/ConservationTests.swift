import MusterEngine
import MusterModel
import Testing
@testable import MusterIncidents

/// Laws that hold exactly, replication by replication.
@Suite struct ConservationTests {
    typealias F = IncidentFixture
    static let h = 3600.0

    /// A busy little district: two streets, office hours, a surge, two
    /// kinds with different reaches, a priority department.
    static func district(seed: UInt64 = 5) -> (Scenario, IncidentSpec) {
        var s = F.chain(seed: seed, start: "Mon 00:00")
        s.layout = LayoutSpec(source: .fanout([.district: .fixed(1), .street: .fixed(2), .community: .range(min: 2, max: 3),
                                               .grid: .range(min: 2, max: 3), .microgrid: .range(min: 3, max: 5)]),
                              households: .range(min: 50, max: 100))
        let office = try! WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        var perLevel = F.levels(hours: office, handle: .lognormal(mean: 30 * 60, sd: 20 * 60))
        perLevel[.grid] = IncidentLevelSpec(handlers: 1, hours: try! WeeklyCalendar.parse("daily 08:00-20:00"),
                                            handle: .exponential(mean: 15 * 60))
        let spec = IncidentSpec(
            horizon: 7 * 24 * h, warmup: 24 * h, sampleEvery: h, surge: SurgeProfile(factors: [1, 1, 8, 8]),
            kinds: [IncidentKind(name: "hazard", ratePerHouseholdDay: 0.002, discover: .exponential(mean: 2 * h),
                                 reach: .street, department: "emergency", dispose: .lognormal(mean: 3 * h, sd: 2 * h),
                                 limit: 12 * h, priority: 1),
                    IncidentKind(name: "dispute", ratePerHouseholdDay: 0.001, surge: .flat, discover: .exponential(mean: 6 * h),
                                 reach: .community, department: "mediation", dispose: .lognormal(mean: 4 * h, sd: 2 * h),
                                 limit: 72 * h, priority: 2)],
            departments: [DepartmentSpec(name: "emergency", handlers: 2, hours: .always, queue: .priority),
                          DepartmentSpec(name: "mediation", handlers: 1, hours: office)],
            tiered: IncidentTieredSpec(levels: [.district, .street, .community, .grid], perLevel: perLevel),
            platform: PlatformSpec(level: .street, handlers: 1, hours: .always, triage: .exponential(mean: 10 * 60)),
            confirm: .lognormal(mean: 1 * h, sd: 30 * 60))
        return (s, spec)
    }

    /// Every incident that occurred is, at the horizon, closed or in
    /// exactly one place of the backlog; after the drain every counted
    /// incident has a finite close time, and each went through its
    /// department exactly once.
    @Test(arguments: Mode.allCases)
    func everyIncidentIsClosedOrInTheBacklogOnce(mode: Mode) {
        let (s, spec) = Self.district()
        let results = IncidentExperiment.run(s, incidents: spec, modes: [mode], replications: 0..<6, threads: 2, keepEach: true)[mode]!
        let groups = StationGroup.groups(of: spec)
        for r in results {
            #expect(r.occurred > 100)
            #expect(r.occurred == r.closedByHorizon + r.backlogAtHorizon, "replication \(r.replication)")
            #expect(r.backlogAtHorizon > 0)
            let each = r.each!
            #expect(each.closeHours.count == r.counted && r.counted < r.occurred)
            // The summaries kept instead of the values agree with them.
            #expect(r.close[0].count == r.counted && r.close[0].histogram.count == r.counted)
            #expect(abs(r.close[0].mean - each.closeHours.reduce(0, +) / Double(r.counted)) < 1e-9 * r.close[0].mean)
            #expect(r.close.dropFirst().reduce(0) { $0 + $1.count } == r.counted)
            #expect(r.each!.closeHours.allSatisfy { $0.isFinite && $0 >= 0 })
            #expect(zip(r.each!.closeHours, r.each!.occurrenceToCloseHours).allSatisfy { $0 <= $1 })
            let departmentJobs = groups.indices.filter { if case .department = groups[$0].role { true } else { false } }
                .reduce(0) { $0 + r.groups[$1].jobs }
            #expect(departmentJobs == r.counted)
            // The open count at the first sample after the horizon's last
            // one equals nothing we know, but it never goes negative and
            // never exceeds what occurred.
            #expect(r.openSeries.allSatisfy { $0 >= 0 && $0 <= Double(r.occurred) })
            for (g, group) in groups.enumerated() where !group.isUsed(in: mode) {
                #expect(r.groups[g].stations == 0 && r.groups[g].jobs == 0)
            }
        }
    }

    /// Both modes see the same incidents (kind, time, place, discovery);
    /// with every step between report and department instant and always
    /// open, both modes close every incident at the same moment.
    @Test func bothModesSeeTheSameIncidents() {
        var (s, spec) = Self.district(seed: 8)
        let r = IncidentExperiment.run(s, incidents: spec, modes: [.tiered, .p2p], replications: 0..<3, threads: 2, keepEach: true)
        for (t, p) in zip(r[.tiered]!, r[.p2p]!) {
            #expect(t.occurred == p.occurred && t.each!.kind == p.each!.kind && t.counted == p.counted)
            #expect(t.each!.closeHours != p.each!.closeHours)
        }
        spec.tiered.perLevel = F.levels(handle: .constant(0))
        spec.platform.hours = .always
        spec.platform.triage = .constant(0)
        s.seed = 8
        let same = IncidentExperiment.run(s, incidents: spec, modes: [.tiered, .p2p], replications: 0..<3, threads: 2, keepEach: true)
        for (t, p) in zip(same[.tiered]!, same[.p2p]!) {
            #expect(t.each!.closeHours == p.each!.closeHours)
            #expect(t.each!.occurrenceToCloseHours == p.each!.occurrenceToCloseHours)
        }
    }

    /// Results depend on (scenario, seed, replication) only.
    @Test func resultsDoNotDependOnThreads() {
        let (s, spec) = Self.district(seed: 3)
        let one = IncidentExperiment.run(s, incidents: spec, modes: [.tiered, .p2p], replications: 0..<4, threads: 1)
        let two = IncidentExperiment.run(s, incidents: spec, modes: [.tiered, .p2p], replications: 0..<4, threads: 2)
        #expect(one[.tiered]! == two[.tiered]! && one[.p2p]! == two[.p2p]!)
        let alone = IncidentExperiment.replicate(CompiledIncidents(spec, start: s.start), scenario: s, replication: 2, mode: .p2p)
        #expect(alone == one[.p2p]![2])
    }
}

/// The arrival process.
@Suite struct ArrivalTests {
    typealias F = IncidentFixture

    /// Surge [0, 1, 3] over three days at 0.01 per household per day on
    /// 1,000 households: nothing on day 1 (exactly), Poisson counts of
    /// mean 10 and 30 on days 2 and 3, checked over 400 replications
    /// against the Poisson mean (4 standard errors).
    @Test func dayFactorsScaleAPoissonProcess() {
        var spec = F.stream(perHour: 0, horizon: 3 * 86_400)
        spec.kinds[0].ratePerHouseholdDay = 0.01
        spec.surge = SurgeProfile(factors: [0, 1, 3])
        let s = F.chain(households: 1000)
        let ci = CompiledIncidents(spec, start: s.start)
        let compiled = CompiledScenario(s)
        var counts = [[Double]](repeating: [], count: 3)
        for r in 0..<400 {
            let layout = Experiment.layout(compiled, replication: r)
            let list = IncidentExperiment.incidents(ci, scenario: s, layout: layout, replication: r)
            #expect(list.time.allSatisfy { $0 >= 86_400 && $0 < 3 * 86_400 })
            for d in 0..<3 { counts[d].append(Double(list.time.filter { Int($0 / 86_400) == d }.count)) }
        }
        #expect(counts[0].allSatisfy { $0 == 0 })
        for (d, mean) in [(1, 10.0), (2, 30.0)] {
            let se = (mean / 400).squareRoot()
            #expect(abs(F.mean(counts[d]) - mean) < 4 * se, "day \(d + 1): \(F.mean(counts[d])) vs \(mean)")
            // Poisson: variance equals the mean.
            let v = F.sd(counts[d]) * F.sd(counts[d])
            #expect(abs(v / mean - 1) < 0.25, "day \(d + 1): variance \(v) vs \(mean)")
        }
    }

    /// Households are drawn uniformly: each micro-grid gets incidents in
    /// proportion to its households, and an incident's micro-grid holds
    /// its household.
    @Test func incidentsLandInTheirHouseholdsMicrogrid() {
        let (s, spec) = ConservationTests.district(seed: 4)
        let ci = CompiledIncidents(spec, start: s.start)
        let layout = Experiment.layout(CompiledScenario(s), replication: 0)
        let list = IncidentExperiment.incidents(ci, scenario: s, layout: layout, replication: 0)
        #expect(list.count > 0)
        for i in 0..<list.count {
            let g = Int(list.microgrid[i])
            #expect(layout.householdStart[g] <= list.household[i] && list.household[i] < layout.householdStart[g + 1])
        }
    }
}
