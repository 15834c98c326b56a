/// Why a sensitivity design cannot be built, in words a sweep file's
/// reader can place at the key it belongs to.
public struct SensitivityDesignError: Error, Equatable, Sendable {
    /// Which setting is wrong: `n`, `inputs`, `trajectories` or `levels`.
    public var key: String
    public var message: String
    public init(key: String, message: String) { self.key = key; self.message = message }
}

/// Powers of two, for base sample sizes.
public enum PowerOfTwo {
    public static func isPower(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }
    /// The smallest power of two ≥ n (n ≥ 1).
    public static func next(atLeast n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }
}
