import AuteurCore
import Foundation
import Testing
@testable import AuteurTUI

/// Our sixel against chafa's and img2sixel's on the same frames, decoded
/// by the same decoder: ours must be no larger than chafa's at equal or
/// better PSNR (issue 6). Both tools are needed (apt: chafa, libsixel-bin);
/// a missing one fails the test.
@Suite(.serialized) struct SixelComparisonTests {
    struct Result { var bytes: Int; var psnr: Double }

    static func ppm(_ image: RGBAImage) -> Data {
        var out = Array("P6\n\(image.width) \(image.height)\n255\n".utf8)
        out.reserveCapacity(out.count + image.width * image.height * 3)
        for i in 0..<(image.width * image.height) { out += image.pixels[(i * 4)..<(i * 4 + 3)] }
        return Data(out)
    }

    /// Runs a tool on the frame written as a PPM file and decodes what it printed.
    static func tool(_ name: String, _ arguments: [String], on image: RGBAImage) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-sixel-\(getpid())-\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("frame.ppm")
        try ppm(image).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments + [file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(name) is missing or failed (apt-get install chafa libsixel-bin)")
        let decoded = try SixelDecoder.decode(bytes)
        try #require(decoded.size == image.size, "\(name) drew \(decoded.size), not \(image.size)")
        return Result(bytes: bytes.count, psnr: psnr(image, decoded))
    }

    static func ours(_ image: RGBAImage) throws -> Result {
        let bytes = SixelEncoder().encode(image)
        return Result(bytes: bytes.count, psnr: psnr(image, try SixelDecoder.decode(bytes)))
    }

    /// chafa sizes sixels in cells of 8x8 pixels; --stretch keeps it from
    /// fitting the aspect to its own idea of a cell.
    static func compare(_ name: String, _ image: RGBAImage) throws {
        let ours = try ours(image)
        let chafa = try tool("chafa", ["-f", "sixels", "-s", "\(image.width / 8)x\(image.height / 8)", "--stretch"], on: image)
        let img2sixel = try tool("img2sixel", [], on: image)
        for (who, r) in [("ours", ours), ("chafa", chafa), ("img2sixel", img2sixel)] {
            print("sixel \(name) \(image.width)x\(image.height): \(who) \(r.bytes) bytes, \(String(format: "%.2f", r.psnr)) dB")
        }
        #expect(ours.bytes <= chafa.bytes, "ours \(ours.bytes) bytes, chafa \(chafa.bytes)")
        #expect(ours.psnr >= chafa.psnr, "ours \(ours.psnr) dB, chafa \(chafa.psnr)")
    }

    @Test func aSceneFrameIsSmallerThanChafasAtEqualQuality() throws {
        try Self.compare("scene", TestCard.scene(width: 640, height: 360, frame: 7))
    }

    @Test func aNoisyPhotoIsSmallerThanChafasAtEqualQuality() throws {
        try Self.compare("noisy photo", TestCard.noisyPhoto(width: 640, height: 360))
    }
}
