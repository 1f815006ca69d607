import AuteurCore
import AuteurRender
import Dispatch
import Synchronization

/// Everything a frame's pixels are made from, for one revision: the
/// project, its audio loudness and its decoded backdrops.
public struct SceneInputs: Sendable {
    public var revision: Int
    public var project: Project
    public var signals: AudioSignals
    public var backdrops: [String: ImageTexture]
    public init(revision: Int, project: Project, signals: AudioSignals = .none, backdrops: [String: ImageTexture] = [:]) {
        self.revision = revision; self.project = project; self.signals = signals; self.backdrops = backdrops
    }

    /// A composer for `size`, reusing the physics of `previous` where its shots are the same.
    func composer(width: Int, height: Int, previous: FrameComposer?) -> FrameComposer {
        FrameComposer(project: project, width: width, height: height, signals: signals, backdrops: backdrops, previous: previous)
    }
}

/// What one pass over every frame of a revision learns: a digest of each
/// frame's drawing, to find the frames a revision changed, and where each
/// object is, for `o` in the preview.
public struct FrameAnalysis: Sendable, Equatable {
    public var revision: Int
    /// The display list's digest per frame, at the analysis size.
    public var hashes: [UInt64]
    public var objects: [ObjectBox]

    /// The frames that look different from `previous`: those whose digest
    /// changed, and every frame past the end of a shorter sequence.
    public func changedFrames(since previous: FrameAnalysis) -> Set<FrameIndex> {
        var changed = Set<FrameIndex>()
        for f in hashes.indices where f >= previous.hashes.count || previous.hashes[f] != hashes[f] { changed.insert(f) }
        return changed
    }

    /// The largest size the analysis draws at: changes smaller than a pixel
    /// of it are too small to see in any thumbnail or preview.
    static let maximumWidth = 640

    static func size(for canvas: Canvas) -> (width: Int, height: Int) {
        let w = min(canvas.width, maximumWidth)
        let h = max(2, (canvas.height * w / max(1, canvas.width)) & ~1)
        return (max(2, w), h)
    }

    /// Object boxes from each frame's objects, merged over runs of frames
    /// where the box (to the hundredth of the frame) stays put, so that a
    /// still object is one box and a moving one a box per frame it moves.
    static func boxes(_ perFrame: [[(id: ObjectID, label: String?, region: Region)]]) -> [ObjectBox] {
        var open: [ObjectID: ObjectBox] = [:]
        var order: [ObjectID] = []
        var done: [ObjectBox] = []
        for (f, objects) in perFrame.enumerated() {
            var seen = Set<ObjectID>()
            for o in objects {
                seen.insert(o.id)
                if var box = open[o.id], box.region == o.region, box.label == o.label, let r = box.frames, r.end == f - 1 {
                    box.frames = FrameRange(r.start, f)
                    open[o.id] = box
                } else {
                    if let box = open[o.id] { done.append(box) }
                    if !order.contains(o.id) { order.append(o.id) }
                    open[o.id] = ObjectBox(id: o.id, label: o.label, region: o.region, frames: FrameRange(f, f))
                }
            }
            for id in Array(open.keys) where !seen.contains(id) {
                done.append(open[id]!)
                open[id] = nil
            }
        }
        done += open.values
        // In the order objects first appear, then by time, so that `o`
        // cycles through them in a stable order.
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return done.sorted { a, b in
            let ra = rank[a.id] ?? 0, rb = rank[b.id] ?? 0
            return ra != rb ? ra < rb : (a.frames?.start ?? 0) < (b.frames?.start ?? 0)
        }
    }
}

/// Runs the analysis of each new revision off the interface thread, one at
/// a time. A newer revision abandons the pass in progress between chunks
/// of frames: its result would only be thrown away.
public final class SceneAnalyser: Sendable {
    struct State {
        /// Bumped by every new revision; a pass stops when it no longer matches.
        var generation = 0
        var last: FrameAnalysis?
        /// A pass was abandoned: the frames on screen may come from a revision
        /// never analysed, so the next comparison marks every frame.
        var lostTrack = false
        var composer: FrameComposer?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "auteur.analysis")
    let threads: Int
    /// Frames composed between looks at the generation and progress reports.
    static let chunk = 24

    public init(threads: Int) { self.threads = max(1, threads) }

    /// The analysis last completed.
    public var last: FrameAnalysis? { state.withLock { $0.last } }

    /// Announces a new revision: the pass in progress, if any, stops.
    /// Returns the generation to hand to `analyse`.
    public func supersede() -> Int {
        state.withLock { s in s.generation += 1; return s.generation }
    }

    /// Analyses `inputs` in the background. `report` gets progress while it
    /// runs; `finish` gets the analysis and the frames that changed since the
    /// last one, and runs under the analyser's lock so that nothing newer
    /// can be announced between the check that this revision is current and
    /// the message that says so.
    public func analyse(_ inputs: SceneInputs, generation: Int, report: @escaping @Sendable (Progress) -> Void,
                        finish: @escaping @Sendable (FrameAnalysis, Set<FrameIndex>?) -> Void) {
        queue.async { [self] in
            guard let result = run(inputs, generation: generation, report: report) else { return }
            state.withLock { s in
                guard s.generation == generation else { s.lostTrack = true; return }
                let changed: Set<FrameIndex>? = s.last.map { s.lostTrack ? Set(0..<result.hashes.count) : result.changedFrames(since: $0) }
                s.last = result
                s.lostTrack = false
                finish(result, changed)
            }
        }
    }

    /// Blocks until the passes already asked for are over (for tests and shutdown).
    public func wait() { queue.sync {} }

    private func current(_ generation: Int) -> Bool { state.withLock { $0.generation == generation } }

    private func run(_ inputs: SceneInputs, generation: Int, report: @Sendable (Progress) -> Void) -> FrameAnalysis? {
        guard current(generation) else { state.withLock { $0.lostTrack = true }; return nil }
        let (w, h) = FrameAnalysis.size(for: inputs.project.canvas)
        let previous = state.withLock { $0.composer }
        let composer = inputs.composer(width: w, height: h, previous: previous)
        state.withLock { $0.composer = composer }
        let total = composer.frameCount
        let frameRect = IntRect(x: 0, y: 0, width: w, height: h)!
        var hashes = [UInt64](repeating: 0, count: total)
        var objects = [[(id: ObjectID, label: String?, region: Region)]](repeating: [], count: total)
        var first = 0
        while first < total {
            guard current(generation) else { state.withLock { $0.lostTrack = true }; return nil }
            report(Progress(done: first, total: total))
            let frames = Array(first..<min(total, first + Self.chunk))
            let results = Self.parallelMap(frames, threads: threads) { f -> (UInt64, [(id: ObjectID, label: String?, region: Region)]) in
                let c = composer.compose(f)
                let boxes = c.objects.compactMap { o -> (id: ObjectID, label: String?, region: Region)? in
                    guard o.state.opacity > 0, let b = o.bounds else { return nil }
                    let region = Region(x: Double(b.left) / Double(w), y: Double(b.top) / Double(h),
                                        w: Double(b.right - b.left) / Double(w), h: Double(b.bottom - b.top) / Double(h))
                    guard region.x < 1, region.y < 1, region.x + region.w > 0, region.y + region.h > 0 else { return nil }
                    return (o.state.id, o.state.label, region.clampedToFrame())
                }
                return (c.list.fingerprint(of: frameRect), boxes)
            }
            for (f, r) in zip(frames, results) { hashes[f] = r.0; objects[f] = r.1 }
            first += frames.count
        }
        report(Progress(done: total, total: total))
        return FrameAnalysis(revision: inputs.revision, hashes: hashes, objects: FrameAnalysis.boxes(objects))
    }

    /// Maps on `threads` workers, results in input order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ body: @Sendable (T) -> R) -> [R] {
        let workers = min(threads, items.count)
        if workers <= 1 { return items.map(body) }
        let results = Mutex<[R?]>([R?](repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < items.count {
                let r = body(items[i])
                results.withLock { $0[i] = r }
                i += workers
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
