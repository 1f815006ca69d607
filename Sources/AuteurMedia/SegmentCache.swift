import AuteurCore
import Foundation

/// Encoded segments on disk, by key, bounded in bytes with the least
/// recently used going first.
///
/// A key names everything a segment's bytes depend on (its pictures and the
/// export settings), so the cache is content-addressed: one folder serves
/// every project, branch and undo step, and a copy of a project reuses its
/// original's segments. Files are written beside their final name and renamed,
/// so a reader never sees half a segment; a damaged file fails its checksum
/// and counts as a miss. Failing to store is never an export error: the cache
/// is only a shortcut.
public final class SegmentCache: @unchecked Sendable {
    public let directory: URL
    public let capacityBytes: Int
    private let lock = NSLock()
    /// Bytes in the folder, counted once when opened and kept up to date.
    private var bytes: Int

    /// `${XDG_CACHE_HOME:-~/.cache}/auteur/segments`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        }
        return base.appendingPathComponent("auteur").appendingPathComponent("segments")
    }

    /// 4 GiB: about an hour of 1080p at CRF 18, or ten minutes of 4K.
    public static let defaultCapacity = 4 << 30

    /// Creates the folder if needed (private to the user: it holds the film).
    public init(directory: URL = SegmentCache.defaultDirectory(), capacityBytes: Int = SegmentCache.defaultCapacity) throws(MediaError) {
        self.directory = directory
        self.capacityBytes = max(1 << 20, capacityBytes)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw MediaError(.system(EACCES), doing: "create the segment cache", file: directory.path, reason: "\(error.localizedDescription)")
        }
        bytes = Self.entries(in: directory).reduce(0) { $0 + $1.size }
    }

    /// The file name of a key: hex only, so no key can leave the folder.
    private func file(_ key: String) -> URL? {
        guard !key.isEmpty, key.count <= 128, key.allSatisfy({ $0.isHexDigit }) else { return nil }
        return directory.appendingPathComponent(key + ".segment")
    }

    /// The segment stored under `key`, marked as just used; nil when absent
    /// or damaged (a damaged file is removed).
    public func segment(for key: String) -> EncodedSegment? {
        guard let url = file(key), let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let segment = EncodedSegment(serialized: [UInt8](data)) else {
            remove(url, size: data.count)
            return nil
        }
        // The modification time is the recency that eviction sorts by.
        _ = utimes(url.path, nil)
        return segment
    }

    public func contains(_ key: String) -> Bool {
        guard let url = file(key) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// Stores a segment, then evicts the oldest files past the capacity.
    /// Returns whether it was stored.
    @discardableResult
    public func store(_ segment: EncodedSegment, for key: String) -> Bool {
        guard let url = file(key) else { return false }
        let data = Data(segment.serialized())
        guard data.count <= capacityBytes / 2 else { return false }
        let temporary = directory.appendingPathComponent(".\(key).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
        lock.withLock { bytes += data.count }
        evictIfNeeded()
        return true
    }

    /// Bytes the cache believes it holds.
    public var size: Int { lock.withLock { bytes } }

    private func remove(_ url: URL, size: Int) {
        if unlink(url.path) == 0 { lock.withLock { bytes -= size } }
    }

    /// Deletes the least recently used files down to 90 % of the capacity,
    /// in one pass, so the listing is paid once per many stores.
    private func evictIfNeeded() {
        guard lock.withLock({ bytes > capacityBytes }) else { return }
        var entries = Self.entries(in: directory)
        var total = entries.reduce(0) { $0 + $1.size }
        entries.sort { ($0.used, $0.url.path) < ($1.used, $1.url.path) }
        let target = capacityBytes * 9 / 10
        for e in entries where total > target {
            if unlink(e.url.path) == 0 { total -= e.size }
        }
        lock.withLock { bytes = total }
    }

    private static func entries(in directory: URL) -> [(url: URL, size: Int, used: Date)] {
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        guard let urls = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else { return [] }
        return urls.filter { $0.pathExtension == "segment" }.compactMap { url in
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { return nil }
            return (url, values.fileSize ?? 0, values.contentModificationDate ?? .distantPast)
        }
    }
}
