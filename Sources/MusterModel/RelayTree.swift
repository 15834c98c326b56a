/// The tree the order actually travels in tiered relay: listed relay
/// levels plus the micro-grids, with unlisted levels skipped (a unit's
/// relay children are its nearest listed descendants).
struct RelayTree {
    /// Per unit: whether it handles the order (a listed relay level or a
    /// micro-grid).
    var isReceiver: [Bool]
    /// Per unit: nearest receiving ancestor, −1 when the order comes
    /// straight from the issuer.
    var relayParent: [Int32]
    /// Receivers of each unit, as ranges into `childList` (CSR layout).
    var childStart: [Int32]
    var childList: [Int32]
    /// Receivers that get the order at issue time.
    var top: [Int32]

    init(layout: Layout, levels: [Level]) {
        let n = layout.unitCount
        let listed = Set(levels)
        isReceiver = layout.level.map { $0 == .microgrid || listed.contains($0) }
        relayParent = [Int32](repeating: -1, count: n)
        // Parents precede children, so a parent's relay parent is final.
        for u in 0..<n {
            let p = Int(layout.parent[u])
            if p >= 0 {
                relayParent[u] = isReceiver[p] ? Int32(p) : relayParent[p]
            }
        }
        var counts = [Int32](repeating: 0, count: n + 1)
        top = []
        for u in 0..<n where isReceiver[u] {
            let p = relayParent[u]
            if p >= 0 { counts[Int(p) + 1] += 1 } else { top.append(Int32(u)) }
        }
        for u in 0..<n { counts[u + 1] += counts[u] }
        childStart = counts
        var fill = counts
        childList = [Int32](repeating: 0, count: Int(counts[n]))
        // Units are breadth-first, so receivers land in child order.
        for u in 0..<n where isReceiver[u] {
            let p = relayParent[u]
            if p >= 0 {
                childList[Int(fill[Int(p)])] = Int32(u)
                fill[Int(p)] += 1
            }
        }
    }

    @inline(__always)
    func childCount(_ u: Int) -> Int { Int(childStart[u + 1] - childStart[u]) }

    @inline(__always)
    func child(_ u: Int, _ k: Int) -> Int { Int(childList[Int(childStart[u]) + k]) }
}
