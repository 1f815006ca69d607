import AuteurCore
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
/// once a frame). It holds no per-frame state, unlike `Regenerator`, whose
/// keys for every frame of a long 4K film would alone take hundreds of MiB;
/// an export only ever needs the frame in hand. Bytes equal a from-scratch
/// render, because a patch depends on nothing but what its key covers.
final class ExportRenderer: @unchecked Sendable {
    let width: Int
    let height: Int
    let tiles: [IntRect]
    let columns: Int
    let cache: PatchCache
    /// One per worker: a rasteriser keeps scratch buffers and is not shared.
    private let rasterizers: [Rasterizer]

    init(width: Int, height: Int, threads: Int, cacheBytes: Int) {
        self.width = width
        self.height = height
        let size = Rasterizer.patchSize
        tiles = IntRect(x: 0, y: 0, width: width, height: height)!.tiles(width: size, height: size)
        columns = (width + size - 1) / size
        cache = PatchCache(capacityBytes: cacheBytes)
        rasterizers = (0..<max(1, threads)).map { _ in Rasterizer() }
    }

    /// The content key of every patch, in one pass over the commands.
    func keys(_ list: DisplayList) -> [UInt64] {
        let size = Rasterizer.patchSize
        var keys = tiles.map { t in
            Seeds.combine(UInt64(t.x) << 48 | UInt64(t.y) << 32 | UInt64(t.width) << 16 | UInt64(t.height),
                          UInt64(width) << 32 | UInt64(height))
        }
        for c in list.commands {
            let b = c.bounds
            guard b.width > 0, b.height > 0 else { continue }
            for ty in (b.y / size)...((b.maxY - 1) / size) {
                for tx in (b.x / size)...((b.maxX - 1) / size) {
                    keys[ty * columns + tx] = Seeds.combine(keys[ty * columns + tx], c.fingerprint)
                }
            }
        }
        return keys
    }

    /// The frame as RGBA8 sRGB, `width * height * 4` bytes, drawn over
    /// every byte of `pixels` (a recycled frame: nothing of it survives).
    func render(_ list: DisplayList, into pixels: inout [UInt8]) {
        let keys = keys(list)
        let stride = width * 4
        if pixels.count != width * height * 4 { pixels = [UInt8](repeating: 0, count: width * height * 4) }
        var missing: [Int] = []
        pixels.withUnsafeMutableBytes { out in
            for (t, key) in keys.enumerated() {
                guard let bytes = cache.get(key) else { missing.append(t); continue }
                Self.blit(bytes, tiles[t], into: out.baseAddress!, stride: stride)
            }
            guard !missing.isEmpty else { return }
            let workers = min(rasterizers.count, missing.count)
            let shared = UncheckedPointer(out.baseAddress!)
            let work = UncheckedList(list: list, missing: missing)
            // Each worker draws its own patches into disjoint parts of the frame.
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let rasterizer = rasterizers[w]
                var i = w
                while i < work.missing.count {
                    let t = work.missing[i]
                    let tile = tiles[t]
                    var bytes = [UInt8](repeating: 0, count: tile.area * 4)
                    bytes.withUnsafeMutableBytes { rasterizer.rasterize(work.list, tile: tile, into: $0.baseAddress!, bytesPerRow: tile.width * 4) }
                    Self.blit(bytes, tile, into: shared.pointer, stride: stride)
                    cache.put(keys[t], bytes)
                    i += workers
                }
            }
        }
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
final class FramePool: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [[UInt8]] = []
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func take() -> [UInt8] { lock.withLock { frames.popLast() } ?? [] }

    func give(_ frame: [UInt8]) {
        lock.withLock { if frames.count < limit { frames.append(frame) } }
    }
}

/// The frame buffer crosses into the workers, which write disjoint patches.
private struct UncheckedPointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}

/// A display list is immutable once built; it only lacks a Sendable mark.
private struct UncheckedList: @unchecked Sendable {
    let list: DisplayList
    let missing: [Int]
}
