import AuteurCore
import CFFmpeg
import Foundation

/// How far an export has come, for a progress bar.
public struct ExportProgress: Hashable, Sendable {
    public var framesDone: Int
    /// nil when the caller streams frames without saying how many will come.
    public var totalFrames: Int?
}

public struct ExportResult: Hashable, Sendable {
    public var path: String
    public var frames: Int
    public var seconds: Double
    /// Samples of attached audio written (48 kHz), 0 without audio.
    public var audioSamples: Int64
    /// What the video encoder was fed, frame by frame.
    public var encoderInput: EncoderInputLog
}

/// The one exporter: streams a film into a file as a sequence of segments,
/// each either encoded now or copied from an earlier export, and muxes them
/// with the soundtrack. A film without a segment cache is one open-ended
/// segment (`VideoExporter`).
///
/// Consecutive encoded segments of one GOP each share one encoder (a run);
/// a copied segment, or a segment of another length, ends the run, and the
/// next encoded one starts a fresh encoder. The encoder's own closed GOPs
/// (an IDR every `keyframeInterval` frames, never on a scene cut) then fall
/// exactly on the segments' first frames, so each segment's packets leave
/// the encoder, in decode order, before any packet of the next one, and it
/// decodes alone wherever it is spliced; `keep` checks that every segment
/// begins with a keyframe. Forcing the keyframes instead changed x264's
/// choices (files 2 % larger than ffmpeg's for the same frames and
/// settings); left to its interval it writes ffmpeg's bytes. A segment's
/// bytes do depend on the run before it (rate control carries over), so a
/// segment re-encoded after an edit may differ from what a cold export
/// would write; the frames the encoder is fed never do. Restarting the
/// encoder at every segment cost 5 to 13 % of a 1080p export's wall time
/// on two cores: each restart drains the encoder's frame threads and
/// allocates its frames anew.
///
/// Splicing is only valid when every fresh encoder writes the same parameter
/// sets, which is checked for every encoder opened; x264, x265, SVT-AV1,
/// libvpx-vp9 and prores_ks all do for equal settings (the media tests check
/// each), because their headers hold only the settings, never a time or a
/// random identifier. Only H.264 keeps its encoder across segments. x265
/// would too (its runs pass the same checks), but on HEVC the restarts did
/// not show in the export's time (five 1080p runs each, 6.8–9.3 s either
/// way), so the others still get a fresh encoder per segment.
///
/// Frames are sRGB, 8 bits a channel, `width * height * 4` bytes, alpha
/// ignored (the film is opaque), or pictures converted beforehand. They are
/// converted to the codec's YUV with the BT.709 matrix in limited range and
/// tagged so. The file appears at `target` only after `finish()` succeeds:
/// until then it is a hidden partial file in the same folder, removed on any
/// error, on `cancel()`, or if the exporter is dropped unfinished.
public final class SegmentedExporter {
    public let target: String
    public let options: ExportOptions
    public let force: Bool
    public let expectedFrames: Int?
    /// Run on the finished partial file before it is moved into place.
    public let finishing: FinishingStep?
    /// Called after every frame and every copied segment.
    public var progress: ((ExportProgress) -> Void)?
    /// Called with each encoded segment once its last packet is out of the
    /// encoder, in film order, with the tag `beginSegment` was given: the
    /// hand-off to a segment cache. Never called when packets are not kept.
    public var segmentEncoded: ((EncodedSegment, String?) -> Void)?
    public private(set) var framesWritten = 0
    /// What the encoder was fed, frame by frame; empty unless `hashesFrames`.
    public private(set) var encoderInput = EncoderInputLog()
    /// Whether every picture fed to the encoder is hashed into
    /// `encoderInput` and into its segment. Hashing reads each picture once
    /// more (half a millisecond a 1080p frame), so an export keeps a log
    /// only when it is asked for one.
    public let hashesFrames: Bool
    public private(set) var segmentsEncoded = 0
    public private(set) var segmentsReused = 0
    /// The encoder's parameter sets, shared by every segment of the file.
    public let headers: [UInt8]
    /// Everything besides the pictures that decides a segment's bytes: codec,
    /// settings, pixel format, library version, core count and headers. Cache
    /// keys are built on it.
    public let settingsKey: String

    private enum State { case open, finished, abandoned }
    private var state = State.open
    private let muxer: Muxer
    private let videoStream: Int32
    private let audio: AudioTrack?
    private let audioStream: Int32
    private let frameTime: AVRational
    /// Whether a segment's packets are kept for the cache; a one-pass film
    /// is never cached, and keeping it would hold the whole film in memory.
    private let keepsPackets: Bool
    /// The encoder of the open run; before the first segment, the one
    /// opened to describe the stream, which the first segment then uses.
    private var encoder: VideoEncoder?
    /// The film frame the run's encoder counts its timestamps from.
    private var runStart = 0
    /// Segments of the open run whose packets may still be in the encoder,
    /// oldest first; the last is open while `segmentOpen`.
    private var run: [RunSegment] = []
    private var segmentOpen = false
    /// Whether consecutive segments share an encoder (see the type's notes).
    private let continuesRuns: Bool

    private struct RunSegment {
        var start: Int
        var tag: String?
        var segment: EncodedSegment
    }

    /// `keepsPackets`: whether each segment's packets are kept and handed to
    /// `segmentEncoded`, for a cache; false for a film encoded in one pass,
    /// so memory stays flat. `hashesFrames`: whether to keep the
    /// encoder-input log.
    public init(target: String, options: ExportOptions, force: Bool = false, expectedFrames: Int? = nil,
                finishing: FinishingStep? = nil, progress: ((ExportProgress) -> Void)? = nil,
                keepsPackets: Bool = true, hashesFrames: Bool = true) throws(MediaError) {
        try options.validate(file: target)
        if let expectedFrames, expectedFrames < 1 {
            throw MediaError(.invalidOptions, doing: "export", file: target, reason: "a film needs at least one frame")
        }
        self.target = target
        self.options = options
        self.force = force
        self.expectedFrames = expectedFrames
        self.finishing = finishing
        self.progress = progress
        self.keepsPackets = keepsPackets
        self.hashesFrames = hashesFrames
        continuesRuns = options.codec == .h264
        frameTime = AVRational(num: 1, den: Int32(options.fps))
        let partial = try PartialFile(target: target, force: force)
        do throws(MediaError) {
            // mux.c's order: muxer, then encoders opened and their streams
            // described, then the file opened and the header written.
            let muxer = try Muxer(container: options.container, partial: partial)
            let first = try VideoEncoder(options: options, globalHeader: muxer.wantsGlobalHeader, file: target)
            videoStream = try muxer.addStream(encoder: first.context, frameRate: AVRational(num: Int32(options.fps), den: 1))
            let soundtrack = try Soundtrack.open(options, in: muxer, file: target)
            audio = soundtrack?.track
            audioStream = soundtrack?.stream ?? -1
            try muxer.writeHeader()
            self.muxer = muxer
            encoder = first
            headers = first.headers
            settingsKey = Self.settingsKey(options, globalHeader: muxer.wantsGlobalHeader, headers: first.headers)
        } catch {
            partial.discard()
            throw error
        }
    }

    deinit {
        if state == .open { muxer.partial.discard() }
    }

    static func settingsKey(_ options: ExportOptions, globalHeader: Bool, headers: [UInt8]) -> String {
        let pixel = av_get_pix_fmt_name(options.codec.pixelFormat).map { String(cString: $0) } ?? "?"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return ["auteur-segment 1", options.codec.encoderName, "lavc \(avcodec_version())", pixel,
                "\(options.width)x\(options.height)", "\(options.fps) fps", "crf \(options.effectiveCRF.map(String.init) ?? "-")",
                options.preset.rawValue, "global-header \(globalHeader)", "bt709 tv", "cores \(cores)",
                "headers \(SHA256.hex(headers))"].joined(separator: "; ")
    }

    private func refuse(_ doing: String) -> MediaError {
        let why: String
        switch state {
        case .open: why = segmentOpen ? "a segment is still open" : "no segment is open"
        case .finished: why = "the export is already finished"
        case .abandoned: why = "the export is already abandoned"
        }
        return MediaError(.invalidOptions, doing: doing, file: target, reason: why)
    }

    /// Runs `body`; any failure abandons the export (removing the partial
    /// file) before it is passed on, so no error leaves half a film behind.
    private func abandoning<T>(_ body: () throws(MediaError) -> T) throws(MediaError) -> T {
        do throws(MediaError) {
            return try body()
        } catch {
            abandon()
            throw error
        }
    }

    /// Starts a segment that the next `append` calls fill; its first frame
    /// is a keyframe. `tag` comes back with the segment from `segmentEncoded`.
    public func beginSegment(tag: String? = nil) throws(MediaError) {
        guard state == .open, !segmentOpen else { throw refuse("start a segment of") }
        try abandoning { () throws(MediaError) in
            if encoder == nil {
                let fresh = try VideoEncoder(options: options, globalHeader: muxer.wantsGlobalHeader, file: target)
                guard fresh.headers == headers else {
                    throw MediaError(.invalidOptions, doing: "encode segments of", file: target,
                                     reason: "\(options.codec.encoderName) wrote different headers for this segment, so segments cannot be spliced; export without the segment cache")
                }
                encoder = fresh
            }
            if run.isEmpty { runStart = framesWritten }
        }
        run.append(RunSegment(start: framesWritten, tag: tag, segment: EncodedSegment(headers: headers, packets: [], frames: [])))
        segmentOpen = true
    }

    /// Appends the next frame of the open segment, as RGBA.
    public func append(rgba: UnsafeBufferPointer<UInt8>) throws(MediaError) {
        guard state == .open, segmentOpen else { throw refuse("add a frame to") }
        let expected = options.width * options.height * 4
        guard rgba.count == expected, rgba.baseAddress != nil else {
            abandon()
            throw MediaError(.invalidOptions, doing: "add frame \(framesWritten) to", file: target,
                             reason: "it has \(rgba.count) bytes, \(options.width)x\(options.height) RGBA needs \(expected)")
        }
        try appendFrame { (encoder, pts) throws(MediaError) in
            try encoder.encode(rgba: rgba, pts: pts, hashing: hashesFrames, sink: keep)
        }
    }

    public func append(rgba: [UInt8]) throws(MediaError) {
        try rgba.withUnsafeBufferPointer { (buffer) throws(MediaError) in try append(rgba: buffer) }
    }

    /// Appends the next frame of the open segment, converted beforehand (4:2:0 codecs).
    public func append(_ converted: Picture420) throws(MediaError) {
        guard state == .open, segmentOpen else { throw refuse("add a frame to") }
        try appendFrame { (encoder, pts) throws(MediaError) in
            try encoder.encode(converted, pts: pts, hashing: hashesFrames, sink: keep)
        }
    }

    /// Feeds one frame to the run's encoder at its place in the film,
    /// records what the encoder received, and keeps the soundtrack level.
    private func appendFrame(_ encode: (VideoEncoder, _ pts: Int64) throws(MediaError) -> EncodedSegment.FrameHash) throws(MediaError) {
        guard let encoder else { throw refuse("add a frame to") }
        try abandoning { () throws(MediaError) in
            let fed = try encode(encoder, Int64(framesWritten - runStart))
            if let adler = fed.adler32 {
                encoderInput.append(.init(frame: framesWritten, pts: Int64(framesWritten), size: fed.size, adler32: adler))
            }
            // Encoding may have completed earlier segments of the run: the open one is still last.
            run[run.count - 1].segment.frames.append(fed)
            framesWritten += 1
            try writeSoundtrack(final: false)
        }
        progress?(ExportProgress(framesDone: framesWritten, totalFrames: expectedFrames))
    }

    /// Ends the open segment. Its packets reach `segmentEncoded` when the
    /// encoder has let them all out: at once where segments do not share an
    /// encoder, else when the next segment's keyframe comes out or the run ends.
    public func endSegment() throws(MediaError) {
        guard state == .open, segmentOpen else { throw refuse("finish a segment of") }
        guard let last = run.last, framesWritten > last.start else {
            abandon()
            throw MediaError(.invalidOptions, doing: "finish a segment of", file: target, reason: "the segment has no frames")
        }
        segmentOpen = false
        segmentsEncoded += 1
        // Only whole GOPs end where the next segment's keyframe will be.
        if !continuesRuns || framesWritten - last.start != options.keyframeInterval { try endRun() }
    }

    /// Drains the run's encoder and hands over every segment still in it.
    private func endRun() throws(MediaError) {
        guard let encoder else { return }
        try abandoning { () throws(MediaError) in try encoder.flush(sink: keep) }
        self.encoder = nil
        let finished = run
        run = []
        if keepsPackets { for r in finished { segmentEncoded?(r.segment, r.tag) } }
    }

    /// Copies a segment encoded earlier into the film, after what is there.
    public func append(cached: EncodedSegment) throws(MediaError) {
        guard state == .open, !segmentOpen else { throw refuse("copy a segment into") }
        guard cached.headers == headers, !cached.packets.isEmpty, !cached.frames.isEmpty else {
            abandon()
            throw MediaError(.invalidOptions, doing: "copy a segment into", file: target,
                             reason: "it was encoded with other settings or headers")
        }
        guard !hashesFrames || cached.hasFrameHashes else {
            abandon()
            throw MediaError(.invalidOptions, doing: "copy a segment into", file: target,
                             reason: "it was encoded without the frame hashes this export logs")
        }
        // The run's packets go first; the encoder opened to describe the
        // stream, if no segment used it, is not needed for a copy.
        try endRun()
        encoder = nil
        try abandoning { () throws(MediaError) in
            try copy(cached.packets, at: Int64(framesWritten))
            if hashesFrames {
                for (i, f) in cached.frames.enumerated() {
                    let index = framesWritten + i
                    encoderInput.append(.init(frame: index, pts: Int64(index), size: f.size, adler32: f.adler32!))
                }
            }
            framesWritten += cached.frames.count
            try writeSoundtrack(final: false)
        }
        segmentsReused += 1
        progress?(ExportProgress(framesDone: framesWritten, totalFrames: expectedFrames))
    }

    private func copy(_ packets: [EncodedSegment.Packet], at start: Int64) throws(MediaError) {
        guard let packet = av_packet_alloc() else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "copy a segment into", file: target, reason: "out of memory")
        }
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&owned) }
        for p in packets {
            try libav(av_new_packet(packet, Int32(p.data.count)), "copy a segment into", file: target)
            p.data.withUnsafeBufferPointer { packet.pointee.data.update(from: $0.baseAddress!, count: $0.count) }
            packet.pointee.pts = p.pts + start
            packet.pointee.dts = p.dts + start
            packet.pointee.duration = p.duration
            packet.pointee.flags = p.flags
            try muxer.write(packet, stream: videoStream, timeBase: frameTime)
            av_packet_unref(packet)
        }
    }

    /// Writes the rest of the soundtrack and the trailer, runs the finishing
    /// step, flushes to disk and moves the file into place.
    public func finish() throws(MediaError) -> ExportResult {
        guard state == .open, !segmentOpen else { throw refuse("finish") }
        guard framesWritten > 0 else {
            abandon()
            throw MediaError(.invalidOptions, doing: "finish", file: target, reason: "no frames were given")
        }
        try endRun()
        try abandoning { () throws(MediaError) in
            try writeSoundtrack(final: true)
            try muxer.finish()
            if let finishing {
                do { try finishing(muxer.partial.temporary) } catch let error as MediaError { throw error } catch {
                    throw MediaError(.badInput, doing: "finish", file: target, reason: "\(error)")
                }
            }
            try muxer.partial.commit(force: force)
        }
        state = .finished
        encoder = nil
        return ExportResult(path: target, frames: framesWritten, seconds: Double(framesWritten) / Double(options.fps),
                            audioSamples: audio?.samplesEncoded ?? 0, encoderInput: encoderInput)
    }

    /// Stops the export and removes every trace of it; the target is untouched.
    public func cancel() {
        if state == .open { abandon() }
    }

    /// Whether frames can still be added or the film finished.
    var isOpen: Bool { state == .open }
    var hasOpenSegment: Bool { segmentOpen }

    private func abandon() {
        state = .abandoned
        encoder = nil
        run = []
        segmentOpen = false
        muxer.partial.discard()
    }

    /// Encodes the sound that plays under the frames written so far.
    private func writeSoundtrack(final: Bool) throws(MediaError) {
        guard let audio else { return }
        try audio.encode(upTo: Soundtrack.samples(forFrames: framesWritten, fps: options.fps), final: final) { (packet) throws(MediaError) in
            try muxer.write(packet, stream: audioStream, timeBase: audio.timeBase)
        }
    }

    /// Keeps a copy of a new packet for the cache, then muxes it at its
    /// place in the film. Packets come in decode order and every segment is
    /// a closed GOP, so a packet of a later segment means that every one
    /// before it is complete.
    private func keep(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        packet.pointee.pts += Int64(runStart)
        packet.pointee.dts += Int64(runStart)
        if keepsPackets {
            let p = packet.pointee
            while run.count > 1, p.pts >= Int64(run[1].start) {
                guard p.pts == Int64(run[1].start), p.flags & AV_PKT_FLAG_KEY != 0 else {
                    throw MediaError(.invalidOptions, doing: "encode segments of", file: target,
                                     reason: "\(options.codec.encoderName) did not start the segment at frame \(run[1].start) with a keyframe; export without the segment cache")
                }
                let done = run.removeFirst()
                segmentEncoded?(done.segment, done.tag)
            }
            let start = Int64(run[0].start)
            run[0].segment.packets.append(.init(data: Array(UnsafeBufferPointer(start: p.data, count: Int(p.size))),
                                                pts: p.pts - start, dts: p.dts - start, duration: p.duration, flags: p.flags))
        }
        try muxer.write(packet, stream: videoStream, timeBase: frameTime)
    }
}

/// A film encoded in one pass by one encoder: the exporter with a single
/// open-ended segment whose packets are not kept.
public final class VideoExporter {
    private let film: SegmentedExporter

    public var target: String { film.target }
    public var options: ExportOptions { film.options }
    public var force: Bool { film.force }
    public var expectedFrames: Int? { film.expectedFrames }
    /// Run on the finished partial file before it is moved into place.
    public var finishing: FinishingStep? { film.finishing }
    /// Called after every frame; total is what the caller announced, if anything.
    public var progress: ((ExportProgress) -> Void)? {
        get { film.progress }
        set { film.progress = newValue }
    }
    public var framesWritten: Int { film.framesWritten }
    public var encoderInput: EncoderInputLog { film.encoderInput }

    public init(target: String, options: ExportOptions, force: Bool = false, expectedFrames: Int? = nil,
                finishing: FinishingStep? = nil, progress: ((ExportProgress) -> Void)? = nil,
                hashesFrames: Bool = true) throws(MediaError) {
        film = try SegmentedExporter(target: target, options: options, force: force, expectedFrames: expectedFrames,
                                     finishing: finishing, progress: progress, keepsPackets: false, hashesFrames: hashesFrames)
        try film.beginSegment()
    }

    /// Appends the next frame. Any failure abandons the export and removes the partial file.
    public func append(rgba: UnsafeBufferPointer<UInt8>) throws(MediaError) { try film.append(rgba: rgba) }

    public func append(rgba: [UInt8]) throws(MediaError) { try film.append(rgba: rgba) }

    /// Appends a frame converted beforehand (4:2:0 codecs).
    public func append(_ converted: Picture420) throws(MediaError) { try film.append(converted) }

    /// Drains the encoder, writes the trailer, flushes to disk and moves the
    /// file into place.
    public func finish() throws(MediaError) -> ExportResult {
        guard film.isOpen, film.hasOpenSegment else { return try film.finish() }
        guard film.framesWritten > 0 else {
            film.cancel()
            throw MediaError(.invalidOptions, doing: "finish", file: target, reason: "no frames were given")
        }
        try film.endSegment()
        return try film.finish()
    }

    /// Stops the export and removes every trace of it; the target is untouched.
    public func cancel() { film.cancel() }

    /// Exports `frameCount` frames drawn by `frame`, checking `isCancelled`
    /// before each one. A cancel throws `.cancelled` and leaves nothing on disk.
    public static func export(to target: String, options: ExportOptions, frameCount: Int, force: Bool = false,
                              finishing: FinishingStep? = nil, isCancelled: () -> Bool = { false },
                              progress: ((ExportProgress) -> Void)? = nil,
                              frame: (Int) throws -> [UInt8]) throws -> ExportResult {
        let exporter = try VideoExporter(target: target, options: options, force: force,
                                         expectedFrames: frameCount, finishing: finishing, progress: progress)
        for index in 0..<frameCount {
            if isCancelled() {
                exporter.cancel()
                throw MediaError(.cancelled, doing: "finish", file: target, reason: "the export was cancelled at frame \(index) of \(frameCount)")
            }
            let pixels: [UInt8]
            do { pixels = try frame(index) } catch {
                exporter.cancel()
                throw error
            }
            try exporter.append(rgba: pixels)
        }
        return try exporter.finish()
    }
}
