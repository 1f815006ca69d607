import AuteurCore
import Foundation
import Testing
@testable import AuteurTUI

/// A small sixel decoder, independent of the encoder: DCS introducer,
/// raster attributes, colour definitions (RGB percent), colour selection,
/// repeats, carriage return and next band.
struct SixelDecoder {
    enum Failure: Error { case malformed(String) }

    static func decode(_ bytes: [UInt8]) throws -> RGBAImage {
        guard bytes.count > 4, bytes[0] == 0x1B, bytes[1] == 0x50 else { throw Failure.malformed("no DCS") }
        guard let q = bytes.firstIndex(of: 0x71) else { throw Failure.malformed("no q") }
        guard bytes.suffix(2) == [0x1B, 0x5C] else { throw Failure.malformed("no ST") }
        var i = q + 1
        let end = bytes.count - 2
        func readNumbers() -> [Int] {
            var values: [Int] = [], current = 0, any = false
            while i < end {
                let c = bytes[i]
                if c >= 0x30 && c <= 0x39 { current = current * 10 + Int(c - 0x30); any = true } else if c == 0x3B {
                    values.append(current); current = 0; any = false
                } else { break }
                i += 1
            }
            if any { values.append(current) }
            return values
        }
        var width = 0, height = 0
        if bytes[i] == 0x22 {
            i += 1
            let r = readNumbers()
            guard r.count == 4 else { throw Failure.malformed("raster") }
            width = r[2]; height = r[3]
        }
        var palette: [Int: (Int, Int, Int)] = [:]
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        var painted = [Bool](repeating: false, count: width * height)
        var color = 0, x = 0, band = 0
        func paint(_ ch: UInt8, count: Int) throws {
            let bits = Int(ch) - 0x3F
            guard bits >= 0, bits < 64 else { throw Failure.malformed("sixel \(ch)") }
            for _ in 0..<count {
                for r in 0..<6 where bits & (1 << r) != 0 {
                    let y = band * 6 + r
                    guard x < width, y < height else { continue }
                    guard let c = palette[color] else { throw Failure.malformed("undefined colour \(color)") }
                    let p = (y * width + x) * 4
                    pixels[p] = UInt8(c.0); pixels[p + 1] = UInt8(c.1); pixels[p + 2] = UInt8(c.2); pixels[p + 3] = 255
                    painted[y * width + x] = true
                }
                x += 1
            }
        }
        while i < end {
            let c = bytes[i]
            switch c {
            case 0x23:
                i += 1
                let v = readNumbers()
                if v.count == 5, v[1] == 2 {
                    palette[v[0]] = ((v[2] * 255 + 50) / 100, (v[3] * 255 + 50) / 100, (v[4] * 255 + 50) / 100)
                } else if v.count == 1 {
                    color = v[0]
                } else { throw Failure.malformed("colour \(v)") }
            case 0x21:
                i += 1
                let n = readNumbers()
                guard n.count == 1, i < end else { throw Failure.malformed("repeat") }
                try paint(bytes[i], count: n[0]); i += 1
            case 0x24: x = 0; i += 1
            case 0x2D: x = 0; band += 1; i += 1
            case 0x3F...0x7E: try paint(c, count: 1); i += 1
            default: throw Failure.malformed("byte \(c)")
            }
        }
        guard painted.allSatisfy({ $0 }) else { throw Failure.malformed("unpainted pixels") }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }
}

func psnr(_ a: RGBAImage, _ b: RGBAImage) -> Double {
    precondition(a.size == b.size)
    var se = 0.0
    for i in 0..<(a.width * a.height) {
        for c in 0..<3 { let d = Double(a.pixels[i * 4 + c]) - Double(b.pixels[i * 4 + c]); se += d * d }
    }
    let mse = se / Double(a.width * a.height * 3)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

@Suite struct SixelTests {
    @Test func roundTripKeepsTheScene() throws {
        let source = scenePicture(width: 160, height: 90, frame: 7)
        let bytes = SixelEncoder().encode(source)
        let decoded = try SixelDecoder.decode(bytes)
        #expect(decoded.size == source.size)
        // Threshold: a 256-colour median-cut palette of a flat-shaded scene
        // stays above 35 dB; a broken palette or band falls far below.
        let quality = psnr(source, decoded)
        #expect(quality > 35, "PSNR \(quality)")
    }

    @Test func fewerColourRegistersStillDecodeAtLowerQuality() throws {
        let source = scenePicture(width: 96, height: 50, frame: 3)
        let q256 = psnr(source, try SixelDecoder.decode(SixelEncoder(maxColors: 256).encode(source)))
        let q16 = psnr(source, try SixelDecoder.decode(SixelEncoder(maxColors: 16).encode(source)))
        #expect(q16 > 24, "16 colours: \(q16) dB")
        #expect(q256 >= q16)
    }

    @Test func flatPicturesAreExactAndTiny() throws {
        let source = RGBAImage(width: 200, height: 60, fill: (255, 0, 0))
        let bytes = SixelEncoder().encode(source)
        #expect(try SixelDecoder.decode(bytes) == source)
        // One colour, ten bands, each a single run: "#0!200~-".
        #expect(bytes.count < 160, "\(bytes.count) bytes")
        #expect(String(decoding: bytes, as: UTF8.self).contains("#0!200~"))
    }

    @Test func oddHeightsAndSizesEncode() throws {
        for (w, h) in [(1, 1), (7, 5), (13, 13)] {
            let source = scenePicture(width: w, height: h)
            #expect(try SixelDecoder.decode(SixelEncoder().encode(source)).size == source.size)
        }
    }

    @Test func coloursPaintedOverEachOtherDecodeExactly() throws {
        // Few colours scattered at random: every band overdraws. Channels
        // of 0, 128 and 255 survive the percentages exactly, so the round
        // trip must be lossless.
        var state: UInt64 = 7
        let levels: [UInt8] = [0, 128, 255]
        let w = 97, h = 41
        var pixels = [UInt8](repeating: 255, count: w * h * 4)
        for i in 0..<(w * h) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let pick = Int(state >> 33) % 5
            let colour = [(0, 0, 0), (2, 0, 0), (0, 2, 1), (1, 1, 2), (2, 2, 2)][pick]
            pixels[i * 4] = levels[colour.0]; pixels[i * 4 + 1] = levels[colour.1]; pixels[i * 4 + 2] = levels[colour.2]
        }
        let source = RGBAImage(width: w, height: h, pixels: pixels)
        #expect(try SixelDecoder.decode(SixelEncoder().encode(source)) == source)
    }

    @Test func aBandsMainColourIsOneRunUnderTheOthers() throws {
        // A red field with blue dots: red covers each band in one run, and
        // blue is painted over it, so red is never broken up by the dots.
        var source = RGBAImage(width: 120, height: 12, fill: (255, 0, 0))
        for x in stride(from: 3, to: 120, by: 10) {
            for y in [2, 8] { let i = (y * 120 + x) * 4; source.pixels[i] = 0; source.pixels[i + 2] = 255 }
        }
        let bytes = SixelEncoder().encode(source)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("#0!120~"), "\(text)")
        #expect(try SixelDecoder.decode(bytes) == source)
    }

    @Test func encodingIsDeterministic() {
        let a = scenePicture(width: 120, height: 66, frame: 5)
        #expect(SixelEncoder().encode(a) == SixelEncoder().encode(a))
    }

    @Test func encodingToASizeAveragesFirst() throws {
        let decoded = try SixelDecoder.decode(SixelEncoder().encode(scenePicture(width: 320, height: 180), width: 80, height: 45))
        #expect(decoded.size == Size(width: 80, height: 45))
    }
}

@Suite struct TextPictureTests {
    @Test func areaAveragingKeepsMeansAndThinLines() {
        var p = [UInt8](repeating: 0, count: 4 * 4 * 4)
        for i in 0..<16 { p[i * 4 + 3] = 255 }
        // A one-pixel white line at x = 1 survives halving as gray.
        for y in 0..<4 { for c in 0..<3 { p[(y * 4 + 1) * 4 + c] = 255 } }
        let small = RGBAImage(width: 4, height: 4, pixels: p).areaAveraged(width: 2, height: 2)
        #expect(small.rgb(x: 0, y: 0) == (128, 128, 128))
        #expect(small.rgb(x: 1, y: 1) == (0, 0, 0))
    }

    @Test func halfBlocksCarryTopAndBottomPixels() {
        var p = [UInt8](repeating: 255, count: 1 * 2 * 4)
        p[0] = 255; p[1] = 0; p[2] = 0
        p[4] = 0; p[5] = 0; p[6] = 255
        var buffer = CellBuffer(width: 3, height: 2)
        HalfBlockEncoder.paint(RGBAImage(width: 1, height: 2, pixels: p), into: &buffer, rect: CellRect(x: 1, y: 1, width: 1, height: 1))
        #expect(buffer[1, 1] == Cell("▀", style: CellStyle(fg: RGBColor(255, 0, 0), bg: RGBColor(0, 0, 255))))
        #expect(buffer[0, 0] == .blank)
    }

    @Test func halfBlockBytesSendColoursOnlyWhenTheyChange() {
        let flat = RGBAImage(width: 40, height: 20, fill: (10, 20, 30))
        let text = String(decoding: HalfBlockEncoder.encode(flat, columns: 20, rows: 5, depth: .truecolor), as: UTF8.self)
        #expect(text.components(separatedBy: "\u{1B}[38;2;10;20;30;48;2;10;20;30m").count - 1 == 5)
        #expect(text.components(separatedBy: "▀").count - 1 == 100)
        let palette = String(decoding: HalfBlockEncoder.encode(flat, columns: 2, rows: 1, depth: .palette256), as: UTF8.self)
        #expect(palette.hasPrefix("\u{1B}[38;5;\(XtermPalette.nearest(RGBColor(10, 20, 30)));48;5;"))
    }

    @Test func nearestXtermColoursMatchTheCubeAndGrays() {
        #expect(XtermPalette.nearest(RGBColor(255, 0, 0)) == 196)
        #expect(XtermPalette.nearest(RGBColor(0, 0, 0)) == 16)
        #expect(XtermPalette.nearest(RGBColor(128, 128, 128)) == 244)
        #expect(XtermPalette.color(196) == RGBColor(255, 0, 0))
    }

    @Test func asciiFollowsLuminance() {
        let dark = RGBAImage(width: 4, height: 4, fill: (0, 0, 0)), light = RGBAImage(width: 4, height: 4, fill: (255, 255, 255))
        #expect(AsciiEncoder.lines(dark, columns: 2, rows: 1) == ["  "])
        #expect(AsciiEncoder.lines(light, columns: 2, rows: 1) == ["@@"])
        let gradient = AsciiEncoder.lines(scenePicture(width: 64, height: 64), columns: 1, rows: 8).map { AsciiEncoder.ramp.firstIndex(of: $0.first!)! }
        #expect(gradient.first! < gradient[4], "sky gets lighter towards the horizon: \(gradient)")
    }
}
