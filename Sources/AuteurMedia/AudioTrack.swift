import CFFmpeg

/// The attached soundtrack of an export: read from any file, resampled to
/// 48 kHz stereo, laid from frame 0 and encoded in step with the picture so
/// the muxer can interleave without holding the whole film in memory.
final class AudioTrack {
    static let sampleRate = 48_000
    static let channels = 2

    let context: UnsafeMutablePointer<AVCodecContext>
    private var contextToFree: UnsafeMutablePointer<AVCodecContext>?
    private let reader: AudioReader
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private let file: String
    /// Samples per encoder frame, known once the encoder is open.
    private var frameSize = 1024
    private let sampleFormat: AVSampleFormat
    /// Decoded samples waiting for the encoder, one array per channel, read from `pendingStart`.
    private var pending: [[Float]] = Array(repeating: [], count: AudioTrack.channels)
    private var pendingStart = 0
    private var sourceEnded = false
    private var lastFrameSent = false
    private(set) var samplesEncoded: Int64 = 0
    /// Source samples still to drop before frame 0, when the film starts
    /// part-way into the soundtrack (an export of a range of frames).
    private var toSkip: Int64

    var timeBase: AVRational { context.pointee.time_base }

    init(source: String, codec: ExportOptions.AudioCodec, globalHeader: Bool, file: String, skipping skip: Int64 = 0) throws(MediaError) {
        reader = try AudioReader(path: source, sampleRate: Self.sampleRate, channels: Self.channels)
        self.file = file
        toSkip = max(0, skip)
        guard let encoder = avcodec_find_encoder_by_name(codec.encoderName) else {
            throw MediaError(.invalidOptions, doing: "export", file: file, reason: "this FFmpeg has no \(codec.encoderName) encoder")
        }
        guard let context = avcodec_alloc_context3(encoder) else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate the audio encoder for", file: file, reason: "out of memory")
        }
        self.context = context
        contextToFree = context
        sampleFormat = Self.preferredFormat(encoder)
        context.pointee.sample_fmt = sampleFormat
        context.pointee.sample_rate = Int32(Self.sampleRate)
        context.pointee.time_base = AVRational(num: 1, den: Int32(Self.sampleRate))
        context.pointee.bit_rate = codec == .aac ? 192_000 : 128_000
        av_channel_layout_default(&context.pointee.ch_layout, Int32(Self.channels))
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        try libav(avcodec_open2(context, encoder, nil), "open the audio encoder \(codec.encoderName) for", file: file)
        if context.pointee.frame_size > 0 { frameSize = Int(context.pointee.frame_size) }
        frame = av_frame_alloc()
        packet = av_packet_alloc()
        guard frame != nil, packet != nil else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate audio frames for", file: file, reason: "out of memory")
        }
    }

    deinit {
        av_frame_free(&frame)
        av_packet_free(&packet)
        avcodec_free_context(&contextToFree)
    }

    /// Planar float when the encoder takes it (AAC), else interleaved float or
    /// 16-bit (libopus), so no second resampler is needed.
    private static func preferredFormat(_ codec: UnsafePointer<AVCodec>) -> AVSampleFormat {
        var offered: [AVSampleFormat] = []
        if var cursor = codec.pointee.sample_fmts {
            while cursor.pointee != AV_SAMPLE_FMT_NONE { offered.append(cursor.pointee); cursor += 1 }
        }
        for wanted in [AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16] where offered.contains(wanted) { return wanted }
        return offered.first ?? AV_SAMPLE_FMT_FLTP
    }

    private var available: Int { pending[0].count - pendingStart }

    /// Encodes audio up to `limit` samples from frame 0. Until `final`, only
    /// whole encoder frames are sent; the final call sends the short tail and
    /// drains the encoder. Audio longer than the picture is never read past `limit`.
    func encode(upTo limit: Int64, final: Bool, sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) {
        while !lastFrameSent {
            let remaining = Int(limit - samplesEncoded)
            if remaining <= 0 { break }
            let wanted = min(frameSize, remaining)
            while available < wanted, !sourceEnded {
                if var chunk = try reader.read() {
                    if toSkip > 0 {
                        let dropped = min(Int(toSkip), chunk[0].count)
                        for c in 0..<Self.channels { chunk[c].removeFirst(dropped) }
                        toSkip -= Int64(dropped)
                        if chunk[0].isEmpty { continue }
                    }
                    if pendingStart > 0 {
                        // Compact before growing, so the buffer stays about one chunk long.
                        for c in 0..<Self.channels { pending[c].removeFirst(pendingStart) }
                        pendingStart = 0
                    }
                    for c in 0..<Self.channels { pending[c].append(contentsOf: chunk[c]) }
                } else {
                    sourceEnded = true
                }
            }
            let count = min(wanted, available)
            if count == 0 { break }
            // A short frame is only allowed once, as the very last one.
            if count < frameSize {
                guard final || sourceEnded else { break }
                lastFrameSent = true
            }
            try sendSamples(count, sink: sink)
        }
        if final {
            try send(nil, sink: sink)
        }
    }

    private func sendSamples(_ count: Int, sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) {
        guard let frame else { return }
        av_frame_unref(frame)
        frame.pointee.nb_samples = Int32(count)
        frame.pointee.format = sampleFormat.rawValue
        frame.pointee.sample_rate = Int32(Self.sampleRate)
        try libav(av_channel_layout_copy(&frame.pointee.ch_layout, &context.pointee.ch_layout), "prepare audio for", file: file)
        try libav(av_frame_get_buffer(frame, 0), "allocate audio frames for", file: file)
        let start = pendingStart
        switch sampleFormat {
        case AV_SAMPLE_FMT_FLTP:
            for c in 0..<Self.channels {
                let plane = UnsafeMutableRawPointer(frame.pointee.extended_data[c]!).assumingMemoryBound(to: Float.self)
                pending[c].withUnsafeBufferPointer { source in
                    plane.update(from: source.baseAddress! + start, count: count)
                }
            }
        case AV_SAMPLE_FMT_FLT:
            let out = UnsafeMutableRawPointer(frame.pointee.data.0!).assumingMemoryBound(to: Float.self)
            for i in 0..<count { for c in 0..<Self.channels { out[i * Self.channels + c] = pending[c][start + i] } }
        default:
            let out = UnsafeMutableRawPointer(frame.pointee.data.0!).assumingMemoryBound(to: Int16.self)
            for i in 0..<count {
                for c in 0..<Self.channels {
                    out[i * Self.channels + c] = Int16((max(-1, min(1, pending[c][start + i])) * 32767).rounded())
                }
            }
        }
        frame.pointee.pts = samplesEncoded
        pendingStart += count
        samplesEncoded += Int64(count)
        try send(frame, sink: sink)
    }

    private func send(_ frame: UnsafeMutablePointer<AVFrame>?, sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) {
        try libav(avcodec_send_frame(context, frame), "encode audio for", file: file)
        while true {
            let status = avcodec_receive_packet(context, packet)
            if status == Libav.eagain || status == Libav.eof { return }
            try libav(status, "encode audio for", file: file)
            defer { av_packet_unref(packet) }
            try sink(packet!)
        }
    }
}
