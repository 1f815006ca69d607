import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurStore
import Foundation

/// What to export and how. The options' `audioPath` and `audioStart` are
/// filled in by the export from the project's attachments.
public struct ExportRequest: Sendable {
    public var target: String
    /// Container, codec, output size, frame rate, CRF and preset.
    public var options: ExportOptions
    /// Project frames to export, inclusive; nil for the whole film.
    public var frames: FrameRange?
    public var force: Bool
    /// Where encoded segments are kept for smart re-export; nil encodes the
    /// film in one pass with one encoder and keeps nothing.
    public var cache: SegmentCache?
    /// Rendering workers.
    public var threads: Int
    /// Run on the finished file before it is moved into place (content
    /// credentials are written here).
    public var finishing: FinishingStep?
    /// Draws a small visible "AI-generated" mark in a corner of every frame.
    public var watermark: Bool
    /// Keeps `ExportSummary.encoderInput`, an Adler-32 of every picture fed
    /// to the encoder. It reads each picture once more, half a millisecond
    /// a 1080p frame, so the command line asks for it only with --framecrc.
    /// Cached segments encoded without it are encoded again when it is on.
    public var logsEncoderInput: Bool

    public init(target: String, options: ExportOptions, frames: FrameRange? = nil, force: Bool = false,
                cache: SegmentCache? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                finishing: FinishingStep? = nil, watermark: Bool = false, logsEncoderInput: Bool = true) {
        self.finishing = finishing
        self.logsEncoderInput = logsEncoderInput
        self.watermark = watermark
        self.target = target
        self.options = options
        self.frames = frames
        self.force = force
        self.cache = cache
        self.threads = max(1, threads)
    }
}

/// How far an export has come, after every frame or copied segment.
public struct ExportUpdate: Sendable, Equatable {
    public var framesDone: Int
    public var framesTotal: Int
    public var segmentsTotal: Int
    public var segmentsReused: Int
    public var segmentsEncoded: Int
    /// Seconds since the export started.
    public var elapsed: Double

    public var framesPerSecond: Double { elapsed > 0 ? Double(framesDone) / elapsed : 0 }
    /// Seconds left at the pace so far; nil until there is a pace.
    public var eta: Double? {
        guard framesDone > 0, elapsed > 0 else { return nil }
        return Double(framesTotal - framesDone) * elapsed / Double(framesDone)
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable {
    public var path: String
    public var timeline: ExportTimeline
    public var options: ExportOptions
    /// The attachment whose sound was muxed in, if any.
    public var audio: Attachment?
    /// Whether the film was assembled from cacheable segments.
    public var segmented: Bool
    public var segmentsTotal: Int
    public var segmentsReused: Int
    public var segmentsEncoded: Int
    public var elapsed: Double
    /// What the video encoder was fed, frame by frame (framecrc-style);
    /// empty unless the request's `logsEncoderInput`.
    public var encoderInput: EncoderInputLog
    public var frames: Int { timeline.frameCount }
    public var seconds: Double { Double(timeline.frameCount) / Double(timeline.fps) }
}

extension Session {
    /// The soundtrack of an export: the first audio attachment bound to an
    /// object (cast order, then binding order), else the first audio
    /// attachment; nil when there is none.
    public static func soundtrack(of project: Project) -> Attachment? {
        let audio = project.attachments.filter { $0.kind == .audio }
        for member in project.cast {
            for binding in member.audio {
                if let a = audio.first(where: { $0.hash == binding.media }) { return a }
            }
        }
        return audio.first
    }

    /// Renders `project` and encodes it to `request.target`.
    ///
    /// Frames are composed and rendered ahead on worker threads and handed to
    /// the encoder in order through a queue bounded in bytes, so memory stays
    /// flat however long the film. With a segment cache, every one-second
    /// segment is keyed by the digests of its frames and the settings; a
    /// segment already in the cache is copied instead of rendered and
    /// encoded. `isCancelled` is polled between frames; a cancel removes the
    /// partial file and throws. Nothing appears at the target until the whole
    /// film is written and flushed.
    public func export(_ request: ExportRequest, project: Project, isCancelled: @escaping @Sendable () -> Bool = { false },
                       progress: (ExportUpdate) -> Void = { _ in }) throws -> ExportSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        let all = project.allFrames
        guard let range = (request.frames ?? all).clamped(to: all), range == (request.frames ?? all) else {
            throw AuteurError.invalid("frames \(request.frames!) are outside the film (frames \(all))")
        }
        var options = request.options
        let timeline = ExportTimeline(source: range, sourceFPS: project.canvas.fps, fps: options.fps)
        do { try options.validate(file: request.target) } catch { throw error.auteurError }

        // libav reads the soundtrack from a file: the stored bytes go to a
        // private temporary folder, removed however the export ends.
        let soundtrack = Self.soundtrack(of: project)
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        if let soundtrack {
            guard let record = try store.media(soundtrack.hash) else {
                throw AuteurError.store("attached audio \(soundtrack.name) is missing from the project file")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-export-\(getpid())-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            scratch = folder
            let ext = URL(fileURLWithPath: soundtrack.name).pathExtension
            let file = folder.appendingPathComponent("soundtrack" + (ext.isEmpty ? "" : "." + ext))
            try record.bytes.write(to: file)
            options.audioPath = file.path
            options.audioStart = timeline.startSeconds
        }

        let composer = FrameComposer(project: project, width: options.width, height: options.height,
                                     signals: try audioSignals(for: project), backdrops: try backdropTextures(for: project))
        let segmented = request.cache != nil
        let sink = try ExportSink(segmented: segmented, target: request.target, options: options, force: request.force,
                                  frames: timeline.frameCount, finishing: request.finishing,
                                  hashesFrames: request.logsEncoderInput)

        let frameBytes = options.codec.takesPicture420
            ? Picture420.byteCount(width: options.width, height: options.height) : options.width * options.height * 4
        // Frames waiting for the encoder: sixteen at 1080p, three per worker
        // at 4K. Where the encoder drains (a run of segments ending before a
        // copied one, or every segment for codecs other than H.264) its
        // frame threads run out of work one by one, and a deep enough queue
        // lets the drawing run ahead meanwhile: eight frames at 1080p made
        // exports 4 % slower when every segment drained, and six made a
        // one-segment re-export slower (medians of nine, 0.57 s against
        // 0.51 s), as the producer then waited behind the encoder instead
        // of composing the later segments' keys. At 4K more frames changed
        // nothing but memory. More only cost memory: every buffer beyond
        // what the pool recycles is fresh pages the kernel must zero.
        let queue = DeliveryQueue(capacityBytes: max(3 * request.threads * frameBytes, 48 << 20))
        let pool = FramePool(limit: queue.capacityBytes / frameBytes + 2)
        let producer = ExportProducer(composer: composer, timeline: timeline, queue: queue,
                                      renderer: ExportRenderer(width: options.width, height: options.height,
                                                               threads: request.threads,
                                                               watermark: request.watermark),
                                      cache: segmented ? request.cache : nil,
                                      settingsKey: Self.segmentSettings(sink.settingsKey, request: request),
                                      threads: request.threads, pool: pool,
                                      convert: options.codec.takesPicture420, needsFrameHashes: request.logsEncoderInput,
                                      isCancelled: isCancelled)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { producer.run(); finished.signal() }
        thread.stackSize = 8 << 20
        thread.start()
        // However the export ends, the producer is stopped and waited for,
        // so no worker outlives the call.
        defer {
            queue.close()
            finished.wait()
        }
        let start = ExportUpdate(framesDone: 0, framesTotal: timeline.frameCount, segmentsTotal: timeline.segments.count,
                                 segmentsReused: 0, segmentsEncoded: 0, elapsed: 0)
        let (result, update) = try sink.consume(queue, pool: pool, cache: request.cache, start: start, started: started,
                                                isCancelled: isCancelled, progress: progress)
        return ExportSummary(path: request.target, timeline: timeline, options: options, audio: soundtrack,
                             segmented: segmented, segmentsTotal: timeline.segments.count,
                             segmentsReused: update.segmentsReused, segmentsEncoded: update.segmentsEncoded,
                             elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                             encoderInput: result.encoderInput)
    }
}

extension Session {
    /// Everything besides the frames' drawing that decides a segment's
    /// bytes: the encoder's settings, and whether and how the mark is drawn
    /// (a digest of the mark on a grey frame, so a changed mark never reuses
    /// segments stamped with the old one, and a marked film never reuses
    /// unmarked segments).
    static func segmentSettings(_ encoder: String, request: ExportRequest) -> String {
        guard request.watermark else { return encoder + "; no watermark" }
        let (width, height) = (request.options.width, request.options.height)
        var probe = [UInt8](repeating: 128, count: width * height * 4)
        Watermark.stamp(into: &probe, width: width, height: height)
        let plate = Watermark.plate(width: width, height: height)
        var digest = Seeds.combine(UInt64(plate.x) << 32 | UInt64(plate.y), UInt64(plate.width) << 32 | UInt64(plate.height))
        for y in plate.y..<(plate.y + plate.height) {
            for x in plate.x..<(plate.x + plate.width) {
                let i = (y * width + x) * 4
                digest = Seeds.combine(digest, UInt64(probe[i]) | UInt64(probe[i + 1]) << 8 | UInt64(probe[i + 2]) << 16)
            }
        }
        return encoder + "; watermark " + String(digest, radix: 16)
    }
}

/// The film's one exporter and how the producer's deliveries reach it:
/// cacheable one-second segments, or, without a cache, one open-ended
/// segment encoded in one pass by one encoder.
private struct ExportSink {
    let exporter: SegmentedExporter
    let segmented: Bool

    init(segmented: Bool, target: String, options: ExportOptions, force: Bool, frames: Int, finishing: FinishingStep?,
         hashesFrames: Bool) throws {
        self.segmented = segmented
        do {
            exporter = try SegmentedExporter(target: target, options: options, force: force, expectedFrames: frames,
                                             finishing: finishing, keepsPackets: segmented, hashesFrames: hashesFrames)
            if !segmented { try exporter.beginSegment() }
        } catch {
            throw error.auteurError
        }
    }

    var settingsKey: String { exporter.settingsKey }

    /// Encodes or copies what the producer delivers, in order, until the
    /// film is complete; any failure or a cancel removes the partial file.
    func consume(_ queue: DeliveryQueue, pool: FramePool, cache: SegmentCache?, start: ExportUpdate, started: UInt64,
                 isCancelled: () -> Bool, progress: (ExportUpdate) -> Void) throws -> (ExportResult, ExportUpdate) {
        do {
            return try pump(queue, pool: pool, cache: cache, start: start, started: started, isCancelled: isCancelled, progress: progress)
        } catch let error as MediaError {
            exporter.cancel()
            throw error.auteurError
        } catch {
            exporter.cancel()
            throw error
        }
    }

    private func pump(_ queue: DeliveryQueue, pool: FramePool, cache: SegmentCache?, start: ExportUpdate, started: UInt64,
                      isCancelled: () -> Bool, progress: (ExportUpdate) -> Void) throws -> (ExportResult, ExportUpdate) {
        var update = start
        var leftInSegment = 0
        // Segments reach the cache once the encoder has let out their last packet.
        exporter.segmentEncoded = { segment, key in
            if let key { _ = cache?.store(segment, for: key) }
        }
        defer { exporter.segmentEncoded = nil }
        while true {
            guard !isCancelled() else { throw ExportCancelled(framesDone: update.framesDone, framesTotal: update.framesTotal) }
            guard let delivery = queue.pop(isCancelled: isCancelled) else { continue }
            switch delivery {
            case .encode(let key, let frames):
                leftInSegment = frames
                if segmented { try exporter.beginSegment(tag: key) }
                continue
            case .frame(let pixels):
                try exporter.append(rgba: pixels)
                pool.give(pixels)
            case .picture(let picture):
                try exporter.append(picture)
                pool.give(picture.bytes)
            case .cached(let segment):
                try exporter.append(cached: segment)
                update.framesDone += segment.frameCount
                update.segmentsReused += 1
            case .done:
                if !segmented { try exporter.endSegment() }
                return (try exporter.finish(), update)
            }
            if delivery.isFrame {
                update.framesDone += 1
                leftInSegment -= 1
                if leftInSegment == 0 {
                    if segmented { try exporter.endSegment() }
                    update.segmentsEncoded += 1
                }
            }
            update.elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress(update)
        }
    }
}

/// The export stopped on request; nothing was written.
public struct ExportCancelled: Error, CustomStringConvertible {
    public var framesDone: Int
    public var framesTotal: Int
    public var description: String {
        "export cancelled at frame \(framesDone) of \(framesTotal); nothing was written"
    }
}

/// What the producer hands the encoder, in film order.
enum Delivery: Sendable {
    /// The next `frames` frames form a segment to encode, cached under `key`.
    case encode(key: String?, frames: Int)
    /// RGBA, for encoders that convert it themselves (ProRes).
    case frame([UInt8])
    case picture(Picture420)
    case cached(EncodedSegment)
    case done

    var isFrame: Bool {
        switch self {
        case .frame, .picture: return true
        default: return false
        }
    }

    var bytes: Int {
        switch self {
        case .frame(let pixels): return pixels.count
        case .picture(let picture): return picture.bytes.count
        case .cached(let segment): return segment.byteCount
        default: return 0
        }
    }
}

/// A first-in first-out queue bounded in bytes: the producer waits when the
/// encoder falls behind, which is what bounds memory.
final class DeliveryQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Delivery] = []
    private var head = 0
    private var bytes = 0
    private var closed = false
    let capacityBytes: Int

    init(capacityBytes: Int) { self.capacityBytes = capacityBytes }

    /// Waits for room; false once the queue is closed (the export is over).
    func push(_ item: Delivery) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // Always accept into an empty queue, so a frame larger than the
        // capacity cannot wait forever.
        while !closed && bytes > 0 && bytes + item.bytes > capacityBytes { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        bytes += item.bytes
        condition.broadcast()
        return true
    }

    /// The next item; nil after a short wait, so the caller can poll for a cancel.
    func pop(isCancelled: () -> Bool) -> Delivery? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count {
            if closed || isCancelled() { return nil }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        let item = items[head]
        items[head] = .done
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        bytes -= item.bytes
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        items.removeAll()
        head = 0
        bytes = 0
        condition.broadcast()
        condition.unlock()
    }
}

/// Composes, keys and renders the film segment by segment, ahead of the encoder.
final class ExportProducer: @unchecked Sendable {
    let composer: FrameComposer
    let timeline: ExportTimeline
    let queue: DeliveryQueue
    let renderer: ExportRenderer
    let cache: SegmentCache?
    let settingsKey: String
    let threads: Int
    let pool: FramePool
    /// Whether frames go to the encoder as 4:2:0 pictures, converted here.
    let convert: Bool
    /// Whether the export logs what the encoder is fed: a cached segment
    /// encoded without frame hashes is then encoded again.
    let needsFrameHashes: Bool
    let isCancelled: @Sendable () -> Bool

    init(composer: FrameComposer, timeline: ExportTimeline, queue: DeliveryQueue, renderer: ExportRenderer,
         cache: SegmentCache?, settingsKey: String, threads: Int, pool: FramePool, convert: Bool,
         needsFrameHashes: Bool, isCancelled: @escaping @Sendable () -> Bool) {
        self.pool = pool
        self.needsFrameHashes = needsFrameHashes
        self.convert = convert
        self.composer = composer
        self.timeline = timeline
        self.queue = queue
        self.renderer = renderer
        self.cache = cache
        self.settingsKey = settingsKey
        self.threads = threads
        self.isCancelled = isCancelled
    }

    func run() {
        for segment in timeline.segments {
            guard !isCancelled() else { return }
            // Every distinct project frame of the segment, composed in parallel.
            let sources = segment.map(timeline.sourceFrame)
            let distinct = Array(Set(sources)).sorted()
            let lists = compose(distinct)
            var byFrame: [FrameIndex: DisplayList] = [:]
            for (f, list) in zip(distinct, lists) { byFrame[f] = list }

            var key: String?
            if let cache {
                key = Self.segmentKey(settingsKey, digests: sources.map { frameDigest(byFrame[$0]!) })
                if let key, let stored = cache.segment(for: key), stored.frameCount == segment.count,
                   !needsFrameHashes || stored.hasFrameHashes {
                    guard queue.push(.cached(stored)) else { return }
                    continue
                }
            }
            guard queue.push(.encode(key: key, frames: segment.count)) else { return }
            var previous: (digest: UInt64, delivery: Delivery)?
            for source in sources {
                guard !isCancelled() else { return }
                let list = byFrame[source]!
                let digest = frameDigest(list)
                // A picture equal to the last one (a still, or a film above
                // the project's rate) is delivered again, not drawn again.
                let delivery: Delivery
                if let previous, previous.digest == digest {
                    delivery = previous.delivery
                } else {
                    // Let go of the last picture first: holding it would
                    // make its buffer, if recycled now, copy on the first write.
                    previous = nil
                    var storage = pool.take()
                    if convert {
                        delivery = .picture(renderer.picture(list, storage: consume storage))
                    } else {
                        renderer.render(list, into: &storage)
                        delivery = .frame(storage)
                    }
                }
                previous = (digest, delivery)
                guard queue.push(delivery) else { return }
            }
        }
        _ = queue.push(.done)
    }

    private func compose(_ frames: [FrameIndex]) -> [DisplayList] {
        var lists = [DisplayList?](repeating: nil, count: frames.count)
        let workers = min(threads, frames.count)
        lists.withUnsafeMutableBufferPointer { out in
            let out = SendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < frames.count {
                    out.buffer[i] = composer.compose(frames[i]).list
                    i += workers
                }
            }
        }
        return lists.map { $0! }
    }

    /// SHA-256 of the settings and of every frame's digest, in order.
    static func segmentKey(_ settings: String, digests: [UInt64]) -> String {
        var sha = SHA256()
        sha.update(Array(settings.utf8))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digests.count * 8 + 8)
        withUnsafeBytes(of: UInt64(digests.count).littleEndian) { bytes.append(contentsOf: $0) }
        for d in digests { withUnsafeBytes(of: d.littleEndian) { bytes.append(contentsOf: $0) } }
        sha.update(bytes)
        return sha.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Workers fill disjoint slots of one buffer.
private struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
