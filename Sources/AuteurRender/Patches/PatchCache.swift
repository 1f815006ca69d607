import Foundation

/// Rendered patches by content key: a key is a digest of everything a patch
/// reads (its rectangle, the canvas and every draw command that touches it),
/// so equal keys mean equal bytes, across frames and across revisions. That
/// makes undo, redo and checkout cache hits, and lets a still background be
/// shared by every frame that shows it.
///
/// Bounded in bytes; the least recently used patches go first.
public final class PatchCache: @unchecked Sendable {
    public let capacity: Int
    private let lock = NSLock()
    private var entries: [UInt64: (bytes: [UInt8], tick: UInt64)] = [:]
    private var tick: UInt64 = 0
    public private(set) var bytes: Int = 0
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacityBytes: Int = 512 << 20) { capacity = max(1 << 16, capacityBytes) }

    public var count: Int { lock.withLock { entries.count } }

    public func get(_ key: UInt64) -> [UInt8]? {
        lock.withLock {
            guard var e = entries[key] else { misses += 1; return nil }
            tick += 1
            e.tick = tick
            entries[key] = e
            hits += 1
            return e.bytes
        }
    }

    public func contains(_ key: UInt64) -> Bool { lock.withLock { entries[key] != nil } }

    /// Whether every key is held, under one acquisition of the lock.
    public func containsAll(_ keys: [UInt64]) -> Bool { lock.withLock { keys.allSatisfy { entries[$0] != nil } } }

    public func put(_ key: UInt64, _ value: [UInt8]) {
        lock.withLock {
            tick += 1
            if let old = entries[key] { bytes -= old.bytes.count }
            entries[key] = (value, tick)
            bytes += value.count
            if bytes > capacity { evict() }
        }
    }

    /// Drops the oldest entries down to 90 % of the capacity in one pass, so
    /// the sort is paid once per many insertions.
    private func evict() {
        let target = capacity * 9 / 10
        for (key, e) in entries.sorted(by: { $0.value.tick < $1.value.tick }) {
            guard bytes > target else { break }
            entries[key] = nil
            bytes -= e.bytes.count
        }
    }
}
