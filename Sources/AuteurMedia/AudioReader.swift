import CFFmpeg

/// Pulls the first audio stream of any file libavformat reads, decoded and
/// resampled to planar Float at a fixed rate and channel count, one chunk at a
/// time so a long soundtrack never has to sit in memory whole.
final class AudioReader {
    let path: String
    let sampleRate: Int
    let channels: Int

    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var decoder: UnsafeMutablePointer<AVCodecContext>?
    private var resampler: OpaquePointer?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private let streamIndex: Int32
    private var outputLayout = AVChannelLayout()
    /// Parameters the resampler was built for; a stream that changes them
    /// halfway is refused rather than resampled wrongly.
    private var resamplerInput: (format: Int32, rate: Int32, channels: Int32)?
    private var inputEnded = false
    private var drained = false
    private var samplesProduced = 0
    /// Damaged packets are skipped like ffmpeg does, but remembered: a file
    /// where nothing decodes reports the reason instead of silence.
    private var lastPacketError: Int32?

    init(path: String, sampleRate: Int, channels: Int) throws(MediaError) {
        _ = Libav.quiet
        self.path = path
        self.sampleRate = sampleRate
        self.channels = channels
        let opened = try Libav.openInput(path, doing: "open audio")
        format = opened
        var index: Int32 = -1
        do throws(MediaError) {
            try libav(avformat_find_stream_info(opened, nil), "read the streams of", file: path)
            var codec: UnsafePointer<AVCodec>?
            index = av_find_best_stream(opened, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0)
            guard index >= 0, let codec, let stream = opened?.pointee.streams[Int(index)] else {
                let reason = index == auteur_averror_decoder_not_found() ? "no decoder for its audio codec" : "it has no audio stream"
                throw MediaError(.badInput, doing: "read audio from", file: path, reason: reason)
            }
            guard let context = avcodec_alloc_context3(codec) else {
                throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "decode audio from", file: path, reason: "out of memory")
            }
            decoder = context
            try libav(avcodec_parameters_to_context(context, stream.pointee.codecpar), "read the audio parameters of", file: path)
            try libav(avcodec_open2(context, codec, nil), "open the audio decoder for", file: path)
            packet = av_packet_alloc()
            frame = av_frame_alloc()
            av_channel_layout_default(&outputLayout, Int32(channels))
        } catch {
            streamIndex = index
            release()
            throw error
        }
        streamIndex = index
    }

    deinit { release() }

    private func release() {
        av_frame_free(&frame)
        av_packet_free(&packet)
        swr_free(&resampler)
        avcodec_free_context(&decoder)
        avformat_close_input(&format)
        av_channel_layout_uninit(&outputLayout)
    }

    /// The next chunk, one array per channel; nil once the stream is over.
    func read() throws(MediaError) -> [[Float]]? {
        while !drained {
            let received = avcodec_receive_frame(decoder, frame)
            if received == 0 {
                defer { av_frame_unref(frame) }
                let chunk = try resample(frame)
                if let chunk, !chunk[0].isEmpty { return chunk }
                continue
            }
            if received == Libav.eof {
                drained = true
                let tail = try resample(nil)
                if let tail, !tail[0].isEmpty { return tail }
                break
            }
            if received != Libav.eagain {
                try libav(received, "decode audio from", file: path)
            }
            try feedDecoder()
        }
        if samplesProduced == 0, let lastPacketError {
            throw MediaError(.libav(lastPacketError), doing: "decode audio from", file: path, reason: Libav.message(lastPacketError))
        }
        return nil
    }

    private func feedDecoder() throws(MediaError) {
        guard !inputEnded else {
            // The decoder asked for more after being told the input ended.
            drained = true
            return
        }
        while true {
            let status = av_read_frame(format, packet)
            if status == Libav.eof || (status < 0 && status != Libav.eagain && samplesProduced > 0) {
                // A read error after good audio is a truncated file: keep what decoded.
                inputEnded = true
                avcodec_send_packet(decoder, nil)
                return
            }
            try libav(status, "read audio from", file: path)
            defer { av_packet_unref(packet) }
            guard packet!.pointee.stream_index == streamIndex else { continue }
            let sent = avcodec_send_packet(decoder, packet)
            if sent < 0 && sent != Libav.eagain { lastPacketError = sent; continue }
            return
        }
    }

    /// Converts one decoded frame (or, with nil, whatever the resampler still
    /// holds) to planar Float.
    private func resample(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) -> [[Float]]? {
        if let frame {
            let f = frame.pointee
            let key = (f.format, f.sample_rate, f.ch_layout.nb_channels)
            guard f.sample_rate > 0, f.ch_layout.nb_channels > 0 else {
                throw MediaError(.badInput, doing: "decode audio from", file: path, reason: "a frame has no sample rate or channels")
            }
            if let built = resamplerInput {
                guard built == key else {
                    throw MediaError(.badInput, doing: "decode audio from", file: path, reason: "the audio format changes mid-stream")
                }
            } else {
                try buildResampler(for: frame)
                resamplerInput = key
            }
        } else if resampler == nil {
            return nil
        }
        let inputCount = frame?.pointee.nb_samples ?? 0
        let capacity = Int(swr_get_out_samples(resampler, inputCount)) + 32
        guard capacity > 0 else { return nil }
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: capacity * channels)
        defer { storage.deallocate() }
        var planes: [UnsafeMutablePointer<UInt8>?] = (0..<channels).map {
            UnsafeMutableRawPointer(storage + $0 * capacity).assumingMemoryBound(to: UInt8.self)
        }
        let produced: Int32 = planes.withUnsafeMutableBufferPointer { out in
            if let frame {
                let input = UnsafeMutableRawPointer(frame.pointee.extended_data)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
                return swr_convert(resampler, out.baseAddress, Int32(capacity), input, inputCount)
            }
            return swr_convert(resampler, out.baseAddress, Int32(capacity), nil, 0)
        }
        try libav(produced, "resample audio from", file: path)
        samplesProduced += Int(produced)
        return (0..<channels).map { Array(UnsafeBufferPointer(start: storage + $0 * capacity, count: Int(produced))) }
    }

    private func buildResampler(for frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) {
        var inputLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&inputLayout) }
        // WAVs without a channel mask arrive unordered; the resampler needs a
        // named layout to mix down, so assume the usual one for that count.
        if frame.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&inputLayout, frame.pointee.ch_layout.nb_channels)
        } else {
            try libav(av_channel_layout_copy(&inputLayout, &frame.pointee.ch_layout), "read the channel layout of", file: path)
        }
        try libav(swr_alloc_set_opts2(&resampler, &outputLayout, AV_SAMPLE_FMT_FLTP, Int32(sampleRate),
                                      &inputLayout, AVSampleFormat(frame.pointee.format), frame.pointee.sample_rate, 0, nil),
                  "set up resampling for", file: path)
        try libav(swr_init(resampler), "set up resampling for", file: path)
    }
}
