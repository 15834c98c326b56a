// A plain release-mode benchmark of the engine's core operations
// (schedule/pop, calendar lookups, random draws), to track them over time:
//   swift run -c release muster-engine-bench
import MusterBench

for r in EngineOps.measureAll() {
    let ns = (r.nanosecondsPerOp * 10).rounded() / 10
    print("\(ns) ns\t\(r.name)")
}
