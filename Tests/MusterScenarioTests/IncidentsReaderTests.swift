import Foundation
import MusterEngine
import MusterIncidents
import MusterModel
import Testing
@testable import MusterScenario

/// A small scenario with an incidents section; the section starts on
/// line 3 (line 1–2: the layout).
let incidentsBase = """
layout:
  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}
incidents:
  kinds:
    hazard: {rate: 0.001, department: emergency, reach: street, limit: 12h, priority: 1}
    dispute: {rate: 0.0005, department: mediation, reach: community, surge: []}
  departments:
    emergency: {handlers: 4, office_hours: always, queue: priority}
    mediation: {handlers: 1}

"""

@Suite struct IncidentsReaderTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedTyphoonScenarioLoads() throws {
        let path = Self.packageRoot.appendingPathComponent("scenarios/typhoon.yaml").path
        let d = try ScenarioLoader.loadDocument(path: path)
        #expect(d.simulate == [.incidents])
        let inc = try #require(d.incidents)
        #expect(inc.horizon == 7 * 86_400)
        #expect(inc.surge.factors == [1, 1, 10, 10, 1, 1, 1])
        #expect(inc.kinds.map(\.name) == ["hazard", "repair", "dispute"])
        #expect(inc.kinds[2].surge == .flat)
        #expect(inc.kinds[0].surge == nil)
        #expect(inc.departments.map(\.name) == ["emergency", "works", "mediation"])
        #expect(inc.departments[0].queue == .priority && inc.departments[1].queue == .fifo)
        #expect(inc.tiered.levels == [.street, .community, .grid])
        // Community handling inherits the order's office (tiered.default).
        #expect(inc.tiered.perLevel[.community]?.handlers == 1)
        #expect(inc.tiered.perLevel[.community]?.hours.text == "Mon-Fri 08:30-17:30")
        #expect(inc.tiered.perLevel[.street]?.handlers == 3)
        #expect(inc.tiered.perLevel[.grid]?.hours.text == "daily 08:00-20:00")
        #expect(inc.platform == PlatformSpec(level: .street, handlers: 1, hours: .always, triage: .exponential(mean: 600)))
        // The plain loader still accepts the file and returns the order part.
        #expect(try ScenarioLoader.load(path: path).name == "typhoon")
    }

    @Test func defaultsAndWhatIsSimulated() throws {
        let d = try ScenarioLoader.loadDocument(yaml: incidentsBase, file: "x.yaml")
        #expect(d.simulate == [.incidents])
        let inc = try #require(d.incidents)
        #expect(inc.horizon == 7 * 86_400 && inc.warmup == 0 && inc.sampleEvery == 3600)
        #expect(inc.kinds[1].reach == .community && inc.kinds[1].limit == 86_400 && inc.kinds[1].priority == 1)
        #expect(inc.kinds[1].discover == .exponential(mean: 3600))
        #expect(inc.departments[1].hours.text == "Mon-Fri 08:30-17:30")
        // Without incidents.tiered.levels, the order's relay levels.
        #expect(inc.tiered.levels == Level.relayLevels)
        #expect(inc.tiered.perLevel[.grid]?.handle == .lognormal(mean: 1800, sd: 1200))

        let order = try ScenarioLoader.loadDocument(yaml: minimalScenario, file: "x.yaml")
        #expect(order.simulate == [.order] && order.incidents == nil)
        let both = try ScenarioLoader.loadDocument(yaml: incidentsBase + "simulate: [incidents, order]", file: "x.yaml")
        #expect(both.simulate == [.order, .incidents])
    }

    @Test func overridesReachTheIncidentsSection() throws {
        let d = try ScenarioLoader.loadDocument(yaml: incidentsBase, file: "x.yaml", overrides: [
            "incidents.kinds.hazard.rate=0.002", "incidents.surge=[1, 5]", "incidents.departments.emergency.handlers=9",
            "simulate=order", "incidents.tiered.street.handle=10m",
        ])
        let inc = try #require(d.incidents)
        #expect(inc.kinds[0].ratePerHouseholdDay == 0.002)
        #expect(inc.surge.factors == [1, 5])
        #expect(inc.departments[0].handlers == 9)
        #expect(inc.tiered.perLevel[.street]?.handle == .constant(600))
        #expect(d.simulate == [.order])
        let bad = issues(incidentsBase, overrides: ["incidents.kinds.hazard.rate=-1"])
        #expect(bad.count == 1 && bad[0].file == "--set" && bad[0].key == "incidents.kinds.hazard.rate")
    }

    /// Broken incident sections, each refused at its key and line.
    @Test(arguments: [
        ("unknown kind key", "incidents.kinds.hazard.rat", 5, "    hazard: {rate: 0.001, department: emergency, reach: street, limit: 12h, priority: 1}",
         "    hazard: {rat: 0.001, rate: 0.001, department: emergency}"),
        ("unknown department", "incidents.kinds.dispute.department", 6, "department: mediation, reach", "department: mediaton, reach"),
        ("reach a micro-grid", "incidents.kinds.dispute.reach", 6, "reach: community", "reach: microgrid"),
        ("negative rate", "incidents.kinds.hazard.rate", 5, "rate: 0.001", "rate: -0.001"),
        ("bad queue", "incidents.departments.emergency.queue", 8, "queue: priority", "queue: lifo"),
        ("reserved department name", "incidents.departments.street", 10, "    mediation: {handlers: 1}", "    mediation: {handlers: 1}\n    street: {handlers: 1}"),
        ("zero handlers", "incidents.departments.mediation.handlers", 9, "mediation: {handlers: 1}", "mediation: {handlers: 0}"),
        ("limit of zero", "incidents.kinds.hazard.limit", 5, "limit: 12h", "limit: 0s"),
        ("priority of zero", "incidents.kinds.hazard.priority", 5, "priority: 1}", "priority: 0}"),
        ("surge not a list", "incidents.kinds.dispute.surge", 6, "surge: []", "surge: 10"),
    ] as [(String, String, Int, String, String)])
    func brokenIncidentIsRefusedAtItsKey(name: String, key: String, line: Int, from: String, to: String) {
        let yaml = incidentsBase.replacingOccurrences(of: from, with: to)
        #expect(yaml != incidentsBase, "\(name): the edit did not apply")
        let found = issues(yaml)
        let match = found.first { $0.key == key || $0.key.hasPrefix(key + ".") }
        #expect(match != nil, "\(name): expected an issue at \(key); got \(found.map(\.description))")
        #expect(match?.line == line, "\(name): \(String(describing: match))")
        for i in found { #expect(i.message.count > 20, "terse message: \(i)") }
    }

    @Test func sectionLevelProblems() {
        let missing = issues("""
            layout:
              fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}
            incidents:
              horizon: 2d
              warmup: 3d
              surge: [1, -2]
            """)
        let keys = Set(missing.map(\.key))
        #expect(keys.isSuperset(of: ["incidents.kinds", "incidents.departments", "incidents.warmup", "incidents.surge"]), "\(missing)")
        let noSection = issues(minimalScenario + "\nsimulate: incidents")
        #expect(noSection.count == 1 && noSection[0].key == "simulate" && noSection[0].message.contains("no incidents section"))
        let unknown = issues(minimalScenario + "\nsimulate: both")
        #expect(unknown.count == 1 && unknown[0].message.contains("allowed: order, incidents"))
    }
}
