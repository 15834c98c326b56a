import MusterEngine

/// How the C allocator treats the large per-replication buffers.
///
/// Every replication allocates its state (megabytes per array at city
/// scale) and frees it at the end. By default glibc serves such blocks with
/// fresh `mmap`s and returns them on `free`, so each replication paid page
/// faults and page clearing again: most of a run's kernel time, a few per
/// cent of its wall time. Keeping large blocks in the heap, and not
/// trimming it, lets the next replication reuse the same pages.
enum MemoryPolicy {
    static func configure() { StateArena.keepLargeBlocksInHeap() }
}
