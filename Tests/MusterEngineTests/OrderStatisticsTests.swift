import Foundation
import Testing
import MusterEngine

@Suite struct OrderStatisticsTests {
    @Test(arguments: [1, 5, 3000, 100_000])
    func selectMatchesASortedCopy(n: Int) {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        // Mixed magnitudes, duplicates and zeros: buckets of very unequal size.
        let xs = (0..<n).map { i -> Double in
            switch i % 7 {
            case 0: return 0
            case 2: return 42
            default: return next() * pow(10, Double(i % 5) * 2)
            }
        }
        let sorted = xs.sorted()
        let ranks = Array(Set((0..<50).map { $0 * (n - 1) / 49 } + [0, n - 1, n / 3])).sorted()
        #expect(OrderStatistics.select(xs, ranks: ranks) == ranks.map { sorted[$0] })
        // A bound above the largest value (as a run's last resolution time
        // is for its visit times) gives the same answer.
        for bound in [sorted.last!, sorted.last! * 3 + 1] {
            let bounded = xs.withUnsafeBufferPointer { OrderStatistics.select($0, ranks: ranks, upperBound: bound) }
            #expect(bounded == ranks.map { sorted[$0] })
        }
    }

    @Test func allEqualValues() {
        let xs = [Double](repeating: 7, count: 10_000)
        #expect(OrderStatistics.select(xs, ranks: [0, 5000, 9999]) == [7, 7, 7])
    }
}
