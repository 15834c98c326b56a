import CGSL

/// A seeded GSL random number generator owned by one task.
///
/// Two kinds are used: a long sequential MT19937 stream (`sequential`) for
/// draws whose order never differs between runs, and a SplitMix64 stream
/// (`keyed`) that is re-seeded for each entity (a household attempt, a
/// person, a relay job), so that two runs that visit entities in different
/// orders still give every entity the same numbers.
public final class RandomStream {
    /// The underlying `gsl_rng*`; exposed for GSL distribution calls.
    public let rng: OpaquePointer
    @usableFromInline let isKeyed: Bool

    private init(type: UnsafePointer<gsl_rng_type>, keyed: Bool) {
        GSLRuntime.configure()
        guard let r = gsl_rng_alloc(type) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        rng = OpaquePointer(r)
        isKeyed = keyed
    }

    deinit { gsl_rng_free(UnsafeMutablePointer(rng)) }

    /// A sequential MT19937 stream seeded from `key` (see `StreamKey`).
    public static func sequential(key: UInt64) -> RandomStream {
        let s = RandomStream(type: muster_rng_type_mt19937(), keyed: false)
        // The whole 64-bit key seeds the 624-word state (see the shim):
        // gsl_rng_set would keep only 32 bits of it.
        gsl_rng_set(UnsafeMutablePointer(s.rng), 1)
        muster_mt19937_seed64(UnsafeMutablePointer(s.rng), muster_mix64(key))
        return s
    }

    /// A SplitMix64 stream to be positioned with `reseed(_:)`.
    public static func keyed() -> RandomStream {
        RandomStream(type: muster_rng_type_splitmix64(), keyed: true)
    }

    /// Positions a keyed stream at the start of the substream named `key`.
    @inlinable
    public func reseed(_ key: UInt64) {
        assert(isKeyed, "reseed is for keyed streams")
        muster_splitmix_reseed(UnsafeMutablePointer(rng), key)
    }

    /// Where a keyed stream is in its substream; `resume(at:)` puts it
    /// back there, so the draws that follow repeat exactly.
    @inlinable
    public var position: UInt64 {
        assert(isKeyed, "position is for keyed streams")
        return muster_splitmix_position(UnsafePointer(rng))
    }

    /// Puts a keyed stream back at a `position` it was at.
    @inlinable
    public func resume(at position: UInt64) {
        assert(isKeyed, "resume is for keyed streams")
        muster_splitmix_resume(UnsafeMutablePointer(rng), position)
    }

    /// A uniform variate in [0, 1). Keyed streams skip GSL's dispatch
    /// through the generator type (the same number either way).
    @inlinable
    public func uniform() -> Double {
        let r = UnsafeMutablePointer<gsl_rng>(rng)
        return isKeyed ? muster_splitmix_get_double(r.pointee.state) : gsl_rng_uniform(r)
    }

    /// A uniform integer in `0..<n` (n ≥ 1).
    @inline(__always)
    public func uniformInt(below n: Int) -> Int {
        let r = UnsafeMutablePointer<gsl_rng>(rng)
        // GSL's own call reports an n out of its range (0 or over 2^32 − 1).
        let fast = isKeyed && n >= 1 && n <= 0xffff_ffff
        return Int(fast ? muster_splitmix_uniform_int(r, UInt(n)) : gsl_rng_uniform_int(r, UInt(n)))
    }

    /// A Poisson variate with the given mean.
    @inline(__always)
    public func poisson(mean: Double) -> Int {
        Int(gsl_ran_poisson(UnsafeMutablePointer(rng), mean))
    }
}

/// Builds 64-bit substream keys from a seed and integer coordinates.
///
/// Each coordinate is folded in with the SplitMix64 finaliser, so keys that
/// differ in any coordinate are unrelated streams.
public struct StreamKey: Sendable, Hashable {
    public private(set) var value: UInt64

    /// A root key for a seed.
    public init(seed: UInt64) { value = muster_mix64(seed ^ 0x6a09e667f3bcc909) }

    /// The key of a child substream.
    @inline(__always)
    public func child(_ x: UInt64) -> StreamKey {
        var k = self
        k.value = muster_mix64(value &+ 0x9e3779b97f4a7c15 &* (x &+ 1))
        return k
    }

    /// Shorthand for several nested children.
    @inline(__always)
    public func child(_ a: UInt64, _ b: UInt64) -> StreamKey { child(a).child(b) }
    @inline(__always)
    public func child(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> StreamKey { child(a).child(b).child(c) }
}
