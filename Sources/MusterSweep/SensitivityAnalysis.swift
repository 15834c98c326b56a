import MusterEngine
import MusterModel
import MusterNumerics
import MusterScenario

/// The sensitivity indices of a finished sobol or morris sweep, computed
/// from its stored per-point summaries: per output (a measure and a
/// statistic across a point's replications), per mode and per input.
///
/// Everything comes from the store — the design's name, the inputs, the
/// seed and the summaries — so a merged store of shards gives exactly the
/// indices of a single run. The design's unit points are regenerated from
/// the design and the seed (Sobol points are fixed; Morris trajectories
/// come from the seed), and the bootstrap draws from a stream keyed by the
/// seed and the output's position.
public struct SensitivityAnalysis: Sendable, Equatable {
    /// One output: a measure and a statistic of it across a point's replications.
    public struct Output: Sendable, Equatable, Hashable {
        public var measure: SweepMeasure
        /// `mean`, `p50` or `p90`.
        public var statistic: String
        public init(measure: SweepMeasure, statistic: String) { self.measure = measure; self.statistic = statistic }
        /// `order_complete_hours.mean`, as written in sensitivity.csv.
        public var name: String { measure.rawValue + "." + statistic }
    }

    /// The indices of one output in one mode.
    public struct Table: Sendable, Equatable {
        public var output: Output
        public var mode: Mode
        public var indices: [SensitivityIndex]
        /// Variance of a point's mean from replication noise, over the
        /// variance of the point means (`ReplicationNoise`; mean outputs of
        /// a fixed plan with ≥ 2 replications; NaN otherwise).
        @Figure public var noiseShare: Double
        /// Variance of the output across the design's points.
        @Figure public var variance: Double
    }

    public var design: SweepDesign
    /// Input paths in design order.
    public var inputs: [String]
    public var points: Int
    public var plan: ReplicationPlan
    public var resamples: Int
    public var tables: [Table]

    /// The outputs analysed for the measures a sweep keeps: mean, p50 and
    /// p90 of order completion, and the mean of each other time measure.
    public static func outputs(of measures: [SweepMeasure]) -> [Output] {
        var out: [Output] = []
        for m in measures where !m.isCount {
            if m == .orderComplete {
                out += ["mean", "p50", "p90"].map { Output(measure: m, statistic: $0) }
            } else {
                out.append(Output(measure: m, statistic: "mean"))
            }
        }
        return out
    }

    /// Why the indices cannot be computed.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The analysis of a sensitivity sweep; nil for other designs.
    /// `rows`, the stored replications, give the replication noise (without
    /// them it is not estimated).
    public static func make(header: SweepHeader, summaries: [PointSummary], rows: [ResultRow]? = nil,
                            resamples: Int = Bootstrap.defaultResamples) throws(Problem) -> SensitivityAnalysis? {
        guard let design = SweepDesign(name: header.design), design.isSensitivity else { return nil }
        let unit: [[Double]]
        do {
            unit = try SensitivityPoints.unitPoints(design, inputs: header.axes.count, seed: header.seed)
        } catch {
            throw Problem(description: error.message)
        }
        guard unit.count == header.points.count else {
            throw Problem(description: "the store holds \(header.points.count) points, but design \(header.design) over \(header.axes.count) inputs has \(unit.count)")
        }
        struct Key: Hashable { let point: Int; let mode: Mode; let measure: SweepMeasure }
        var byKey: [Key: PointSummary] = [:]
        for s in summaries { byKey[Key(point: s.point, mode: s.mode, measure: s.measure)] = s }

        var tables: [Table] = []
        for (o, output) in outputs(of: header.measures).enumerated() {
            for (k, mode) in header.modes.enumerated() {
                var y: [Double] = []
                for p in 0..<unit.count {
                    guard let s = byKey[Key(point: p, mode: mode, measure: output.measure)] else {
                        throw Problem(description: "point \(p) has no \(mode.rawValue) results yet; finish the sweep (--resume) or merge every shard first")
                    }
                    switch output.statistic {
                    case "p50": y.append(s.p50)
                    case "p90": y.append(s.p90)
                    default: y.append(s.mean)
                    }
                }
                guard y.allSatisfy(\.isFinite) else {
                    let bad = y.firstIndex { !$0.isFinite }!
                    throw Problem(description: "\(output.name) of \(mode.rawValue) is not finite at point \(bad) (no replication completed there); its indices cannot be computed")
                }
                let mean = y.reduce(0, +) / Double(y.count)
                let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
                var noiseShare = Double.nan
                if output.statistic == "mean", variance > 0, let rows, case .fixed(let r) = header.plan,
                   let m = header.measures.firstIndex(of: output.measure) {
                    noiseShare = ReplicationNoise.varianceOfPointMeans(rows: rows, mode: mode, measure: m,
                                                                       points: unit.count, replications: r) / variance
                }
                let seed = StreamSeed.of(header.seed, output: o, mode: k)
                let indices: [SensitivityIndex]
                switch design {
                case .sobol(let n, let s2):
                    let d = try! SaltelliDesign(baseSamples: n, inputs: header.axes.count, secondOrder: s2)
                    indices = SensitivityIndices.sobol(outputs: y, design: d, resamples: resamples, seed: seed)
                case .morris(let r, let p):
                    let d = try! MorrisDesign(trajectories: r, levels: p, inputs: header.axes.count)
                    indices = SensitivityIndices.morris(points: unit, outputs: y, design: d, resamples: resamples, seed: seed)
                default:
                    indices = []
                }
                tables.append(Table(output: output, mode: mode, indices: indices, noiseShare: noiseShare, variance: variance))
            }
        }
        return SensitivityAnalysis(design: design, inputs: header.axes.map(\.path), points: unit.count,
                                   plan: header.plan, resamples: resamples, tables: tables)
    }

    /// The input's name, or "a × b" for a pair.
    public func label(_ index: SensitivityIndex) -> String {
        index.other.map { inputs[index.input] + " × " + inputs[$0] } ?? inputs[index.input]
    }

    /// The index kind that ranks inputs: ST (Sobol) or μ* (Morris).
    public var rankingKind: SensitivityIndex.Kind {
        if case .morris = design { return .muStar }
        return .st
    }
}

/// The replication noise left in the point means of a sweep with common
/// random numbers.
///
/// Every point runs replication r with the same random numbers, so much of
/// the noise is common to all points and moves them together: it does not
/// change the variance across points that the indices divide. What does
/// is the part of the noise that differs between points. With the two-way
/// model y_pr = μ_p + c_r + e_pr (point effect, replication effect, the
/// rest), that is Var(e)/R in a point's mean; Var(e) is estimated from the
/// residuals e_pr = y_pr − ȳ_p· − ȳ_·r + ȳ_·· with (P − 1)(R − 1) degrees
/// of freedom (an unbalanced or incomplete table gives NaN).
enum ReplicationNoise {
    static func varianceOfPointMeans(rows: [ResultRow], mode: Mode, measure: Int, points: Int, replications: Int) -> Double {
        guard replications >= 2, points >= 2 else { return .nan }
        var y = [Double](repeating: .nan, count: points * replications)
        for row in rows where row.mode == mode && row.point < points && row.replication < replications {
            y[row.point * replications + row.replication] = row.values[measure]
        }
        guard y.allSatisfy(\.isFinite) else { return .nan }
        let p = Double(points), r = Double(replications)
        var pointMean = [Double](repeating: 0, count: points), repMean = [Double](repeating: 0, count: replications)
        for i in 0..<points {
            for j in 0..<replications {
                pointMean[i] += y[i * replications + j] / r
                repMean[j] += y[i * replications + j] / p
            }
        }
        let grand = pointMean.reduce(0, +) / p
        var ss = 0.0
        for i in 0..<points {
            for j in 0..<replications {
                let e = y[i * replications + j] - pointMean[i] - repMean[j] + grand
                ss += e * e
            }
        }
        return ss / ((p - 1) * (r - 1)) / r
    }
}

/// Bootstrap seeds: one per output and mode, below the sweep's seed.
enum StreamSeed {
    static func of(_ seed: UInt64, output: Int, mode: Int) -> UInt64 {
        seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(1 + output * 8 + mode)
    }
}
