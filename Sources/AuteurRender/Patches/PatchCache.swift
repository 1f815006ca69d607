import Foundation

/// Rendered patches by content key: a key is a digest of everything a patch
/// reads (its rectangle, the canvas and every draw command that touches it),
/// so equal keys mean equal bytes, across frames and across revisions. That
/// makes undo, redo and checkout cache hits, and lets a still background be
/// shared by every frame that shows it.
///
/// Bounded in bytes; the least recently used patches go first. Recency is
/// a doubly linked list threaded through a slab of entries, so a hit, an
/// insertion and an eviction each cost O(1): an export's small cache, full
/// from its first frames on, evicts on nearly every insertion.
public final class PatchCache: @unchecked Sendable {
    public let capacity: Int
    private let lock = NSLock()

    private struct Entry {
        var key: UInt64
        var bytes: [UInt8]
        /// Neighbours in recency order (towards the newest, towards the
        /// oldest); -1 at either end.
        var newer: Int
        var older: Int
    }

    private var slots: [UInt64: Int] = [:]
    private var entries: [Entry] = []
    /// Slots of entries let go of, for reuse.
    private var free: [Int] = []
    private var newest = -1
    private var oldest = -1
    private var evictions = 0
    public private(set) var bytes: Int = 0
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacityBytes: Int = 512 << 20) { capacity = max(1 << 16, capacityBytes) }

    public var count: Int { lock.withLock { slots.count } }

    /// How many times entries have been let go of: while it stays the same,
    /// every key the cache held is still held.
    public var evictionCount: Int { lock.withLock { evictions } }

    public func get(_ key: UInt64) -> [UInt8]? { lock.withLock { lookUp(key) } }

    /// Every key's bytes (nil where not held), under one acquisition of
    /// the lock; each one found becomes the most recent, in order.
    public func get(_ keys: [UInt64]) -> [[UInt8]?] {
        lock.withLock { keys.map(lookUp) }
    }

    /// A key's bytes, counted as a hit or a miss; the caller holds the lock.
    private func lookUp(_ key: UInt64) -> [UInt8]? {
        guard let slot = slots[key] else { misses += 1; return nil }
        touch(slot)
        hits += 1
        return entries[slot].bytes
    }

    public func contains(_ key: UInt64) -> Bool { lock.withLock { slots[key] != nil } }

    /// Whether every key is held, under one acquisition of the lock.
    public func containsAll(_ keys: [UInt64]) -> Bool { lock.withLock { keys.allSatisfy { slots[$0] != nil } } }

    /// Which of `indices` name keys (in `keys`) the cache lacks, under one
    /// acquisition of the lock: a frame's patches are checked together.
    public func lacking(_ keys: [UInt64], at indices: [Int]) -> [Int] {
        lock.withLock { indices.filter { slots[keys[$0]] == nil } }
    }

    public func put(_ key: UInt64, _ value: [UInt8]) {
        lock.withLock {
            if let slot = slots[key] {
                bytes += value.count - entries[slot].bytes.count
                entries[slot].bytes = value
                touch(slot)
            } else {
                let entry = Entry(key: key, bytes: value, newer: -1, older: newest)
                let slot: Int
                if let reused = free.popLast() {
                    slot = reused
                    entries[slot] = entry
                } else {
                    slot = entries.count
                    entries.append(entry)
                }
                if newest >= 0 { entries[newest].newer = slot }
                newest = slot
                if oldest < 0 { oldest = slot }
                slots[key] = slot
                bytes += value.count
            }
            // The newest entry stays even when it alone is over capacity.
            while bytes > capacity, oldest >= 0, oldest != newest { evictOldest() }
        }
    }

    /// Moves `slot` to the newest end.
    private func touch(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        entries[slot].older = newest
        entries[slot].newer = -1
        if newest >= 0 { entries[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }

    private func unlink(_ slot: Int) {
        // The two links alone: copying the entry would retain and release
        // its bytes, a tenth of the cache's time in an export that redraws
        // every patch.
        let newer = entries[slot].newer, older = entries[slot].older
        if newer >= 0 { entries[newer].older = older } else { newest = older }
        if older >= 0 { entries[older].newer = newer } else { oldest = newer }
    }

    private func evictOldest() {
        let slot = oldest
        unlink(slot)
        slots[entries[slot].key] = nil
        bytes -= entries[slot].bytes.count
        entries[slot].bytes = []
        free.append(slot)
        evictions += 1
    }
}
