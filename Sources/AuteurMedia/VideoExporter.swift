import CFFmpeg

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

/// Streams RGBA frames into a video file.
///
/// Frames are sRGB, 8 bits a channel, `width * height * 4` bytes, alpha
/// ignored (the film is opaque). They are converted to the codec's YUV with the
/// BT.709 matrix in limited range and tagged so. The file appears at `target`
/// only after `finish()` succeeds: until then it is a hidden partial file in the
/// same folder, removed on any error, on `cancel()`, or if the exporter is
/// dropped unfinished.
public final class VideoExporter {
    public let target: String
    public let options: ExportOptions
    public let force: Bool
    /// Called after every frame; total is what the caller announced, if anything.
    public var progress: ((ExportProgress) -> Void)?
    public let expectedFrames: Int?
    /// Run on the finished partial file before it is moved into place.
    public let finishing: FinishingStep?
    public private(set) var framesWritten = 0
    public private(set) var encoderInput = EncoderInputLog()

    private enum State { case open, finished, abandoned }
    private var state = State.open
    private let muxer: Muxer
    private let video: VideoEncoder
    private let videoStream: Int32
    private let audio: AudioTrack?
    private let audioStream: Int32

    public init(target: String, options: ExportOptions, force: Bool = false, expectedFrames: Int? = nil,
                finishing: FinishingStep? = nil, progress: ((ExportProgress) -> Void)? = nil) throws(MediaError) {
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
        let partial = try PartialFile(target: target, force: force)
        do throws(MediaError) {
            // mux.c's order: muxer, then encoders opened and their streams
            // described, then the file opened and the header written.
            let muxer = try Muxer(container: options.container, partial: partial)
            let video = try VideoEncoder(options: options, globalHeader: muxer.wantsGlobalHeader, file: target)
            videoStream = try muxer.addStream(encoder: video.context, frameRate: AVRational(num: Int32(options.fps), den: 1))
            let soundtrack = try Soundtrack.open(options, in: muxer, file: target)
            audio = soundtrack?.track
            audioStream = soundtrack?.stream ?? -1
            try muxer.writeHeader()
            self.muxer = muxer
            self.video = video
        } catch {
            partial.discard()
            throw error
        }
    }

    deinit {
        if state == .open { muxer.partial.discard() }
    }

    /// Appends the next frame. Any failure abandons the export and removes the partial file.
    public func append(rgba: UnsafeBufferPointer<UInt8>) throws(MediaError) {
        guard state == .open else {
            throw MediaError(.invalidOptions, doing: "add a frame to", file: target, reason: "the export is already \(state == .finished ? "finished" : "abandoned")")
        }
        let expected = options.width * options.height * 4
        guard rgba.count == expected, rgba.baseAddress != nil else {
            abandon()
            throw MediaError(.invalidOptions, doing: "add frame \(framesWritten) to", file: target,
                             reason: "it has \(rgba.count) bytes, \(options.width)x\(options.height) RGBA needs \(expected)")
        }
        do throws(MediaError) {
            try video.encode(rgba: rgba, pts: Int64(framesWritten), log: &encoderInput, sink: writeVideo)
            framesWritten += 1
            if let audio {
                try audio.encode(upTo: audioSamples(forFrames: framesWritten), final: false, sink: writeAudio)
            }
        } catch {
            abandon()
            throw error
        }
        progress?(ExportProgress(framesDone: framesWritten, totalFrames: expectedFrames))
    }

    /// Appends a frame converted beforehand (4:2:0 codecs).
    public func append(_ converted: Picture420) throws(MediaError) {
        guard state == .open else {
            throw MediaError(.invalidOptions, doing: "add a frame to", file: target, reason: "the export is already \(state == .finished ? "finished" : "abandoned")")
        }
        do throws(MediaError) {
            try video.encode(converted, pts: Int64(framesWritten), log: &encoderInput, sink: writeVideo)
            framesWritten += 1
            if let audio {
                try audio.encode(upTo: audioSamples(forFrames: framesWritten), final: false, sink: writeAudio)
            }
        } catch {
            abandon()
            throw error
        }
        progress?(ExportProgress(framesDone: framesWritten, totalFrames: expectedFrames))
    }

    public func append(rgba: [UInt8]) throws(MediaError) {
        try rgba.withUnsafeBufferPointer { (buffer) throws(MediaError) in try append(rgba: buffer) }
    }

    /// Drains the encoders, writes the trailer, flushes to disk and moves the
    /// file into place.
    public func finish() throws(MediaError) -> ExportResult {
        guard state == .open else {
            throw MediaError(.invalidOptions, doing: "finish", file: target, reason: "the export is already \(state == .finished ? "finished" : "abandoned")")
        }
        guard framesWritten > 0 else {
            abandon()
            throw MediaError(.invalidOptions, doing: "finish", file: target, reason: "no frames were given")
        }
        do throws(MediaError) {
            try video.flush(sink: writeVideo)
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
        return ExportResult(path: target, frames: framesWritten, seconds: Double(framesWritten) / Double(options.fps),
                            audioSamples: audio?.samplesEncoded ?? 0, encoderInput: encoderInput)
    }

    /// Stops the export and removes every trace of it; the target is untouched.
    public func cancel() {
        if state == .open { abandon() }
    }

    private func abandon() {
        state = .abandoned
        muxer.partial.discard()
    }

    private func audioSamples(forFrames frames: Int) -> Int64 {
        Soundtrack.samples(forFrames: frames, fps: options.fps)
    }

    private func writeVideo(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        try muxer.write(packet, stream: videoStream, timeBase: video.timeBase)
    }

    private func writeAudio(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        guard let audio else { return }
        try muxer.write(packet, stream: audioStream, timeBase: audio.timeBase)
    }

    /// Exports `frameCount` frames drawn by `frame`, checking `isCancelled`
    /// before each one. A cancel throws `.cancelled` and leaves nothing on disk.
    public static func export(to target: String, options: ExportOptions, frameCount: Int, force: Bool = false,
                              isCancelled: () -> Bool = { false },
                              progress: ((ExportProgress) -> Void)? = nil,
                              frame: (Int) throws -> [UInt8]) throws -> ExportResult {
        let exporter = try VideoExporter(target: target, options: options, force: force,
                                         expectedFrames: frameCount, progress: progress)
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
