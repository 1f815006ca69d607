import AuteurCore
import Foundation

/// What a regeneration did, reported after every turn.
public struct RegenerationStats: Codable, Sendable, Equatable {
    public var framesTotal: Int
    public var framesChanged: Int
    public var patchesTotal: Int
    public var patchesChanged: Int
    /// Patches actually rasterised: changed ones not already in the cache.
    public var patchesRendered: Int
    /// Frames whose display lists were built; the others had the same
    /// inputs as in the previous revision and kept their keys.
    public var framesComposed: Int
    public var ms: Double

    public init(framesTotal: Int = 0, framesChanged: Int = 0, patchesTotal: Int = 0, patchesChanged: Int = 0,
                patchesRendered: Int = 0, framesComposed: Int = 0, ms: Double = 0) {
        self.framesTotal = framesTotal; self.framesChanged = framesChanged; self.patchesTotal = patchesTotal
        self.patchesChanged = patchesChanged; self.patchesRendered = patchesRendered
        self.framesComposed = framesComposed; self.ms = ms
    }

    enum CodingKeys: String, CodingKey {
        case framesTotal = "frames_total", framesChanged = "frames_changed", patchesTotal = "patches_total"
        case patchesChanged = "patches_changed", patchesRendered = "patches_rendered"
        case framesComposed = "frames_composed", ms
    }
}

/// One patch re-rendered, for tests that assert exactly what was redone.
public struct PatchRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var frame: FrameIndex
    public var tile: Int
    public static func < (a: PatchRef, b: PatchRef) -> Bool { (a.frame, a.tile) < (b.frame, b.tile) }
    public var description: String { "\(frame):\(tile)" }
}

/// Differential regeneration. After each revision it evaluates every
/// frame's inputs (cheap); a frame whose inputs equal the previous
/// revision's keeps its patch keys (an early cut-off: composing is a
/// function of those inputs), and every other frame is composed and each
/// of its patches keyed by a digest of every command that touches it. Only
/// patches whose keys it has never rendered are rasterised. Frames are
/// assembled from cached patches, which is bit-identical to rendering them
/// from scratch because a patch's bytes depend on nothing but what its key
/// covers.
public final class Regenerator: @unchecked Sendable {
    public let width: Int
    public let height: Int
    public let threads: Int
    public let cache: PatchCache
    public let tiles: [IntRect]
    /// Patch keys of every frame of the current revision.
    public private(set) var keys: [[UInt64]] = []
    /// Seeds used by every frame of the current revision.
    public private(set) var seeds: [[String: UInt64]] = []
    /// What every frame of the current revision was composed from.
    private var inputs: [FrameInputs] = []
    /// The painted layers of frames of the current revision, for the next
    /// revision to take unchanged layers from; empty for frames past
    /// `layerBudget`.
    private var layers: [[PaintedLayer]] = []
    /// Bytes of commands kept in `layers`: bounds memory on long films at
    /// large sizes, where the frames past it are composed in full.
    let layerBudget: Int
    public private(set) var composer: FrameComposer?
    /// The patches rasterised by the last `update`, for tests and `--explain`.
    public private(set) var lastRendered: [PatchRef] = []
    /// The frames the last `update` composed, in order: those whose inputs
    /// changed (or whose patches the cache had let go of).
    public private(set) var lastComposed: [FrameIndex] = []

    /// The cache's eviction count when the last update finished, if that
    /// update left every key of every frame in the cache; while the count
    /// is unchanged, a key the current revision shares need not be looked up.
    private var heldSince: Int?

    /// Frames composed at once: bounds memory on long sequences.
    static let chunk = 48

    public init(width: Int, height: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                cache: PatchCache = PatchCache(), layerBudget: Int = 256 << 20) {
        self.layerBudget = layerBudget
        self.width = width
        self.height = height
        self.threads = max(1, threads)
        self.cache = cache
        tiles = IntRect(x: 0, y: 0, width: width, height: height)!.tiles(width: Rasterizer.patchSize, height: Rasterizer.patchSize)
    }

    /// A patch key: the tile's commands' digest, made specific to this canvas size.
    func key(_ list: DisplayList, tile: IntRect) -> UInt64 {
        Seeds.combine(list.fingerprint(of: tile), UInt64(width) << 32 | UInt64(height))
    }

    /// Every patch's key in one pass over the commands: each command is
    /// folded into the digests of the tiles its bounds cover, in painting
    /// order, which gives exactly `key(list, tile:)` for every tile without
    /// testing every command against every tile.
    func keys(_ list: DisplayList) -> [UInt64] {
        var all = TileMask(width: width, height: height)
        all.insert(IntRect(x: 0, y: 0, width: width, height: height)!)
        return keys(list, dirty: all, keeping: [UInt64](repeating: 0, count: tiles.count))
    }

    /// The keys of the tiles `dirty` marks, folded as `keys(_:)` describes;
    /// every other tile keeps its key from `kept`. Commands are folded only
    /// inside the dirty tiles' bounding box, so a region look costs its own
    /// tiles, not the frame's.
    func keys(_ list: DisplayList, dirty: TileMask, keeping kept: [UInt64]) -> [UInt64] {
        guard let box = dirty.bounds else { return kept }
        let size = Rasterizer.patchSize, columns = dirty.columns
        var digests = [ContentDigest](repeating: ContentDigest(), count: tiles.count)
        for t in dirty.indices {
            let r = tiles[t]
            digests[t].add(Int64(r.x)); digests[t].add(Int64(r.y)); digests[t].add(Int64(r.width)); digests[t].add(Int64(r.height))
        }
        for c in list.commands {
            let b = c.bounds
            guard b.width > 0, b.height > 0 else { continue }
            let y0 = max(b.y / size, box.y), y1 = min((b.maxY - 1) / size, box.maxY - 1)
            let x0 = max(b.x / size, box.x), x1 = min((b.maxX - 1) / size, box.maxX - 1)
            guard y0 <= y1, x0 <= x1 else { continue }
            for ty in y0...y1 {
                for tx in x0...x1 where dirty.contains(ty * columns + tx) { digests[ty * columns + tx].add(c.fingerprint) }
            }
        }
        let canvas = UInt64(width) << 32 | UInt64(height)
        var result = kept
        for t in dirty.indices { result[t] = Seeds.combine(digests[t].value, canvas) }
        return result
    }

    /// The tiles whose commands can differ between two frames whose inputs
    /// differ in their region looks alone, or nil when anything else
    /// differs. The main look's commands are then identical (composing is a
    /// function of the inputs, and the main look reads no region look),
    /// and a region look's commands are clipped to its rectangle, so only
    /// tiles under an old or a new region's rectangle can change.
    func regionTiles(from old: FrameInputs, to new: FrameInputs, composer: FrameComposer) -> TileMask? {
        guard old.state.regionLooks != new.state.regionLooks, old.backdrops.first == new.backdrops.first,
              old.physics == new.physics, old.particles == new.particles else { return nil }
        var state = new.state
        state.regionLooks = old.state.regionLooks
        guard state == old.state else { return nil }
        var mask = TileMask(width: width, height: height)
        for look in old.state.regionLooks + new.state.regionLooks {
            if let clip = composer.deviceRect(look.region) { mask.insert(clip) }
        }
        return mask
    }

    /// What `update` rasterises.
    public enum Work: Sendable, Equatable {
        /// Every patch the cache lacks: afterwards every frame can be shown.
        case everything
        /// Only patches whose keys changed since the previous revision (and
        /// the cache lacks): the differential work of a turn, for a process
        /// that keeps no cache between turns, such as `auteur apply`.
        case changed
        /// Nothing: only keys and seeds, as the baseline to compare with.
        case keysOnly
    }

    /// Brings the cache and keys up to `project`, rendering what is missing.
    @discardableResult
    public func update(to project: Project, signals: AudioSignals = .none, backdrops: [String: ImageTexture] = [:],
                       work: Work = .everything) -> RegenerationStats {
        let start = DispatchTime.now().uptimeNanoseconds
        let evictionsBefore = cache.evictionCount
        let held = heldSince == evictionsBefore
        let composer = FrameComposer(project: project, width: width, height: height, signals: signals,
                                     backdrops: backdrops, previous: self.composer)
        let total = composer.frameCount
        var newKeys = [[UInt64]](repeating: [], count: total)
        var newSeeds = [[String: UInt64]](repeating: [:], count: total)
        var newInputs: [FrameInputs] = []
        newInputs.reserveCapacity(total)
        var newLayers = [[PaintedLayer]](repeating: [], count: total)
        var layerBytes = 0
        var rendered: [PatchRef] = []
        var composedFrames: [FrameIndex] = []
        var stats = RegenerationStats(framesTotal: total, patchesTotal: total * tiles.count)

        var first = 0
        while first < total {
            let frames = first..<min(total, first + Self.chunk)
            // Evaluating, comparing, composing and keying are per frame and independent: all run on all workers.
            let regenerated = parallelMap(Array(frames)) { regenerate($0, with: composer, work: work, held: held) }
            var jobs = PatchJobs()
            for (f, frame) in zip(frames, regenerated) {
                newInputs.append(frame.inputs)
                newLayers[f] = withinBudget(frame.composed == nil ? layers[f] : frame.layers, used: &layerBytes)
                guard let composed = frame.composed else {
                    newKeys[f] = keys[f]
                    newSeeds[f] = seeds[f]
                    continue
                }
                composedFrames.append(f)
                newKeys[f] = frame.keys
                newSeeds[f] = composed.seeds
                let changed = jobs.add(composed, keys: frame.keys, replacing: f < keys.count ? keys[f] : [], work: work,
                                       held: held, cache: cache)
                stats.patchesChanged += changed
                if changed > 0 { stats.framesChanged += 1 }
            }
            rendered += jobs.patches
            render(jobs.jobs.map { ($0.list, tiles[$0.tile], $0.key) })
            first = frames.upperBound
        }
        keys = newKeys
        seeds = newSeeds
        // Everything asked for was rendered or found, so every key is held
        // unless the cache let something go meanwhile.
        let evictionsAfter = cache.evictionCount
        heldSince = work == .everything && evictionsAfter == evictionsBefore ? evictionsAfter : nil
        inputs = newInputs
        layers = newLayers
        self.composer = composer
        lastRendered = rendered.sorted()
        lastComposed = composedFrames
        stats.framesComposed = composedFrames.count
        stats.patchesRendered = rendered.count
        stats.ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return stats
    }

    /// A frame's layers if they fit in what is left of `layerBudget`, else none.
    func withinBudget(_ layers: [PaintedLayer], used: inout Int) -> [PaintedLayer] {
        let bytes = PaintedLayer.bytes(layers)
        guard used + bytes <= layerBudget else { return [] }
        used += bytes
        return layers
    }

    /// The patches one chunk of frames must rasterise: each distinct key
    /// the cache lacks, drawn once, from the first frame that shows it.
    struct PatchJobs {
        var jobs: [(list: DisplayList, tile: Int, key: UInt64)] = []
        var patches: [PatchRef] = []
        var queued = Set<UInt64>()

        /// Queues what `work` asks for of a composed frame's patches;
        /// returns how many keys differ from `old` (the frame's previous
        /// keys). When `held`, the cache still holds every old key, so only
        /// changed keys are looked up.
        mutating func add(_ composed: ComposedFrame, keys: [UInt64], replacing old: [UInt64], work: Work, held: Bool,
                          cache: PatchCache) -> Int {
            var changedHere = 0
            var wanted: [Int] = []
            wanted.reserveCapacity(work == .everything ? keys.count : 0)
            for t in keys.indices {
                let changed = old.count != keys.count || old[t] != keys[t]
                if changed { changedHere += 1 }
                if (work == .everything && (changed || !held)) || (work == .changed && changed) { wanted.append(t) }
            }
            for t in cache.lacking(keys, at: wanted) where queued.insert(keys[t]).inserted {
                jobs.append((composed.list, t, keys[t]))
                patches.append(PatchRef(frame: composed.frame, tile: t))
            }
            return changedHere
        }
    }

    /// One frame of an update: its inputs, and unless it could keep the
    /// previous revision's keys, its composition and new keys.
    struct RegeneratedFrame {
        var inputs: FrameInputs
        var composed: ComposedFrame?
        var layers: [PaintedLayer] = []
        var keys: [UInt64] = []
    }

    /// A frame keeps its keys when its inputs equal the previous revision's
    /// (then its commands would be identical) and, if everything is to be
    /// shown, the cache still holds all its patches (`held` says so without
    /// looking); otherwise it is composed. A frame whose inputs differ only
    /// in region looks is composed, but keyed only under the regions.
    func regenerate(_ f: FrameIndex, with composer: FrameComposer, work: Work, held: Bool) -> RegeneratedFrame {
        let inputs = composer.inputs(f)
        if f < self.inputs.count, self.inputs[f] == inputs, work != .everything || held || cache.containsAll(keys[f]) {
            return RegeneratedFrame(inputs: inputs)
        }
        let c = composer.compose(inputs, reusing: f < self.layers.count ? self.layers[f] : [])
        if f < self.inputs.count, let dirty = regionTiles(from: self.inputs[f], to: inputs, composer: composer) {
            return RegeneratedFrame(inputs: inputs, composed: c.frame, layers: c.layers,
                                    keys: keys(c.frame.list, dirty: dirty, keeping: keys[f]))
        }
        return RegeneratedFrame(inputs: inputs, composed: c.frame, layers: c.layers, keys: keys(c.frame.list))
    }

    /// Rasterises patches on `threads` workers, each with its own rasteriser.
    /// Every patch is independent, so the split does not change a byte.
    @discardableResult
    func render(_ jobs: [(list: DisplayList, tile: IntRect, key: UInt64)]) -> [[UInt8]] {
        guard !jobs.isEmpty else { return [] }
        let results = parallelMap(jobs, rasterizing: true) { job, rasterizer in
            // The rasteriser writes every byte of the tile, so the bytes need no zeroing first.
            [UInt8](unsafeUninitializedCapacity: job.tile.area * 4) { raw, count in
                rasterizer.rasterize(job.list, tile: job.tile, into: raw.baseAddress!, bytesPerRow: job.tile.width * 4)
                count = job.tile.area * 4
            }
        }
        for (job, bytes) in zip(jobs, results) { cache.put(job.key, bytes) }
        return results
    }

    /// Renders one composed frame from scratch (no cache), on all workers.
    public func render(_ composed: ComposedFrame) -> FrameImage { render(composed.list) }

    public func render(_ list: DisplayList) -> FrameImage {
        let tiles = list.frame.tiles(width: Rasterizer.patchSize, height: Rasterizer.patchSize)
        let width = list.frame.width, height = list.frame.height, stride = width * 4
        // Each worker writes its own tiles straight into the frame: the
        // tiles are disjoint and cover it, so every byte is written once
        // and none needs zeroing or copying.
        let pixels = [UInt8](unsafeUninitializedCapacity: stride * height) { raw, count in
            let base = UncheckedSendable(raw.baseAddress!)
            _ = parallelMap(tiles, rasterizing: true) { tile, rasterizer in
                rasterizer.rasterize(list, tile: tile, into: base.value + tile.y * stride + tile.x * 4, bytesPerRow: stride)
            }
            count = stride * height
        }
        return FrameImage(width: width, height: height, pixels: pixels)!
    }

    /// Uses `composer` for `explain` without regenerating.
    public func adopt(_ composer: FrameComposer) { self.composer = composer }

    /// The frame as an image, from cached patches (re-rendering any the
    /// cache has let go of).
    public func image(_ frame: FrameIndex) -> FrameImage {
        guard let composer, frame >= 0, frame < keys.count else { return FrameImage(width: width, height: height)! }
        // The tiles cover the frame and each is blitted whole (found or
        // drawn), so every byte is written and none needs zeroing first.
        let frameKeys = keys[frame]
        let found = cache.get(frameKeys)
        let stride = width * 4
        var missing: [Int] = []
        let pixels = [UInt8](unsafeUninitializedCapacity: stride * height) { raw, count in
            let base = raw.baseAddress!
            for (t, bytes) in found.enumerated() {
                if let bytes { blit(bytes, tiles[t], into: base, stride: stride) } else { missing.append(t) }
            }
            count = stride * height
        }
        var image = FrameImage(width: width, height: height, pixels: pixels)!
        if !missing.isEmpty {
            let list = composer.compose(frame).list
            // Blitted as drawn, not read back: a cache smaller than a frame
            // may already have let the first of them go again.
            let drawn = render(missing.map { (list, tiles[$0], keys[frame][$0]) })
            for (t, bytes) in zip(missing, drawn) { blit(bytes, tiles[t], into: &image) }
        }
        return image
    }

    func blit(_ bytes: [UInt8], _ tile: IntRect, into image: inout FrameImage) {
        let stride = image.width * 4
        image.pixels.withUnsafeMutableBufferPointer { blit(bytes, tile, into: $0.baseAddress!, stride: stride) }
    }

    func blit(_ bytes: [UInt8], _ tile: IntRect, into base: UnsafeMutablePointer<UInt8>, stride: Int) {
        let row = tile.width * 4
        bytes.withUnsafeBufferPointer { src in
            for y in 0..<tile.height {
                (base + (tile.y + y) * stride + tile.x * 4).update(from: src.baseAddress! + y * row, count: row)
            }
        }
    }

    /// `parallelMap` over `threads` workers with contiguous striping; results keep input order.
    func parallelMap<T, R>(_ items: [T], _ body: (T) -> R) -> [R] {
        parallelMap(items, rasterizing: false) { item, _ in body(item) }
    }

    func parallelMap<T, R>(_ items: [T], rasterizing: Bool, _ body: (T, Rasterizer) -> R) -> [R] {
        let n = items.count
        guard n > 0 else { return [] }
        let workers = min(threads, n)
        if workers == 1 {
            let r = Rasterizer()
            return items.map { body($0, r) }
        }
        var results = [R?](repeating: nil, count: n)
        // Each worker writes only its own indices; the closure and inputs are
        // read-only while the workers run.
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable((items, body))
            results.withUnsafeMutableBufferPointer { out in
                let out = UncheckedSendable(out)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let r = Rasterizer()
                    var i = w
                    while i < n {
                        out.value[i] = work.value.1(work.value.0[i], r)
                        i += workers
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

/// A set of a frame's patches (tiles, row by row), with the box of tile
/// rows and columns that holds them all.
struct TileMask {
    let columns: Int
    let rows: Int
    private var marked: [Bool]
    private(set) var indices: [Int] = []
    /// In tiles: x and y are a column and a row.
    private(set) var bounds: IntRect?

    init(width: Int, height: Int) {
        let size = Rasterizer.patchSize
        columns = (width + size - 1) / size
        rows = (height + size - 1) / size
        marked = [Bool](repeating: false, count: columns * rows)
    }

    func contains(_ tile: Int) -> Bool { marked[tile] }

    /// Marks every tile that `rect` (device pixels) covers with some area,
    /// as `Regenerator.keys` counts a command's tiles.
    mutating func insert(_ rect: IntRect) {
        let size = Rasterizer.patchSize
        guard rect.width > 0, rect.height > 0 else { return }
        let x0 = max(0, rect.x / size), x1 = min(columns - 1, (rect.maxX - 1) / size)
        let y0 = max(0, rect.y / size), y1 = min(rows - 1, (rect.maxY - 1) / size)
        guard x0 <= x1, y0 <= y1 else { return }
        for ty in y0...y1 {
            for tx in x0...x1 where !marked[ty * columns + tx] {
                marked[ty * columns + tx] = true
                indices.append(ty * columns + tx)
            }
        }
        let box = IntRect(x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1)!
        bounds = bounds.map { IntRect(x: min($0.x, box.x), y: min($0.y, box.y),
                                      width: max($0.maxX, box.maxX) - min($0.x, box.x),
                                      height: max($0.maxY, box.maxY) - min($0.y, box.y))! } ?? box
    }
}

/// Lets disjoint writes to one buffer cross into concurrent workers.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension Regenerator {
    /// One patch of a frame: where it is, its key, and what it depends on.
    public struct PatchExplanation: Sendable {
        public var tile: IntRect
        public var key: UInt64
        public var sources: [LayerSource]
    }

    /// What every patch of `frame` depends on, in painting order.
    public func explain(_ frame: FrameIndex) -> (frame: ComposedFrame, patches: [PatchExplanation])? {
        guard let composer, frame >= 0, frame < composer.frameCount else { return nil }
        let c = composer.compose(frame)
        let patches = tiles.map { tile -> PatchExplanation in
            var seen: [LayerSource] = []
            for (command, source) in zip(c.list.commands, c.sources) where command.bounds.intersects(tile) {
                if seen.last != source && !seen.contains(source) { seen.append(source) }
            }
            return PatchExplanation(tile: tile, key: key(c.list, tile: tile), sources: seen)
        }
        return (c, patches)
    }
}
