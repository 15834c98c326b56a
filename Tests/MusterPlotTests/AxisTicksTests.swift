import Testing
@testable import MusterPlot

@Suite struct AxisTicksTests {
    @Test func linearTicksAreRoundMultiplesCoveringTheData() {
        let t = AxisTicks.linear(0, 81)
        #expect(t.ticks.map(\.value) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
        #expect(t.ticks.map(\.label) == ["0", "10", "20", "30", "40", "50", "60", "70", "80", "90"])
        #expect(t.domain == 0...90)
    }

    @Test func theSmallestStepWithinTheIntervalLimitWins() {
        // 0.1 would need 10 intervals, over the limit of 5; 0.2 needs 5.
        let t = AxisTicks.linear(0, 1, maxIntervals: 5, format: .percent)
        #expect(t.ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(t.ticks.map(\.label) == ["0", "20", "40", "60", "80", "100"])
    }

    @Test func decimalStepsAreExactAndLabelledWithFixedDecimals() {
        let t = AxisTicks.linear(0.3, 0.7)
        // Step 0.05: 8 intervals. Values equal the decimal literals exactly.
        #expect(t.ticks.map(\.value) == [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
        #expect(t.ticks.first?.label == "0.30" && t.ticks.last?.label == "0.70")
        #expect(t.domain == 0.3...0.7)
    }

    @Test func negativeRangesAndNoNegativeZero() {
        let t = AxisTicks.linear(-3, 7)
        #expect(t.ticks.map(\.value) == Array(-3...7).map(Double.init))
        let u = AxisTicks.linear(-0.5, 0.5)
        #expect(u.ticks.map(\.label) == ["-0.5", "-0.4", "-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3", "0.4", "0.5"])
    }

    @Test func aZeroWidthRangeIsWidened() {
        let t = AxisTicks.linear(5, 5)
        #expect(t.domain.lowerBound < 5 && t.domain.upperBound > 5)
        let z = AxisTicks.linear(0, 0)
        #expect(z.domain == -1...1)
    }

    @Test func largeNumbersAreGrouped() {
        let t = AxisTicks.linear(0, 40_000, maxIntervals: 4)
        #expect(t.ticks.map(\.label) == ["0", "10,000", "20,000", "30,000", "40,000"])
    }

    @Test func logTicksUseOneTwoFiveWithinThreeDecades() {
        let t = AxisTicks.log10(7.2, 81)
        #expect(t.ticks.map(\.value) == [5, 10, 20, 50, 100])
        #expect(t.ticks.map(\.label) == ["5", "10", "20", "50", "100"])
        #expect(t.domain == 5...100)
        #expect(t.minor == [6, 7, 8, 9, 30, 40, 60, 70, 80, 90])
    }

    @Test func logTicksBelowOne() {
        let t = AxisTicks.log10(0.5, 12)
        #expect(t.ticks.map(\.label) == ["0.5", "1", "2", "5", "10", "20"])
    }

    @Test func logTicksOverManyDecadesArePowersOfTen() {
        let t = AxisTicks.log10(1, 1_000_000)
        #expect(t.ticks.map(\.value) == [1, 10, 100, 1000, 10_000, 100_000, 1_000_000])
        #expect(t.ticks.last?.label == "1,000,000")
        #expect(t.minor.count == 6 * 8)   // 2…9 in each of six decades
        #expect(AxisTicks.log10(1, 10_000_000).minor.isEmpty)   // seven: too dense for minor lines
    }

    @Test func aLogAxisAlwaysHasTwoTicks() {
        let t = AxisTicks.log10(1000, 1000)
        #expect(t.ticks.count >= 2)
        #expect(t.domain.contains(1000) && t.domain.lowerBound < 1000 && t.domain.upperBound > 1000)
    }

    @Test func decadesAreExactAtPowersOfTen() {
        #expect(AxisTicks.decade(of: 1000) == 3)
        #expect(AxisTicks.decade(of: 999.999) == 2)
        #expect(AxisTicks.decade(of: 0.001) == -3)
        #expect(AxisTicks.decade(of: 1) == 0)
    }

    @Test func autoScaleIsLogFromAnOrderOfMagnitude() {
        #expect(AxisSpec.autoScale(for: [5, 50]) == .log10)         // ratio exactly 10
        #expect(AxisSpec.autoScale(for: [5, 49.9]) == .linear)
        #expect(AxisSpec.autoScale(for: [0, 100]) == .linear)       // zero cannot be drawn on a log axis
        #expect(AxisSpec.autoScale(for: [-1, 100]) == .linear)
        #expect(AxisSpec.autoScale(for: [7.8, .infinity, 81]) == .log10)   // non-finite values ignored
    }

    @Test func resolvedAxesMapValuesToPositions() {
        let lin = AxisSpec(title: "x", domain: 0...10).resolve([])
        #expect(lin.fraction(2.5) == 0.25)
        let log = AxisSpec(title: "x", scale: .log10).resolve([1, 100])
        #expect(log.domain == 1...100)
        #expect(abs(log.fraction(10) - 0.5) < 1e-12)
        #expect(log.fraction(0) == -.infinity)
        #expect(!log.contains(0) && log.contains(10))
    }

    @Test func aFixedDomainKeepsItsBoundsAndOnlyTicksInside() {
        let a = AxisSpec(title: "share", domain: 0...1, format: .percent, maxIntervals: 5).resolve([0.3, 0.9])
        #expect(a.domain == 0...1)
        #expect(a.ticks.map(\.label) == ["0", "20", "40", "60", "80", "100"])
        let b = AxisSpec(title: "x", domain: 0.05...0.95).resolve([])
        #expect(b.ticks.allSatisfy { b.domain.contains($0.value) })
    }

    @Test func axisTitleCarriesTheUnit() {
        #expect(AxisSpec(title: "Hours since the order", unit: "h").label == "Hours since the order (h)")
        #expect(AxisSpec(title: "Replications").label == "Replications")
    }
}
