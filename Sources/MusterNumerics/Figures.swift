import MusterEngine

/// Small helpers shared by every module that computes or compares figures.

/// Mean of the finite values; NaN when there are none.
package func finiteMean(_ values: [Double]) -> Double {
    plainMean(values.filter(\.isFinite))
}

/// Arithmetic mean; NaN for no values.
package func plainMean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}

/// Equality of figures where NaN (an undefined figure) matches NaN, for
/// the few places that cannot hold a `@Figure` (enum payloads).
package func sameFigure(_ a: Double, _ b: Double) -> Bool { Double.sameFigure(a, b) }
