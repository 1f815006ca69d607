import AuteurCore
import AuteurMedia
import AuteurRender
import Foundation

/// Which project frame each exported frame shows, and how the export splits
/// into segments. Pure arithmetic, so it is tested without rendering.
///
/// At another frame rate than the project's, every exported frame shows the
/// project frame nearest to it in time (a tie goes to the later frame): no
/// blending, so every exported picture is one the director has seen.
public struct ExportTimeline: Hashable, Sendable {
    /// The project frames exported, inclusive.
    public let source: FrameRange
    public let sourceFPS: Int
    public let fps: Int
    public let frameCount: Int

    public init(source: FrameRange, sourceFPS: Int, fps: Int) {
        self.source = source
        self.sourceFPS = sourceFPS
        self.fps = fps
        // The same length of time, rounded to whole frames, never empty.
        frameCount = max(1, (2 * source.count * fps + sourceFPS) / (2 * sourceFPS))
    }

    /// The project frame shown by exported frame `frame`.
    public func sourceFrame(_ frame: Int) -> FrameIndex {
        let offset = (2 * frame * sourceFPS + fps) / (2 * fps)
        return min(source.end, source.start + offset)
    }

    /// Closed GOPs of one second each (the last may be shorter): the unit
    /// that is encoded, cached and copied.
    public var segments: [Range<Int>] {
        stride(from: 0, to: frameCount, by: fps).map { $0..<min(frameCount, $0 + fps) }
    }

    /// Where exported frame 0 falls in the project, in seconds, for the soundtrack.
    public var startSeconds: Double { Double(source.start) / Double(sourceFPS) }
}

/// A digest of everything a frame's pixels depend on: the canvas and every
/// draw command (its device bounds and content fingerprint) in painting
/// order. Patch keys are a function of exactly these, so two frames with
/// equal digests have equal patch keys and equal bytes; hashing the commands
/// once is cheaper than hashing the keys of every 32x32 patch.
func frameDigest(_ list: DisplayList) -> UInt64 {
    var h = Seeds.combine(UInt64(list.frame.width) << 32 | UInt64(list.frame.height), 0x4652_414D_45)
    for c in list.commands where c.bounds.width > 0 && c.bounds.height > 0 {
        h = Seeds.combine(h, UInt64(UInt32(truncatingIfNeeded: c.bounds.x)) << 32 | UInt64(UInt32(truncatingIfNeeded: c.bounds.y)))
        h = Seeds.combine(h, UInt64(UInt32(truncatingIfNeeded: c.bounds.width)) << 32 | UInt64(UInt32(truncatingIfNeeded: c.bounds.height)))
        h = Seeds.combine(h, c.fingerprint)
    }
    return h
}

/// Renders whole frames for export from 32x32 patches, reusing patches whose
/// content key it has drawn recently (a still background is drawn once, not
/// once a frame). Unlike `Regenerator`, whose keys for every frame of a long
/// 4K film would alone take hundreds of MiB, it keeps nothing per frame but
/// the last frame's command fingerprints; an export only ever needs the
/// frame in hand. Bytes equal a from-scratch
/// render, because a patch depends on nothing but what its key covers.
///
/// For 4:2:0 codecs it also keeps patches already converted, so a frame
/// whose patches were seen before costs a copy, not a conversion. Patches
/// are chroma-aligned (even corners and sides), and the chroma filter reads
/// one pixel column across a patch's left edge and none across its right,
/// so a converted patch depends on exactly its own key and its left
/// neighbour's: that pair is its key.
final class ExportRenderer: @unchecked Sendable {
    let width: Int
    let height: Int
    let tiles: [IntRect]
    let columns: Int
    let cache: PatchCache
    /// 4:2:0 blocks (Y, Cb, Cr rows) by the keys of the patch and its left neighbour.
    let converted: PatchCache
    /// Whether every frame carries the visible `Watermark`, drawn after
    /// rendering and before conversion.
    let watermark: Bool
    /// Patches whose converted bytes the mark changes: those under its plate
    /// and those right of one (whose chroma reads the stamped column).
    /// They are converted from a stamped frame every time, never cached.
    let marked: [Bool]
    /// One per worker: a rasteriser keeps scratch buffers and is not shared.
    private let rasterizers: [Rasterizer]
    /// The patches of the frame, for telling what a command does to each.
    let grid: PatchGrid
    /// The fingerprints of the last frame keyed: its commands are not told
    /// patch by patch again. Nil before the first frame, whose commands
    /// are all taken whole, so that the still ones keep the same keys on
    /// the next frame.
    private var lastFingerprints: Set<UInt64>?
    /// A frame holding only the marked patches and their left neighbours, stamped.
    private var stamped: [UInt8] = []
    /// The block keys each recycled 4:2:0 buffer was last filled with, by
    /// its address. Pool buffers are only ever written here, so a buffer
    /// still holds those blocks when it comes back, and a block whose key is
    /// unchanged (a still background) need not be placed again.
    private var shown: [UnsafeRawPointer: [UInt64]] = [:]

    /// The caches hold about one frame of RGBA patches and two of converted
    /// blocks: enough for a still background, which every frame touches and
    /// LRU therefore keeps, while patches of moving things, seldom seen
    /// twice, go first. Every cached byte is a page the kernel zeroes once,
    /// so larger caches cost more than they save.
    init(width: Int, height: Int, threads: Int, watermark: Bool = false) {
        self.width = width
        self.height = height
        self.watermark = watermark
        let size = Rasterizer.patchSize
        let tiles = IntRect(x: 0, y: 0, width: width, height: height)!.tiles(width: size, height: size)
        let columns = (width + size - 1) / size
        grid = PatchGrid(width: width, height: height, size: size)
        self.tiles = tiles
        self.columns = columns
        let plate = Watermark.plate(width: width, height: height)
        let under = tiles.map { t in
            watermark && t.x < plate.x + plate.width && plate.x < t.maxX && t.y < plate.y + plate.height && plate.y < t.maxY
        }
        marked = tiles.indices.map { under[$0] || ($0 % columns != 0 && under[$0 - 1]) }
        cache = PatchCache(capacityBytes: max(24 << 20, width * height * 4))
        converted = PatchCache(capacityBytes: max(16 << 20, 2 * Picture420.byteCount(width: width, height: height)))
        rasterizers = (0..<max(1, threads)).map { _ in Rasterizer() }
    }

    /// The content key of every patch, in one pass over the commands.
    ///
    /// A command new since the last frame (a drifting cloud, a moving car)
    /// adds to each patch only what that patch shows of it (`PatchEffect`):
    /// nothing where it covers none of the patch, its paint alone where it
    /// covers all of it, and all of it along its rim. So the patches inside
    /// a moving shape with a still paint, and the ones in its bounds but
    /// outside it, keep their keys and are not drawn again. A command seen
    /// last frame (or in the first frame) adds all of it everywhere, as
    /// telling its effects again would change no key that matters. Either
    /// way equal keys mean equal bytes; which way was taken only decides how
    /// often keys match.
    func keys(_ list: DisplayList) -> [UInt64] {
        var keys = tiles.map { t in
            Seeds.combine(UInt64(t.x) << 48 | UInt64(t.y) << 32 | UInt64(t.width) << 16 | UInt64(t.height),
                          UInt64(width) << 32 | UInt64(height))
        }
        var seen = Set<UInt64>(minimumCapacity: list.commands.count)
        for c in list.commands {
            let b = c.bounds
            guard b.width > 0, b.height > 0 else { continue }
            seen.insert(c.fingerprint)
            let (columns, rows) = grid.span(of: b)
            let moved = lastFingerprints.map { !$0.contains(c.fingerprint) } ?? false
            let effects = moved ? c.patchEffects(on: grid) : nil
            let paint = effects == nil ? 0 : c.paintKey
            var k = 0
            for ty in rows {
                for tx in columns {
                    let t = ty * self.columns + tx
                    switch effects?[k] ?? .partial {
                    case .untouched: break
                    case .whole: keys[t] = Seeds.combine(keys[t], paint)
                    case .partial: keys[t] = Seeds.combine(keys[t], c.fingerprint)
                    }
                    k += 1
                }
            }
        }
        lastFingerprints = seen
        return keys
    }

    /// The frame as RGBA8 sRGB, `width * height * 4` bytes, drawn over
    /// every byte of `pixels` (a recycled frame: nothing of it survives),
    /// with the stamp if there is one.
    func render(_ list: DisplayList, into pixels: inout [UInt8]) {
        let keys = keys(list)
        let all = Array(tiles.indices)
        let patches = self.patches(all, of: list, keys: keys)
        if pixels.count != width * height * 4 { pixels = [UInt8](repeating: 0, count: width * height * 4) }
        pixels.withUnsafeMutableBytes { out in
            for t in all { Self.blit(patches[t], tiles[t], into: out.baseAddress!, stride: width * 4) }
        }
        if watermark { Watermark.stamp(into: &pixels, width: width, height: height) }
    }

    /// The frame as a 4:2:0 picture drawn into `storage` (recycled).
    func picture(_ list: DisplayList, storage: consuming [UInt8]) -> Picture420 {
        let keys = keys(list)
        let blockKeys = tiles.indices.map { t in
            Seeds.combine(keys[t], t % columns == 0 ? 0x4C45_4654_4544_4745 : keys[t - 1])
        }
        let before = recycledKeys(storage)
        return Picture420(width: width, height: height, storage: consume storage) { planes in
            remember(blockKeys, at: planes.address)
            var missing: [Int] = []
            for (t, tile) in tiles.enumerated() {
                if let before, before[t] == blockKeys[t], !marked[t] { continue }
                guard !marked[t], let block = converted.get(blockKeys[t]) else { missing.append(t); continue }
                planes.place(block, x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            }
            guard !missing.isEmpty else { return }
            // Each missing block needs its patch and its left neighbour's.
            var needed = Set(missing)
            for t in missing where t % columns != 0 { needed.insert(t - 1) }
            let order = needed.sorted()
            // Only neighbours are kept as RGBA: they are still patches next to
            // motion, drawn again whenever it passes, while a patch that
            // changed is seldom seen again and would only push them out.
            let neighbours = needed.subtracting(missing)
            let rgba = Dictionary(uniqueKeysWithValues: zip(order, patches(order, of: list, keys: keys, keeping: { neighbours.contains($0) })))
            if watermark { convertMarked(missing.filter { marked[$0] }, rgba: rgba, into: planes) }
            let work = UncheckedPatches(missing: missing.filter { !marked[$0] }, rgba: rgba)
            let workers = min(rasterizers.count, work.missing.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: work.missing.count, by: workers) {
                    let t = work.missing[i], tile = tiles[t]
                    convert(work.rgba[t]!, tile, left: t % columns == 0 ? nil : work.rgba[t - 1]!, into: planes)
                    converted.put(blockKeys[t], planes.block(x: tile.x, y: tile.y, width: tile.width, height: tile.height))
                }
            }
        }
    }

    /// The block keys a recycled buffer still shows; nil for a buffer that
    /// must be drawn whole. A buffer copied on write holds the same bytes as
    /// the one taken, so the keys of the one taken are the ones that count.
    private func recycledKeys(_ storage: borrowing [UInt8]) -> [UInt64]? {
        guard storage.count == Picture420.byteCount(width: width, height: height) else { return nil }
        return storage.withUnsafeBytes { shown[UnsafeRawPointer($0.baseAddress!)] }
    }

    private func remember(_ keys: [UInt64], at address: UnsafeRawPointer) {
        // Addresses of buffers let go of pile up; forgetting them all only
        // costs one full placement per buffer.
        if shown.count > 64 { shown.removeAll() }
        shown[address] = keys
    }

    /// The marked patches, stamped as the whole frame would be (the mark is
    /// drawn pixel by pixel from what is under it) and converted from there.
    private func convertMarked(_ wanted: [Int], rgba: [Int: [UInt8]], into planes: Planes420) {
        if stamped.count != width * height * 4 { stamped = [UInt8](repeating: 0, count: width * height * 4) }
        stamped.withUnsafeMutableBytes { out in
            for t in wanted {
                Self.blit(rgba[t]!, tiles[t], into: out.baseAddress!, stride: width * 4)
                if t % columns != 0 { Self.blit(rgba[t - 1]!, tiles[t - 1], into: out.baseAddress!, stride: width * 4) }
            }
        }
        Watermark.stamp(into: &stamped, width: width, height: height)
        stamped.withUnsafeBufferPointer { frame in
            for t in wanted {
                let tile = tiles[t], at = frame.baseAddress! + (tile.y * width + tile.x) * 4
                planes.convert(rgba: at, stride: width * 4, left: tile.x == 0 ? nil : at - 4, leftStride: width * 4,
                               x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            }
        }
    }

    /// Converts one patch into the picture, reading its left neighbour's last column.
    private func convert(_ patch: [UInt8], _ tile: IntRect, left: [UInt8]?, into planes: Planes420) {
        patch.withUnsafeBufferPointer { source in
            guard let left else {
                planes.convert(rgba: source.baseAddress!, stride: tile.width * 4, x: tile.x, y: tile.y, width: tile.width, height: tile.height)
                return
            }
            // Patches left of another are full width.
            let leftWidth = Rasterizer.patchSize
            left.withUnsafeBufferPointer { column in
                planes.convert(rgba: source.baseAddress!, stride: tile.width * 4, left: column.baseAddress! + (leftWidth - 1) * 4,
                               leftStride: leftWidth * 4, x: tile.x, y: tile.y, width: tile.width, height: tile.height)
            }
        }
    }

    /// The RGBA bytes of the patches `wanted` (tile indices), in that order:
    /// from the cache, or rasterised in parallel and cached if `keeping` says so.
    private func patches(_ wanted: [Int], of list: DisplayList, keys: [UInt64],
                         keeping: (Int) -> Bool = { _ in true }) -> [[UInt8]] {
        var found = wanted.map { cache.get(keys[$0]) }
        let missing = found.indices.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found.map { $0! } }
        let workers = min(rasterizers.count, missing.count)
        let work = UncheckedList(list: list, missing: missing)
        let kept = missing.map { keeping(wanted[$0]) }
        found.withUnsafeMutableBufferPointer { out in
            let shared = SendablePatches(buffer: out)
            // Each worker draws its own patches into its own slots.
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let rasterizer = rasterizers[w]
                for i in stride(from: w, to: work.missing.count, by: workers) {
                    let slot = work.missing[i], t = wanted[slot], tile = tiles[t]
                    // The rasteriser writes every byte of the tile, so the
                    // buffer is not zeroed first (350 patches a frame at 1080p).
                    let bytes = [UInt8](unsafeUninitializedCapacity: tile.area * 4) { buffer, count in
                        rasterizer.rasterize(work.list, tile: tile, into: buffer.baseAddress!, bytesPerRow: tile.width * 4)
                        count = tile.area * 4
                    }
                    if kept[i] { cache.put(keys[t], bytes) }
                    shared.buffer[slot] = bytes
                }
            }
        }
        return found.map { $0! }
    }

    static func blit(_ bytes: [UInt8], _ tile: IntRect, into frame: UnsafeMutableRawPointer, stride: Int) {
        let row = tile.width * 4
        bytes.withUnsafeBytes { src in
            for y in 0..<tile.height {
                (frame + (tile.y + y) * stride + tile.x * 4).copyMemory(from: src.baseAddress! + y * row, byteCount: row)
            }
        }
    }
}

/// Frame buffers handed back by the encoder for the producer to draw into
/// again: allocating a fresh 8 MiB (or 35 MiB at 4K) array per frame cost
/// more in page faults than the colour conversion.
///
/// A buffer given back rests until the next one arrives before it is handed
/// out: the encoder's side may still hold a reference for a moment, and
/// drawing into a shared array would copy it (a fresh allocation, the very
/// cost the pool saves). A frame delivered twice in a row (a still) comes
/// back twice and is kept once.
final class FramePool: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [[UInt8]] = []
    private var resting: [UInt8]?
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func take() -> [UInt8] { lock.withLock { frames.popLast() } ?? [] }

    func give(_ frame: [UInt8]) {
        lock.withLock {
            if let resting {
                guard !Self.same(resting, frame) else { return }
                if frames.count < limit { frames.append(resting) }
            }
            resting = frame
        }
    }

    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}

/// Workers fill disjoint slots of the fetched patches.
private struct SendablePatches: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[UInt8]?>
}

/// A display list is immutable once built; it only lacks a Sendable mark.
private struct UncheckedList: @unchecked Sendable {
    let list: DisplayList
    let missing: [Int]
}

/// Patches read by the workers, written by none.
private struct UncheckedPatches: @unchecked Sendable {
    let missing: [Int]
    let rgba: [Int: [UInt8]]
}
