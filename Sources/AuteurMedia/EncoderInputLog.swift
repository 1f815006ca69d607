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
///
/// Sixteen bytes a step in SIMD lanes: lane j sums the bytes at positions
/// j, j + 16, ... (`sums`) and the running totals of those sums
/// (`prefixes`), from which the scalar sums follow exactly:
/// a += sum of all bytes, b += n a + 16 sum(prefixes) - sum(j sums_j).
/// A 1080p picture hashes in a fraction of the time of a byte loop.
struct Adler32 {
    private var a: UInt32 = 1
    private var b: UInt32 = 0
    private static let modulus: UInt64 = 65521

    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var a = UInt64(self.a), b = UInt64(self.b)
        var index = 0
        while bytes.count - index >= 16 {
            // 4096 steps keep every prefix lane below 2^32 (255 n (n+1) / 2).
            let steps = min((bytes.count - index) / 16, 4096)
            var sums = SIMD16<UInt32>(), prefixes = SIMD16<UInt32>()
            var done = 0
            while done < steps {
                // Sixteen steps fit 16-bit lanes: prefixes reach 255 * 136.
                let group = min(16, steps - done)
                var groupSums = SIMD16<UInt16>(), groupPrefixes = SIMD16<UInt16>()
                for step in 0..<group {
                    let chunk = raw.loadUnaligned(fromByteOffset: index &+ (done &+ step) &* 16, as: SIMD16<UInt8>.self)
                    groupSums &+= SIMD16<UInt16>(truncatingIfNeeded: chunk)
                    groupPrefixes &+= groupSums
                }
                prefixes &+= UInt32(group) &* sums &+ SIMD16<UInt32>(truncatingIfNeeded: groupPrefixes)
                sums &+= SIMD16<UInt32>(truncatingIfNeeded: groupSums)
                done += group
            }
            let wideSums = SIMD16<UInt64>(truncatingIfNeeded: sums)
            let lanes = SIMD16<UInt64>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            b += UInt64(steps * 16) * a + 16 * SIMD16<UInt64>(truncatingIfNeeded: prefixes).wrappedSum()
            b -= (lanes &* wideSums).wrappedSum()
            a += wideSums.wrappedSum()
            a %= Self.modulus
            b %= Self.modulus
            index += steps * 16
        }
        while index < bytes.count {
            a += UInt64(base[index])
            b += a
            index += 1
        }
        self.a = UInt32(a % Self.modulus)
        self.b = UInt32(b % Self.modulus)
    }

    var value: UInt32 { (b << 16) | a }
}
