import Foundation

/// A rendered frame: RGBA8, sRGB-encoded colour, straight (not
/// premultiplied) alpha, rows top to bottom with no padding. Straight alpha
/// because that is what PNG and `rgba` video frames mean by RGBA.
public struct FrameImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// width * height * 4 bytes: r, g, b, a.
    public var pixels: [UInt8]

    /// Transparent black. Nil for an empty or absurd size (over 16384 a side).
    public init?(width: Int, height: Int) {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else { return nil }
        self.width = width; self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 4)
    }

    /// Nil when `pixels` does not hold exactly width * height * 4 bytes.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width <= 16384, height <= 16384, pixels.count == width * height * 4 else { return nil }
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// The r, g, b, a bytes at (x, y); x and y must lie inside the frame.
    public func pixel(x: Int, y: Int) -> SIMD4<UInt8> {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside \(width)x\(height)")
        let i = (y * width + x) * 4
        return SIMD4(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// A PNG file (8-bit RGBA, non-interlaced) with the sRGB chunk set.
    public func pngData() -> [UInt8] {
        // Each row starts with its filter byte; "Sub" turns flat runs into zeros.
        let rowBytes = width * 4
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        pixels.withUnsafeBufferPointer { src in
            raw.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let s = y * rowBytes, d = y * (rowBytes + 1)
                    dst[d] = 1
                    for x in 0..<rowBytes {
                        dst[d + 1 + x] = x < 4 ? src[s + x] : src[s + x] &- src[s + x - 4]
                    }
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // depth 8, RGBA, deflate, adaptive filters, no interlace
        PNG.chunk("IHDR", header, into: &png)
        PNG.chunk("sRGB", [0], into: &png)  // perceptual intent
        PNG.chunk("IDAT", Deflate.zlib(raw), into: &png)
        PNG.chunk("IEND", [], into: &png)
        return png
    }

    public func writePNG(to path: String) throws(RasterError) {
        let data = Data(pngData())
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .fileWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24)); append(UInt8((v >> 16) & 0xff)); append(UInt8((v >> 8) & 0xff)); append(UInt8(v & 0xff))
    }
}

enum PNG {
    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        out.appendBigEndian(UInt32(data.count))
        let body = Array(type.utf8) + data
        out += body
        out.appendBigEndian(crc32(body))
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// A small deflate encoder: greedy LZ77 over a 32 KiB window with one
/// candidate per hash, coded with the fixed Huffman tables. Frames are
/// mostly flat, where this already shrinks them by orders of magnitude.
enum Deflate {
    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.bytes = [0x78, 0x01]  // deflate, 32 KiB window, check bits valid
        compress(data, into: &w)
        w.flush()
        var a: UInt32 = 1, b: UInt32 = 0
        for (i, x) in data.enumerated() {
            a += UInt32(x); b += a
            // Reduce before the sums can overflow (5552 is zlib's bound).
            if i % 5552 == 5551 { a %= 65521; b %= 65521 }
        }
        a %= 65521; b %= 65521
        w.bytes.appendBigEndian(b << 16 | a)
        return w.bytes
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var acc: UInt64 = 0
        var count = 0
        /// Deflate packs bits from the least significant end.
        mutating func put(_ bits: UInt32, _ n: Int) {
            acc |= UInt64(bits) << UInt64(count)
            count += n
            while count >= 8 { bytes.append(UInt8(acc & 0xff)); acc >>= 8; count -= 8 }
        }
        /// Huffman codes are defined most significant bit first.
        mutating func putReversed(_ code: UInt32, _ n: Int) {
            var r: UInt32 = 0
            for i in 0..<n { r |= ((code >> UInt32(i)) & 1) << UInt32(n - 1 - i) }
            put(r, n)
        }
        mutating func flush() { if count > 0 { bytes.append(UInt8(acc & 0xff)); acc = 0; count = 0 } }
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                    67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                  1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func literal(_ v: Int, _ w: inout BitWriter) {
        switch v {
        case 0...143: w.putReversed(UInt32(0x30 + v), 8)
        case 144...255: w.putReversed(UInt32(0x190 + v - 144), 9)
        case 256...279: w.putReversed(UInt32(v - 256), 7)
        default: w.putReversed(UInt32(0xC0 + v - 280), 8)
        }
    }

    static func compress(_ data: [UInt8], into w: inout BitWriter) {
        w.put(1, 1)  // the only block, final
        w.put(1, 2)  // fixed Huffman codes
        let n = data.count
        let hashBits = 15
        var head = [Int](repeating: -1, count: 1 << hashBits)
        data.withUnsafeBufferPointer { d in
            @inline(__always) func hash(_ i: Int) -> Int {
                let v = UInt32(d[i]) | UInt32(d[i + 1]) << 8 | UInt32(d[i + 2]) << 16
                return Int((v &* 2654435761) >> UInt32(32 - hashBits))
            }
            var i = 0
            while i < n {
                var bestLen = 0, bestDist = 0
                if i + 2 < n {
                    let h = hash(i)
                    let cand = head[h]
                    head[h] = i
                    if cand >= 0, i - cand <= 32768 {
                        var l = 0
                        let maxLen = min(258, n - i)
                        while l < maxLen && d[cand + l] == d[i + l] { l += 1 }
                        if l >= 3 { bestLen = l; bestDist = i - cand }
                    }
                }
                if bestLen == 0 {
                    literal(Int(d[i]), &w)
                    i += 1
                    continue
                }
                var li = 0
                while li + 1 < lengthBase.count && lengthBase[li + 1] <= bestLen { li += 1 }
                literal(257 + li, &w)
                w.put(UInt32(bestLen - lengthBase[li]), lengthExtra[li])
                var di = 0
                while di + 1 < distBase.count && distBase[di + 1] <= bestDist { di += 1 }
                w.putReversed(UInt32(di), 5)
                w.put(UInt32(bestDist - distBase[di]), distExtra[di])
                // Index the skipped positions sparsely: enough to find the next run.
                let end = i + bestLen
                var j = i + 1
                while j < end && j + 2 < n { head[hash(j)] = j; j += bestLen > 32 ? 16 : 1 }
                i = end
            }
        }
        literal(256, &w)
    }
}
