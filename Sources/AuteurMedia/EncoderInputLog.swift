/// A framecrc-style record of exactly what reached the encoder, one line per
/// frame: "stream, dts, pts, duration, size, 0xadler32". Encoders' output
/// bytes change between versions; their input must not, so goldens hash this.
public struct EncoderInputLog: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var frame: Int
        public var pts: Int64
        /// Bytes of the converted picture, all planes, rows without padding.
        public var size: Int
        public var adler32: UInt32
    }

    public private(set) var entries: [Entry] = []

    mutating func append(_ entry: Entry) { entries.append(entry) }

    /// The text, in the layout of FFmpeg's framecrc muxer so that people who
    /// know one can read the other.
    public var text: String {
        var out = "#tb 0: 1/fps\n"
        for e in entries {
            out += "0, \(pad(e.pts, 10)), \(pad(e.pts, 10)), \(pad(1, 8)), \(pad(e.size, 8)), 0x\(hex8(e.adler32))\n"
        }
        return out
    }

    private func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let s = String(value)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }

    private func hex8(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}

/// Adler-32 as zlib and FFmpeg's framecrc define it, fed row by row.
struct Adler32 {
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        // 5552 is the largest run before b can overflow 32 bits (zlib's NMAX).
        var index = 0
        var a = self.a, b = self.b
        while index < bytes.count {
            let end = min(bytes.count, index + 5552)
            // Four bytes a step: the same sums, fewer loop branches.
            while index + 4 <= end {
                a &+= UInt32(base[index]); b &+= a
                a &+= UInt32(base[index + 1]); b &+= a
                a &+= UInt32(base[index + 2]); b &+= a
                a &+= UInt32(base[index + 3]); b &+= a
                index += 4
            }
            while index < end {
                a &+= UInt32(base[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        self.a = a
        self.b = b
    }

    var value: UInt32 { (b << 16) | a }
}
