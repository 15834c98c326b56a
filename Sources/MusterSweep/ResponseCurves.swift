import MusterModel
import MusterScenario

/// One x of a response curve: a point's figures for one measure and mode.
public struct ResponsePoint: Sendable, Equatable {
    public var x: Double
    /// The point's id in the store.
    public var point: Int
    public var n: Int
    public var p50: Double
    public var p50Low: Double
    public var p50High: Double
    public var p90: Double
    public var p90Low: Double
    public var p90High: Double
    public var mean: Double
    public var ci95Low: Double
    public var ci95High: Double
}

/// One line of a response figure: a mode and the values of the other axes.
public struct ResponseSeries: Sendable, Equatable {
    public var mode: Mode
    /// The other axes' values on this line, in axis order (`base`: as in
    /// the base scenario). Empty with one axis, or for a Latin hypercube.
    public var others: [Other]
    /// Points in increasing x.
    public var points: [ResponsePoint]

    public struct Other: Sendable, Equatable {
        public var axis: String
        public var value: String
    }

    /// `p2p, layout.households=50` — a legend entry.
    public var label: String {
        ([mode.rawValue] + others.map { "\($0.axis)=\($0.value)" }).joined(separator: ", ")
    }
}

/// Why response curves cannot be drawn from a store.
public struct ResponseCurveError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The data of a sweep's response figures: p50 and p90 (with their
/// order-statistics intervals) and the mean (with its t-interval) of a
/// measure against one numeric axis, one series per mode and per
/// combination of the other axes' values.
///
/// Which points make a series depends on the design: a grid gives one
/// series per mode and combination of the other axes; one-at-a-time uses
/// the points where only `x` differs from the base point (point 0); a Latin
/// hypercube varies every axis at once, so all its points form one series
/// per mode (a scatter in x). Points whose x is not set (the base point of
/// a design without `base:`) are left out.
public enum ResponseCurves {
    /// Reads the curves from a store.
    public static func series(from store: SweepStore, x: String,
                              measure: SweepMeasure = .orderComplete) throws -> [ResponseSeries] {
        try series(header: store.header, summaries: store.summaries(), x: x, measure: measure)
    }

    public static func series(header: SweepHeader, summaries: [PointSummary], x: String,
                              measure: SweepMeasure = .orderComplete) throws(ResponseCurveError) -> [ResponseSeries] {
        guard let xi = header.axes.firstIndex(where: { $0.path == x }) else {
            throw ResponseCurveError(message: "the sweep has no axis '\(x)'; its axes: \(header.axes.map(\.path).joined(separator: ", "))")
        }
        guard header.measures.contains(measure) else {
            throw ResponseCurveError(message: "the sweep did not keep measure '\(measure.rawValue)'; kept: \(header.measures.map(\.rawValue).joined(separator: ", "))")
        }
        if let bad = header.points.lazy.compactMap({ $0.values[xi] }).first(where: { $0.number == nil }) {
            throw ResponseCurveError(message: "axis '\(x)' has values that are not numbers (e.g. \(bad.text)); a response curve needs a numeric axis")
        }
        let design = header.design
        let scatter = design.hasPrefix("lhs") || design.hasPrefix("sobol") || design.hasPrefix("morris")
        let basePoint = header.points.first
        var bySeries: [[String]: [ResponsePoint]] = [:]
        var seriesOrder: [[String]] = []
        var summaryOf: [Int: [Mode: PointSummary]] = [:]
        for s in summaries where s.measure == measure { summaryOf[s.point, default: [:]][s.mode] = s }

        for p in header.points {
            guard let xv = p.values[xi]?.number else { continue }
            if design == "oat", let base = basePoint,
               !p.values.indices.allSatisfy({ $0 == xi || p.values[$0]?.text == base.values[$0]?.text }) { continue }
            let others = scatter ? [] : p.values.indices.filter { $0 != xi }.map { p.values[$0]?.text ?? "base" }
            for mode in header.modes {
                guard let s = summaryOf[p.id]?[mode] else { continue }
                let key = [mode.rawValue] + others
                if bySeries[key] == nil { seriesOrder.append(key) }
                bySeries[key, default: []].append(ResponsePoint(
                    x: xv, point: p.id, n: s.n, p50: s.p50, p50Low: s.p50Low, p50High: s.p50High,
                    p90: s.p90, p90Low: s.p90Low, p90High: s.p90High,
                    mean: s.mean, ci95Low: s.ci95Low, ci95High: s.ci95High))
            }
        }
        let otherAxes = header.axes.indices.filter { $0 != xi }.map { header.axes[$0].path }
        let modeRank = Dictionary(uniqueKeysWithValues: header.modes.enumerated().map { ($1.rawValue, $0) })
        // Modes in the sweep's order; within a mode, lines in point order.
        let ordered = seriesOrder.enumerated().sorted { a, b in
            (modeRank[a.element[0]]!, a.offset) < (modeRank[b.element[0]]!, b.offset)
        }.map(\.element)
        return ordered.map { key in
            ResponseSeries(mode: Mode(rawValue: key[0])!,
                           others: scatter ? [] : zip(otherAxes, key.dropFirst()).map { .init(axis: $0, value: $1) },
                           points: bySeries[key]!.sorted { ($0.x, $0.point) < ($1.x, $1.point) })
        }
    }
}
