import AuteurCore
import AuteurRender
import Dispatch
import Synchronization

/// Pictures already drawn, keyed by the digest of their display list and
/// their size: a frame that a revision left alone, or that undo brings
/// back, costs a composition and no rasterising.
struct PictureCache {
    struct Key: Hashable { var digest: UInt64; var width: Int; var height: Int }
    private var entries: [Key: (image: RGBAImage, used: Int)] = [:]
    private var clock = 0
    private(set) var bytes = 0
    let budget: Int

    init(budgetBytes: Int) { budget = max(1 << 20, budgetBytes) }

    mutating func get(_ key: Key) -> RGBAImage? {
        guard let e = entries[key] else { return nil }
        clock += 1
        entries[key] = (e.image, clock)
        return e.image
    }

    mutating func put(_ key: Key, _ image: RGBAImage) {
        clock += 1
        if let old = entries[key] { bytes -= old.image.pixels.count }
        entries[key] = (image, clock)
        bytes += image.pixels.count
        while bytes > budget, entries.count > 1, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            bytes -= entries[oldest]!.image.pixels.count
            entries[oldest] = nil
        }
    }

    var count: Int { entries.count }
}

/// Renders the pictures the interface asks for, on its own thread, for one
/// slot (thumbnails or the preview). Work for an older revision is dropped
/// as soon as a newer one is announced, and checked again before every
/// frame; a request for pictures of another size drops queued work at the
/// old size (a resize storm asks many times). The preview keeps only the
/// newest request, so scrubbing renders the frame the cursor is on, not
/// every frame it passed.
public final class PictureWorker: Sendable {
    public let slot: ImageSlot
    let latestOnly: Bool

    struct Job: Sendable {
        var frame: FrameIndex
        var size: Size
        var revision: Int
        var send: @Sendable (Message) -> Void
    }

    struct State {
        var scene: SceneInputs?
        var jobs: [Job] = []
        var draining = false
        var composer: (revision: Int, size: Size, composer: FrameComposer)?
        var cache: PictureCache
        /// Frames rasterised and pictures delivered, for tests and the log.
        var rasterised = 0
        var delivered = 0
        var dropped = 0
    }

    private let state: Mutex<State>
    private let queue: DispatchQueue

    public init(slot: ImageSlot, cacheBytes: Int = 96 << 20) {
        self.slot = slot
        latestOnly = slot == .preview
        state = Mutex(State(cache: PictureCache(budgetBytes: cacheBytes)))
        queue = DispatchQueue(label: "auteur.pictures.\(slot)")
    }

    /// The revision pictures are now drawn from; queued work for older ones is dropped.
    public func show(_ scene: SceneInputs) {
        state.withLock { s in
            s.scene = scene
            let before = s.jobs.count
            s.jobs.removeAll { $0.revision < scene.revision }
            s.dropped += before - s.jobs.count
        }
    }

    public func request(frames: [FrameIndex], size: Size, revision: Int, send: @escaping @Sendable (Message) -> Void) {
        guard size.width > 0, size.height > 0 else { return }
        let start: Bool = state.withLock { s in
            guard let scene = s.scene, revision >= scene.revision else { s.dropped += frames.count; return false }
            let before = s.jobs.count
            if latestOnly { s.jobs.removeAll() } else { s.jobs.removeAll { $0.size != size } }
            s.dropped += before - s.jobs.count
            for f in frames where !s.jobs.contains(where: { $0.frame == f && $0.size == size && $0.revision == revision }) {
                s.jobs.append(Job(frame: f, size: size, revision: revision, send: send))
            }
            guard !s.draining, !s.jobs.isEmpty else { return false }
            s.draining = true
            return true
        }
        if start { queue.async { [self] in drain() } }
    }

    /// Blocks until the work queued so far is done (for tests and shutdown).
    public func wait() {
        while true {
            queue.sync {}
            if state.withLock({ !$0.draining && $0.jobs.isEmpty }) { return }
        }
    }

    public var statistics: (rasterised: Int, delivered: Int, dropped: Int, cached: Int) {
        state.withLock { ($0.rasterised, $0.delivered, $0.dropped, $0.cache.count) }
    }

    /// The next job of the revision shown, dropping stale ones, with what it needs.
    private func next() -> (Job, SceneInputs, FrameComposer?)? {
        state.withLock { s in
            while !s.jobs.isEmpty {
                let job = s.jobs.removeFirst()
                guard let scene = s.scene, job.revision == scene.revision else { s.dropped += 1; continue }
                let composer = s.composer.flatMap { $0.revision == job.revision && $0.size == job.size ? $0.composer : nil }
                return (job, scene, composer)
            }
            s.draining = false
            return nil
        }
    }

    private func isCurrent(_ revision: Int) -> Bool { state.withLock { $0.scene?.revision == revision } }

    private func drain() {
        while let (job, scene, ready) = next() {
            let composer: FrameComposer
            if let ready {
                composer = ready
            } else {
                let previous = state.withLock { $0.composer?.composer }
                composer = scene.composer(width: job.size.width, height: job.size.height, previous: previous)
                state.withLock { $0.composer = (job.revision, job.size, composer) }
            }
            guard job.frame >= 0, job.frame < composer.frameCount else { continue }
            let list = composer.compose(job.frame).list
            guard isCurrent(job.revision) else { state.withLock { $0.dropped += 1 }; continue }
            let key = PictureCache.Key(digest: list.fingerprint(of: list.frame), width: job.size.width, height: job.size.height)
            var image = state.withLock { $0.cache.get(key) }
            if image == nil {
                let frame = Rasterizer().render(list)
                let picture = RGBAImage(width: frame.width, height: frame.height, pixels: frame.pixels)
                image = picture
                state.withLock { s in s.cache.put(key, picture); s.rasterised += 1 }
            }
            guard let image, isCurrent(job.revision) else { state.withLock { $0.dropped += 1 }; continue }
            state.withLock { $0.delivered += 1 }
            switch slot {
            case .thumbnail: job.send(.thumbnailReady(frame: job.frame, revision: job.revision, image: image))
            case .preview: job.send(.previewReady(frame: job.frame, revision: job.revision, image: image))
            }
        }
    }
}
