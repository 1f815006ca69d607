import Dispatch

/// RGBA8 sRGB (full range) to 8-bit 4:2:0 Y'CbCr with the BT.709 matrix in
/// limited range, in integer arithmetic: the same bytes on every CPU, like
/// swscale's bit-exact mode, at a fraction of its cost (bit-exact swscale
/// takes its slow C path, a fifth of an export's CPU time at 1080p).
///
/// Chroma is sited as H.264 and MPEG-2 assume by default ("left"): each
/// chroma sample sits on the even luma column, between the two rows it
/// covers, so it is the [1 2 1] average of three columns over two rows.
enum Rec709Converter {
    /// 16-bit fixed-point weights: Y' = 16 + 219/255 (0.2126 R + 0.7152 G + 0.0722 B),
    /// Cb = 128 + 224/255 (B - Y) / 1.8556, Cr = 128 + 224/255 (R - Y) / 1.5748.
    static let yR = weight(0.2126 * 219 / 255), yG = weight(0.7152 * 219 / 255), yB = weight(0.0722 * 219 / 255)
    static let cbR = weight(-0.2126 / 1.8556 * 224 / 255), cbG = weight(-0.7152 / 1.8556 * 224 / 255), cbB = weight(0.5 * 224 / 255)
    static let crR = weight(0.5 * 224 / 255), crG = weight(-0.7152 / 1.5748 * 224 / 255), crB = weight(-0.0722 / 1.5748 * 224 / 255)

    static func weight(_ w: Double) -> Int32 { Int32((w * 65_536).rounded()) }

    /// `width` and `height` are even. Planes may have padded rows (strides).
    ///
    /// Written for the vectoriser: one 32-bit little-endian load per pixel, wrapping
    /// arithmetic (no overflow traps; every sum provably fits), and chroma
    /// sums of two channels at once in the 16-bit halves of one word.
    static func convert(rgba: UnsafePointer<UInt8>, width: Int, height: Int,
                        y: UnsafeMutablePointer<UInt8>, yStride: Int,
                        cb: UnsafeMutablePointer<UInt8>, cbStride: Int,
                        cr: UnsafeMutablePointer<UInt8>, crStride: Int) {
        let rowBytes = width * 4
        let (yR, yG, yB) = (Self.yR, Self.yG, Self.yB)
        let (cbR, cbG, cbB) = (Self.cbR, Self.cbG, Self.cbB)
        let (crR, crG, crB) = (Self.crR, Self.crG, Self.crB)
        let lumaBias: Int32 = 16 << 16 + 1 << 15
        let chromaBias: Int32 = 128 << 19 + 1 << 18
        // Per column of a row pair: red+blue and green sums of the two rows,
        // in the 16-bit halves of one word.
        let redBlue = UnsafeMutablePointer<UInt32>.allocate(capacity: width)
        let green = UnsafeMutablePointer<UInt32>.allocate(capacity: width)
        defer { redBlue.deallocate(); green.deallocate() }
        for pair in 0..<(height / 2) {
            let top = UnsafeRawPointer(rgba + 2 * pair * rowBytes), bottom = top + rowBytes
            let yTop = y + 2 * pair * yStride, yBottom = yTop + yStride
            // Eight pixels a step in SIMD registers, then the odd remainder.
            let lanes = width / 8 * 8
            var x = 0
            while x < lanes {
                let t = top.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                let b = bottom.loadUnaligned(fromByteOffset: x &* 4, as: SIMD8<UInt32>.self)
                let mask = SIMD8<UInt32>(repeating: 0xFF)
                let l0 = SIMD8<Int32>(truncatingIfNeeded: t & mask) &* yR
                    &+ SIMD8<Int32>(truncatingIfNeeded: (t &>> 8) & mask) &* yG
                    &+ SIMD8<Int32>(truncatingIfNeeded: (t &>> 16) & mask) &* yB &+ lumaBias
                let l1 = SIMD8<Int32>(truncatingIfNeeded: b & mask) &* yR
                    &+ SIMD8<Int32>(truncatingIfNeeded: (b &>> 8) & mask) &* yG
                    &+ SIMD8<Int32>(truncatingIfNeeded: (b &>> 16) & mask) &* yB &+ lumaBias
                UnsafeMutableRawPointer(yTop + x).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: l0 &>> 16), as: SIMD8<UInt8>.self)
                UnsafeMutableRawPointer(yBottom + x).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: l1 &>> 16), as: SIMD8<UInt8>.self)
                let pairMask = SIMD8<UInt32>(repeating: 0x00FF_00FF)
                UnsafeMutableRawPointer(redBlue + x).storeBytes(of: (t & pairMask) &+ (b & pairMask), as: SIMD8<UInt32>.self)
                UnsafeMutableRawPointer(green + x).storeBytes(of: ((t &>> 8) & mask) &+ ((b &>> 8) & mask), as: SIMD8<UInt32>.self)
                x &+= 8
            }
            for x in lanes..<width {
                let t = top.loadUnaligned(fromByteOffset: x &* 4, as: UInt32.self)
                let b = bottom.loadUnaligned(fromByteOffset: x &* 4, as: UInt32.self)
                let l0 = yR &* Int32(t & 0xFF) &+ yG &* Int32((t >> 8) & 0xFF) &+ yB &* Int32((t >> 16) & 0xFF) &+ lumaBias
                let l1 = yR &* Int32(b & 0xFF) &+ yG &* Int32((b >> 8) & 0xFF) &+ yB &* Int32((b >> 16) & 0xFF) &+ lumaBias
                yTop[x] = UInt8(truncatingIfNeeded: l0 >> 16)
                yBottom[x] = UInt8(truncatingIfNeeded: l1 >> 16)
                redBlue[x] = (t & 0x00FF_00FF) &+ (b & 0x00FF_00FF)
                green[x] = ((t >> 8) & 0xFF) &+ ((b >> 8) & 0xFF)
            }
            let cbRow = cb + pair * cbStride, crRow = cr + pair * crStride
            for i in 0..<(width / 2) {
                let x = 2 &* i
                let l = x == 0 ? 0 : x &- 1, r = x &+ 1 < width ? x &+ 1 : width &- 1
                // [1 2 1] across: eight-weight sums, at most 2040, still apart in their halves.
                let rb = redBlue[l] &+ 2 &* redBlue[x] &+ redBlue[r]
                let g = Int32(green[l] &+ 2 &* green[x] &+ green[r])
                let red = Int32(rb & 0xFFFF), blue = Int32(rb >> 16)
                cbRow[i] = UInt8(truncatingIfNeeded: (cbR &* red &+ cbG &* g &+ cbB &* blue &+ chromaBias) >> 19)
                crRow[i] = UInt8(truncatingIfNeeded: (crR &* red &+ crG &* g &+ crB &* blue &+ chromaBias) >> 19)
            }
        }
    }
}

/// A picture already converted to 8-bit 4:2:0 (Y, then Cb, then Cr, rows
/// without padding) with the Adler-32 the encoder-input log records. Made
/// on the rendering threads, so the conversion runs beside the encoder
/// instead of in front of it.
public struct Picture420: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var bytes: [UInt8]
    public private(set) var adler32: UInt32 = 1

    public static func byteCount(width: Int, height: Int) -> Int { width * height * 3 / 2 }

    /// Converts `rgba` (sRGB, `width * height * 4` bytes, even sides),
    /// drawing into `storage` when it has the right size, so buffers can be
    /// recycled. The rows are split across `threads`; the bytes do not depend on it.
    public init(rgba: [UInt8], width: Int, height: Int, storage: [UInt8] = [], threads: Int = 1) {
        precondition(width % 2 == 0 && height % 2 == 0 && rgba.count == width * height * 4, "4:2:0 needs even sides and whole RGBA")
        self.width = width
        self.height = height
        let count = Self.byteCount(width: width, height: height)
        bytes = storage.count == count ? storage : [UInt8](repeating: 0, count: count)
        let bands = max(1, min(threads, height / 16))
        rgba.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedPlanes(source: source.baseAddress!, out: out.baseAddress!)
                let lumaSize = width * height, chromaWidth = width / 2
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    // Whole row pairs per band, so chroma rows are not shared.
                    let pairs = height / 2
                    let first = pairs * band / bands, last = pairs * (band + 1) / bands
                    guard last > first else { return }
                    let y = shared.out + 2 * first * width
                    let cb = shared.out + lumaSize + first * chromaWidth
                    let cr = shared.out + lumaSize + lumaSize / 4 + first * chromaWidth
                    Rec709Converter.convert(rgba: shared.source + 2 * first * width * 4, width: width, height: 2 * (last - first),
                                            y: y, yStride: width, cb: cb, cbStride: chromaWidth, cr: cr, crStride: chromaWidth)
                }
            }
        }
        var adler = Adler32()
        bytes.withUnsafeBufferPointer { adler.update($0) }
        adler32 = adler.value
    }
}

private struct UncheckedPlanes: @unchecked Sendable {
    let source: UnsafePointer<UInt8>
    let out: UnsafeMutablePointer<UInt8>
}
