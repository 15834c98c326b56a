import CGSL
/// Owns the fixed-size arrays of one simulation's hot loop.
///
/// A Swift `Array` stored in a struct checks, on every element write, that
/// its buffer is not shared (copy-on-write); in the field-work loop those
/// checks were 8 % of the run time. Buffers handed out by an arena have no
/// such check and no growth path: they are allocated once, sized for the
/// whole replication, and freed together when the arena goes.
///
/// Buffers are shared by every copy of the struct that holds them, so a
/// simulation holding an arena must be run by one owner (as a replication
/// is). Elements must be plain values (`BitwiseCopyable`): they are never
/// deinitialised. The builders are inlinable so that filling a buffer is
/// specialised for its element type, not a generic loop.
public final class StateArena {
    @usableFromInline var blocks: [UnsafeMutableRawPointer] = []
    /// Bytes handed out so far (what the run's memory estimate must cover).
    public var allocatedBytes: Int { allocated }
    @usableFromInline var allocated = 0

    public init() {}

    deinit { for b in blocks { b.deallocate() } }

    /// A new buffer of `count` elements, each `value`.
    @inlinable
    public func buffer<T: BitwiseCopyable>(repeating value: T, count: Int) -> UnsafeMutableBufferPointer<T> {
        let b = uninitializedBuffer(of: T.self, count: count)
        b.initialize(repeating: value)
        return b
    }

    /// A new buffer of `count` elements left unset: for state that is
    /// always written before it is read, so that a replication does not
    /// pay a pass over memory to fill it first.
    @inlinable
    public func uninitializedBuffer<T: BitwiseCopyable>(of type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        allocated += count * MemoryLayout<T>.stride
        if let base = b.baseAddress { blocks.append(UnsafeMutableRawPointer(base)) }
        return b
    }

    /// A new buffer holding `values`.
    @inlinable
    public func buffer<T: BitwiseCopyable, C: Collection>(_ values: C) -> UnsafeMutableBufferPointer<T> where C.Element == T {
        let b = uninitializedBuffer(of: T.self, count: values.count)
        _ = b.initialize(from: values)
        return b
    }
}

extension StateArena {
    /// Keeps large freed blocks in the C heap for the next replication.
    ///
    /// Every replication allocates its state (megabytes per array at city
    /// scale) and frees it at the end. By default glibc serves such blocks
    /// with fresh `mmap`s and returns them on `free`, so each replication
    /// paid page faults and page clearing again. Call once at start-up,
    /// before any replication; a no-op off glibc.
    public static func keepLargeBlocksInHeap() { muster_keep_large_blocks() }
}
