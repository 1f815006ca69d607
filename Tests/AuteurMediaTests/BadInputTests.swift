import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

@Suite struct BadInputTests {
    /// Decodes as audio and as an image; anything but success or a one-line
    /// MediaError naming the file fails the test (a crash fails the run).
    static func outcome(_ path: String, asImage: Bool) -> Result<Void, MediaError> {
        do {
            if asImage { _ = try ImageDecoder.decode(path: path) } else { _ = try AudioDecoder.decode(path: path) }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    static func expectOneLine(_ error: MediaError, naming path: String, _ comment: String = "") {
        #expect(error.description.contains(path), "\(comment) \(error.description)")
        #expect(!error.description.contains("\n"))
        #expect(error.description.count < 300)
    }

    @Test("missing, empty, wrong and truncated files give one-line errors naming the file")
    func knownBadFiles() throws {
        let scratch = Scratch("bad")
        let wav = scratch.file("tone.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 0.3, sampleRate: 8_000, start: 0, end: 0.3), sampleRate: 8_000, to: wav)
        let png = scratch.file("picture.png")
        try Tool.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=32x24", "-frames:v", "1", png])
        let wavBytes = try Data(contentsOf: URL(fileURLWithPath: wav))
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))

        let empty = scratch.file("empty.wav")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let text = scratch.file("notes.png")
        _ = FileManager.default.createFile(atPath: text, contents: Data("just some words\n".utf8))
        let shortWAV = scratch.file("short.wav")
        _ = FileManager.default.createFile(atPath: shortWAV, contents: wavBytes.prefix(30))
        let shortPNG = scratch.file("short.png")
        _ = FileManager.default.createFile(atPath: shortPNG, contents: pngBytes.prefix(60))

        let cases: [(String, Bool, String)] = [
            (scratch.file("missing.wav"), false, "No such file"),
            (scratch.file("missing.png"), true, "No such file"),
            (empty, false, "the file is empty"), (empty, true, "the file is empty"),
            (text, true, ""), (text, false, ""),
            (shortWAV, false, ""), (shortPNG, true, ""),
            (png, false, "no audio stream"),
            (wav, true, "no picture"),
        ]
        for (path, asImage, reason) in cases {
            guard case .failure(let error) = Self.outcome(path, asImage: asImage) else {
                Issue.record("\(path) as \(asImage ? "image" : "audio") should fail")
                continue
            }
            Self.expectOneLine(error, naming: path)
            #expect(reason.isEmpty || error.description.contains(reason), "\(error.description)")
        }
    }

    @Test("seeded byte flips and truncations of a real wav and png never crash")
    func fuzz() throws {
        let scratch = Scratch("fuzz")
        let wav = scratch.file("tone.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 0.2, sampleRate: 8_000, start: 0.05, end: 0.15), sampleRate: 8_000, to: wav)
        let png = scratch.file("picture.png")
        try Tool.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=32x24", "-frames:v", "1", png])
        var failures = 0, successes = 0
        for (original, isImage) in [(wav, false), (png, true)] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: original)))
            var generator = SeededGenerator(seed: isImage ? 0x1_3A6E : 0xA_0D10)
            for trial in 0..<120 {
                var mutated = bytes
                let mode = trial % 3
                if mode != 1 {
                    // Flip a few bytes, biased toward the header where parsers branch.
                    for _ in 0..<(1 + Int(generator.next() % 8)) {
                        let reach = generator.next() % 2 == 0 ? min(64, mutated.count) : mutated.count
                        mutated[Int(generator.next() % UInt64(reach))] ^= UInt8(1 + generator.next() % 255)
                    }
                }
                if mode != 0 {
                    mutated = Array(mutated.prefix(Int(generator.next() % UInt64(mutated.count))))
                }
                let path = scratch.file("case-\(trial).\(isImage ? "png" : "wav")")
                _ = FileManager.default.createFile(atPath: path, contents: Data(mutated))
                switch Self.outcome(path, asImage: isImage) {
                case .success: successes += 1
                case .failure(let error):
                    failures += 1
                    Self.expectOneLine(error, naming: path, "trial \(trial)")
                }
                try FileManager.default.removeItem(atPath: path)
            }
        }
        #expect(failures + successes == 240)
        // Both outcomes occur, so the fuzz reaches past the first check.
        #expect(failures > 20 && successes > 20, "\(failures) failures, \(successes) successes")
    }
}
