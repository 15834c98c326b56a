import Testing
import MusterEngine
@testable import MusterModel

/// The decomposed engine keeps a household's queue slot, revisit time and
/// attempt count only while its micro-grid (or rebalancing group) is
/// worked, in one window reused part after part. These tests size the
/// window by hand and check that reusing it loses or repeats no household.
@Suite struct ScratchWindowTests {
    /// Micro-grids of very different sizes (1, 400, 0 | 30, 2 | 120
    /// households) under grids g1, g2 (community c1) and g3 (community c2).
    static func uneven(seed: UInt64 = 3) -> Scenario {
        var s = Fixture.beilunLike(seed: seed)
        var units = [LayoutUnit(id: "c", parent: "", level: .city, households: nil),
                     LayoutUnit(id: "d1", parent: "c", level: .district, households: nil),
                     LayoutUnit(id: "s1", parent: "d1", level: .street, households: nil),
                     LayoutUnit(id: "c1", parent: "s1", level: .community, households: nil),
                     LayoutUnit(id: "c2", parent: "s1", level: .community, households: nil),
                     LayoutUnit(id: "g1", parent: "c1", level: .grid, households: nil),
                     LayoutUnit(id: "g2", parent: "c1", level: .grid, households: nil),
                     LayoutUnit(id: "g3", parent: "c2", level: .grid, households: nil)]
        for (grid, sizes) in [("g1", [1, 400, 0]), ("g2", [30, 2]), ("g3", [120])] {
            for (k, n) in sizes.enumerated() {
                units.append(LayoutUnit(id: "\(grid).m\(k + 1)", parent: grid, level: .microgrid, households: n))
            }
        }
        s.layout.source = .units(units)
        s.field.notHome = 0.5
        s.field.maxAttempts = 3
        s.field.revisitAfter = 20 * Fixture.m
        return s
    }

    static let total = 1 + 400 + 0 + 30 + 2 + 120

    static func run(_ s: Scenario, mode: Mode, replication r: Int, engine: EngineKind) -> (ReplicationResult, window: Int, resolved: [Int32], tries: [UInt8]) {
        let compiled = CompiledScenario(s)
        var run = ReplicationRun(compiled: compiled, layout: Experiment.layout(compiled, replication: r),
                                 mode: mode, replication: r)
        let result = engine == .reference ? run.run() : run.runDecomposed()
        return (result, run.field.tries.count, Array(run.field.resolved), Array(run.field.tries))
    }

    /// Tiered relay works one micro-grid at a time; rebalancing works a
    /// whole group (with any micro-grids between its members); the
    /// reference engine works every household at once.
    @Test func windowIsTheLargestPart() {
        let s = Self.uneven()
        #expect(Self.run(s, mode: .tiered, replication: 0, engine: .decomposed).window == 400)
        #expect(Self.run(s, mode: .p2p, replication: 0, engine: .decomposed).window == 400)
        var grid = s
        grid.p2p.rebalance = .grid
        #expect(Self.run(grid, mode: .p2p, replication: 0, engine: .decomposed).window == 1 + 400 + 0)
        var community = s
        community.p2p.rebalance = .community
        #expect(Self.run(community, mode: .p2p, replication: 0, engine: .decomposed).window == 1 + 400 + 0 + 30 + 2)
        #expect(Self.run(s, mode: .tiered, replication: 0, engine: .reference).window == Self.total)
    }

    /// Every household ends visited or unreached exactly once: per
    /// micro-grid the resolved count is its households, over the layout
    /// visited + unreached is every household, and the attempts are those
    /// the reference engine counts household by household.
    @Test(arguments: Rebalance.allCases)
    func householdsAreResolvedExactlyOnce(rebalance: Rebalance) {
        var s = Self.uneven(seed: 17)
        switch rebalance {
        case .none: break
        case .grid: s.p2p.rebalance = .grid
        case .community:
            s.p2p.rebalance = .community
            s.p2p.adoption = 0.5
        }
        let sizes: [Int32] = [1, 400, 0, 30, 2, 120]
        for mode in [Mode.tiered, .p2p] {
            for r in 0..<4 {
                let (d, _, resolved, _) = Self.run(s, mode: mode, replication: r, engine: .decomposed)
                let (ref, _, _, tries) = Self.run(s, mode: mode, replication: r, engine: .reference)
                #expect(resolved == sizes)
                #expect(d.households == Self.total)
                #expect(d.visited + d.unreached == Self.total)
                #expect(tries.allSatisfy { $0 >= 1 && Int($0) <= s.field.maxAttempts })
                #expect(tries.reduce(0) { $0 + Int($1) } == d.attempts)
                #expect(d == ref, "\(mode) \(rebalance) replication \(r)")
            }
        }
    }
}

/// The memory a run plans for (`RunMemory`) covers what a replication
/// actually allocates, and the scratch window saves what it should.
@Suite struct RunMemoryTests {
    static func arenaBytes(_ s: Scenario, mode: Mode, engine: EngineKind) -> (bytes: Int, layout: Layout, part: Int) {
        let compiled = CompiledScenario(s)
        let layout = Experiment.layout(compiled, replication: 0)
        var run = ReplicationRun(compiled: compiled, layout: layout, mode: mode, replication: 0)
        _ = engine == .reference ? run.run() : run.runDecomposed()
        return (run.arena.allocatedBytes, layout, run.field.tries.count)
    }

    /// Same layout, same mode: the reference engine's whole-layout window
    /// costs 4 + 8 + 1 bytes more for every household outside the largest part.
    @Test(arguments: [Mode.tiered, .p2p])
    func windowSavesThirteenBytesAHousehold(mode: Mode) {
        var s = ScratchWindowTests.uneven()
        s.p2p.rebalance = .grid
        let whole = Self.arenaBytes(s, mode: mode, engine: .reference)
        let parts = Self.arenaBytes(s, mode: mode, engine: .decomposed)
        #expect(parts.part == (mode == .p2p ? 401 : 400))
        #expect(whole.bytes - parts.bytes == 13 * (ScratchWindowTests.total - parts.part))
    }

    /// The per-task estimate, given the drawn layout's own sizes, bounds the
    /// arena (the per-person, per-household and per-micro-grid state), the
    /// layout's arrays, the relay's per-unit arrays and the result's
    /// per-micro-grid arrays; on a tree of one-household micro-grids too,
    /// where the per-micro-grid part dominates.
    @Test(arguments: [1, 65])
    func estimateCoversWhatAReplicationHolds(households: Int) {
        var s = Fixture.beilunLike(seed: 4)
        s.layout.households = .fixed(households)
        s.p2p.rebalance = .community
        for mode in [Mode.tiered, .p2p] {
            let (arena, layout, part) = Self.arenaBytes(s, mode: mode, engine: .decomposed)
            let units = layout.unitCount, m = layout.microgridCount
            let layoutBytes = units * (1 + 4 + 4) + m * 4 * 4 + 4
            let relayBytes = units * (MemoryLayout<Resource<RelayJob>>.stride + 4 + 7 * 8) + m * 8
            let resultBytes = m * (8 + 8 + 1)
            let persons = layout.microgridCount * (s.team.heads + s.team.members) + layout.volunteers.reduce(0) { $0 + Int($1) }
            let estimate = RunMemory.taskBytes(households: Double(layout.totalHouseholds), microgrids: Double(m),
                                               persons: Double(persons), largestPart: Double(part))
            #expect(Double(arena + layoutBytes + relayBytes + resultBytes) <= estimate, "\(mode), \(households) a micro-grid")
            // …and not by a wide margin: the estimate is of the state, not a blanket.
            #expect(estimate <= 2 * Double(arena + layoutBytes + relayBytes + resultBytes))
        }
    }
}
