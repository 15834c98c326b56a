import ArgumentParser
import Foundation
import MusterEngine

/// A fraction on the command line, written as a percentage (`2%`) or a
/// plain fraction (`0.02`): `--precision`, `--tolerance`, `--alpha`. Read by
/// `FractionText`, the parser the scenario and sweep files use too. The
/// text is kept as given and judged in the command's `validate()` against
/// the option's range, so the error names the option, what is allowed, and
/// for a bare `5` asks "did you mean 5%?".
struct Fraction: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let text: String

    /// A default, given as text ("2%").
    init(_ text: String) { self.text = text }

    init?(argument: String) { text = argument }

    /// The fraction, or a usage error (exit 2) naming `option`.
    func value(_ option: String, in range: FractionText.Range) throws -> Double {
        do {
            return try FractionText.parse(text, in: range)
        } catch {
            throw ValidationError("\(option): \(error.message)")
        }
    }

    /// The fraction of a value `validate()` has accepted.
    func checked(in range: FractionText.Range) -> Double {
        (try? FractionText.parse(text, in: range)) ?? .nan
    }

    var description: String { text }

    var defaultValueDescription: String { text }
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
