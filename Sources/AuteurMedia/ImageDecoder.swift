import CFFmpeg

/// An 8-bit RGBA picture, rows top to bottom, `width * 4` bytes a row.
/// Alpha is straight (not premultiplied).
public struct RGBAImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBA needs width * height * 4 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// Reads png, jpeg and webp (whatever libavformat's image demuxers probe) into RGBA.
public enum ImageDecoder {
    /// Larger than any backdrop we draw; refuses images that would take gigabytes.
    public static let maxSide = 16_384
    /// 64 megapixels (256 MB as RGBA): a damaged header claiming more is refused
    /// by the decoder before it allocates.
    public static let maxPixels = 64 << 20

    public static func decode(path: String) throws(MediaError) -> RGBAImage {
        _ = Libav.quiet
        var format = try Libav.openInput(path, doing: "open image")
        defer { avformat_close_input(&format) }
        try libav(avformat_find_stream_info(format, nil), "read", file: path)
        var codec: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0)
        guard index >= 0, let codec, let stream = format?.pointee.streams[Int(index)] else {
            let reason = index == auteur_averror_decoder_not_found() ? "no decoder for its image format" : "it holds no picture"
            throw MediaError(.badInput, doing: "decode image", file: path, reason: reason)
        }
        var decoder = avcodec_alloc_context3(codec)
        defer { avcodec_free_context(&decoder) }
        guard decoder != nil else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "decode image", file: path, reason: "out of memory")
        }
        try libav(avcodec_parameters_to_context(decoder, stream.pointee.codecpar), "read the image parameters of", file: path)
        // One picture needs no threads, and single-threaded decoding is reproducible.
        decoder?.pointee.thread_count = 1
        decoder?.pointee.max_pixels = Int64(maxPixels)
        try libav(avcodec_open2(decoder, codec, nil), "open the image decoder for", file: path)

        var packet = av_packet_alloc()
        var frame = av_frame_alloc()
        defer {
            av_packet_free(&packet)
            av_frame_free(&frame)
        }
        guard packet != nil, frame != nil else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "decode image", file: path, reason: "out of memory")
        }
        try receiveFirstFrame(format: format, decoder: decoder, stream: index, packet: packet, frame: frame, path: path)
        return try convert(frame!, path: path)
    }

    private static func receiveFirstFrame(format: UnsafeMutablePointer<AVFormatContext>?, decoder: UnsafeMutablePointer<AVCodecContext>?,
                                          stream: Int32, packet: UnsafeMutablePointer<AVPacket>?, frame: UnsafeMutablePointer<AVFrame>?,
                                          path: String) throws(MediaError) {
        var flushed = false
        var lastError: Int32?
        while true {
            let received = avcodec_receive_frame(decoder, frame)
            if received == 0 { return }
            if received == Libav.eof {
                let code = lastError ?? Libav.eof
                throw MediaError(.badInput, doing: "decode image", file: path,
                                 reason: lastError == nil ? "it holds no complete picture" : Libav.message(code))
            }
            if received != Libav.eagain { try libav(received, "decode image", file: path) }
            if flushed {
                throw MediaError(.badInput, doing: "decode image", file: path, reason: "it holds no complete picture")
            }
            let status = av_read_frame(format, packet)
            if status < 0 {
                // End of file or a damaged tail: ask the decoder for what it has.
                if status != Libav.eof { lastError = status }
                avcodec_send_packet(decoder, nil)
                flushed = true
                continue
            }
            defer { av_packet_unref(packet) }
            guard packet!.pointee.stream_index == stream else { continue }
            let sent = avcodec_send_packet(decoder, packet)
            if sent < 0, sent != Libav.eagain { lastError = sent }
        }
    }

    private static func convert(_ frame: UnsafeMutablePointer<AVFrame>, path: String) throws(MediaError) -> RGBAImage {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0, width <= maxSide, height <= maxSide, width * height <= maxPixels else {
            throw MediaError(.badInput, doing: "decode image", file: path, reason: "size \(width)x\(height) is outside 1x1 to \(maxSide)x\(maxSide)")
        }
        let source = AVPixelFormat(frame.pointee.format)
        // The sizes match, so the filter only upsamples chroma; bit-exact keeps
        // the result the same on every CPU. YUV sources use swscale's default
        // BT.601 matrix, which is what JPEG and WebP are coded with.
        let scaler = sws_getContext(Int32(width), Int32(height), source, Int32(width), Int32(height), AV_PIX_FMT_RGBA,
                                    SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT, nil, nil, nil)
        guard let scaler else {
            let name = av_get_pix_fmt_name(source).map { String(cString: $0) } ?? "unknown"
            throw MediaError(.badInput, doing: "decode image", file: path, reason: "cannot convert its pixel format \(name) to RGBA")
        }
        defer { sws_freeContext(scaler) }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        var sourcePlanes: [UnsafePointer<UInt8>?] = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2, frame.pointee.data.3].map { $0.map { UnsafePointer($0) } }
        var sourceStrides: [Int32] = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2, frame.pointee.linesize.3]
        var strides: [Int32] = [Int32(width * 4), 0, 0, 0]
        let rows = pixels.withUnsafeMutableBufferPointer { buffer in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            return sws_scale(scaler, &sourcePlanes, &sourceStrides, 0, Int32(height), &planes, &strides)
        }
        guard rows == Int32(height) else {
            throw MediaError(.badInput, doing: "decode image", file: path, reason: "conversion to RGBA wrote \(rows) of \(height) rows")
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }
}
