/// The order of a list of times, for a run that takes events from a list
/// already in time order instead of pushing them all into its calendar.
public enum AscendingOrder {
    /// Indices of `times` (finite, ≥ 0) in ascending order of time, ties
    /// by index — the order `times.indices.sorted { (times[$0], $0) <
    /// (times[$1], $1) }` gives.
    ///
    /// A counting sort into about one bucket per value, each bucket then
    /// sorted (they hold a handful), so linear for near-uniform times such
    /// as Poisson arrivals; a crowded bucket (a few very late times stretch
    /// the range) falls back to a comparison sort, n log n.
    public static func indices(of times: [Double]) -> [Int32] {
        let n = times.count
        guard n > 1, let top = times.max(), top > 0 else { return (0..<Int32(n)).map { $0 } }
        let buckets = n
        let scale = Double(buckets) / top
        return times.withUnsafeBufferPointer { t in
            @inline(__always) func bucket(_ x: Double) -> Int { min(Int(x * scale), buckets - 1) }
            let start = UnsafeMutableBufferPointer<Int32>.allocate(capacity: buckets + 1)
            defer { start.deallocate() }
            start.initialize(repeating: 0)
            for x in t { start[bucket(x) + 1] += 1 }
            for b in 0..<buckets { start[b + 1] += start[b] }
            let fill = UnsafeMutableBufferPointer<Int32>.allocate(capacity: buckets)
            defer { fill.deallocate() }
            _ = fill.initialize(from: start[0..<buckets])
            return [Int32](unsafeUninitializedCapacity: n) { order, count in
                for i in 0..<n {
                    let b = bucket(t[i])
                    order[Int(fill[b])] = Int32(i)
                    fill[b] += 1
                }
                for b in 0..<buckets where start[b + 1] - start[b] > 1 {
                    let lo = Int(start[b]), hi = Int(start[b + 1])
                    guard hi - lo <= 32 else {
                        let sorted = order[lo..<hi].sorted { (t[Int($0)], $0) < (t[Int($1)], $1) }
                        for (j, x) in sorted.enumerated() { order[lo + j] = x }
                        continue
                    }
                    // Insertion sort: a bucket holds a handful.
                    for j in (lo + 1)..<hi {
                        let x = order[j], tx = t[Int(x)]
                        var k = j
                        while k > lo {
                            let y = order[k - 1], ty = t[Int(y)]
                            if ty < tx || (ty == tx && y < x) { break }
                            order[k] = y
                            k -= 1
                        }
                        order[k] = x
                    }
                }
                count = n
            }
        }
    }
}
