import Testing
import MusterEngine

@Suite("DurationText")
struct DurationTextTests {
    @Test(arguments: [
        ("45s", 45.0),
        ("15m", 900),
        ("2h", 7_200),
        ("1.5d", 129_600),
        ("1w", 604_800),
        ("0", 0),
        ("0s", 0),
        ("0.5h", 1_800),
        ("90s", 90),
        (" 15m ", 900),
        ("2.25m", 135),
        ("3d", 259_200),
    ])
    func parses(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["10", "abc", "5x", "-", "", " ", "s", "m", "1.5", "15 minutes", "h2", "1e400s", "nans"])
    func rejects(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test(arguments: [
        (45.0, "45s"),
        (90, "90s"),
        (900, "15m"),
        (7_200, "2h"),
        (86_400, "1d"),
        (604_800, "1w"),
        (1_209_600, "2w"),
        (129_600, "36h"),   // 1.5 d is a whole number of hours
        (259_200, "3d"),
        (1.5, "1.5s"),
    ])
    func formats(seconds: Double, text: String) {
        #expect(DurationText.format(seconds) == text)
    }

    @Test func formatUsesTheLargestWholeUnit() {
        // 5400 s is 90 minutes (or 1.5 h); it is not a whole number of hours.
        #expect(["90m", "1.5h"].contains(DurationText.format(5_400)))
        #expect(DurationText.format(3_600 * 25) == "25h")
        #expect(DurationText.format(86_400 * 8) == "8d")
    }

    @Test func formatReadsBack() {
        var values: [Double] = [0, 1, 59, 60, 61, 3_599, 3_600, 5_400, 86_399, 86_400, 604_799, 604_800, 1_814_400]
        var rng = TestRNG(seed: 7)
        for _ in 0..<2_000 { values.append(Double(Int.random(in: 0...10_000_000, using: &rng))) }
        for v in values {
            let text = DurationText.format(v)
            #expect(DurationText.seconds(text) == v, "\(v) → \(text)")
        }
        // Fractional seconds read back to within rounding.
        for v in [0.25, 1.5, 90.5, 3_600.75, 100_000.125] {
            let text = DurationText.format(v)
            let back = DurationText.seconds(text)
            #expect(back != nil && abs(back! - v) <= 1e-9 * v, "\(v) → \(text)")
        }
    }
}

