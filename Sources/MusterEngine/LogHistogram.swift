/// A histogram of non-negative values whose quantiles carry a fixed
/// relative error, in memory that does not grow with the number of values.
///
/// Each power of two [2^e, 2^(e+1)) is split into `subBuckets` equal
/// buckets, so a bucket is at most 2^e / 256 wide and its midpoint lies
/// within `relativeError` (1/512, 0.2 %) of every value in it. Zero has a
/// bucket of its own; the smallest and largest values are kept exactly.
/// Counts are stored densely between the lowest and highest bucket used:
/// close times from a minute to a month take about 4,000 buckets.
///
/// `quantile(_:)` interpolates between the representatives of two order
/// statistics exactly as `gsl_stats_quantile_from_sorted_data` does between
/// the values themselves; every weight is non-negative, so the answer lies
/// within `relativeError` of the exact percentile of all values recorded
/// (tested on a million values in `LogHistogramTests`).
public struct LogHistogram: Sendable, Equatable {
    /// Buckets per power of two.
    public static let subBuckets = 256
    /// Largest relative distance between a value and its bucket's
    /// representative: half a bucket over its lower end.
    public static let relativeError = 1.0 / Double(2 * subBuckets)

    /// Buckets a histogram of close times or waits typically spans (from
    /// a minute to a month: about 16 powers of two), for memory estimates.
    public static let typicalBuckets = 16 * subBuckets

    /// Values recorded (zeros included).
    public private(set) var count = 0
    /// Values recorded as zero.
    public private(set) var zeros = 0
    /// Sum of the values recorded (exact up to rounding).
    public private(set) var sum = 0.0
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity
    /// Bucket index of `counts[0]`.
    private var offset = 0
    private var counts: [Int] = []

    public init() {}

    /// The histogram of `values` (each finite and ≥ 0).
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for x in values { record(x) }
    }

    /// Exact order statistics (0-based `ranks`, each below `count`) of
    /// `values`, which must be the values this histogram was made of: the
    /// counts say which bucket holds each rank, so one pass collects just
    /// those buckets' values and only they are sorted.
    public func orderStatistics(ranks: [Int], of values: UnsafeBufferPointer<Double>) -> [Double] {
        precondition(values.count == count && ranks.allSatisfy { $0 >= 0 && $0 < count }, "rank out of range")
        var result = [Double](repeating: 0, count: ranks.count)
        // Each rank above the zeros: its bucket (index into counts) and its
        // place among that bucket's values.
        var bucketOf = [Int](repeating: -1, count: ranks.count)
        var within = [Int](repeating: 0, count: ranks.count)
        for (j, r) in ranks.enumerated() where r >= zeros {
            var seen = zeros
            for (i, c) in counts.enumerated() where c > 0 {
                if r < seen + c { bucketOf[j] = i; within[j] = r - seen; break }
                seen += c
            }
        }
        let wanted = Array(Set(bucketOf.filter { $0 >= 0 })).sorted()
        guard !wanted.isEmpty else { return result }
        // The last slot stands for zero (and anything at or below it), so
        // the pass below has no branch but the rare wanted one.
        var slot = [Int32](repeating: -1, count: counts.count + 1)
        for (k, i) in wanted.enumerated() { slot[i] = Int32(k) }
        var members = wanted.map { i -> [Double] in
            var a: [Double] = []
            a.reserveCapacity(counts[i])
            return a
        }
        slot.withUnsafeBufferPointer { slot in
            let zero = counts.count
            for x in values {
                let k = slot[x > 0 ? Self.bucket(x) - offset : zero]
                if k >= 0 { members[Int(k)].append(x) }
            }
        }
        for k in members.indices { members[k].sort() }
        for j in ranks.indices where bucketOf[j] >= 0 {
            result[j] = members[wanted.firstIndex(of: bucketOf[j])!][within[j]]
        }
        return result
    }

    /// The histogram of `values` (each finite and ≥ 0), the same as
    /// recording them one by one: one pass finds the bucket range, so the
    /// counts are allocated once and filled without growing.
    public init(_ values: UnsafeBufferPointer<Double>) {
        var negative = false
        self.init(values, negative: &negative)
    }

    /// As `init(_:)`, and says whether any value was below zero (recorded
    /// as 0), so a caller needs no pass of its own to know.
    public init(_ values: UnsafeBufferPointer<Double>, negative: inout Bool) {
        // Locals, not the stored properties, in the loop: they stay in
        // registers.
        var lo = Int.max, hi = Int.min
        var sum = 0.0, low = Double.infinity, high = -Double.infinity
        var zeros = 0, anyNegative = false
        for x in values {
            precondition(x.isFinite, "LogHistogram records finite values")
            anyNegative = anyNegative || x < 0
            let v = x > 0 ? x : 0
            sum += v
            low = Swift.min(low, v)
            high = Swift.max(high, v)
            // Without a branch: zeros mixed at random with other values
            // would mispredict one. Zero's bucket is 0, below every other.
            let isZero = v == 0
            zeros += isZero ? 1 : 0
            let b = Self.bucket(v)
            lo = isZero ? lo : Swift.min(lo, b)
            hi = Swift.max(hi, b)
        }
        count = values.count
        self.sum = sum
        self.zeros = zeros
        if !values.isEmpty { min = low; max = high }
        if anyNegative { negative = true }
        guard lo <= hi else { return }
        offset = lo
        // One slot more than the range, counting the zeros (dropped), so
        // the loop has no branch.
        let range = hi - lo + 1
        counts = [Int](unsafeUninitializedCapacity: range + 1) { c, filled in
            c.initialize(repeating: 0)
            for x in values {
                let b = Self.bucket(x) - lo
                c[x > 0 ? b : range] += 1
            }
            filled = range
        }
    }

    /// Mean of the values recorded; NaN when empty.
    public var mean: Double { count > 0 ? sum / Double(count) : .nan }

    /// Records `x`, which must be finite; a negative value counts as zero
    /// (close times and waits never are negative).
    public mutating func record(_ x: Double) {
        precondition(x.isFinite, "LogHistogram records finite values")
        let v = x > 0 ? x : 0
        count += 1
        sum += v
        if v < min { min = v }
        if v > max { max = v }
        if v == 0 { zeros += 1; return }
        add(Self.bucket(v), 1)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LogHistogram) {
        guard other.count > 0 else { return }
        count += other.count
        zeros += other.zeros
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        guard !other.counts.isEmpty else { return }
        // Widen once to cover the other's buckets, then add them in one
        // tight loop: a pooled summary merges thousands of buckets per
        // replication.
        let lo = other.offset, hi = other.offset + other.counts.count - 1
        if counts.isEmpty {
            offset = lo
            counts = other.counts
            return
        }
        if lo < offset {
            counts.insert(contentsOf: repeatElement(0, count: offset - lo), at: 0)
            offset = lo
        }
        if hi >= offset + counts.count {
            counts.append(contentsOf: repeatElement(0, count: hi - offset - counts.count + 1))
        }
        let shift = lo - offset
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for i in theirs.indices { mine[shift + i] += theirs[i] }
            }
        }
    }

    private mutating func add(_ b: Int, _ n: Int) {
        let i = b - offset
        if i >= 0 && i < counts.count {
            counts[i] += n
            return
        }
        if counts.isEmpty {
            offset = b
            counts = [n]
            return
        }
        if b < offset {
            counts.insert(contentsOf: repeatElement(0, count: offset - b), at: 0)
            offset = b
        } else if b >= offset + counts.count {
            counts.append(contentsOf: repeatElement(0, count: b - offset - counts.count + 1))
        }
        counts[b - offset] += n
    }

    /// Bits of the significand below a bucket's: 52 − log2(subBuckets).
    static let shift: UInt64 = 44

    /// Bucket of x > 0: its biased exponent and the top 8 bits of its
    /// significand, read off the bit pattern, that is (e + 1023)·256 +
    /// ⌊(m − 1)·256⌋ for x = m·2^e, m in [1, 2) (subnormals: exponent 0,
    /// still in order).
    @inline(__always)
    static func bucket(_ x: Double) -> Int {
        Int(truncatingIfNeeded: x.bitPattern >> shift)
    }

    /// The midpoint of bucket b: its bits with the next bit of the
    /// significand set.
    static func representative(_ b: Int) -> Double {
        Double(bitPattern: UInt64(b) << shift | 1 << (shift - 1))
    }

    /// The representative of the 0-based `rank`-th smallest value: the
    /// midpoint of its bucket, kept within [min, max].
    private func value(rank: Int) -> Double {
        if rank < zeros { return 0 }
        var seen = zeros
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if rank < seen { return Swift.min(Swift.max(Self.representative(offset + i), min), max) }
        }
        return max
    }

    /// The `q`-quantile (0…1): `gsl_stats_quantile_from_sorted_data`'s
    /// interpolation between representatives; 0 and 1 give the exact
    /// smallest and largest value. NaN when empty.
    public func quantile(_ q: Double) -> Double {
        guard count > 0 else { return .nan }
        if q <= 0 { return min }
        if q >= 1 { return max }
        let index = q * Double(count - 1)
        let lhs = Int(index)
        let delta = index - Double(lhs)
        let low = value(rank: lhs)
        if lhs == count - 1 || delta == 0 { return low }
        return (1 - delta) * low + delta * value(rank: lhs + 1)
    }

    /// Bytes the counts take (for the memory estimate of a run).
    public var bucketBytes: Int { counts.capacity * MemoryLayout<Int>.stride }
}
