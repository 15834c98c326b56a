import Testing
import MusterEngine

/// `AscendingOrder.indices`: ascending time, ties by index, whatever the
/// spread of the times (the counting sort's buckets must never change the
/// order a plain sort gives).
@Suite struct AscendingOrderTests {
    static func reference(_ t: [Double]) -> [Int32] {
        t.indices.sorted { (t[$0], $0) < (t[$1], $1) }.map { Int32($0) }
    }

    /// A small linear congruential generator: the cases are the same on
    /// every machine.
    struct Uniform {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
    }

    @Test func countingSortMatchesAPlainSort() {
        var u = Uniform(state: 2024)
        let cases: [[Double]] = [
            [],
            [5],
            [0, 0, 0],
            [3, 1, 2, 1, 3, 0],
            (0..<10_000).map { _ in u.next() * 72_000_000 },                    // Poisson-like
            (0..<10_000).map { _ in (u.next() * 50).rounded() * 3600 },         // many ties
            (0..<10_000).map { i in i % 100 == 0 ? 1e9 * u.next() : u.next() }, // a few far out: crowded buckets
            (0..<5_000).map { Double(5_000 - $0) },                              // descending
        ]
        for t in cases {
            #expect(AscendingOrder.indices(of: t) == Self.reference(t), "\(t.count) times")
        }
    }

    /// Hand-checked orders: equal times keep index order, the largest
    /// value (the top bucket's edge) comes last, zeros first.
    @Test func handCheckedOrders() {
        #expect(AscendingOrder.indices(of: [2, 0, 2, 1]) == [1, 3, 0, 2])
        #expect(AscendingOrder.indices(of: [7, 7, 7]) == [0, 1, 2])
        #expect(AscendingOrder.indices(of: [0, 0]) == [0, 1])
        #expect(AscendingOrder.indices(of: [1e-300, 1, 0]) == [2, 0, 1])
    }

    /// Every index appears exactly once, for lengths around the crowded
    /// bucket's threshold (32) where the two inner sorts meet.
    @Test func aPermutationAtEveryLength() {
        var u = Uniform(state: 7)
        for n in [2, 31, 32, 33, 64, 65, 1000] {
            // Half the values at one time: one bucket holds n/2 of them.
            let t = (0..<n).map { $0 % 2 == 0 ? 5.0 : u.next() * 10 }
            let order = AscendingOrder.indices(of: t)
            #expect(order.sorted() == (0..<Int32(n)).map { $0 })
            #expect(order == Self.reference(t), "n = \(n)")
        }
    }
}
