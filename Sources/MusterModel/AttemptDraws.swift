import MusterEngine

/// The random outcome of household attempts (docs/model.md, "Field work" and "Random numbers and pairing"): each
/// attempt's not-home uniform, travel and visit come from a substream keyed
/// by (seed, replication, household, attempt number), never by the worker
/// or the mode.
///
/// An outcome is one signed duration: travel plus visit when someone is
/// home, minus the travel when nobody is (−0 for a zero travel, so the sign
/// bit, not the value, tells them apart). Worker speed divides it later.
///
/// Because the draws do not depend on the mode, every household's first
/// attempt can be drawn once per replication and shared by all modes
/// (`FirstAttempts`); later attempts are drawn when they happen.
struct AttemptDraws: Sendable {
    let householdKey: StreamKey
    let notHomeProbability: Double
    let travel: Distribution.Sampler
    let visit: Distribution.Sampler

    init(_ compiled: CompiledScenario, replication: Int) {
        householdKey = compiled.key(replication: replication).child(DrawFamily.household.rawValue)
        notHomeProbability = compiled.scenario.field.notHome
        travel = compiled.travel
        visit = compiled.visit
    }

    /// The outcome of attempt `k` (0-based) at household `h`.
    @inline(__always)
    func outcome(household h: Int, attempt k: Int, rng: RandomStream) -> Double {
        rng.reseed(householdKey.child(UInt64(h) &* 64 &+ UInt64(k)).value)
        // Draw order within the attempt's substream: not-home uniform,
        // travel, visit. A not-home attempt never needs its visit draw, and
        // skipping it changes no other number (each attempt has its own key).
        let u = rng.uniform()
        let t = travel.sample(rng)
        return u < notHomeProbability ? -t : t + visit.sample(rng)
    }
}

/// Every household's first-attempt outcome in one replication, drawn in one
/// tight pass (independent draws overlap in the processor, where inside the
/// event loop each waited for the last) and shared, read-only, by the modes
/// simulated on the same layout.
public struct FirstAttempts: Sendable {
    let outcomes: [Double]

    /// Draws the first attempt of each of `layout`'s households.
    public init(_ compiled: CompiledScenario, replication: Int, layout: Layout) {
        let draws = AttemptDraws(compiled, replication: replication)
        let rng = RandomStream.keyed()
        let n = layout.totalHouseholds
        outcomes = [Double](unsafeUninitializedCapacity: n) { buf, count in
            for h in 0..<n { buf[h] = draws.outcome(household: h, attempt: 0, rng: rng) }
            count = n
        }
    }
}
