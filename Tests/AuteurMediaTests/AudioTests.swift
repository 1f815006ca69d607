import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

@Suite struct AudioTests {
    static let fps = 24

    @Test("the envelope is loud during a tone burst and silent around it")
    func envelopeFollowsBurst() throws {
        let scratch = Scratch("envelope")
        let path = scratch.file("burst.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 2, sampleRate: 44_100, start: 0.5, end: 1.0), sampleRate: 44_100, to: path)
        let analysis = try AudioAnalysis.analyze(path: path, fps: Self.fps)
        #expect(analysis.envelope.count == 48)
        #expect(abs(analysis.seconds - 2) < 0.01)
        // Frames 12...23 cover 0.5 s to 1.0 s; the edges blur a little through resampling.
        for frame in 13...22 { #expect(analysis.envelope[frame] > 0.9, "frame \(frame): \(analysis.envelope[frame])") }
        for frame in Array(0...10) + Array(26...47) { #expect(analysis.envelope[frame] < 0.02, "frame \(frame): \(analysis.envelope[frame])") }
        #expect(analysis.envelope.max() == 1)
    }

    @Test("onsets land on the clicks, each within one frame")
    func onsetsAtClicks() throws {
        let scratch = Scratch("onsets")
        let path = scratch.file("clicks.wav")
        let truth = [0.25, 0.8, 1.3, 1.65, 1.8]
        Fixture.writeWAV(Fixture.clicks(at: truth, seconds: 2.2, sampleRate: 48_000), sampleRate: 48_000, to: path)
        let analysis = try AudioAnalysis.analyze(path: path, fps: Self.fps)
        let found = analysis.onsets.map(\.seconds)
        #expect(found.count == truth.count, "found \(found)")
        for (time, expected) in zip(found, truth) {
            #expect(abs(time - expected) < 1.0 / Double(Self.fps), "onset at \(time) s, click at \(expected) s")
        }
        for (onset, expected) in zip(analysis.onsets, truth) {
            #expect(abs(onset.frame - Int(expected * Double(Self.fps))) <= 1)
            #expect(onset.strength > 0 && onset.strength <= 1)
        }
    }

    @Test("analysis is deterministic and survives a JSON round trip")
    func deterministicAndCodable() throws {
        let scratch = Scratch("codable")
        let path = scratch.file("mix.wav")
        let clicks = Fixture.clicks(at: [0.3, 0.9], seconds: 1.2, sampleRate: 22_050)
        let tone = Fixture.toneBurst(seconds: 1.2, sampleRate: 22_050, start: 0.5, end: 0.7, amplitude: 0.3)
        Fixture.writeWAV(zip(clicks, tone).map(+), sampleRate: 22_050, to: path)
        let first = try AudioAnalysis.analyze(path: path, fps: 30)
        let second = try AudioAnalysis.analyze(path: path, fps: 30)
        #expect(first == second)
        let data = try JSONEncoder().encode(first)
        #expect(try JSONDecoder().decode(AudioAnalysis.self, from: data) == first)
    }

    @Test("silence has a flat zero envelope and no onsets")
    func silence() throws {
        let scratch = Scratch("silence")
        let path = scratch.file("silence.wav")
        Fixture.writeWAV([Float](repeating: 0, count: 16_000), sampleRate: 16_000, to: path)
        let analysis = try AudioAnalysis.analyze(path: path, fps: Self.fps)
        #expect(analysis.envelope.count == 24)
        #expect(analysis.envelope.allSatisfy { $0 == 0 })
        #expect(analysis.onsets.isEmpty)
    }

    @Test("wav, flac, mp3, ogg/opus and m4a all decode to the same burst",
          arguments: [("flac", ["-c:a", "flac"]), ("mp3", ["-c:a", "libmp3lame"]), ("ogg", ["-c:a", "libopus"]),
                      ("m4a", ["-c:a", "aac"]), ("wav", ["-c:a", "pcm_s24le", "-ac", "2"])])
    func formats(_ ext: String, _ codec: [String]) throws {
        let scratch = Scratch("format-\(ext)")
        let source = scratch.file("source.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 2, sampleRate: 44_100, start: 0.5, end: 1.0), sampleRate: 44_100, to: source)
        let path = scratch.file("burst.\(ext)")
        try Tool.ffmpeg(["-i", source] + codec + [path])
        let audio = try AudioDecoder.decode(path: path)
        #expect(audio.sampleRate == 16_000)
        // Lossy coders add a frame or two of padding at either end.
        #expect(abs(audio.seconds - 2) < 0.1, "\(audio.seconds) s")
        let analysis = AudioAnalysis.analyze(audio, fps: Self.fps)
        let loudest = analysis.envelope.indices.max { analysis.envelope[$0] < analysis.envelope[$1] }!
        #expect((12...24).contains(loudest))
        #expect(analysis.envelope[5] < 0.05 && analysis.envelope[35] < 0.05)
    }

    @Test("the FFT finds a pure bin and matches a direct DFT")
    func fft() {
        let n = 64
        let fft = FFT(size: n)
        let signal = (0..<n).map { cos(2 * Double.pi * 5 * Double($0) / Double(n)) + 0.25 * sin(2 * Double.pi * 11 * Double($0) / Double(n)) }
        let fast = fft.magnitudes(of: signal)
        let direct = (0...n / 2).map { k -> Double in
            var re = 0.0, im = 0.0
            for (i, x) in signal.enumerated() {
                re += x * cos(-2 * Double.pi * Double(k * i) / Double(n))
                im += x * sin(-2 * Double.pi * Double(k * i) / Double(n))
            }
            return (re * re + im * im).squareRoot()
        }
        for k in 0...n / 2 { #expect(abs(fast[k] - direct[k]) < 1e-9) }
        #expect(abs(fast[5] - 32) < 1e-9)
        #expect(abs(fast[11] - 8) < 1e-9)
    }
}
