import Testing
@testable import MusterSelect

/// η and h² against values computed by hand (Python, from the formula of
/// Kim & Nelson 2001), the region against a worked example.
@Suite struct KimNelsonTests {
    @Test func constantsMatchTheFormula() {
        let cases: [(k: Int, n0: Int, eta: Double, h2: Double)] = [
            (2, 10, 0.3340502686000293, 6.012904834800527),
            (7, 10, 0.7419803555521869, 13.355646399939364),
            (5, 10, 0.6349672651536731, 11.429410772766115),
            // (2α/(k − 1))^(−2/(n0 − 1)) = 0.1^−1 = 10: η = 4.5, h² = 18.
            (2, 3, 4.5, 18),
        ]
        for c in cases {
            let kn = KimNelson(candidates: c.k, alpha: 0.05, firstStage: c.n0)
            #expect(abs(kn.eta - c.eta) < 1e-12, "k \(c.k) n0 \(c.n0)")
            #expect(abs(kn.h2 - c.h2) < 1e-10, "k \(c.k) n0 \(c.n0)")
        }
    }

    /// h² = 18, S² = 1, δ = 1: W(r) = (18 − r)/(2r), closed at r = 18.
    @Test func regionShrinksAndCloses() {
        let kn = KimNelson(candidates: 2, alpha: 0.05, firstStage: 3)
        #expect(kn.halfWidth(varianceOfDifference: 1, indifference: 1, observations: 3) == 2.5)
        #expect(kn.halfWidth(varianceOfDifference: 1, indifference: 1, observations: 6) == 1)
        #expect(abs(kn.halfWidth(varianceOfDifference: 1, indifference: 1, observations: 7) - 11.0 / 14) < 1e-15)
        #expect(kn.halfWidth(varianceOfDifference: 1, indifference: 1, observations: 18) == 0)
        #expect(kn.halfWidth(varianceOfDifference: 1, indifference: 1, observations: 30) == 0)
        #expect(kn.closes(varianceOfDifference: 1, indifference: 1) == 18)
        // δ = 2, S² = 8: h² S²/δ² = 36; W(9) = 2/18 · 27 = 3.
        #expect(kn.halfWidth(varianceOfDifference: 8, indifference: 2, observations: 9) == 3)
    }

    @Test func screeningKeepsThoseWithinEveryRegion() {
        // h² = 6.0129…, S² = 2, δ = 1, r = 10: W = (12.0258… − 10)/20 = 0.10129….
        let kn = KimNelson(candidates: 3, alpha: 0.1, firstStage: 10)
        let s2 = [[0, 2, 2], [2, 0, 2], [2, 2, 0.0]]
        let w = kn.halfWidth(varianceOfDifference: 2, indifference: 1, observations: 10)
        #expect(abs(w - (2 * 6.012904834800527 - 10) / 20) < 1e-12)
        let step = kn.screen(means: [5.0, 4.95, 4.8], survivors: [0, 1, 2], variances: s2, indifference: 1, observations: 10)
        #expect(step.survivors == [0, 1])
        #expect(step.eliminatedBy == [2: 0])
    }

    /// A worked run: k = 2, n0 = 3, δ = 1 (h² = 18). First stage
    /// X₀ = 1, 2, 3 and X₁ = 0, 2, 1: differences 1, 0, 2, S² = 1. After
    /// that every observation is 2.2 against 1, so after r observations the
    /// mean difference is (3 + 1.2 (r − 3))/r while W(r) = (18 − r)/(2r):
    /// candidate 1 goes when 2.4 r − 1.2 > 18 − r, first at r = 6
    /// (r = 5: 10.8 against 13; r = 6: 13.2 against 12).
    @Test func workedRunStopsAtSix() throws {
        let table: [[Double]] = [[1, 2, 3] + Array(repeating: 2.2, count: 40), [0, 2, 1] + Array(repeating: 1, count: 40)]
        let settings = SelectionSettings(confidence: 0.95, indifference: 1, goal: .largest, firstStage: 3)
        var asked: [ObservationRequest] = []
        let a = try Selection(candidates: 2, settings: settings).run { requests in
            asked += requests
            return requests.map { Array(table[$0.candidate][$0.replications]) }
        }
        #expect(a.outcome == .selected)
        #expect(a.selected == 0)
        #expect(a.firstStageVariances[0][1] == 1)
        #expect(a.candidates[1].eliminatedAt == 6)
        #expect(a.candidates[1].eliminatedBy == 0)
        #expect(a.candidates.map(\.observations) == [6, 6])
        #expect(a.replicationsSpent == 12)
        #expect(a.screenings == 4)
        #expect(asked.first == ObservationRequest(candidate: 0, replications: 0..<3))
        #expect(asked.last == ObservationRequest(candidate: 1, replications: 5..<6))
        // Smallest is best: the same data negated selects the same one.
        let flipped = SelectionSettings(confidence: 0.95, indifference: 1, goal: .smallest, firstStage: 3)
        let b = try Selection(candidates: 2, settings: flipped).run { requests in
            requests.map { table[$0.candidate][$0.replications].map { -$0 } }
        }
        #expect(b.selected == 0 && b.candidates[1].eliminatedAt == 6)
        #expect(b.candidates[0].estimate == -a.candidates[0].estimate)
    }

    /// Bonferroni's fixed size: t(1 − 0.05/6, 9) = 2.93332… (scipy), S² = 4,
    /// δ = 1: N = ⌈8.604… × 4⌉ = 35.
    @Test func bonferroniSize() {
        let n = Selection.bonferroniObservations(candidates: 7, alpha: 0.05, firstStage: 10, largestVariance: 4, indifference: 1)
        #expect(n == Int((2.93332408837399 * 2.93332408837399 * 4).rounded(.up)))
        #expect(n == 35)
        #expect(Selection.bonferroniObservations(candidates: 7, alpha: 0.05, firstStage: 10, largestVariance: 0.01, indifference: 1) == 10)
    }

    @Test func percentileOfABatch() {
        let stat = SelectionStatistic.quantile(0.9, batch: 11)
        // q·(n − 1) = 9: the 10th smallest of 0…10.
        #expect(stat.observation(ArraySlice((0...10).map(Double.init).reversed())) == 9)
        #expect(SelectionStatistic.percentile([0, 10], 0.25) == 2.5)
        #expect(SelectionStatistic.defaultBatch(quantile: 0.9) == 50)
        #expect(SelectionStatistic.defaultBatch(quantile: 0.95) == 100)
        #expect(SelectionStatistic.defaultBatch(quantile: 0.5) == 10)
    }
}
