import MusterEngine

/// One value per person, household or micro-grid, in memory a `StateArena`
/// owns: the only way a replication holds raw buffers.
///
/// Writes go straight to memory (a `nonmutating` setter), so the event loop
/// pays no copy-on-write check, even with the slots nested in sub-states.
/// The price is aliasing: a copy of a `Slots` is the same slots, and they
/// live only as long as their arena. A replication keeps both inside one
/// non-copyable run, which is what makes that safe.
struct Slots<Element: BitwiseCopyable>: RandomAccessCollection {
    private let base: UnsafeMutableBufferPointer<Element>

    /// `count` slots, each `value`.
    init(repeating value: Element, count: Int, in arena: StateArena) {
        base = arena.buffer(repeating: value, count: count)
    }

    /// Slots holding `values`.
    init<C: Collection>(_ values: C, in arena: StateArena) where C.Element == Element {
        base = arena.buffer(values)
    }

    /// `count` slots left unset: for state always written before it is
    /// read, so that a replication pays no pass over memory to fill it.
    init(uninitialized count: Int, in arena: StateArena) {
        base = arena.uninitializedBuffer(of: Element.self, count: count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { base.count }

    subscript(i: Int) -> Element {
        @inline(__always) get { base[i] }
        @inline(__always) nonmutating set { base[i] = newValue }
    }

    /// Sets the first `n` slots to `value`.
    func fill(_ value: Element, count n: Int) {
        UnsafeMutableBufferPointer(rebasing: base[..<n]).update(repeating: value)
    }

    /// The first `n` slots, read in place (valid while the arena lives).
    func unsafePrefix(_ n: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(rebasing: base[..<n])
    }
}
