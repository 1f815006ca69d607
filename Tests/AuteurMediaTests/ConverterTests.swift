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
}
