import Testing
@testable import MusterIncidents

/// The order reports are taken in: ascending time, ties by incident index,
/// whatever the spread of the times (the counting sort's buckets must never
/// change the order a plain sort gives).
@Suite struct ReportOrderTests {
    static func reference(_ t: [Double]) -> [Int32] {
        t.indices.sorted { (t[$0], $0) < (t[$1], $1) }.map { Int32($0) }
    }

    @Test func countingSortMatchesAPlainSort() {
        var state: UInt64 = 2024
        func u() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let cases: [[Double]] = [
            [],
            [5],
            [0, 0, 0],
            [3, 1, 2, 1, 3, 0],
            (0..<10_000).map { _ in u() * 72_000_000 },                  // Poisson-like
            (0..<10_000).map { _ in (u() * 50).rounded() * 3600 },       // many ties
            (0..<10_000).map { i in i % 100 == 0 ? 1e9 * u() : u() },    // a few far out: crowded buckets
            (0..<5_000).map { Double(5_000 - $0) },                      // descending
        ]
        for t in cases {
            #expect(IncidentRun.ascending(t) == Self.reference(t), "\(t.count) times")
        }
    }
}
