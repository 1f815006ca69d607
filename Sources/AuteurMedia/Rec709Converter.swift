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
    /// A block of a larger picture converts to exactly the bytes the whole
    /// picture would have there, given `left`, the pixel column just left of
    /// the block (`leftStride` bytes between its rows): the [1 2 1] chroma
    /// filter reads one column across the block's left edge and none across
    /// its right, because chroma sits on even columns. Without `left` (the
    /// picture's own left edge) column 0 stands in for it.
    ///
    /// Written for the vectoriser: one 32-bit little-endian load per pixel, wrapping
    /// arithmetic (no overflow traps; every sum provably fits), and chroma
    /// sums of two channels at once in the 16-bit halves of one word.
    static func convert(rgba: UnsafePointer<UInt8>, rgbaStride: Int? = nil, width: Int, height: Int,
                        left: UnsafePointer<UInt8>? = nil, leftStride: Int = 0,
                        y: UnsafeMutablePointer<UInt8>, yStride: Int,
                        cb: UnsafeMutablePointer<UInt8>, cbStride: Int,
                        cr: UnsafeMutablePointer<UInt8>, crStride: Int) {
        let rowBytes = rgbaStride ?? width * 4
        let (yR, yG, yB) = (Self.yR, Self.yG, Self.yB)
        let (cbR, cbG, cbB) = (Self.cbR, Self.cbG, Self.cbB)
        let (crR, crG, crB) = (Self.crR, Self.crG, Self.crB)
        let lumaBias: Int32 = 16 << 16 + 1 << 15
        let chromaBias: Int32 = 128 << 19 + 1 << 18
        // Per column of a row pair: red+blue and green sums of the two rows,
        // in the 16-bit halves of one word.
        // Slot 0 holds the column left of the block, so column x is slot x + 1.
        let redBlueSlots = UnsafeMutablePointer<UInt32>.allocate(capacity: width + 1)
        let greenSlots = UnsafeMutablePointer<UInt32>.allocate(capacity: width + 1)
        defer { redBlueSlots.deallocate(); greenSlots.deallocate() }
        let redBlue = redBlueSlots + 1, green = greenSlots + 1
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
            if let left {
                let t = UnsafeRawPointer(left + 2 * pair * leftStride).loadUnaligned(as: UInt32.self)
                let b = UnsafeRawPointer(left + (2 * pair + 1) * leftStride).loadUnaligned(as: UInt32.self)
                redBlueSlots[0] = (t & 0x00FF_00FF) &+ (b & 0x00FF_00FF)
                greenSlots[0] = ((t >> 8) & 0xFF) &+ ((b >> 8) & 0xFF)
            } else {
                redBlueSlots[0] = redBlue[0]
                greenSlots[0] = green[0]
            }
            let cbRow = cb + pair * cbStride, crRow = cr + pair * crStride
            // Eight chroma samples a step: columns 2i and 2i+1 are the even
            // and odd halves of sixteen slots from 2i, and column 2i-1 is the
            // odd half moved one lane up, the column before it carried in.
            // (Loading from 2i-1 instead straddles the luma loop's stores,
            // which the CPU cannot forward: that load alone took a third of
            // the conversion.) The arithmetic is the scalar loop's.
            let chromaLanes = width / 16 * 8
            var carriedRB = redBlueSlots[0], carriedG = greenSlots[0]
            var i = 0
            while i < chromaLanes {
                let rbPair = UnsafeRawPointer(redBlue + 2 &* i).loadUnaligned(as: SIMD16<UInt32>.self)
                let gPair = UnsafeRawPointer(green + 2 &* i).loadUnaligned(as: SIMD16<UInt32>.self)
                let (rbOdd, gOdd) = (rbPair.oddHalf, gPair.oddHalf)
                let rbBefore = SIMD8(carriedRB, rbOdd[0], rbOdd[1], rbOdd[2], rbOdd[3], rbOdd[4], rbOdd[5], rbOdd[6])
                let gBefore = SIMD8(carriedG, gOdd[0], gOdd[1], gOdd[2], gOdd[3], gOdd[4], gOdd[5], gOdd[6])
                (carriedRB, carriedG) = (rbOdd[7], gOdd[7])
                let rb = rbBefore &+ 2 &* rbPair.evenHalf &+ rbOdd
                let g = SIMD8<Int32>(truncatingIfNeeded: gBefore &+ 2 &* gPair.evenHalf &+ gOdd)
                let red = SIMD8<Int32>(truncatingIfNeeded: rb & 0xFFFF), blue = SIMD8<Int32>(truncatingIfNeeded: rb &>> 16)
                let cbValue = (cbR &* red &+ cbG &* g &+ cbB &* blue &+ chromaBias) &>> 19
                let crValue = (crR &* red &+ crG &* g &+ crB &* blue &+ chromaBias) &>> 19
                UnsafeMutableRawPointer(cbRow + i).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: cbValue), as: SIMD8<UInt8>.self)
                UnsafeMutableRawPointer(crRow + i).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: crValue), as: SIMD8<UInt8>.self)
                i &+= 8
            }
            for i in chromaLanes..<(width / 2) {
                // Even widths: the right neighbour x + 1 is always inside.
                let x = 2 &* i
                // [1 2 1] across: eight-weight sums, at most 2040, still apart in their halves.
                let rb = redBlueSlots[x] &+ 2 &* redBlue[x] &+ redBlue[x &+ 1]
                let g = Int32(greenSlots[x] &+ 2 &* green[x] &+ green[x &+ 1])
                let red = Int32(rb & 0xFFFF), blue = Int32(rb >> 16)
                cbRow[i] = UInt8(truncatingIfNeeded: (cbR &* red &+ cbG &* g &+ cbB &* blue &+ chromaBias) >> 19)
                crRow[i] = UInt8(truncatingIfNeeded: (crR &* red &+ crG &* g &+ crB &* blue &+ chromaBias) >> 19)
            }
        }
    }
}

/// A picture already converted to 8-bit 4:2:0 (Y, then Cb, then Cr, rows
/// without padding). Made on the rendering threads, so the conversion runs
/// beside the encoder instead of in front of it.
public struct Picture420: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var bytes: [UInt8]

    /// The Adler-32 of every byte, as the encoder-input log records it.
    /// Taken on demand, not when the picture is made: at 1080p it reads
    /// 3 MB that have mostly left the cache (half a millisecond a frame),
    /// and exports that keep no log never ask.
    public var adler32: UInt32 {
        var adler = Adler32()
        bytes.withUnsafeBufferPointer { adler.update($0) }
        return adler.value
    }

    public static func byteCount(width: Int, height: Int) -> Int { width * height * 3 / 2 }

    /// Assembles a picture: `fill` writes every byte of the planes (tiles
    /// may be written from several threads).
    /// Draws into `storage` when it has the right size, so buffers can be
    /// recycled.
    public init(width: Int, height: Int, storage: consuming [UInt8] = [], fill: (Planes420) -> Void) {
        precondition(width % 2 == 0 && height % 2 == 0, "4:2:0 needs even sides")
        self.width = width
        self.height = height
        let count = Self.byteCount(width: width, height: height)
        // Taken over, not shared: a second reference would make the first write copy it.
        var buffer = consume storage
        if buffer.count != count { buffer = [UInt8](repeating: 0, count: count) }
        bytes = consume buffer
        bytes.withUnsafeMutableBufferPointer { fill(Planes420(width: width, height: height, base: $0.baseAddress!)) }
    }

    /// Converts `rgba` (sRGB, `width * height * 4` bytes, even sides). The
    /// rows are split across `threads`; the bytes do not depend on it.
    public init(rgba: [UInt8], width: Int, height: Int, storage: consuming [UInt8] = [], threads: Int = 1) {
        precondition(rgba.count == width * height * 4, "4:2:0 needs whole RGBA")
        let bands = max(1, min(threads, height / 16))
        self.init(width: width, height: height, storage: consume storage) { planes in
            rgba.withUnsafeBufferPointer { source in
                let shared = UncheckedSource(pointer: source.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    // Whole row pairs per band, so chroma rows are not shared.
                    let pairs = height / 2
                    let first = pairs * band / bands, last = pairs * (band + 1) / bands
                    guard last > first else { return }
                    planes.convert(rgba: shared.pointer + 2 * first * width * 4, stride: width * 4,
                                   x: 0, y: 2 * first, width: width, height: 2 * (last - first))
                }
            }
        }
    }
}

/// The planes of a `Picture420` being assembled. Writers of disjoint blocks
/// may run at once, which is why this is a view and not a mutating method.
public struct Planes420: @unchecked Sendable {
    public let width: Int
    public let height: Int
    let base: UnsafeMutablePointer<UInt8>

    /// Where the picture's bytes live: the same buffer recycled for another
    /// picture has the same address, which is how a renderer recognises
    /// what a recycled buffer still shows.
    public var address: UnsafeRawPointer { UnsafeRawPointer(base) }

    /// Bytes of a block's 4:2:0 in the tile layout of `block(...)`.
    public static func blockBytes(width: Int, height: Int) -> Int { width * height * 3 / 2 }

    /// Converts the RGBA block whose top-left pixel lands at (`x`, `y`) (even,
    /// as are its sides), `stride` bytes between rows. `left` is the pixel
    /// column just left of it in the frame (nil at the frame's left edge);
    /// the bytes equal those of converting the whole frame at once.
    public func convert(rgba: UnsafePointer<UInt8>, stride: Int, left: UnsafePointer<UInt8>? = nil, leftStride: Int = 0,
                        x: Int, y: Int, width: Int, height: Int) {
        let lumaSize = self.width * self.height, chromaWidth = self.width / 2
        let chroma = (y / 2) * chromaWidth + x / 2
        Rec709Converter.convert(rgba: rgba, rgbaStride: stride, width: width, height: height, left: left, leftStride: leftStride,
                                y: base + y * self.width + x, yStride: self.width,
                                cb: base + lumaSize + chroma, cbStride: chromaWidth,
                                cr: base + lumaSize + lumaSize / 4 + chroma, crStride: chromaWidth)
    }

    /// A block's bytes, to keep: its Y rows, then its Cb rows, then its Cr rows.
    public func block(x: Int, y: Int, width: Int, height: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.blockBytes(width: width, height: height)) { out, count in
            rows(x: x, y: y, width: width, height: height) { plane, packed, bytes in
                (out.baseAddress! + packed).update(from: plane, count: bytes)
            }
            count = Self.blockBytes(width: width, height: height)
        }
    }

    /// Writes back a block kept by `block(...)`, at the same place.
    public func place(_ block: [UInt8], x: Int, y: Int, width: Int, height: Int) {
        precondition(block.count == Self.blockBytes(width: width, height: height), "a block of another size")
        block.withUnsafeBufferPointer { source in
            rows(x: x, y: y, width: width, height: height) { plane, packed, bytes in
                plane.update(from: source.baseAddress! + packed, count: bytes)
            }
        }
    }

    /// Every row of a block: where it is in the planes, where it is in the
    /// packed block, and how many bytes it has.
    private func rows(x: Int, y: Int, width: Int, height: Int,
                      _ body: (UnsafeMutablePointer<UInt8>, Int, Int) -> Void) {
        let lumaSize = self.width * self.height, chromaWidth = self.width / 2
        for row in 0..<height { body(base + (y + row) * self.width + x, row * width, width) }
        let chroma = (y / 2) * chromaWidth + x / 2, chromaBlock = width * height / 4
        for row in 0..<(height / 2) {
            let at = chroma + row * chromaWidth
            body(base + lumaSize + at, width * height + row * (width / 2), width / 2)
            body(base + lumaSize + lumaSize / 4 + at, width * height + chromaBlock + row * (width / 2), width / 2)
        }
    }
}

private struct UncheckedSource: @unchecked Sendable {
    let pointer: UnsafePointer<UInt8>
}
