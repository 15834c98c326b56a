import CGSL

/// GSL's Sobol low-discrepancy sequence (Bratley & Fox 1988, up to 40
/// dimensions), the quasi-random base of the Saltelli design.
///
/// GSL starts at the point after the origin (every coordinate ½), so no
/// coordinate is ever 0 or 1: inverse distribution functions stay finite.
public enum SobolSequence {
    /// Dimensions GSL's generator supports.
    public static let maxDimensions = 40

    /// The first `count` points of the `dimensions`-dimensional sequence,
    /// each in (0, 1)^dimensions.
    public static func points(count: Int, dimensions: Int) -> [[Double]] {
        precondition(dimensions >= 1 && dimensions <= maxDimensions, "Sobol dimensions 1…40")
        guard let q = gsl_qrng_alloc(muster_qrng_type_sobol(), UInt32(dimensions)) else {
            fatalError("gsl_qrng_alloc failed: out of memory")
        }
        defer { gsl_qrng_free(q) }
        var row = [Double](repeating: 0, count: dimensions)
        var out: [[Double]] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            _ = row.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
            out.append(row)
        }
        return out
    }
}
