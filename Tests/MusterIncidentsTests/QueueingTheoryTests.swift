import Foundation
import MusterEngine
import MusterModel
import MusterNumerics
import Testing
@testable import MusterIncidents

/// Poisson arrivals, exponential service, c handlers, calendars always
/// open: the simulated steady state must agree with queueing theory.
///
/// Each check runs independent replications with warm-up deletion and asks
/// that the 99 % t-interval of the per-replication means contain the exact
/// value (a dozen comparisons at 1 % each keep the chance of a false
/// alarm near 10 % for a new seed; the seeds are fixed, so a run is
/// repeatable), and that the interval be narrow — half-width under 20 % of
/// the exact value, and excluding a plausible wrong answer where there is
/// one — so a wrong model cannot pass by producing noise.
@Suite struct QueueingTheoryTests {
    typealias F = IncidentFixture
    static let horizon = 5000 * 3600.0
    static let warmup = 100 * 3600.0
    static let replications = 16

    /// Runs `spec` on the single-chain layout and returns the results.
    static func run(_ spec: IncidentSpec, mode: Mode, seed: UInt64) -> [IncidentReplicationResult] {
        IncidentExperiment.run(F.chain(seed: seed), incidents: spec, modes: [mode],
                               replications: 0..<replications, threads: 2)[mode]!
    }

    /// Index of a group by name.
    static func group(_ spec: IncidentSpec, _ name: String) -> Int {
        StationGroup.groups(of: spec).firstIndex { $0.name == name }!
    }

    /// The closed form itself, against values worked by hand:
    /// M/M/1 at a = 0.5 waits with probability 0.5; M/M/2 at a = 1:
    /// C = (1/2·2/1)/(1 + 1 + 1) = 1/3.
    @Test func erlangCFormula() {
        #expect(abs(Queueing.erlangC(servers: 1, load: 0.5) - 0.5) < 1e-12)
        #expect(abs(Queueing.erlangC(servers: 2, load: 1) - 1.0 / 3) < 1e-12)
        // M/M/1: Wq = ρ/(μ − λ).
        #expect(abs(Queueing.meanWait(servers: 1, arrival: 0.6, service: 1) - 1.5) < 1e-12)
    }

    /// A single M/M/c station (the point-to-point platform) at load 0.6:
    /// mean wait = Erlang C.
    @Test(arguments: [1, 2, 3])
    func singleStationAgreesWithErlangC(servers c: Int) {
        let mu = 1.0  // per hour
        let lambda = 0.6 * Double(c) * mu
        let spec = F.stream(perHour: lambda, horizon: Self.horizon, warmup: Self.warmup,
                            triage: .exponential(mean: 3600 / mu), platformHandlers: c)
        let results = Self.run(spec, mode: .p2p, seed: UInt64(100 + c))
        let g = Self.group(spec, "platform")
        let waits = results.map { $0.groups[g].meanWaitHours }
        let exact = Queueing.meanWait(servers: c, arrival: lambda, service: mu)
        let ci = F.interval(waits)
        #expect(ci.low <= exact && exact <= ci.high, "c=\(c): Erlang C \(exact) h, simulated \(F.mean(waits)) ± \(ci.half)")
        #expect(ci.half < 0.2 * exact, "interval too wide to discriminate: ± \(ci.half) around \(exact)")
        if c > 1 {
            // One server c times as fast is the classic wrong answer.
            let pooled = Queueing.meanWait(servers: 1, arrival: lambda, service: Double(c) * mu)
            #expect(pooled < ci.low || pooled > ci.high, "cannot tell M/M/\(c) from M/M/1 at cμ")
        }
        // The time-average queue is Lq = λ·Wq (Little).
        let window = (Self.horizon - Self.warmup) / 3600
        let queues = results.map { $0.groups[g].queueArea / window }
        let q = F.interval(queues)
        #expect(q.low <= lambda * exact && lambda * exact <= q.high, "c=\(c): Lq \(lambda * exact), simulated \(F.mean(queues)) ± \(q.half)")
        // The wait's 90th percentile, from the pooled histograms with its
        // sectioning interval: P(W > t) = C·e^(−(cμ − λ)t) in M/M/c.
        let waitStats = SectionedStatistics(samples: results.map { $0.groups[g].wait })
        let erlang = Queueing.erlangC(servers: c, load: lambda / mu)
        let p90 = erlang > 0.1 ? log(erlang / 0.1) / (Double(c) * mu - lambda) : 0
        let band = waitStats.figures.p90CI
        #expect(band.low <= p90 && p90 <= band.high, "c=\(c): p90 wait \(p90) h, simulated \(waitStats.figures.p90) (\(band.low)–\(band.high))")
        // The utilisation and offered load measured (λ/μ Erlangs).
        let offered = F.interval(results.map { $0.groups[g].byKind[0].serviceHours / window })
        #expect(offered.low <= lambda / mu && lambda / mu <= offered.high, "offered load \(offered)")
        // Utilisation (busy time over capacity) is ρ.
        let util = results.map { $0.groups[g].utilisation }
        let u = F.interval(util)
        #expect(u.low <= 0.6 && 0.6 <= u.high, "utilisation \(F.mean(util)) ± \(u.half)")
    }
}

/// Networks of queues.
@Suite struct JacksonNetworkTests {
    typealias F = IncidentFixture

    /// Two M/M/c stations in tandem (Burke: the first one's departures are
    /// Poisson, so each behaves as an M/M/c on its own): λ = 0.6/h, first
    /// station c = 1, mean 1 h (ρ = 0.6), second c = 2, mean 2 h (ρ = 0.6).
    /// Waits 1.5 h and C(2, 1.2)/(1 − 0.6) = 0.45/0.4 = 1.125 h; with no
    /// discovery or confirmation delay, the close time is the sojourn
    /// 1.5 + 1 + 1.125 + 2 = 5.625 h.
    ///
    /// Point-to-point: platform → department. Tiered: grid → community
    /// (the report's reach), then a department with no work.
    @Test(arguments: [Mode.p2p, Mode.tiered])
    func tandemAgreesWithJackson(mode: Mode) {
        let lambda = 0.6
        let first = Distribution.exponential(mean: 3600), second = Distribution.exponential(mean: 7200)
        var spec = F.stream(perHour: lambda, horizon: QueueingTheoryTests.horizon, warmup: QueueingTheoryTests.warmup)
        let names: (String, String)
        switch mode {
        case .p2p:
            spec.platform.triage = first
            spec.kinds[0].dispose = second
            spec.departments[0].handlers = 2
            names = ("platform", "d")
        case .tiered:
            spec.tiered.levels = [.community, .grid]
            spec.kinds[0].reach = .community
            spec.tiered.perLevel[.grid] = IncidentLevelSpec(handlers: 1, hours: .always, handle: first)
            spec.tiered.perLevel[.community] = IncidentLevelSpec(handlers: 2, hours: .always, handle: second)
            names = ("grid", "community")
        }
        let results = IncidentExperiment.run(F.chain(seed: mode == .p2p ? 11 : 12), incidents: spec, modes: [mode],
                                             replications: 0..<QueueingTheoryTests.replications, threads: 2)[mode]!
        let w1 = Queueing.meanWait(servers: 1, arrival: lambda, service: 1)
        let w2 = Queueing.meanWait(servers: 2, arrival: lambda, service: 0.5)
        // The second station's classic wrong answer: one handler twice as fast.
        let pooled = Queueing.meanWait(servers: 1, arrival: lambda, service: 1)
        let checks: [(String, [Double], Double, Double?)] = [
            (names.0, results.map { $0.groups[QueueingTheoryTests.group(spec, names.0)].meanWaitHours }, w1, nil),
            (names.1, results.map { $0.groups[QueueingTheoryTests.group(spec, names.1)].meanWaitHours }, w2, pooled),
            ("sojourn", results.map { $0.close[0].mean }, w1 + 1 + w2 + 2, w1 + 1 + pooled + 2),
        ]
        for (name, values, exact, wrong) in checks {
            let ci = F.interval(values)
            #expect(ci.low <= exact && exact <= ci.high, "\(mode) \(name): exact \(exact) h, simulated \(F.mean(values)) ± \(ci.half)")
            #expect(ci.half < 0.2 * exact, "\(mode) \(name): interval too wide: ± \(ci.half) around \(exact)")
            if let wrong { #expect(wrong < ci.low || wrong > ci.high, "\(mode) \(name): cannot tell \(exact) from \(wrong)") }
        }
        #expect(abs(w1 - 1.5) < 1e-12 && abs(w2 - 1.125) < 1e-12)
    }

    /// Non-pre-emptive priority on c = 2 handlers (Cobham's formula with the
    /// M/M/c waiting probability): two kinds at 0.6/h each, service 1 h,
    /// so a = 1.2, ρ = 0.6 and C(2, 1.2) = 0.45; W0 = C/(cμ) = 0.225 h.
    /// Urgent waits W0/(1 − 0.3) = 0.321 h, routine W0/((1 − 0.3)(1 − 0.6))
    /// = 0.804 h; FIFO would give both C/(cμ − λ) = 0.5625 h. Checked on
    /// the summaries the run keeps (mean wait per kind at the department,
    /// and close time = wait + 1 h).
    @Test func priorityOnTwoHandlersAgreesWithCobham() {
        var spec = F.stream(perHour: 0.6, horizon: QueueingTheoryTests.horizon, warmup: QueueingTheoryTests.warmup,
                            dispose: .exponential(mean: 3600), departmentHandlers: 2)
        spec.departments[0].queue = .priority
        spec.kinds[0].name = "routine"
        spec.kinds[0].priority = 2
        var urgent = spec.kinds[0]
        urgent.name = "urgent"
        urgent.priority = 1
        spec.kinds.append(urgent)
        let results = IncidentExperiment.run(F.chain(seed: 22), incidents: spec, modes: [.p2p],
                                             replications: 0..<QueueingTheoryTests.replications, threads: 2)[.p2p]!
        let c = Queueing.erlangC(servers: 2, load: 1.2)
        #expect(abs(c - 0.45) < 1e-12)
        let w0 = c / 2
        let d = QueueingTheoryTests.group(spec, "d")
        for (k, exact) in [(0, w0 / (0.7 * 0.4)), (1, w0 / 0.7)] {
            let waits = results.map { $0.groups[d].byKind[k].meanWaitHours }
            let ci = F.interval(waits)
            #expect(ci.low <= exact && exact <= ci.high, "kind \(k): Cobham \(exact) h, simulated \(F.mean(waits)) ± \(ci.half)")
            #expect(0.5625 < ci.low || 0.5625 > ci.high, "kind \(k): cannot tell priority from FIFO")
            let close = F.interval(results.map { $0.close[k + 1].mean })
            #expect(close.low <= exact + 1 && exact + 1 <= close.high, "kind \(k): close \(close)")
        }
    }

    /// Non-pre-emptive priority, M/M/1 (Cobham): two kinds at 0.3/h each,
    /// service 1 h, kind "urgent" first. W0 = Σλ·E[S²]/2 = 0.6 h;
    /// urgent waits W0/(1 − 0.3) = 0.857 h, routine W0/((1 − 0.3)(1 − 0.6))
    /// = 2.143 h (FIFO would give both 1.5 h). Close = wait + 1 h.
    @Test func priorityQueueAgreesWithCobham() {
        var spec = F.stream(perHour: 0.3, horizon: QueueingTheoryTests.horizon, warmup: QueueingTheoryTests.warmup,
                            dispose: .exponential(mean: 3600))
        spec.departments[0].queue = .priority
        spec.kinds[0].name = "routine"
        spec.kinds[0].priority = 2
        var urgent = spec.kinds[0]
        urgent.name = "urgent"
        urgent.priority = 1
        spec.kinds.append(urgent)
        let results = IncidentExperiment.run(F.chain(seed: 21), incidents: spec, modes: [.p2p],
                                             replications: 0..<QueueingTheoryTests.replications, threads: 2)[.p2p]!
        let w0 = 0.6
        for (k, exact) in [(0, w0 / (0.7 * 0.4) + 1), (1, w0 / 0.7 + 1)] {
            let values = results.map { $0.close[k + 1].mean }
            let ci = F.interval(values)
            #expect(ci.low <= exact && exact <= ci.high, "kind \(k): Cobham \(exact) h, simulated \(F.mean(values)) ± \(ci.half)")
            #expect(2.5 < ci.low || 2.5 > ci.high, "kind \(k): cannot tell priority from FIFO")
        }
    }
}
