import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

@Suite struct TileConversionTests {
    /// Noise: every pixel differs from its neighbours, so a chroma sample
    /// that read a wrong column would change.
    static func noise(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<(width * height * 4)).map { _ in
            state = Seeds.mix(state &+ 0x9E37_79B9_7F4A_7C15)
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    /// Cuts the frame into blocks of `block` (the last ones narrower) and
    /// converts each from its own copy, as the exporter does with patches.
    static func tiled(_ rgba: [UInt8], width: Int, height: Int, block: (Int, Int)) -> Picture420 {
        Picture420(width: width, height: height) { planes in
            for y in stride(from: 0, to: height, by: block.1) {
                for x in stride(from: 0, to: width, by: block.0) {
                    let w = min(block.0, width - x), h = min(block.1, height - y)
                    var patch: [UInt8] = []
                    for row in y..<(y + h) {
                        let at = (row * width + x) * 4
                        patch += rgba[at..<(at + w * 4)]
                    }
                    var column: [UInt8]?
                    if x > 0 {
                        column = []
                        for row in y..<(y + h) {
                            let at = (row * width + x - 1) * 4
                            column! += rgba[at..<(at + 4)]
                        }
                    }
                    patch.withUnsafeBufferPointer { p in
                        if let column {
                            column.withUnsafeBufferPointer { c in
                                planes.convert(rgba: p.baseAddress!, stride: w * 4, left: c.baseAddress!, leftStride: 4, x: x, y: y, width: w, height: h)
                            }
                        } else {
                            planes.convert(rgba: p.baseAddress!, stride: w * 4, x: x, y: y, width: w, height: h)
                        }
                    }
                }
            }
        }
    }

    @Test("a picture converted patch by patch, given each patch's left column, is byte for byte the whole-frame conversion",
          arguments: [(32, 32), (2, 2), (6, 4), (18, 10)])
    func tilesEqualWholeFrame(block: (Int, Int)) {
        // 100x70: neither side a multiple of 32 or of 8 (the SIMD step).
        let (width, height) = (100, 70)
        let rgba = Self.noise(width: width, height: height, seed: UInt64(block.0 * 100 + block.1))
        let whole = Picture420(rgba: rgba, width: width, height: height, threads: 2)
        let tiled = Self.tiled(rgba, width: width, height: height, block: block)
        #expect(tiled.bytes == whole.bytes)
        #expect(tiled.adler32 == whole.adler32)
    }

    @Test("without its left column a patch's chroma differs: the column is really read")
    func leftColumnMatters() {
        let (width, height) = (64, 32)
        let rgba = Self.noise(width: width, height: height, seed: 3)
        let whole = Picture420(rgba: rgba, width: width, height: height)
        let wrong = Picture420(width: width, height: height) { planes in
            rgba.withUnsafeBufferPointer { p in
                planes.convert(rgba: p.baseAddress!, stride: width * 4, x: 0, y: 0, width: 32, height: height)
                // The right half as if it started the frame.
                planes.convert(rgba: p.baseAddress! + 32 * 4, stride: width * 4, x: 32, y: 0, width: 32, height: height)
            }
        }
        #expect(wrong.bytes.prefix(width * height) == whole.bytes.prefix(width * height), "luma never reads a neighbour")
        #expect(wrong.bytes != whole.bytes)
    }

    @Test("a block kept and placed back rebuilds the same picture")
    func blocksRoundTrip() {
        let (width, height) = (96, 64)
        let whole = Picture420(rgba: Self.noise(width: width, height: height, seed: 9), width: width, height: height)
        var kept: [(Int, Int, [UInt8])] = []
        _ = Picture420(width: width, height: height, storage: whole.bytes) { planes in
            for y in stride(from: 0, to: height, by: 32) {
                for x in stride(from: 0, to: width, by: 32) { kept.append((x, y, planes.block(x: x, y: y, width: 32, height: 32))) }
            }
        }
        #expect(kept.allSatisfy { $0.2.count == Planes420.blockBytes(width: 32, height: 32) })
        let rebuilt = Picture420(width: width, height: height) { planes in
            for (x, y, block) in kept.reversed() { planes.place(block, x: x, y: y, width: 32, height: 32) }
        }
        #expect(rebuilt.bytes == whole.bytes && rebuilt.adler32 == whole.adler32)
    }

    /// zlib's definition, one byte at a time.
    static func referenceAdler(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for x in bytes {
            a = (a + UInt32(x)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    @Test("Adler-32 sixteen bytes at a time equals zlib's byte loop, at every length and on the worst case for overflow")
    func adlerMatchesZlib() {
        var known = Adler32()
        Array("Wikipedia".utf8).withUnsafeBufferPointer { known.update($0) }
        #expect(known.value == 0x11E6_0398)
        let lengths = [0, 1, 15, 16, 17, 255, 256, 257, 5552, 65_536, 65_536 + 15, 4096 * 16 * 3 + 7]
        for length in lengths {
            for fill in [nil, UInt8(255)] {
                let bytes = fill.map { [UInt8](repeating: $0, count: length) } ?? Array(Self.noise(width: length, height: 1, seed: UInt64(length)).prefix(length))
                var adler = Adler32()
                // Fed in two uneven pieces, as rows are.
                let cut = length / 3
                bytes.withUnsafeBufferPointer {
                    adler.update(UnsafeBufferPointer(rebasing: $0[..<cut]))
                    adler.update(UnsafeBufferPointer(rebasing: $0[cut...]))
                }
                #expect(adler.value == Self.referenceAdler(bytes), "length \(length), fill \(fill.map(String.init) ?? "noise")")
            }
        }
    }
}
