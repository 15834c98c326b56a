import Foundation
import MusterABC
import MusterOutput
import MusterPlot

/// A calibration's files: posterior.csv, calibration.txt, calibration.json,
/// the figures and the report section (docs/reference/outputs.md).
extension Calibration {
    /// One row per particle of the posterior: its values (in each
    /// parameter's unit), weight and generation.
    public var posteriorCSV: String {
        var out = "particle," + problem.parameters.map(\.column).joined(separator: ",") + ",weight,generation\n"
        let p = posterior
        for i in p.particles.indices {
            out += "\(i)," + p.particles[i].map { NumberText.format($0) ?? "" }.joined(separator: ",")
                + ",\(NumberText.format(p.weights[i]) ?? "0"),\(p.generation)\n"
        }
        return out
    }

    static func f(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : x < 0 ? "-inf" : "nan" }
        let s = String(format: "%.\(digits)g", x)
        return s
    }

    /// The plain-text report.
    public var text: String {
        var out = "Calibration of \(problem.base.name) to the drill log (\(problem.mode.rawValue), \(problem.observed.microgridCount) micro-grids"
        if let end = problem.observed.observedUntil { out += ", observed until \(Self.f(end)) h" }
        out += ")\n\n"
        let rows = estimates.map { e -> [String] in
            let u = e.parameter.unit ?? ""
            return [e.parameter.name, e.parameter.priorText, Self.f(e.mean) + u, Self.f(e.median) + u,
                    "\(Self.f(e.low))–\(Self.f(e.high))\(u)", e.narrowing.isFinite ? Self.f(e.narrowing, 3) + "×" : "∞"]
        }
        out += Self.table(["parameter", "prior", "posterior mean", "median", "95 % credible interval", "narrower than prior"], rows)
        let last = posterior
        out += "\n\(state.totalSimulations) simulations in \(state.populations.count) generations; final tolerance \(Self.f(last.tolerance)) "
            + "(weighted distance of the summaries), acceptance rate \(Self.f(last.acceptanceRate * 100, 3)) %, "
            + "effective sample size \(Int(last.effectiveSampleSize.rounded())) of \(last.particles.count).\n"
        out += "Stopped: \(state.stop?.rawValue ?? "not finished").\n\n"
        out += "Posterior predictive check (\(check.draws) drills simulated from the posterior):\n"
        let srows = problem.summaries.names.indices.map { k -> [String] in
            let (lo, med, hi) = check.summaries[k]
            let o = problem.summaries.observed[k]
            return [problem.summaries.names[k], Self.f(o), Self.f(med), "\(Self.f(lo))–\(Self.f(hi))", o >= lo && o <= hi ? "yes" : "NO"]
        }
        out += Self.table(["summary", "observed", "simulated median", "simulated 95 %", "inside"], srows)
        if !check.observedDone.isEmpty {
            out += "The log's done-time distribution lies inside the simulated 95 % band at \(Int((check.insideBand(done: true) * 100).rounded())) % of the hours"
            if !check.observedNotified.isEmpty {
                out += "; its notified-time distribution at \(Int((check.insideBand(done: false) * 100).rounded())) %"
            }
            out += ".\n"
        }
        return out
    }

    static func table(_ head: [String], _ rows: [[String]]) -> String {
        let widths = head.indices.map { c in ([head[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ r: [String]) -> String {
            r.indices.map { $0 == r.count - 1 ? r[$0] : r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
        }
        return line(head) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }

    /// The JSON document (`--json`, calibration.json).
    public var json: JSONValue {
        func num(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
        let params: [JSONValue] = estimates.map { e in
            .object([
                ("paths", .array(e.parameter.paths.map { .string($0) })),
                ("unit", e.parameter.unit.map { .string($0) } ?? .null),
                ("prior", .string(e.parameter.priorText)),
                ("prior_mean", num(e.priorMean)),
                ("prior_interval_95", .array([num(e.priorLow), num(e.priorHigh)])),
                ("posterior_mean", num(e.mean)),
                ("posterior_median", num(e.median)),
                ("credible_interval_95", .array([num(e.low), num(e.high)])),
                ("narrower_than_prior", num(e.narrowing)),
            ])
        }
        let gens: [JSONValue] = state.populations.map { p in
            .object([("generation", .int(p.generation)), ("tolerance", num(p.tolerance)), ("simulations", .int(p.simulations)),
                     ("acceptance_rate", num(p.acceptanceRate)), ("effective_sample_size", num(p.effectiveSampleSize))])
        }
        let sums: [JSONValue] = problem.summaries.names.indices.map { k in
            let (lo, med, hi) = check.summaries[k]
            return .object([("name", .string(problem.summaries.names[k])), ("observed", num(problem.summaries.observed[k])),
                            ("distance_weight", num(posterior.distance.weights[k])),
                            ("simulated_median", num(med)), ("simulated_interval_95", .array([num(lo), num(hi)]))])
        }
        return .object([
            ("scenario", .string(problem.base.name)),
            ("mode", .string(problem.mode.rawValue)),
            ("microgrids", .int(problem.observed.microgridCount)),
            ("observed_until", problem.observed.observedUntil.map(num) ?? .null),
            ("seed", .uint(settings.seed)),
            ("population_size", .int(settings.populationSize)),
            ("parameters", .array(params)),
            ("simulations", .int(state.totalSimulations)),
            ("final_tolerance", num(posterior.tolerance)),
            ("stopped", .string(state.stop?.rawValue ?? "not finished")),
            ("generations", .array(gens)),
            ("summaries", .array(sums)),
            ("predictive_check", .object([
                ("draws", .int(check.draws)),
                ("done_inside_band", num(check.insideBand(done: true))),
                ("notified_inside_band", num(check.insideBand(done: false))),
            ])),
        ])
    }

    /// Figures: name (without .svg) and SVG text.
    public var figures: [(name: String, svg: String)] {
        var out: [(String, String)] = []
        let p = posterior
        let caption = "\(problem.base.name), \(problem.mode.rawValue) drill of \(problem.observed.microgridCount) micro-grids; "
            + "\(p.particles.count) particles, seed \(settings.seed)"
        for (k, par) in problem.parameters.enumerated() {
            let lo = par.prior.quantile(0.001), hi = par.prior.quantile(0.999)
            let bins = 40
            let w = (hi - lo) / Double(bins)
            var post = [Double](repeating: 0, count: bins)
            for (x, wt) in zip(p.particles.map { $0[k] }, p.weights) {
                post[min(bins - 1, max(0, Int((x - lo) / w)))] += wt
            }
            let prior = (0..<bins).map { b in par.prior.cdf(lo + Double(b + 1) * w) - par.prior.cdf(lo + Double(b) * w) }
            let unit = par.unit.map { " (\($0))" } ?? ""
            let chart = HistogramChart(
                id: "marginal-\(k)", title: "\(par.name): prior and posterior", caption: caption,
                x: AxisSpec(title: par.name + unit, domain: lo...hi), y: AxisSpec(title: "Probability per bin", includeZero: true),
                series: [HistogramSeries(name: "prior", color: Palette.skyBlue, bins: (0..<bins).map { Bin(lo: lo + Double($0) * w, hi: lo + Double($0 + 1) * w, value: prior[$0]) }),
                         HistogramSeries(name: "posterior", color: Palette.vermillion, bins: (0..<bins).map { Bin(lo: lo + Double($0) * w, hi: lo + Double($0 + 1) * w, value: post[$0]) })])
            out.append(("marginal-\(k + 1)", chart.svg()))
        }
        for a in problem.parameters.indices {
            for b in problem.parameters.indices where b > a {
                let pa = problem.parameters[a], pb = problem.parameters[b]
                var pts: [DataPoint] = []
                for x in p.particles { pts.append(DataPoint(x: x[a], y: x[b])); pts.append(DataPoint(x: .nan, y: .nan)) }
                let chart = LineChart(
                    id: "pairs-\(a)-\(b)", title: "Posterior particles: \(pa.name) against \(pb.name)", caption: caption,
                    x: AxisSpec(title: pa.name + (pa.unit.map { " (\($0))" } ?? ""), domain: pa.prior.quantile(0.001)...pa.prior.quantile(0.999)),
                    y: AxisSpec(title: pb.name + (pb.unit.map { " (\($0))" } ?? ""), domain: pb.prior.quantile(0.001)...pb.prior.quantile(0.999)),
                    series: [LineSeries(name: "particles", color: Palette.blue, points: pts, showsPoints: true)])
                out.append(("pairs-\(a + 1)-\(b + 1)", chart.svg()))
            }
        }
        for (done, name) in [(true, "done"), (false, "notified")] {
            let o = done ? check.observedDone : check.observedNotified
            let band = done ? check.simulatedDone : check.simulatedNotified
            guard !o.isEmpty else { continue }
            let chart = LineChart(
                id: "check-\(name)", title: "Posterior predictive check: micro-grids \(name) over time",
                caption: caption + "; band: 95 % of \(check.draws) drills simulated from the posterior",
                x: AxisSpec(title: "Hours since the order", unit: "h", includeZero: true),
                y: AxisSpec(title: "Share of micro-grids \(name)", unit: "%", domain: 0...1, format: .percent),
                series: [LineSeries(name: "simulated (median, 95 % band)", color: Palette.skyBlue,
                                    points: zip(check.hours, band).map { DataPoint(x: $0, y: $1.1) },
                                    band: zip(check.hours, band).map { BandPoint(x: $0, low: $1.0, high: $1.2) }),
                         LineSeries(name: "drill log", color: Palette.black, points: zip(check.hours, o).map { DataPoint(x: $0, y: $1) },
                                    shape: .stepAfter)])
            out.append(("check-\(name)", chart.svg()))
        }
        return out
    }

    /// The report section: the table, the figures inline, as an HTML page.
    public var reportHTML: String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Calibration: \(esc(problem.base.name))</title>\n"
        h += "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{overflow-x:auto}svg{max-width:100%;height:auto}</style></head><body>\n"
        h += "<section id=\"calibration\"><h1>Calibration to the drill log</h1>\n<pre>\(esc(text))</pre>\n"
        for (name, svg) in figures { h += "<figure id=\"\(name)\">\(svg)</figure>\n" }
        h += "</section></body></html>\n"
        return h
    }

    /// Every file of the output folder.
    public var files: [(name: String, data: Data)] {
        var out: [(String, Data)] = [
            ("posterior.csv", Data(posteriorCSV.utf8)),
            ("calibration.txt", Data(text.utf8)),
            ("calibration.json", json.fileData),
            ("report.html", Data(reportHTML.utf8)),
        ]
        for (name, svg) in figures { out.append(("figures/\(name).svg", Data(svg.utf8))) }
        return out
    }
}
