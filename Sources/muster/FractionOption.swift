import ArgumentParser
import Foundation

/// A fraction on the command line, written as a percentage (`2%`) or a
/// plain number (`0.02`): `--precision`, `--tolerance`, `--alpha`.
struct Fraction: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let value: Double

    init(_ value: Double) { self.value = value }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") {
            guard let pct = Double(text.dropLast().trimmingCharacters(in: .whitespaces)), pct.isFinite else { return nil }
            value = pct / 100
        } else {
            guard let v = Double(text), v.isFinite else { return nil }
            value = v
        }
    }

    var description: String {
        let pct = value * 100
        return (pct == pct.rounded() ? String(Int(pct)) : String(pct)) + "%"
    }

    var defaultValueDescription: String { description }
}

/// `--quantiles p50,p95` (or `0.5,0.95`): quantiles strictly between 0 and 1.
struct QuantileList: ExpressibleByArgument, Sendable {
    let values: [Double]

    init(_ values: [Double]) { self.values = values }

    init?(argument: String) {
        var out: [Double] = []
        for part in argument.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces).lowercased()
            let q: Double?
            if t.hasPrefix("p") { q = Double(t.dropFirst()).map { $0 / 100 } } else { q = Double(t) }
            guard let q, q > 0, q < 1 else { return nil }
            out.append(q)
        }
        guard !out.isEmpty else { return nil }
        values = out
    }

    var defaultValueDescription: String {
        values.map { q in let p = q * 100; return "p" + (p == p.rounded() ? String(Int(p)) : String(p)) }.joined(separator: ",")
    }
}
