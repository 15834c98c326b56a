/// What an order run holds in memory, in bytes, from the sizes of its
/// layout: the engine's own arrays, kept next to the engine so that the
/// estimate changes with them. A run is refused before it allocates
/// anything when the estimate does not fit (see `muster run`).
///
/// A task is one replication of one mode; the tasks in progress at once
/// (one per thread) each hold their own state, and the modes of a
/// replication share its first attempts.
public enum RunMemory {
    /// Per household, per replication in progress: its first-attempt
    /// outcome, shared by the modes (`FirstAttempts`).
    public static let firstAttemptBytes = MemoryLayout<Double>.stride
    /// Per household, per task: its visit time, kept until the coverage
    /// curve is read at the end.
    public static let visitTimeBytes = MemoryLayout<Double>.stride
    /// Per household of the largest part worked at once (a micro-grid, or
    /// a rebalancing group), per task: its queue slot, revisit time and
    /// attempt count, in a window reused part after part.
    public static let scratchBytes = MemoryLayout<Int32>.stride + MemoryLayout<Double>.stride + MemoryLayout<UInt8>.stride
    /// Per micro-grid, per task: the layout's arrays, the field and app
    /// state, the relay units above it (1.33 units a micro-grid in Ningbo's
    /// tree) and its result. Measured at about 210 bytes (a one-household
    /// Ningbo layout); the rest is room for deeper or narrower trees.
    public static let microgridBytes = 320
    /// Per team person, per task: workplace, speed, call list, idle line
    /// and moves.
    public static let personBytes = 3 * MemoryLayout<Int32>.stride + MemoryLayout<Double>.stride + MemoryLayout<Int32>.stride
    /// Per micro-grid, per kept result (one per replication and mode): when
    /// its team was notified and done, and whether it used the app.
    public static let resultMicrogridBytes = 2 * MemoryLayout<Double>.stride + MemoryLayout<Bool>.stride

    /// One task's working state.
    public static func taskBytes(households: Double, microgrids: Double, persons: Double, largestPart: Double) -> Double {
        Double(visitTimeBytes) * households + Double(scratchBytes) * largestPart
            + Double(microgridBytes) * microgrids + Double(personBytes) * persons
    }
}
