import Testing
@testable import MusterScenario
@Test func zzPrintAll() {
    for c in brokenScenarios {
        print("== \(c.name)")
        for i in issues(c.yaml, file: "broken.yaml") { print("   \(i)") }
    }
    for i in issues(minimalScenario, overrides: ["fieldnot_home", "field.visit={dist: ", "field.visit.mean=3m", "x.y=1", "tiered.levels=[city, microgrid]", "seed=99999999999999999999"]) { print("   \(i)") }
    for i in issues("- a\n- b") { print("   \(i)") }
    for i in issues("a: [1, 2\nb: 3") { print("   \(i)") }
    for i in issues("layout:\n  fanout: {district: 1, street: 1.5, community: {min: 1}, grid: {dist: poisson}, microgrid: {min: 1, max: 2, mean: 3}}\nteam:\n  volunteer_speed: 0\nfield:\n  hours: daily 07:00-07:00\n  visit: {mean: 5m}\n  travel: {dist: gamma, shape: 0, scale: 0s}") { print("   \(i)") }
}
