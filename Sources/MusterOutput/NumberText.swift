/// The one rule for writing numbers into machine-read files (JSON, CSV),
/// so the same figure always becomes the same bytes.
///
/// - A whole number below 10^15 in magnitude is written as an integer
///   (`52`, not `52.0`; `-0.0` as `0`): exact, and what a reader expects of
///   counts and of the `0` figures of the example in docs/reference/outputs.md.
/// - Anything else is Swift's shortest round-trip form (`0.1`, `1e-07`,
///   `1.5e+15`), which is valid JSON and parses back to the same Double.
/// - A non-finite value has no text (`nil`); each format says what it
///   writes instead.
package enum NumberText {
    package static func format(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x.rounded(.towardZero) == x, abs(x) < 1e15 {
            return String(Int64(x))
        }
        return x.description
    }
}
