import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

@Suite struct ImageTests {
    /// A picture with hard edges and every channel different, so a swapped
    /// channel or a shifted row shows.
    static func pattern(width: Int, height: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                pixels[o] = UInt8(x * 255 / (width - 1))
                pixels[o + 1] = UInt8(y * 255 / (height - 1))
                pixels[o + 2] = (x / 8 + y / 8) % 2 == 0 ? 40 : 200
            }
        }
        return pixels
    }

    static func encode(_ pixels: [UInt8], width: Int, height: Int, to path: String, in scratch: Scratch, _ codec: [String] = []) throws {
        let raw = scratch.file("picture.rgba")
        _ = FileManager.default.createFile(atPath: raw, contents: Data(pixels))
        try Tool.ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgba", "-s", "\(width)x\(height)", "-i", raw, "-frames:v", "1"] + codec + [path])
    }

    @Test("PNG decodes to exactly the pixels written")
    func pngExact() throws {
        let scratch = Scratch("png")
        let pixels = Self.pattern(width: 64, height: 48)
        let path = scratch.file("pattern.png")
        try Self.encode(pixels, width: 64, height: 48, to: path, in: scratch)
        let image = try ImageDecoder.decode(path: path)
        #expect(image.width == 64 && image.height == 48)
        #expect(image.pixels == pixels)
    }

    @Test("JPEG and WebP decode close to the original", arguments: ["jpg", "webp"])
    func lossy(_ ext: String) throws {
        let scratch = Scratch(ext)
        let pixels = Self.pattern(width: 64, height: 48)
        let path = scratch.file("pattern.\(ext)")
        try Self.encode(pixels, width: 64, height: 48, to: path, in: scratch, ext == "jpg" ? ["-q:v", "2"] : ["-quality", "95"])
        let image = try ImageDecoder.decode(path: path)
        #expect(image.width == 64 && image.height == 48)
        var error = 0.0
        for i in stride(from: 0, to: pixels.count, by: 4) {
            for c in 0..<3 { error += abs(Double(image.pixels[i + c]) - Double(pixels[i + c])) }
        }
        let mean = error / Double(64 * 48 * 3)
        // Hard chroma edges at 4:2:0 cost a few levels on average; a wrong
        // matrix or range costs tens.
        #expect(mean < 8, "mean error \(mean)")
        #expect(stride(from: 3, to: image.pixels.count, by: 4).allSatisfy { image.pixels[$0] == 255 })
    }
}

@Suite struct ColorTransferTests {
    /// Seeded pixels around a base colour with a given spread per channel.
    static func cloud(_ base: (Double, Double, Double), spread: (Double, Double, Double), count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        var pixels: [UInt8] = []
        for _ in 0..<count {
            let shared = generator.unit() - 0.5 // correlates the channels, like real light
            for (b, s) in [(base.0, spread.0), (base.1, spread.1), (base.2, spread.2)] {
                let v = b + s * (0.7 * shared + 0.3 * (generator.unit() - 0.5))
                pixels.append(UInt8(max(0, min(255, v.rounded()))))
            }
            pixels.append(255)
        }
        return pixels
    }

    /// What a renderer does with a grade: linear RGB, affine map, back to sRGB.
    static func apply(_ grade: ColorGrade, to pixels: [UInt8]) -> [UInt8] {
        var out = pixels
        let lut = ColorTransfer.linearLUT
        func encode(_ l: Double) -> UInt8 {
            let c = max(0, min(1, l))
            let s = c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1 / 2.4) - 0.055
            return UInt8((s * 255).rounded())
        }
        for i in stride(from: 0, to: pixels.count, by: 4) {
            let v = [lut[Int(pixels[i])], lut[Int(pixels[i + 1])], lut[Int(pixels[i + 2])]]
            for r in 0..<3 {
                out[i + r] = encode(grade.matrix[r * 3] * v[0] + grade.matrix[r * 3 + 1] * v[1] + grade.matrix[r * 3 + 2] * v[2] + grade.offset[r])
            }
        }
        return out
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }

    @Test("the grade carries the source's mean and covariance onto the reference's")
    func mapsStatistics() throws {
        let source = ColorStatistics(rgba: Self.cloud((70, 90, 160), spread: (60, 50, 90), count: 4000, seed: 1))
        let reference = ColorStatistics(rgba: Self.cloud((200, 130, 60), spread: (80, 40, 30), count: 4000, seed: 2))
        let grade = try ColorTransfer.grade(from: source, toward: reference)
        let t = grade.matrix
        let mapped = ColorTransfer.apply(t, source.mean).enumerated().map { $0.element + grade.offset[$0.offset] }
        #expect(Self.distance(mapped, reference.mean) < 1e-9)
        // T Σs T^T = Σt, with the ridge that keeps both invertible added to each.
        let ridge = [1.0, 0, 0, 0, 1, 0, 0, 0, 1].map { $0 * ColorTransfer.regularisation }
        let tt = [t[0], t[3], t[6], t[1], t[4], t[7], t[2], t[5], t[8]]
        let carried = ColorTransfer.multiply(ColorTransfer.multiply(t, ColorTransfer.add(source.covariance, ridge)), tt)
        let target = ColorTransfer.add(reference.covariance, ridge)
        for i in 0..<9 { #expect(abs(carried[i] - target[i]) < 1e-10, "entry \(i): \(carried[i]) vs \(target[i])") }
        // The Monge-Kantorovich map is symmetric positive definite.
        #expect(abs(t[1] - t[3]) < 1e-9 && abs(t[2] - t[6]) < 1e-9 && abs(t[5] - t[7]) < 1e-9)
    }

    @Test("graded pixels move toward the reference's mean")
    func movesPixels() throws {
        let sourcePixels = Self.cloud((70, 90, 160), spread: (60, 50, 90), count: 4000, seed: 3)
        let referencePixels = Self.cloud((190, 140, 80), spread: (70, 40, 30), count: 4000, seed: 4)
        let source = ColorStatistics(rgba: sourcePixels)
        let reference = ColorStatistics(rgba: referencePixels)
        let graded = ColorStatistics(rgba: Self.apply(try ColorTransfer.grade(from: source, toward: reference), to: sourcePixels))
        let before = Self.distance(source.mean, reference.mean)
        let after = Self.distance(graded.mean, reference.mean)
        #expect(after < before * 0.1, "distance \(before) -> \(after)")
    }

    @Test("identical statistics give the identity grade")
    func identity() throws {
        let stats = ColorStatistics(rgba: Self.cloud((120, 110, 100), spread: (50, 60, 70), count: 2000, seed: 5))
        let grade = try ColorTransfer.grade(from: stats, toward: stats)
        for i in 0..<9 { #expect(abs(grade.matrix[i] - ColorGrade.identity.matrix[i]) < 1e-9) }
        for i in 0..<3 { #expect(abs(grade.offset[i]) < 1e-9) }
        // A flat picture has no spread at all; the ridge keeps the grade finite.
        let flat = ColorStatistics(rgba: [UInt8](repeating: 128, count: 400))
        let fromFlat = try ColorTransfer.grade(from: flat, toward: stats)
        #expect(fromFlat.matrix.allSatisfy(\.isFinite) && fromFlat.offset.allSatisfy(\.isFinite))
    }

    @Test("statistics of a decoded image are those of its pixels, in linear light")
    func statisticsFromImage() throws {
        // Pure sRGB 50% grey is 0.214 in linear light, not 0.5.
        let grey = RGBAImage(width: 2, height: 1, pixels: [188, 188, 188, 255, 188, 188, 188, 0])
        let stats = ColorStatistics(image: grey)
        #expect(stats.pixelCount == 2)
        #expect(abs(stats.mean[0] - 0.5029) < 1e-3)
        #expect(stats.covariance.allSatisfy { abs($0) < 1e-12 })
    }
}
