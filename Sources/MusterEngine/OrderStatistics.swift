/// Exact order statistics of large arrays of non-negative times.
///
/// A replication produces hundreds of thousands of visit times, of which the
/// coverage curve needs about two hundred order statistics; sorting them all
/// was a quarter of a replication's run time. Bucketing by value finds the
/// bucket of each wanted rank in two linear passes, and only those buckets
/// are sorted.
public enum OrderStatistics {
    /// The values at 0-based `ranks` of `values` in increasing order.
    /// Values must be finite and non-negative; ranks must be < count.
    public static func select(_ values: [Double], ranks: [Int]) -> [Double] {
        values.withUnsafeBufferPointer { select($0, ranks: ranks) }
    }

    /// `select` over values in a buffer (a simulation's own storage,
    /// without copying it into an array first). `upperBound`, when the
    /// caller knows one (no value may exceed it), saves the pass that
    /// finds the largest value; the answer is the same.
    public static func select(_ values: UnsafeBufferPointer<Double>, ranks: [Int],
                              upperBound: Double? = nil) -> [Double] {
        let n = values.count
        guard !ranks.isEmpty else { return [] }
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < n }, "rank out of range")
        if n <= 4096 {
            let sorted = values.sorted()
            return ranks.map { sorted[$0] }
        }
        let top = upperBound ?? values.max()!
        guard top > 0 else { return ranks.map { _ in 0 } }
        let buckets = min(1 << 16, max(256, n / 8))
        let scale = Double(buckets) / top
        @inline(__always) func bucket(_ x: Double) -> Int { min(buckets - 1, Int(x * scale)) }

        var start = [Int](repeating: 0, count: buckets + 1)
        for x in values { start[bucket(x) + 1] += 1 }
        for b in 0..<buckets { start[b + 1] += start[b] }

        // Buckets holding a wanted rank, each given a slot.
        var slotOf = [Int32](repeating: -1, count: buckets)
        var slotBucket: [Int] = []
        var rankBucket: [Int] = []
        for r in ranks {
            // Last bucket whose start is <= r.
            var lo = 0, hi = buckets
            while lo + 1 < hi {
                let mid = (lo + hi) / 2
                if start[mid] <= r { lo = mid } else { hi = mid }
            }
            rankBucket.append(lo)
            if slotOf[lo] < 0 {
                slotOf[lo] = Int32(slotBucket.count)
                slotBucket.append(lo)
            }
        }
        var members = slotBucket.map { b -> [Double] in
            var a: [Double] = []
            a.reserveCapacity(start[b + 1] - start[b])
            return a
        }
        for x in values {
            let s = slotOf[bucket(x)]
            if s >= 0 { members[Int(s)].append(x) }
        }
        for i in members.indices { members[i].sort() }
        return zip(ranks, rankBucket).map { r, b in members[Int(slotOf[b])][r - start[b]] }
    }
}
