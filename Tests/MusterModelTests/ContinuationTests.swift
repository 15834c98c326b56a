import Testing
import MusterEngine
@testable import MusterModel

/// Continuing an order from its log (`ReplicationRun+Continuation`): the
/// plain replication when nothing is seen, the log's own times when all is
/// seen, hand-computed relay continuations, and a conditional law in
/// closed form.
@Suite struct ContinuationTests {
    /// `s` with its fan-out layout drawn once and given as a fixed tree.
    static func fixedTree(_ s: Scenario) -> Scenario {
        let layout = Layout.draw(s.layout, team: s.team, scope: ["city"],
                                 stream: RandomStream.sequential(key: StreamKey(seed: 99).value))
        let ids = layout.ids!
        var units: [LayoutUnit] = []
        for u in 0..<layout.unitCount {
            let g = Int(layout.microgridOf[u])
            units.append(LayoutUnit(id: ids[u], parent: layout.parent[u] < 0 ? "" : ids[Int(layout.parent[u])],
                                    level: layout.level[u], households: g >= 0 ? Int(layout.households[g]) : nil))
        }
        var t = s
        t.layout = LayoutSpec(source: .units(units), households: s.layout.households)
        return t
    }

    static func variants() -> [(Scenario, Mode)] {
        let base = fixedTree(Fixture.beilunLike(seed: 11))
        var adoption = base
        adoption.p2p.adoption = 0.6
        var rebalance = base
        rebalance.p2p.rebalance = .grid
        return [(base, .tiered), (base, .p2p), (adoption, .p2p), (rebalance, .p2p)]
    }

    @Test func nothingSeenAtIssueIsThePlainReplication() {
        for (s, mode) in Self.variants() {
            let c = CompiledScenario(s)
            for r in 0..<3 {
                let plain = Experiment.replicate(c, replication: r, mode: mode)
                let empty = OrderObservation(now: 0, microgrids: plain.microgridDone.count)
                let (continued, tally) = Experiment.continueOrder(c, replication: r, mode: mode, observation: empty)
                #expect(continued == plain, "\(mode) adoption \(s.p2p.adoption) rebalance \(s.p2p.rebalance), replication \(r)")
                #expect(tally == ContinuationTally())
            }
        }
    }

    /// Just after issue nothing can have happened (every relay job and
    /// acknowledgement takes longer than a few milliseconds): the first
    /// try of every conditioned path is the plain replication's, and fits.
    @Test func emptyLogJustAfterIssueIsThePlainReplication() {
        for (s, mode) in Self.variants() {
            let c = CompiledScenario(s)
            for r in 0..<3 {
                let plain = Experiment.replicate(c, replication: r, mode: mode)
                let empty = OrderObservation(now: 1e-6, microgrids: plain.microgridDone.count)
                let (continued, tally) = Experiment.continueOrder(c, replication: r, mode: mode, observation: empty)
                #expect(continued == plain, "\(mode), replication \(r)")
                #expect(tally.fallbackMicrogrids == 0 && tally.relayRetries == 0)
            }
        }
    }

    /// A log read after its last event: every micro-grid comes back done
    /// at its logged time, so the last one done is the log's, exactly.
    @Test func logAfterItsLastEventIsItsOwnCompletion() {
        for (s, mode) in Self.variants() {
            let c = CompiledScenario(s)
            let truth = Experiment.replicate(c, replication: 5, mode: mode)
            let last = truth.microgridDone.max()!
            let seen = OrderObservation(truth, at: last + 0.5)
            for r in 0..<3 {
                let (f, _) = Experiment.continueOrder(c, replication: r, mode: mode, observation: seen)
                #expect(f.microgridDone == truth.microgridDone)
                #expect(f.microgridDone.max()! == last)
                // The centre sees it `sync` (0 here) later, or after the reports
                // up (the model's seconds, so within a rounding of the hours).
                #expect(f.orderComplete >= last - 1e-9)
                if mode == .p2p && s.p2p.adoption == 1 { #expect(abs(f.orderComplete - last) < 1e-9) }
            }
        }
    }

    /// Mid-way: what the log shows stays as logged; everything else happens
    /// after `now`.
    @Test func theLogStaysAndTheRestComesAfterNow() {
        for (s, mode) in Self.variants() {
            let c = CompiledScenario(s)
            let truth = Experiment.replicate(c, replication: 7, mode: mode)
            let sorted = truth.microgridDone.sorted()
            let now = sorted[sorted.count / 2]
            let seen = OrderObservation(truth, at: now)
            for r in 0..<4 {
                let (f, _) = Experiment.continueOrder(c, replication: r, mode: mode, observation: seen)
                for g in 0..<seen.microgridCount {
                    if !seen.done[g].isNaN {
                        #expect(f.microgridDone[g] == seen.done[g])
                    } else {
                        // (A fallback finishes at now, in the model's seconds.)
                        #expect(f.microgridDone[g] >= now - 1e-9, "micro-grid \(g) done at \(f.microgridDone[g]) before now \(now)")
                    }
                    if !seen.notified[g].isNaN {
                        #expect(f.notified[g] == seen.notified[g])
                    } else if seen.done[g].isNaN {
                        #expect(f.notified[g] >= now - 1e-9, "micro-grid \(g) notified at \(f.notified[g]) before now \(now)")
                    }
                }
            }
        }
    }

    /// The first active person of an app team, drawn again for
    /// conditioning, is the plain run's.
    @Test func firstActivationIsThePlainRunsNotification() {
        let s = Self.fixedTree(Fixture.beilunLike(seed: 3))
        let c = CompiledScenario(s)
        for r in 0..<3 {
            let plain = Experiment.replicate(c, replication: r, mode: .p2p)
            let run = ReplicationRun(compiled: c, layout: Experiment.layout(c, replication: r), mode: .p2p, replication: r)
            for g in 0..<plain.notified.count {
                #expect(run.firstActivation(g) * (1.0 / 3600) == plain.notified[g])
            }
        }
    }

    /// Two households, one worker, exponential visits of an hour, nothing
    /// else takes time: done = X1 + X2 ~ Gamma(2, 1 h). Given not done by
    /// t = 1 h, E[done] = (t² + 2t + 2)/(t + 1) = 2.5 h (against 2 h
    /// unconditioned): the rejection keeps the right paths.
    @Test func conditionedFieldWorkFollowsTheConditionalLaw() {
        var s = Fixture.single(households: 2, visit: .exponential(mean: 3600))
        s.layout = LayoutSpec(source: .units([
            LayoutUnit(id: "city", parent: "", level: .city, households: nil),
            LayoutUnit(id: "m", parent: "city", level: .microgrid, households: 2),
        ]), households: .fixed(2))
        let c = CompiledScenario(s)
        let seen = OrderObservation(now: 1, notified: [0], done: [.nan])
        let n = 4000
        var sum = 0.0, sumSq = 0.0, fallbacks = 0
        for r in 0..<n {
            let (f, t) = Experiment.continueOrder(c, replication: r, mode: .tiered, observation: seen)
            let d = f.microgridDone[0]
            #expect(d > 1)
            sum += d; sumSq += d * d
            fallbacks += t.fallbackMicrogrids
        }
        let mean = sum / Double(n)
        let se = ((sumSq / Double(n) - mean * mean) / Double(n)).squareRoot()
        #expect(abs(mean - 2.5) < 4 * se, "mean \(mean), se \(se)")
        #expect(fallbacks == 0)
    }

    /// city › grid g (sequential, 30 min a notify, always open) › m1, m2,
    /// m3 (instant field work). The log shows m1 notified at 1 h; read at
    /// 1.25 h, the grid has passed the order on to m1 only, so it phones
    /// m2 from now (1.75 h) and then m3 (2.25 h); m1 stays at 1 h.
    @Test func aUnitPassesTheOrderOnFromNow() {
        var s = Fixture.single(households: 1, visit: .constant(0))
        s.layout = LayoutSpec(source: .units([
            LayoutUnit(id: "city", parent: "", level: .city, households: nil),
            LayoutUnit(id: "g", parent: "city", level: .grid, households: nil),
            LayoutUnit(id: "m1", parent: "g", level: .microgrid, households: 1),
            LayoutUnit(id: "m2", parent: "g", level: .microgrid, households: 1),
            LayoutUnit(id: "m3", parent: "g", level: .microgrid, households: 1),
        ]), households: .fixed(1))
        s.tiered.levels = [.city, .grid]
        s.tiered.perLevel = Fixture.relay(handle: .constant(1800), notify: .constant(1800))
        let c = CompiledScenario(s)
        // The plain order: city handles to 0.5 h, phones g (1 h), g handles
        // to 1.5 h and phones m1 (2 h), m2 (2.5 h), m3 (3 h).
        let plain = Experiment.replicate(c, replication: 0, mode: .tiered)
        #expect(plain.notified.map(minutes) == [120, 150, 180])
        let seen = OrderObservation(now: 1.25, notified: [1, .nan, .nan], done: [.nan, .nan, .nan])
        let (f, tally) = Experiment.continueOrder(c, replication: 0, mode: .tiered, observation: seen)
        #expect(f.notified.map(minutes) == [60, 105, 135])
        // m1's one household takes no time: every path is done at once,
        // before now, so it falls back to done at now.
        #expect(f.microgridDone.map(minutes) == [75, 105, 135])
        #expect(tally.fallbackMicrogrids == 1)
        // With nothing seen at 1.25 h the relay is simulated from issue and
        // fits (m1 is reached at 2 h): the plain order.
        let (g, _) = Experiment.continueOrder(c, replication: 0, mode: .tiered,
                                              observation: OrderObservation(now: 1.25, microgrids: 3))
        #expect(g == plain)
        // Seen nothing at 2.25 h: no relay path fits (every try is the same
        // constant path, m1 at 2 h), so the teams the relay reached by now
        // get the order at now instead; the later ones keep their times.
        let (h, t2) = Experiment.continueOrder(c, replication: 0, mode: .tiered,
                                               observation: OrderObservation(now: 2.25, microgrids: 3), maxTries: 3)
        #expect(t2.relayFallback)
        #expect(h.notified.map(minutes) == [135, 150, 180])
    }
}
