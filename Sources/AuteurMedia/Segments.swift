import AuteurCore
import CFFmpeg
import Foundation

/// One closed GOP of the film as the encoder wrote it: a keyframe and the
/// frames that depend on it, never on anything outside. Timestamps are local
/// (the segment's first frame has pts 0, in 1/fps), so the same pictures
/// encoded at another place in the film give the same bytes and can be
/// stream-copied wherever they fall.
public struct EncodedSegment: Hashable, Sendable {
    public struct Packet: Hashable, Sendable {
        public var data: [UInt8]
        public var pts: Int64
        public var dts: Int64
        public var duration: Int64
        /// AV_PKT_FLAG_* bits; the key flag is what players seek to.
        public var flags: Int32

        public var isKey: Bool { flags & AV_PKT_FLAG_KEY != 0 }
    }

    /// What the encoder was fed for each frame (bytes and Adler-32 of the
    /// YUV picture), so an export assembled from cached segments still has
    /// a complete encoder-input log.
    public struct FrameHash: Hashable, Sendable {
        public var size: Int
        public var adler32: UInt32
    }

    /// The encoder's extradata: it must equal the stream's, or the copied
    /// packets would refer to parameter sets the file does not have.
    public var headers: [UInt8]
    public var packets: [Packet]
    public var frames: [FrameHash]

    public var frameCount: Int { frames.count }
    public var byteCount: Int { packets.reduce(headers.count) { $0 + $1.data.count } }

    // MARK: Storage

    /// "AUTSEG" and the layout version. A change of layout makes old files
    /// unreadable, which the cache treats as a miss.
    private static let magic: [UInt8] = Array("AUTSEG".utf8) + [0, 1]

    /// A flat little-endian layout ending with a checksum, so a truncated or
    /// damaged cache file is refused instead of spliced into a film.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(byteCount + packets.count * 32 + frames.count * 8 + 64)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(headers.count)); out.append(contentsOf: headers)
        put(UInt32(frames.count))
        for f in frames { put(UInt32(f.size)); put(f.adler32) }
        put(UInt32(packets.count))
        for p in packets {
            put(p.pts); put(p.dts); put(p.duration); put(p.flags)
            put(UInt32(p.data.count)); out.append(contentsOf: p.data)
        }
        put(Self.checksum(out[...]))
        return out
    }

    /// Nil for anything that is not a complete, undamaged segment file.
    public init?(serialized bytes: [UInt8]) {
        guard bytes.count >= Self.magic.count + 8, bytes.starts(with: Self.magic) else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var cursor = Self.magic.count
        func take<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard cursor + size <= body.endIndex else { return nil }
            var v: T = 0
            withUnsafeMutableBytes(of: &v) { raw in
                for i in 0..<size { raw[i] = body[cursor + i] }
            }
            cursor += size
            return T(littleEndian: v)
        }
        func takeBytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, cursor + count <= body.endIndex else { return nil }
            defer { cursor += count }
            return Array(body[cursor..<(cursor + count)])
        }
        var stored: UInt64 = 0
        withUnsafeMutableBytes(of: &stored) { raw in
            for i in 0..<8 { raw[i] = bytes[bytes.count - 8 + i] }
        }
        guard UInt64(littleEndian: stored) == Self.checksum(body) else { return nil }
        guard let headerCount = take(UInt32.self), let headers = takeBytes(Int(headerCount)),
              let frameCount = take(UInt32.self), Int(frameCount) <= body.count / 8 else { return nil }
        var frames: [FrameHash] = []
        for _ in 0..<frameCount {
            guard let size = take(UInt32.self), let adler = take(UInt32.self) else { return nil }
            frames.append(FrameHash(size: Int(size), adler32: adler))
        }
        guard let packetCount = take(UInt32.self), Int(packetCount) <= body.count / 32 else { return nil }
        var packets: [Packet] = []
        for _ in 0..<packetCount {
            guard let pts = take(Int64.self), let dts = take(Int64.self), let duration = take(Int64.self),
                  let flags = take(Int32.self), let length = take(UInt32.self), let data = takeBytes(Int(length)) else { return nil }
            packets.append(Packet(data: data, pts: pts, dts: dts, duration: duration, flags: flags))
        }
        guard cursor == body.endIndex, !frames.isEmpty, !packets.isEmpty else { return nil }
        self.init(headers: headers, packets: packets, frames: frames)
    }

    public init(headers: [UInt8], packets: [Packet], frames: [FrameHash]) {
        self.headers = headers
        self.packets = packets
        self.frames = frames
    }

    /// A 64-bit digest of the bytes, eight at a time: catches truncation
    /// and damage, at memory speed rather than SHA-256's.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0x5345_474D_454E_5453 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words { h = Seeds.mix(h ^ raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            var tail: UInt64 = 0
            for i in (words * 8)..<raw.count { tail = tail << 8 | UInt64(raw[i]) }
            h = Seeds.mix(h ^ tail)
        }
        return h
    }
}

/// Streams a film as a sequence of independently encoded segments of at
/// most one second, each one either encoded now by a fresh encoder or copied
/// from an earlier export, and muxes them with the soundtrack into one file.
///
/// A fresh encoder per segment is what makes a segment's bytes depend only on
/// its own pictures and the settings: a single long-running encoder carries
/// rate-control state across GOPs, so an edit in one second would change the
/// bytes of every second after it. The price is a short pipeline drain at each
/// boundary. Splicing is only valid when every fresh encoder writes the same
/// parameter sets, which is checked for every segment; x264, x265, SVT-AV1,
/// libvpx-vp9 and prores_ks all do for equal settings (the media tests check
/// each), because their headers hold only the settings, never a time or a
/// random identifier.
///
/// The file appears at `target` only after `finish()`; until then it is a
/// hidden partial file, removed on error, `cancel()` or if dropped unfinished.
public final class SegmentedExporter {
    public let target: String
    public let options: ExportOptions
    public let force: Bool
    public let expectedFrames: Int?
    /// Run on the finished partial file before it is moved into place.
    public let finishing: FinishingStep?
    public private(set) var framesWritten = 0
    public private(set) var encoderInput = EncoderInputLog()
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
    /// The encoder of the open segment; before the first segment, the one
    /// opened to describe the stream, which the first segment then uses.
    private var encoder: VideoEncoder?
    private var segment: EncodedSegment?
    private var segmentStart = 0

    public init(target: String, options: ExportOptions, force: Bool = false, expectedFrames: Int? = nil,
                finishing: FinishingStep? = nil) throws(MediaError) {
        try options.validate(file: target)
        if let expectedFrames, expectedFrames < 1 {
            throw MediaError(.invalidOptions, doing: "export", file: target, reason: "a film needs at least one frame")
        }
        self.target = target
        self.options = options
        self.force = force
        self.expectedFrames = expectedFrames
        self.finishing = finishing
        frameTime = AVRational(num: 1, den: Int32(options.fps))
        let partial = try PartialFile(target: target, force: force)
        do throws(MediaError) {
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
        case .open: why = segment == nil ? "no segment is open" : "a segment is still open"
        case .finished: why = "the export is already finished"
        case .abandoned: why = "the export is already abandoned"
        }
        return MediaError(.invalidOptions, doing: doing, file: target, reason: why)
    }

    /// Starts a segment that the next `append` calls fill; its first frame
    /// becomes a keyframe.
    public func beginSegment() throws(MediaError) {
        guard state == .open, segment == nil else { throw refuse("start a segment of") }
        do throws(MediaError) {
            if encoder == nil {
                encoder = try VideoEncoder(options: options, globalHeader: muxer.wantsGlobalHeader, file: target)
            }
            guard encoder!.headers == headers else {
                throw MediaError(.invalidOptions, doing: "encode segments of", file: target,
                                 reason: "\(options.codec.encoderName) wrote different headers for this segment, so segments cannot be spliced; export without the segment cache")
            }
        } catch {
            abandon()
            throw error
        }
        segment = EncodedSegment(headers: headers, packets: [], frames: [])
        segmentStart = framesWritten
    }

    /// Appends the next frame of the open segment (RGBA, see `VideoExporter`).
    public func append(rgba: UnsafeBufferPointer<UInt8>) throws(MediaError) {
        guard state == .open, segment != nil, let encoder else { throw refuse("add a frame to") }
        let expected = options.width * options.height * 4
        guard rgba.count == expected, rgba.baseAddress != nil else {
            abandon()
            throw MediaError(.invalidOptions, doing: "add frame \(framesWritten) to", file: target,
                             reason: "it has \(rgba.count) bytes, \(options.width)x\(options.height) RGBA needs \(expected)")
        }
        do throws(MediaError) {
            try encoder.encode(rgba: rgba, pts: Int64(framesWritten - segmentStart), loggedPTS: Int64(framesWritten),
                               log: &encoderInput, sink: keep)
            let fed = encoderInput.entries[encoderInput.entries.count - 1]
            segment!.frames.append(.init(size: fed.size, adler32: fed.adler32))
            framesWritten += 1
            if let audio { try audio.encode(upTo: audioSamples(forFrames: framesWritten), final: false, sink: writeAudio) }
        } catch {
            abandon()
            throw error
        }
    }

    public func append(rgba: [UInt8]) throws(MediaError) {
        try rgba.withUnsafeBufferPointer { (buffer) throws(MediaError) in try append(rgba: buffer) }
    }

    /// Appends a frame converted beforehand (4:2:0 codecs).
    public func append(_ converted: Picture420) throws(MediaError) {
        guard state == .open, segment != nil, let encoder else { throw refuse("add a frame to") }
        do throws(MediaError) {
            try encoder.encode(converted, pts: Int64(framesWritten - segmentStart), loggedPTS: Int64(framesWritten),
                               log: &encoderInput, sink: keep)
            segment!.frames.append(.init(size: converted.bytes.count, adler32: converted.adler32))
            framesWritten += 1
            if let audio { try audio.encode(upTo: audioSamples(forFrames: framesWritten), final: false, sink: writeAudio) }
        } catch {
            abandon()
            throw error
        }
    }

    /// Drains the segment's encoder and returns what it wrote, for the cache.
    public func endSegment() throws(MediaError) -> EncodedSegment {
        guard state == .open, segment != nil, let encoder else { throw refuse("finish a segment of") }
        guard framesWritten > segmentStart else {
            abandon()
            throw MediaError(.invalidOptions, doing: "finish a segment of", file: target, reason: "the segment has no frames")
        }
        do throws(MediaError) {
            try encoder.flush(sink: keep)
        } catch {
            abandon()
            throw error
        }
        self.encoder = nil
        let done = segment!
        segment = nil
        segmentsEncoded += 1
        return done
    }

    /// Copies a segment encoded earlier into the film, after what is there.
    public func append(cached: EncodedSegment) throws(MediaError) {
        guard state == .open, segment == nil else { throw refuse("copy a segment into") }
        guard cached.headers == headers, !cached.packets.isEmpty, !cached.frames.isEmpty else {
            abandon()
            throw MediaError(.invalidOptions, doing: "copy a segment into", file: target,
                             reason: "it was encoded with other settings or headers")
        }
        // The encoder opened to describe the stream is not needed for a copy.
        encoder = nil
        let start = Int64(framesWritten)
        do throws(MediaError) {
            guard let packet = av_packet_alloc() else {
                throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "copy a segment into", file: target, reason: "out of memory")
            }
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            defer { av_packet_free(&owned) }
            for p in cached.packets {
                try libav(av_new_packet(packet, Int32(p.data.count)), "copy a segment into", file: target)
                p.data.withUnsafeBufferPointer { packet.pointee.data.update(from: $0.baseAddress!, count: $0.count) }
                packet.pointee.pts = p.pts + start
                packet.pointee.dts = p.dts + start
                packet.pointee.duration = p.duration
                packet.pointee.flags = p.flags
                try muxer.write(packet, stream: videoStream, timeBase: frameTime)
                av_packet_unref(packet)
            }
            for (i, f) in cached.frames.enumerated() {
                let index = framesWritten + i
                encoderInput.append(.init(frame: index, pts: Int64(index), size: f.size, adler32: f.adler32))
            }
            framesWritten += cached.frames.count
            if let audio { try audio.encode(upTo: audioSamples(forFrames: framesWritten), final: false, sink: writeAudio) }
        } catch {
            abandon()
            throw error
        }
        segmentsReused += 1
    }

    /// Writes the rest of the soundtrack and the trailer, flushes to disk and
    /// moves the file into place.
    public func finish() throws(MediaError) -> ExportResult {
        guard state == .open, segment == nil else { throw refuse("finish") }
        guard framesWritten > 0 else {
            abandon()
            throw MediaError(.invalidOptions, doing: "finish", file: target, reason: "no frames were given")
        }
        do throws(MediaError) {
            try audio?.encode(upTo: audioSamples(forFrames: framesWritten), final: true, sink: writeAudio)
            try muxer.finish()
            if let finishing {
                do { try finishing(muxer.partial.temporary) } catch let error as MediaError { throw error } catch {
                    throw MediaError(.badInput, doing: "finish", file: target, reason: "\(error)")
                }
            }
            try muxer.partial.commit(force: force)
        } catch {
            abandon()
            throw error
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

    private func abandon() {
        state = .abandoned
        encoder = nil
        segment = nil
        muxer.partial.discard()
    }

    private func audioSamples(forFrames frames: Int) -> Int64 {
        Soundtrack.samples(forFrames: frames, fps: options.fps)
    }

    /// Keeps a copy of a new packet for the cache, then muxes it at its place in the film.
    private func keep(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        let p = packet.pointee
        segment?.packets.append(.init(data: Array(UnsafeBufferPointer(start: p.data, count: Int(p.size))),
                                      pts: p.pts, dts: p.dts, duration: p.duration, flags: p.flags))
        packet.pointee.pts += Int64(segmentStart)
        packet.pointee.dts += Int64(segmentStart)
        try muxer.write(packet, stream: videoStream, timeBase: frameTime)
    }

    private func writeAudio(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        guard let audio else { return }
        try muxer.write(packet, stream: audioStream, timeBase: audio.timeBase)
    }
}
