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
    /// a complete encoder-input log. The Adler-32 is nil when the export
    /// that encoded the frame kept no log.
    public struct FrameHash: Hashable, Sendable {
        public var size: Int
        public var adler32: UInt32?

        public init(size: Int, adler32: UInt32?) {
            self.size = size
            self.adler32 = adler32
        }
    }

    /// The encoder's extradata: it must equal the stream's, or the copied
    /// packets would refer to parameter sets the file does not have.
    public var headers: [UInt8]
    public var packets: [Packet]
    public var frames: [FrameHash]

    public var frameCount: Int { frames.count }
    /// Whether every frame's Adler-32 is known, so the segment can be
    /// copied into an export that logs what the encoder was fed.
    public var hasFrameHashes: Bool { frames.allSatisfy { $0.adler32 != nil } }
    public var byteCount: Int { packets.reduce(headers.count) { $0 + $1.data.count } }

    // MARK: Storage

    /// "AUTSEG" and the layout version. A change of layout makes old files
    /// unreadable, which the cache treats as a miss.
    private static let magic: [UInt8] = Array("AUTSEG".utf8) + [0, 2]

    /// A flat little-endian layout ending with a checksum, so a truncated or
    /// damaged cache file is refused instead of spliced into a film.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(byteCount + packets.count * 32 + frames.count * 9 + 64)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(headers.count)); out.append(contentsOf: headers)
        put(UInt32(frames.count))
        // Per frame: size, then 1 and the Adler-32, or 0 without one.
        for f in frames {
            put(UInt32(f.size))
            if let adler = f.adler32 { put(UInt8(1)); put(adler) } else { put(UInt8(0)) }
        }
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
              let frameCount = take(UInt32.self), Int(frameCount) <= body.count / 5 else { return nil }
        var frames: [FrameHash] = []
        for _ in 0..<frameCount {
            guard let size = take(UInt32.self), let hashed = take(UInt8.self), hashed <= 1 else { return nil }
            var adler: UInt32?
            if hashed == 1 {
                guard let value = take(UInt32.self) else { return nil }
                adler = value
            }
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
