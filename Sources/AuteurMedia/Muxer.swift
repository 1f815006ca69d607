import CFFmpeg

/// A container being written to a hidden partial file. It takes packets in
/// any time base, so packets from a live encoder and packets kept from an
/// earlier export can be written the same way.
final class Muxer {
    let container: ExportOptions.Container
    let partial: PartialFile
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private var headerWritten = false

    init(container: ExportOptions.Container, partial: PartialFile) throws(MediaError) {
        _ = Libav.quiet
        self.container = container
        self.partial = partial
        var made: UnsafeMutablePointer<AVFormatContext>?
        try libav(avformat_alloc_output_context2(&made, nil, container.muxer, partial.temporary),
                  "set up the \(container.rawValue) muxer for", file: partial.target)
        context = made
    }

    deinit { close() }

    /// Whether encoders must put their parameter sets in extradata (MP4, MKV)
    /// rather than in the stream.
    var wantsGlobalHeader: Bool {
        guard let flags = context?.pointee.oformat.pointee.flags else { return false }
        return flags & AVFMT_GLOBALHEADER != 0
    }

    /// Adds a stream described by an opened encoder; returns its index.
    func addStream(encoder: UnsafeMutablePointer<AVCodecContext>, frameRate: AVRational? = nil) throws(MediaError) -> Int32 {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "add a stream to", file: partial.target, reason: "out of memory")
        }
        try libav(avcodec_parameters_from_context(stream.pointee.codecpar, encoder), "add a stream to", file: partial.target)
        // A hint only: the muxer picks its own time base in write_header.
        stream.pointee.time_base = encoder.pointee.time_base
        if let frameRate { stream.pointee.avg_frame_rate = frameRate }
        if container == .mp4 || container == .mov, encoder.pointee.codec_id == AV_CODEC_ID_HEVC {
            // "hvc1" (parameter sets only in the header) is the tag Apple players require.
            stream.pointee.codecpar.pointee.codec_tag = Self.tag("hvc1")
        }
        return stream.pointee.index
    }

    private static func tag(_ fourCC: String) -> UInt32 {
        fourCC.utf8.reversed().reduce(0) { ($0 << 8) | UInt32($1) }
    }

    func writeHeader() throws(MediaError) {
        guard let context else { return }
        try libav(avio_open(&context.pointee.pb, partial.temporary, AVIO_FLAG_WRITE), "open for writing", file: partial.target)
        // faststart moves the index to the front so players can start before the whole file arrives.
        var settings = Libav.dictionary(container == .mp4 || container == .mov ? [("movflags", "+faststart")] : [])
        defer { av_dict_free(&settings) }
        try libav(avformat_write_header(context, &settings), "write the header of", file: partial.target)
        headerWritten = true
    }

    /// Writes one packet given in `timeBase`; the muxer takes its payload.
    func write(_ packet: UnsafeMutablePointer<AVPacket>, stream: Int32, timeBase: AVRational) throws(MediaError) {
        guard let context, let target = context.pointee.streams[Int(stream)] else { return }
        av_packet_rescale_ts(packet, timeBase, target.pointee.time_base)
        packet.pointee.stream_index = stream
        try libav(av_interleaved_write_frame(context, packet), "write", file: partial.target)
    }

    /// Writes the trailer and closes the partial file; the caller commits it.
    func finish() throws(MediaError) {
        guard let context else { return }
        try libav(av_write_trailer(context), "finish", file: partial.target)
        try libav(avio_closep(&context.pointee.pb), "close", file: partial.target)
        close()
    }

    private func close() {
        guard let context else { return }
        if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
        avformat_free_context(context)
        self.context = nil
    }
}

/// A film's soundtrack: the audio track and the muxer stream it writes to.
/// Both exporters open it the same way, after the video stream and before
/// the header, as mux.c does.
struct Soundtrack {
    let track: AudioTrack
    let stream: Int32

    /// Opens `options.audioPath`, if any, starting `options.audioStart`
    /// seconds in, and describes its stream in `muxer`.
    static func open(_ options: ExportOptions, in muxer: Muxer, file: String) throws(MediaError) -> Soundtrack? {
        guard let source = options.audioPath else { return nil }
        let track = try AudioTrack(source: source, codec: options.container.audioCodec,
                                   globalHeader: muxer.wantsGlobalHeader, file: file,
                                   skipping: Int64((options.audioStart * Double(AudioTrack.sampleRate)).rounded()))
        return Soundtrack(track: track, stream: try muxer.addStream(encoder: track.context))
    }

    /// Samples of sound that play under the first `frames` frames.
    static func samples(forFrames frames: Int, fps: Int) -> Int64 {
        Int64(frames) * Int64(AudioTrack.sampleRate) / Int64(fps)
    }
}
