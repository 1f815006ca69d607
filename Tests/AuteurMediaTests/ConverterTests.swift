import Foundation
import Testing
@testable import AuteurMedia

@Suite struct ConverterTests {
    /// A smooth picture: every colour changes slowly, so chroma filters of
    /// different lengths agree, and the comparison tests the matrix and range.
    static func gradient(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                pixels[o] = UInt8(x * 255 / (width - 1))
                pixels[o + 1] = UInt8(y * 255 / (height - 1))
                pixels[o + 2] = UInt8((x + y) * 255 / (width + height - 2))
            }
        }
        return pixels
    }

    /// 134 is not a multiple of the eight pixels converted at once.
    @Test("RGBA to BT.709 limited-range 4:2:0 agrees with ffmpeg's swscale within one code value", arguments: [128, 134])
    func agreesWithSwscale(width: Int) throws {
        let scratch = Scratch("converter")
        let height = 72
        let rgba = Self.gradient(width: width, height: height)
        var planes = [UInt8](repeating: 0, count: width * height * 3 / 2)
        planes.withUnsafeMutableBufferPointer { out in
            let y = out.baseAddress!, cb = y + width * height, cr = cb + width * height / 4
            rgba.withUnsafeBufferPointer {
                Rec709Converter.convert(rgba: $0.baseAddress!, width: width, height: height,
                                        y: y, yStride: width, cb: cb, cbStride: width / 2, cr: cr, crStride: width / 2)
            }
        }
        let input = scratch.file("in.rgba"), output = scratch.file("out.yuv")
        try Data(rgba).write(to: URL(fileURLWithPath: input))
        try Tool.ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgba", "-s", "\(width)x\(height)", "-i", input,
                         "-sws_flags", "bilinear+accurate_rnd+bitexact",
                         "-vf", "scale=in_range=pc:out_range=tv:out_color_matrix=bt709,format=yuv420p", "-f", "rawvideo", output])
        let reference = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
        try #require(reference.count == planes.count)
        let lumaError = zip(planes.prefix(width * height), reference.prefix(width * height)).map { abs(Int($0) - Int($1)) }.max()!
        #expect(lumaError <= 1)
        let chromaError = zip(planes.dropFirst(width * height), reference.dropFirst(width * height)).map { abs(Int($0) - Int($1)) }.max()!
        #expect(chromaError <= 1)
        // The ends of limited range: black is 16, white 235.
        let extremes: [UInt8] = [0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255]
        var out = [UInt8](repeating: 0, count: 6)
        out.withUnsafeMutableBufferPointer { o in
            extremes.withUnsafeBufferPointer {
                Rec709Converter.convert(rgba: $0.baseAddress!, width: 2, height: 2, y: o.baseAddress!, yStride: 2,
                                        cb: o.baseAddress! + 4, cbStride: 1, cr: o.baseAddress! + 5, crStride: 1)
            }
        }
        #expect(Array(out.prefix(4)) == [16, 235, 16, 235])
    }

    /// The conversion written out one sample at a time, as its comment
    /// defines it: the reference the vectorised loops must equal byte for byte.
    static func reference(_ rgba: [UInt8], width: Int, height: Int, left: [UInt8]?) -> [UInt8] {
        typealias C = Rec709Converter
        func px(_ x: Int, _ y: Int) -> (Int32, Int32, Int32) {
            if x < 0 {
                guard let left else { return px(0, y) }
                return (Int32(left[y * 4]), Int32(left[y * 4 + 1]), Int32(left[y * 4 + 2]))
            }
            let o = (y * width + x) * 4
            return (Int32(rgba[o]), Int32(rgba[o + 1]), Int32(rgba[o + 2]))
        }
        var out = [UInt8](repeating: 0, count: width * height * 3 / 2)
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = px(x, y)
                out[y * width + x] = UInt8((C.yR * r + C.yG * g + C.yB * b + (16 << 16 + 1 << 15)) >> 16)
            }
        }
        for cy in 0..<(height / 2) {
            for cx in 0..<(width / 2) {
                var sum: (Int32, Int32, Int32) = (0, 0, 0)
                for (dx, w) in [(-1, Int32(1)), (0, 2), (1, 1)] {
                    for y in [2 * cy, 2 * cy + 1] {
                        let p = px(2 * cx + dx, y)
                        sum = (sum.0 + w * p.0, sum.1 + w * p.1, sum.2 + w * p.2)
                    }
                }
                let bias: Int32 = 128 << 19 + 1 << 18
                out[width * height + cy * (width / 2) + cx] = UInt8((C.cbR * sum.0 + C.cbG * sum.1 + C.cbB * sum.2 + bias) >> 19)
                out[width * height * 5 / 4 + cy * (width / 2) + cx] = UInt8((C.crR * sum.0 + C.crG * sum.1 + C.crB * sum.2 + bias) >> 19)
            }
        }
        return out
    }

    /// Noise has every colour next to every other, so a lane taking the
    /// wrong column or row shows; widths cover whole vectors, remainders
    /// and pictures narrower than one vector.
    @Test("The vectorised conversion equals the sample-by-sample definition on noise", arguments: [2, 6, 14, 16, 18, 32, 34, 48, 134])
    func vectorisedEqualsDefinition(width: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(width)
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let height = 6
        let rgba = (0..<(width * height * 4)).map { _ in next() }
        let column = (0..<(height * 4)).map { _ in next() }
        for left in [nil, column] {
            var planes = [UInt8](repeating: 0, count: width * height * 3 / 2)
            planes.withUnsafeMutableBufferPointer { out in
                let y = out.baseAddress!, cb = y + width * height, cr = cb + width * height / 4
                rgba.withUnsafeBufferPointer { source in
                    column.withUnsafeBufferPointer { l in
                        Rec709Converter.convert(rgba: source.baseAddress!, width: width, height: height,
                                                left: left == nil ? nil : l.baseAddress!, leftStride: 4,
                                                y: y, yStride: width, cb: cb, cbStride: width / 2, cr: cr, crStride: width / 2)
                    }
                }
            }
            #expect(planes == Self.reference(rgba, width: width, height: height, left: left), "left column: \(left != nil)")
        }
    }
}
