import Testing
import MusterNumerics
@testable import MusterStats

/// Percentile intervals as a summary carries them into `summary.json`
/// (moved from MusterNumericsTests/PercentileIntervalTests.swift: it needs
/// the summary's JSON, which lives in MusterStats).
@Suite struct PercentileIntervalJSONTests {
    @Test func summaryCarriesPercentileIntervalsButNotForPooledMeasures() {
        let values = (1...40).map(Double.init)
        let s = SummaryStatistics(values: values)
        // Binomial(40, ½): ranks 14 and 27 (F(13) = 0.0192, F(26) = 0.9808).
        #expect(s.p50CI.low == 14 && s.p50CI.high == 27)
        let pooled = SummaryStatistics(pooled: values, replicationMeans: [10, 30])
        #expect(pooled.p50CI.low.isNaN && pooled.p50CI.high.isNaN)
        let json = s.json
        #expect(json["p50_ci95"] == .array([.number(14), .number(27)]))
        #expect(pooled.json["p95_ci95"] == .null)
    }
}
