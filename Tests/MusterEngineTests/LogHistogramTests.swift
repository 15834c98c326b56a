import CGSL
import Foundation
import Testing
import MusterEngine

/// The histogram's quantiles against exact order statistics: the error
/// stated in docs/statistics.md must hold on a large, awkward sample.
@Suite struct LogHistogramTests {
    /// A reproducible sample: exponential, lognormal-like spread over
    /// twelve powers of ten, ties and zeros.
    static func sample(_ n: Int) -> [Double] {
        var state: UInt64 = 987654321
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) * 0x1.0p-53
        }
        return (0..<n).map { i in
            switch i % 10 {
            case 0: 0
            case 1: 2.5
            case 2, 3, 4: -log(next())  // exponential, mean 1
            default: pow(10, 12 * next() - 6)
            }
        }
    }

    /// Exact quantiles by GSL's interpolation between order statistics.
    static func exact(_ sorted: [Double], _ q: Double) -> Double {
        sorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, sorted.count, q) }
    }

    @Test func quantilesOfAMillionValuesAreWithinTheStatedError() {
        let xs = Self.sample(1_000_000)
        let h = LogHistogram(xs)
        let sorted = xs.sorted()
        #expect(h.count == xs.count && h.zeros == 100_000)
        #expect(h.min == sorted.first! && h.max == sorted.last!)
        let fractions = (0...1000).map { Double($0) / 1000 } + [0.001, 0.0001, 0.9999, 0.99999, 0.123456]
        var worst = 0.0
        for q in fractions {
            let e = Self.exact(sorted, q)
            let got = h.quantile(q)
            let error = e == 0 ? abs(got) : abs(got - e) / e
            worst = max(worst, error)
            #expect(error <= LogHistogram.relativeError * (1 + 1e-12), "q=\(q): exact \(e), histogram \(got)")
        }
        // The bound is not slack: the worst case comes within a factor 4
        // of it, so a coarser histogram would fail.
        #expect(worst > LogHistogram.relativeError / 4, "worst error \(worst)")
        // Memory is the buckets between the smallest and largest value
        // (about 75 powers of two here), not a million values (8 MB).
        #expect(h.bucketBytes < 1 << 20)
    }

    /// Merging histograms is recording every value into one.
    @Test func mergeEqualsRecordingEverything() {
        let xs = Self.sample(30_000)
        var merged = LogHistogram()
        for chunk in stride(from: 0, to: xs.count, by: 7_000) {
            merged.merge(LogHistogram(xs[chunk..<min(chunk + 7_000, xs.count)]))
        }
        let whole = LogHistogram(xs)
        #expect(merged.count == whole.count && merged.zeros == whole.zeros)
        #expect(merged.min == whole.min && merged.max == whole.max)
        for q in [0.1, 0.5, 0.9, 0.99] { #expect(merged.quantile(q) == whole.quantile(q)) }
    }

    /// Every bucket's representative is within the error of its values,
    /// across powers of two small and large.
    @Test func bucketsHoldTheirValues() {
        for x in [1e-300, 3e-9, 0.4999, 0.5, 1, 1.999, 2, 3600, 7.77e12, 1e300] {
            let r = LogHistogram(CollectionOfOne(x)).quantile(0.5)
            #expect(r == x)  // one value: min = max = it
            var two = LogHistogram([x, x])
            two.record(x * (1 + 1e-3))
            let mid = two.quantile(0.5)
            #expect(abs(mid - x) <= x * LogHistogram.relativeError, "x=\(x) gave \(mid)")
        }
        #expect(LogHistogram().quantile(0.5).isNaN)
    }

    /// A replication's exact summary agrees with sorting by hand.
    @Test func replicationSampleIsExact() {
        var xs = [5.0, 1, 4, 2, 3]
        let s = ReplicationSample(values: &xs)
        #expect(s.count == 5 && s.mean == 3 && s.p50 == 3)
        #expect(abs(s.p90 - 4.6) < 1e-12 && abs(s.p95 - 4.8) < 1e-12)
        #expect(ReplicationSample.empty.count == 0 && ReplicationSample.empty.mean.isNaN)
    }

    /// Made from a buffer in two passes, the histogram is the one recording
    /// the values one by one gives: same counts, sum, extremes.
    @Test func bufferHistogramIsRecordingOneByOne() {
        let xs = Self.sample(200_000)
        var oneByOne = LogHistogram()
        for x in xs { oneByOne.record(x) }
        var negative = true
        let fromBuffer = xs.withUnsafeBufferPointer { b in
            negative = false
            return LogHistogram(b, negative: &negative)
        }
        #expect(fromBuffer == oneByOne && !negative)
        let withNegative = [3.0, -1, 0, 2]
        withNegative.withUnsafeBufferPointer { b in
            var n = false
            let h = LogHistogram(b, negative: &n)
            #expect(n && h.zeros == 2 && h.count == 4 && h.sum == 5)
        }
    }

    /// Order statistics read through the histogram's buckets are the exact
    /// sorted values, at every rank tried (zeros, ties, both ends).
    @Test func orderStatisticsThroughTheHistogramAreExact() {
        let xs = Self.sample(100_003)
        let sorted = xs.sorted()
        let ranks = [0, 1, 9_999, 10_000, 10_001, 50_001, 90_000, 99_999, 100_002] + (0..<200).map { $0 * 500 }
        xs.withUnsafeBufferPointer { b in
            let h = LogHistogram(b)
            let picked = h.orderStatistics(ranks: ranks, of: b)
            #expect(picked == ranks.map { sorted[$0] })
        }
    }

    /// The exact percentiles of a summary are GSL's interpolation between
    /// order statistics, on a large sample with zeros and ties (where the
    /// histogram-guided selection does the work) and one with a negative
    /// value (which takes the sorting path); the mean is the plain mean.
    @Test func replicationSamplePercentilesAreGSLs() {
        for var xs in [Self.sample(123_457), [4.0, -2, 0, 7, 7, 1]] {
            let sorted = xs.sorted()
            let sum = xs.reduce(0, +)
            let s = ReplicationSample(values: &xs)
            #expect(s.count == xs.count && s.mean == sum / Double(xs.count))
            #expect(s.p50 == Self.exact(sorted, 0.5) && s.p90 == Self.exact(sorted, 0.9)
                && s.p95 == Self.exact(sorted, 0.95))
        }
    }
}
