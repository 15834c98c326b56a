import CGSL
import Testing
import MusterEngine

@Suite("RandomStream")
struct RandomStreamTests {
    @Test func sameKeySameSequence() {
        let a = RandomStream.sequential(key: 77)
        let b = RandomStream.sequential(key: 77)
        let xs = (0..<1_000).map { _ in a.uniform() }
        let ys = (0..<1_000).map { _ in b.uniform() }
        #expect(xs == ys)
    }

    @Test func differentKeysDifferentSequences() {
        for (k1, k2) in [(0, 1), (1, 2), (77, 78), (1 << 32, 1 << 33)] as [(UInt64, UInt64)] {
            let a = RandomStream.sequential(key: k1)
            let b = RandomStream.sequential(key: k2)
            let xs = (0..<20).map { _ in a.uniform() }
            let ys = (0..<20).map { _ in b.uniform() }
            #expect(xs != ys, "keys \(k1), \(k2)")
            #expect(zip(xs, ys).filter { $0 == $1 }.count == 0)
        }
    }

    /// Keys are 64-bit, so two keys that differ only in the high half of
    /// their mixed value must still name different sequential streams.
    /// GSL's MT19937 seeding keeps only the low 32 bits of the seed
    /// (`mt[0] = s & 0xffffffffUL` in gsl/rng/mt.c).
    @Test func sequentialKeysUseAll64Bits() {
        let key1: UInt64 = 1
        let mixed1 = muster_mix64(key1)
        let key2 = unmix64(mixed1 ^ (1 << 40))           // mixed value differs in bit 40 only
        #expect(key2 != key1)
        #expect(muster_mix64(key2) == mixed1 ^ (1 << 40))
        let a = RandomStream.sequential(key: key1)
        let b = RandomStream.sequential(key: key2)
        let xs = (0..<20).map { _ in a.uniform() }
        let ys = (0..<20).map { _ in b.uniform() }
        #expect(xs != ys)
    }

    /// The stronger form: keys whose mixed values differ in two bits 32
    /// apart, which XOR-folding the key into a 32-bit seed would send to the
    /// same stream. The whole key seeds the state, so they differ.
    @Test func sequentialKeysDifferingAnywhereGiveDifferentStreams() {
        let key1: UInt64 = 1
        let mixed2 = muster_mix64(key1) ^ (1 << 40) ^ (1 << 8)
        let key2 = unmix64(mixed2)
        #expect(key2 != key1)
        let a = RandomStream.sequential(key: key1)
        let b = RandomStream.sequential(key: key2)
        let xs = (0..<20).map { _ in a.uniform() }
        let ys = (0..<20).map { _ in b.uniform() }
        #expect(xs != ys, "keys \(key1) and \(key2)")
    }

    @Test func unmix64InvertsMix64() {
        var rng = TestRNG(seed: 3)
        for _ in 0..<1_000 {
            let x = rng.next()
            #expect(unmix64(muster_mix64(x)) == x)
        }
    }

    /// A keyed stream put back where it was repeats what followed,
    /// whatever was drawn meanwhile.
    @Test func resumeRepeatsTheDrawsThatFollowed() {
        let s = RandomStream.keyed()
        s.reseed(12345)
        _ = s.poisson(mean: 40)
        let here = s.position
        let first = (0..<50).map { _ in s.uniform() }
        _ = (0..<17).map { _ in s.uniformInt(below: 9) }
        s.resume(at: here)
        #expect((0..<50).map { _ in s.uniform() } == first)
    }

    /// Uniform integers from a keyed stream are GSL's
    /// `gsl_rng_uniform_int`, number for number, small n and large.
    @Test func uniformIntIsGSLs() {
        let a = RandomStream.keyed(), b = RandomStream.keyed()
        for n in [1, 2, 3, 7, 1000, 65_537, 50_000_000, 0xffff_ffff] {
            a.reseed(UInt64(n)); b.reseed(UInt64(n))
            for _ in 0..<2_000 {
                #expect(a.uniformInt(below: n) == Int(gsl_rng_uniform_int(UnsafeMutablePointer(b.rng), UInt(n))))
            }
        }
    }

    /// The exponential sampler is GSL's `gsl_ran_exponential`, number for
    /// number, on keyed and unkeyed streams.
    @Test func exponentialSamplerIsGSLs() {
        let sampler = Distribution.exponential(mean: 4680).sampler
        for keyed in [true, false] {
            let a = keyed ? RandomStream.keyed() : RandomStream.sequential(key: 5)
            let b = keyed ? RandomStream.keyed() : RandomStream.sequential(key: 5)
            if keyed { a.reseed(77); b.reseed(77) }
            for _ in 0..<10_000 {
                #expect(sampler.sample(a) == gsl_ran_exponential(UnsafeMutablePointer(b.rng), 4680))
            }
        }
    }

    @Test func keyedReseedRepeatsTheSubstream() {
        let s = RandomStream.keyed()
        let key = StreamKey(seed: 3).child(4, 5).value
        s.reseed(key)
        let first = (0..<100).map { _ in s.uniform() }
        _ = (0..<37).map { _ in s.uniform() }
        s.reseed(key)
        let second = (0..<100).map { _ in s.uniform() }
        #expect(first == second)
        // Another keyed stream positioned on the same key agrees too.
        let t = RandomStream.keyed()
        t.reseed(key)
        #expect((0..<100).map { _ in t.uniform() } == first)
        // A different key gives different numbers.
        s.reseed(key &+ 1)
        #expect((0..<100).map { _ in s.uniform() } != first)
    }

    @Test func uniformsLieInUnitInterval() {
        let seq = RandomStream.sequential(key: 5)
        let keyed = RandomStream.keyed()
        for i in 0..<10_000 {
            let u = seq.uniform()
            #expect(u >= 0 && u < 1)
            keyed.reseed(UInt64(i))
            let v = keyed.uniform()
            #expect(v >= 0 && v < 1)
        }
    }

    @Test(arguments: [1, 2, 7, 10, 1_000])
    func uniformIntCoversRange(n: Int) {
        let seq = RandomStream.sequential(key: 6)
        let keyed = RandomStream.keyed()
        var seenSeq = Set<Int>(), seenKeyed = Set<Int>()
        for i in 0..<(n * 50) {
            let a = seq.uniformInt(below: n)
            keyed.reseed(StreamKey(seed: 6).child(UInt64(i)).value)
            let b = keyed.uniformInt(below: n)
            #expect((0..<n).contains(a))
            #expect((0..<n).contains(b))
            seenSeq.insert(a)
            seenKeyed.insert(b)
        }
        // With 50 draws per value, missing one has probability < n·e^−50.
        #expect(seenSeq == Set(0..<n))
        #expect(seenKeyed == Set(0..<n))
    }

    /// The 99.9 % quantile of χ²(99).
    static let chi2Critical99: Double = {
        let q = gsl_cdf_chisq_Qinv(0.001, 99)
        return q
    }()

    @Test func chiSquareCriticalValue() {
        // Tables give 148.23 for χ²(99) at 0.1 %.
        #expect(abs(Self.chi2Critical99 - 148.23) < 0.01)
    }

    /// One draw per consecutive key, as the simulator draws household
    /// attempts: the uniforms must be uniform and serially uncorrelated.
    @Test func keyedOneDrawPerConsecutiveKeyIsUniform() {
        let n = 1_000_000
        let s = RandomStream.keyed()
        let root = StreamKey(seed: 1)
        var counts = [Int](repeating: 0, count: 100)
        var us = [Double](repeating: 0, count: n)
        for i in 0..<n {
            s.reseed(root.child(UInt64(i)).value)
            let u = s.uniform()
            us[i] = u
            counts[min(Int(u * 100), 99)] += 1
        }
        let chi2 = chiSquareUniform(counts)
        #expect(chi2 < Self.chi2Critical99, "χ² = \(chi2)")
        let r = lag1Correlation(us)
        #expect(abs(r) < 0.005, "r = \(r)")
        let mean = us.reduce(0, +) / Double(n)
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    }

    @Test func keyedOneDrawPerRawConsecutiveIntegerKeyIsUniform() {
        // Keys 0, 1, 2, … used directly (no StreamKey mixing).
        let n = 1_000_000
        let s = RandomStream.keyed()
        var counts = [Int](repeating: 0, count: 100)
        var us = [Double](repeating: 0, count: n)
        for i in 0..<n {
            s.reseed(UInt64(i))
            us[i] = s.uniform()
            counts[min(Int(us[i] * 100), 99)] += 1
        }
        #expect(chiSquareUniform(counts) < Self.chi2Critical99)
        #expect(abs(lag1Correlation(us)) < 0.005)
    }

    @Test func sequentialStreamIsUniform() {
        let n = 1_000_000
        let s = RandomStream.sequential(key: 1)
        var counts = [Int](repeating: 0, count: 100)
        var us = [Double](repeating: 0, count: n)
        for i in 0..<n {
            us[i] = s.uniform()
            counts[min(Int(us[i] * 100), 99)] += 1
        }
        #expect(chiSquareUniform(counts) < Self.chi2Critical99)
        #expect(abs(lag1Correlation(us)) < 0.005)
    }

    @Test func splitMix64MatchesTheReferenceOutputs() {
        // Published SplitMix64 outputs for seed 1234567 (Steele, Lea & Flood;
        // Rosetta Code "Pseudo-random numbers/Splitmix64").
        var st = muster_splitmix_state(s: 1_234_567)
        let expected: [UInt64] = [6457827717110365317, 3203168211198807973, 9817491932198370423,
                                  4593380528125082431, 16408922859458223821]
        for e in expected { #expect(muster_splitmix_next(&st) == e) }
        // The finaliser alone: the first output for seed 0 is mix64(γ).
        #expect(muster_mix64(0x9e37_79b9_7f4a_7c15) == 0xe220_a839_7b1d_cdaf)
        // The test helper generator is the same algorithm.
        var t = TestRNG(seed: 1_234_567)
        #expect(expected.map { _ in t.next() } == expected)
    }
}

@Suite("StreamKey")
struct StreamKeyTests {
    @Test func sameSeedSameKey() {
        #expect(StreamKey(seed: 9) == StreamKey(seed: 9))
        #expect(StreamKey(seed: 9).child(1, 2, 3) == StreamKey(seed: 9).child(1, 2, 3))
        #expect(StreamKey(seed: 9) != StreamKey(seed: 10))
    }

    @Test func childrenDifferByCoordinateAndOrder() {
        let root = StreamKey(seed: 1)
        #expect(root.child(1) != root.child(2))
        #expect(root.child(0) != root)
        #expect(root.child(1, 2) != root.child(2, 1))
        #expect(root.child(1, 2) == root.child(1).child(2))
        #expect(root.child(1, 2, 3) == root.child(1).child(2).child(3))
        #expect(root.child(1, 2, 3) != root.child(3, 2, 1))
        #expect(root.child(1, 2, 3) != root.child(1, 3, 2))
        #expect(root.child(1, 2) != root.child(1))
        #expect(StreamKey(seed: 1).child(5) != StreamKey(seed: 2).child(5))
    }

    @Test func childrenOfAGridAreDistinct() {
        // (replication, entity, attempt) coordinates as the simulator uses them.
        var seen = Set<UInt64>()
        let root = StreamKey(seed: 2024)
        for r in 0..<10 as Range<UInt64> {
            for e in 0..<100 as Range<UInt64> {
                for a in 0..<10 as Range<UInt64> { seen.insert(root.child(r, e, a).value) }
            }
        }
        #expect(seen.count == 10 * 100 * 10)
    }
}

/// The inverse of the SplitMix64 finaliser `muster_mix64` (each step of it
/// is a bijection on 64-bit words).
func unmix64(_ y: UInt64) -> UInt64 {
    func inverseOdd(_ c: UInt64) -> UInt64 {
        var x = c                       // Newton: x ← x(2 − cx) doubles the correct bits
        for _ in 0..<6 { x = x &* (2 &- c &* x) }
        return x
    }
    func undoXorShift(_ z: UInt64, _ k: UInt64) -> UInt64 {
        var x = z
        var shift = k
        while shift < 64 { x = z ^ (x >> k); shift += k }
        return x
    }
    var z = undoXorShift(y, 31)
    z = z &* inverseOdd(0x94d0_49bb_1331_11eb)
    z = undoXorShift(z, 27)
    z = z &* inverseOdd(0xbf58_476d_1ce4_e5b9)
    return undoXorShift(z, 30)
}
