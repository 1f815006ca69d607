import CFFmpeg
import Glibc

/// One video encoder and the colour conversion in front of it. It knows
/// nothing of files: it turns RGBA pictures into packets in its own time base
/// (1/fps, pts = frame index), which is what lets a later segment cache keep
/// packets and re-mux them without re-encoding.
final class VideoEncoder {
    let options: ExportOptions
    let context: UnsafeMutablePointer<AVCodecContext>
    private var scaler: OpaquePointer?
    private var picture: UnsafeMutablePointer<AVFrame>?
    /// Carries pictures converted beforehand, whose bytes it borrows.
    private var borrowed: UnsafeMutablePointer<AVFrame>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private let file: String
    private var contextToFree: UnsafeMutablePointer<AVCodecContext>?

    var timeBase: AVRational { context.pointee.time_base }

    /// A segmented export opens a fresh encoder after every copied segment
    /// (and every second for codecs other than H.264). glibc serves
    /// an encoder's big frame buffers with mmap and unmaps them when it
    /// closes, so every new encoder paid page faults to zero them again:
    /// a sixth of a 1080p export's CPU time. Serving them from the heap, and
    /// not trimming it, lets each encoder reuse its predecessor's memory.
    /// The mmap threshold cannot be raised past 32 MiB, and x264's frames
    /// at 2160p are larger (46 MiB), so mmap is turned off for malloc
    /// altogether: a 2160p segment boundary then zeroes 107 fewer 2 MiB
    /// pages. glibc still maps what no heap can hold. The peak is
    /// unchanged; the process keeps it until it exits.
    /// (Swift's Glibc module leaves out malloc.h, hence the look-up; the
    /// values are malloc.h's M_TRIM_THRESHOLD, M_MMAP_THRESHOLD and M_MMAP_MAX.)
    static let reusesFreedMemory: Void = {
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3, mmapMax: Int32 = -4
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, Int32.max)
        _ = mallopt(mmapMax, 0)
    }()

    init(options: ExportOptions, globalHeader: Bool, file: String) throws(MediaError) {
        _ = Libav.quiet
        _ = Self.reusesFreedMemory
        self.options = options
        self.file = file
        let name = options.codec.encoderName
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw MediaError(.invalidOptions, doing: "export", file: file, reason: "this FFmpeg has no \(name) encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate the encoder \(name) for", file: file, reason: "out of memory")
        }
        self.context = context
        contextToFree = context
        let fps = Int32(options.fps)
        context.pointee.width = Int32(options.width)
        context.pointee.height = Int32(options.height)
        context.pointee.time_base = AVRational(num: 1, den: fps)
        context.pointee.framerate = AVRational(num: fps, den: 1)
        context.pointee.pix_fmt = options.codec.pixelFormat
        // Our pictures are sRGB, which shares BT.709's primaries and is encoded
        // with the BT.709 matrix into limited range: what players assume for HD.
        context.pointee.color_primaries = AVCOL_PRI_BT709
        context.pointee.color_trc = AVCOL_TRC_BT709
        context.pointee.colorspace = AVCOL_SPC_BT709
        context.pointee.color_range = AVCOL_RANGE_MPEG
        // A keyframe every second exactly, never on a scene cut, and no frame
        // referring across it: each second decodes alone, so segments can be
        // cached and spliced by stream copy.
        context.pointee.gop_size = fps
        context.pointee.keyint_min = fps
        context.pointee.flags |= Int32(bitPattern: UInt32(AV_CODEC_FLAG_CLOSED_GOP))
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        // libavcodec defaults to one thread; 0 lets each encoder use every
        // core, as the ffmpeg command line does. The thread count changes
        // x264's bytes, so segment cache keys include the core count.
        context.pointee.thread_count = 0

        var settings: [(String, String)] = []
        let interval = options.keyframeInterval
        let crf = options.effectiveCRF.map(String.init)
        switch options.codec {
        case .h264:
            settings = [("preset", options.preset.rawValue), ("crf", crf!),
                        ("x264-params", "keyint=\(interval):min-keyint=\(interval):scenecut=0:open-gop=0")]
        case .hevc:
            settings = [("preset", options.preset.rawValue), ("crf", crf!),
                        ("x265-params", "keyint=\(interval):min-keyint=\(interval):scenecut=0:open-gop=0:log-level=error")]
        case .vp9:
            // Bit rate 0 with a CRF is libvpx's constant-quality mode.
            context.pointee.bit_rate = 0
            let (deadline, speed) = Self.vp9Speed(options.preset)
            settings = [("crf", crf!), ("deadline", deadline), ("cpu-used", String(speed)), ("row-mt", "1")]
        case .av1:
            context.pointee.bit_rate = 0
            // irefresh-type 2 makes every keyframe a closed (IDR-like) key frame; scd 0 stops scene-cut keys.
            settings = [("crf", crf!), ("preset", String(Self.svtPreset(options.preset))),
                        ("svtav1-params", "scd=0:irefresh-type=2")]
        case .prores:
            // Apple's vendor tag makes QuickTime and editors treat the file as their own.
            settings = [("profile", "hq"), ("vendor", "apl0")]
        }
        var dictionary = Libav.dictionary(settings)
        defer { av_dict_free(&dictionary) }
        try libav(avcodec_open2(context, codec, &dictionary), "open the encoder \(name) for", file: file)
        let unknown = Libav.leftoverKeys(dictionary)
        guard unknown.isEmpty else {
            throw MediaError(.invalidOptions, doing: "open the encoder \(name) for", file: file,
                             reason: "it does not take \(unknown.joined(separator: ", "))")
        }

        picture = av_frame_alloc()
        packet = av_packet_alloc()
        guard let picture, packet != nil else {
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate frames for", file: file, reason: "out of memory")
        }
        picture.pointee.format = options.codec.pixelFormat.rawValue
        picture.pointee.width = Int32(options.width)
        picture.pointee.height = Int32(options.height)
        // Some encoders (prores_ks) write the tags from each frame, not the context.
        picture.pointee.color_primaries = AVCOL_PRI_BT709
        picture.pointee.color_trc = AVCOL_TRC_BT709
        picture.pointee.colorspace = AVCOL_SPC_BT709
        picture.pointee.color_range = AVCOL_RANGE_MPEG
        // Its buffers come with the first RGBA picture: an export of
        // pictures converted beforehand never touches them.

        // 4:2:0 goes through our own integer converter. ProRes's 10-bit 4:2:2
        // goes through swscale, bit-exact and accurately rounded: either way
        // the same RGBA gives the same YUV on every CPU, which the
        // encoder-input hashes rely on.
        guard options.codec.pixelFormat != AV_PIX_FMT_YUV420P else { return }
        scaler = sws_getContext(Int32(options.width), Int32(options.height), AV_PIX_FMT_RGBA,
                                Int32(options.width), Int32(options.height), options.codec.pixelFormat,
                                SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT, nil, nil, nil)
        guard let scaler else {
            throw MediaError(.invalidOptions, doing: "set up colour conversion for", file: file, reason: "swscale refused RGBA to \(options.codec.pixelFormat)")
        }
        let bt709 = sws_getCoefficients(SWS_CS_ITU709)
        // Source range 1: RGB is full range. Destination range 0: limited (16-235).
        guard sws_setColorspaceDetails(scaler, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16) >= 0 else {
            throw MediaError(.invalidOptions, doing: "set up colour conversion for", file: file, reason: "swscale refused the BT.709 matrix")
        }
    }

    deinit {
        sws_freeContext(scaler)
        av_frame_free(&picture)
        av_frame_free(&borrowed)
        av_packet_free(&packet)
        avcodec_free_context(&contextToFree)
    }

    static func vp9Speed(_ preset: ExportOptions.Preset) -> (String, Int) {
        switch preset {
        case .ultrafast: return ("realtime", 8)
        case .superfast: return ("realtime", 7)
        case .veryfast: return ("good", 5)
        case .faster: return ("good", 4)
        case .fast: return ("good", 3)
        case .medium: return ("good", 2)
        case .slow: return ("good", 1)
        case .slower, .veryslow: return ("good", 0)
        }
    }

    static func svtPreset(_ preset: ExportOptions.Preset) -> Int {
        switch preset {
        case .ultrafast: return 12
        case .superfast: return 11
        case .veryfast: return 10
        case .faster: return 9
        case .fast: return 8
        case .medium: return 6
        case .slow: return 5
        case .slower: return 4
        case .veryslow: return 2
        }
    }

    /// Converts and sends one picture, hands every packet that comes out to
    /// `sink`, and returns what the encoder received: its size, and its
    /// Adler-32 when `hashing` (the encoder-input log's; it reads the whole
    /// picture again, so it is only taken when asked for).
    func encode(rgba: UnsafeBufferPointer<UInt8>, pts: Int64, hashing: Bool,
                sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) -> EncodedSegment.FrameHash {
        guard let picture else { throw closed }
        if picture.pointee.buf.0 == nil {
            try libav(av_frame_get_buffer(picture, 0), "allocate frames for", file: file)
        }
        // The encoder may still hold a reference to the last picture's buffers.
        try libav(av_frame_make_writable(picture), "prepare a frame for", file: file)
        if options.codec.pixelFormat == AV_PIX_FMT_YUV420P, let y = picture.pointee.data.0, let cb = picture.pointee.data.1,
           let cr = picture.pointee.data.2, let source = rgba.baseAddress {
            Rec709Converter.convert(rgba: source, width: options.width, height: options.height,
                                    y: y, yStride: Int(picture.pointee.linesize.0),
                                    cb: cb, cbStride: Int(picture.pointee.linesize.1),
                                    cr: cr, crStride: Int(picture.pointee.linesize.2))
        } else {
            try scale(rgba, into: picture)
        }
        let (size, checksum) = Self.checksum(picture, format: options.codec.pixelFormat, hashing: hashing)
        picture.pointee.pts = pts
        try send(picture, sink: sink)
        return EncodedSegment.FrameHash(size: size, adler32: checksum)
    }

    /// A frame offered after the encoder was closed.
    private var closed: MediaError { MediaError(.invalidOptions, doing: "add a frame to", file: file, reason: "the encoder is closed") }

    /// swscale's bit-exact conversion, for the 10-bit 4:2:2 of ProRes.
    private func scale(_ rgba: UnsafeBufferPointer<UInt8>, into picture: UnsafeMutablePointer<AVFrame>) throws(MediaError) {
        var sourcePlanes: [UnsafePointer<UInt8>?] = [rgba.baseAddress, nil, nil, nil]
        var sourceStrides: [Int32] = [Int32(options.width * 4), 0, 0, 0]
        var destinationPlanes: [UnsafeMutablePointer<UInt8>?] = [picture.pointee.data.0, picture.pointee.data.1, picture.pointee.data.2, picture.pointee.data.3]
        var destinationStrides: [Int32] = [picture.pointee.linesize.0, picture.pointee.linesize.1, picture.pointee.linesize.2, picture.pointee.linesize.3]
        let rows = sws_scale(scaler, &sourcePlanes, &sourceStrides, 0, Int32(options.height), &destinationPlanes, &destinationStrides)
        guard rows == Int32(options.height) else {
            throw MediaError(.libav(rows < 0 ? rows : -1), doing: "convert a frame to YUV for", file: file, reason: "swscale wrote \(rows) of \(options.height) rows")
        }
    }

    /// Sends a picture converted beforehand (4:2:0 codecs only). The
    /// encoder's frame points into the picture's own bytes instead of
    /// receiving a copy: at 1080p the copy was 3 MB a frame of memory
    /// traffic. The frame's buffer holds the bytes until the encoder lets go
    /// (every 4:2:0 encoder here copies its input while encoding it), so a
    /// recycled picture is never drawn into while the encoder reads it.
    func encode(_ converted: Picture420, pts: Int64, hashing: Bool,
                sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) -> EncodedSegment.FrameHash {
        guard options.codec.pixelFormat == AV_PIX_FMT_YUV420P, converted.width == options.width, converted.height == options.height else {
            throw MediaError(.invalidOptions, doing: "add a frame to", file: file,
                             reason: "a \(converted.width)x\(converted.height) 4:2:0 picture does not fit \(options.codec.rawValue) at \(options.width)x\(options.height)")
        }
        guard let frame = try borrowedFrame() else { throw closed }
        defer { av_frame_unref(frame) }
        try lend(converted, to: frame)
        let fed = EncodedSegment.FrameHash(size: converted.bytes.count, adler32: hashing ? converted.adler32 : nil)
        frame.pointee.pts = pts
        try send(frame, sink: sink)
        return fed
    }

    /// The frame that carries borrowed pictures, described as the encoder's own.
    private func borrowedFrame() throws(MediaError) -> UnsafeMutablePointer<AVFrame>? {
        if borrowed == nil {
            guard let frame = av_frame_alloc() else {
                throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate frames for", file: file, reason: "out of memory")
            }
            borrowed = frame
        }
        return borrowed
    }

    /// Points `frame`'s planes at the picture's bytes, kept alive by a
    /// reference that the frame's buffer releases when the last user unrefs it.
    private func lend(_ converted: Picture420, to frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) {
        let owner = Unmanaged.passRetained(PictureBytes(converted.bytes))
        let base = owner.takeUnretainedValue().base
        let w = options.width, h = options.height
        let release: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?) -> Void = { opaque, _ in
            if let opaque { Unmanaged<PictureBytes>.fromOpaque(opaque).release() }
        }
        guard let buffer = av_buffer_create(UnsafeMutablePointer(mutating: base), converted.bytes.count, release,
                                            owner.toOpaque(), AV_BUFFER_FLAG_READONLY) else {
            owner.release()
            throw MediaError(.libav(auteur_averror(ENOMEM)), doing: "allocate frames for", file: file, reason: "out of memory")
        }
        frame.pointee.buf.0 = buffer
        frame.pointee.format = options.codec.pixelFormat.rawValue
        frame.pointee.width = Int32(w)
        frame.pointee.height = Int32(h)
        frame.pointee.color_primaries = AVCOL_PRI_BT709
        frame.pointee.color_trc = AVCOL_TRC_BT709
        frame.pointee.colorspace = AVCOL_SPC_BT709
        frame.pointee.color_range = AVCOL_RANGE_MPEG
        frame.pointee.data.0 = UnsafeMutablePointer(mutating: base)
        frame.pointee.data.1 = UnsafeMutablePointer(mutating: base + w * h)
        frame.pointee.data.2 = UnsafeMutablePointer(mutating: base + w * h + w * h / 4)
        frame.pointee.linesize.0 = Int32(w)
        frame.pointee.linesize.1 = Int32(w / 2)
        frame.pointee.linesize.2 = Int32(w / 2)
    }

    /// Sends the end of the stream and collects the packets still held back.
    func flush(sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) {
        try send(nil, sink: sink)
    }

    private func send(_ frame: UnsafeMutablePointer<AVFrame>?, sink: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void) throws(MediaError) {
        try libav(avcodec_send_frame(context, frame), "send a frame to \(options.codec.encoderName) for", file: file)
        while true {
            let status = avcodec_receive_packet(context, packet)
            if status == Libav.eagain || status == Libav.eof { return }
            try libav(status, "encode video for", file: file)
            defer { av_packet_unref(packet) }
            // Some encoders leave the duration unset; every picture lasts one
            // tick of 1/fps, and the muxer needs that for the last frame's length.
            if packet!.pointee.duration == 0 { packet!.pointee.duration = 1 }
            try sink(packet!)
        }
    }

    /// The parameter sets the encoder put in its extradata (SPS/PPS, VPS,
    /// the AV1 sequence header), empty when it has none.
    var headers: [UInt8] {
        guard let data = context.pointee.extradata, context.pointee.extradata_size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(context.pointee.extradata_size)))
    }

    /// Adler-32 over the visible bytes of every plane, top row first: line
    /// padding differs between allocations and must not change the hash.
    /// The checksum is nil unless `hashing`.
    static func checksum(_ frame: UnsafeMutablePointer<AVFrame>, format: AVPixelFormat, hashing: Bool) -> (Int, UInt32?) {
        var adler = Adler32()
        var size = 0
        let width = frame.pointee.width, height = frame.pointee.height
        let chromaShift = Int32(av_pix_fmt_desc_get(format)?.pointee.log2_chroma_h ?? 0)
        let planes = [(frame.pointee.data.0, frame.pointee.linesize.0),
                      (frame.pointee.data.1, frame.pointee.linesize.1),
                      (frame.pointee.data.2, frame.pointee.linesize.2)]
        for (index, (data, stride)) in planes.enumerated() {
            guard let data else { continue }
            let rowBytes = Int(av_image_get_linesize(format, width, Int32(index)))
            let rows = Int(index == 0 ? height : -((-height) >> chromaShift))
            if hashing {
                for row in 0..<rows {
                    adler.update(UnsafeBufferPointer(start: data + row * Int(stride), count: rowBytes))
                }
            }
            size += rowBytes * rows
        }
        return (size, hashing ? adler.value : nil)
    }
}

/// A picture's bytes held for as long as an encoder's frame points at them.
/// An array's storage stays put while it is referenced and not mutated, and
/// this box never mutates it.
private final class PictureBytes {
    let bytes: [UInt8]
    let base: UnsafePointer<UInt8>

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        base = bytes.withUnsafeBufferPointer { $0.baseAddress! }
    }
}
