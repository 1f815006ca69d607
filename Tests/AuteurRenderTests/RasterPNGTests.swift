@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

@Suite("Raster PNG output")
struct RasterPNGTests {
    typealias F = RasterFixture

    /// Decodes with ffmpeg, an independent PNG reader, to raw RGBA bytes.
    func ffmpegDecode(_ path: String) throws -> [UInt8] {
        let ffmpeg = "/usr/bin/ffmpeg"
        try #require(FileManager.default.isExecutableFile(atPath: ffmpeg), "ffmpeg is needed to check PNG output")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ffmpeg)
        p.arguments = ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "ffmpeg: \(message)")
        #expect(message.isEmpty, "ffmpeg: \(message)")
        return [UInt8](data)
    }

    func roundTrip(_ image: FrameImage, name: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-raster-\(getpid())-\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try image.writePNG(to: path)
        let decoded = try ffmpegDecode(path)
        #expect(decoded.count == image.pixels.count)
        #expect(decoded == image.pixels)
    }

    @Test("a rendered frame with text, gradients and translucency reads back byte for byte")
    func renderedFrame() throws {
        let font = try Font.dejaVuSans()
        let list = RasterTilingTests.scene(seed: 7, width: 96, height: 64, font: font)
        var image = F.render(list)
        // Punch translucent holes so straight alpha is exercised too.
        for i in stride(from: 3, to: image.pixels.count, by: 4 * 7) { image.pixels[i] = UInt8(i % 256) }
        try roundTrip(image, name: "frame.png")
    }

    @Test("flat, tiny and noisy images read back; flat frames compress well")
    func edgeCases() throws {
        var flat = FrameImage(width: 640, height: 360)!
        for i in stride(from: 0, to: flat.pixels.count, by: 4) { flat.pixels[i] = 20; flat.pixels[i + 3] = 255 }
        try roundTrip(flat, name: "flat.png")
        #expect(flat.pngData().count < 20_000)

        try roundTrip(FrameImage(width: 1, height: 1, pixels: [1, 2, 3, 4])!, name: "one.png")

        var g = SeededGenerator(seed: 11)
        var noise = FrameImage(width: 57, height: 33)!
        for i in noise.pixels.indices { noise.pixels[i] = g.next() % 4 == 0 ? UInt8(truncatingIfNeeded: g.next()) : 7 }
        try roundTrip(noise, name: "noise.png")
    }

    @Test("writing to a missing directory is a one-line typed error")
    func writeError() {
        #expect(throws: RasterError.self) { try FrameImage(width: 2, height: 2)!.writePNG(to: "/nonexistent-dir/x.png") }
        do {
            try FrameImage(width: 2, height: 2)!.writePNG(to: "/nonexistent-dir/x.png")
        } catch {
            #expect(error.description.hasPrefix("cannot write /nonexistent-dir/x.png: "))
            #expect(!error.description.contains("\n"))
        }
    }
}
