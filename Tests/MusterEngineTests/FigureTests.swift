import Testing
import MusterEngine

/// `@Figure`: NaN equals NaN, numbers compare as numbers, and a synthesised
/// `==` compares every wrapped field (the reason the type exists).
@Suite struct FigureTests {
    struct Share: Equatable {
        var count: Int
        @Figure var pooled: Double
        @Figure var series: [Double]
        @Figure var byName: [String: Double]
        @Figure var maybe: Double?
    }

    static let base = Share(count: 3, pooled: .nan, series: [1, .nan, 3], byName: ["a": .nan, "b": 2], maybe: nil)

    @Test func undefinedFiguresAreEqual() {
        #expect(Self.base == Self.base)
        #expect(Double.sameFigure(.nan, -.nan))
        #expect(Double.sameFigure(0, -0.0))
        #expect(!Double.sameFigure(.nan, 0))
        #expect(!Double.sameFigure(.infinity, -.infinity))
    }

    /// Each field, changed alone, makes the values unequal: none drops out.
    @Test func everyFieldTakesPart() {
        var changed: [Share] = []
        var s = Self.base; s.count = 4; changed.append(s)
        s = Self.base; s.pooled = 0.5; changed.append(s)
        s = Self.base; s.series[1] = 2; changed.append(s)
        s = Self.base; s.series.append(4); changed.append(s)
        s = Self.base; s.byName["a"] = 1; changed.append(s)
        s = Self.base; s.byName["c"] = .nan; changed.append(s)
        s = Self.base; s.byName = ["a": .nan, "c": 2]; changed.append(s)
        s = Self.base; s.maybe = .nan; changed.append(s)
        for c in changed { #expect(c != Self.base) }
    }

    /// The summaries of an empty replication (NaN mean and percentiles)
    /// compare equal, as two runs of the same input must.
    @Test func replicationSamplesOfNothingAreEqual() {
        var none: [Double] = [], alsoNone: [Double] = []
        #expect(ReplicationSample(values: &none) == ReplicationSample(values: &alsoNone))
        var one = [1.0]
        #expect(ReplicationSample(values: &one) != ReplicationSample.empty)
    }
}
