import AuteurCore
import Foundation
@testable import AuteurMedia

/// A fresh folder per test, removed at the end. Media is generated here,
/// never committed.
final class Scratch {
    let path: String

    init(_ name: String) {
        // The name only has to be unique; nothing rendered depends on it.
        path = NSTemporaryDirectory() + "auteur-media-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// AUTEUR_KEEP_MEDIA=1 keeps the folders, to open the films by hand.
    deinit { if ProcessInfo.processInfo.environment["AUTEUR_KEEP_MEDIA"] == nil { try? FileManager.default.removeItem(atPath: path) } }

    func file(_ name: String) -> String { path + "/" + name }

    /// Every entry in the folder, hidden ones included: partial files must not linger.
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
}

enum Tool {
    /// Runs ffmpeg/ffprobe and returns stdout; fails the test loudly if the tool fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw AuteurError.badInput("\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return data
    }

    static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-v", "error", "-nostdin", "-y"] + arguments)
    }

    /// `ffprobe -show_streams -show_format -count_frames` as dictionaries.
    static func probe(_ path: String) throws -> (streams: [[String: Any]], format: [String: Any]) {
        let data = try run("ffprobe", ["-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (json["streams"] as! [[String: Any]], json["format"] as! [String: Any])
    }

    /// Video packets in decode order: presentation time stamp and key flag.
    static func packets(_ path: String) throws -> [(pts: Int, key: Bool)] {
        let data = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,flags",
                                       "-of", "csv=p=0", path])
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, let pts = Int(fields[0]) else { return nil }
            return (pts, fields[1].hasPrefix("K"))
        }
    }

    /// key_frame flag of every video frame, in presentation order.
    static func keyFrames(_ path: String) throws -> [Bool] {
        let data = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame",
                                       "-of", "csv=p=0", path])
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1") }
    }
}

enum Fixture {
    /// A picture that changes every frame: a diagonal gradient that slides,
    /// and a square whose position gives the frame away.
    static func frame(_ index: Int, width: Int = 128, height: Int = 72, sceneCutAt cut: Int? = nil) -> [UInt8] {
        if let cut, index >= cut {
            // A hard cut to a different shot: an encoder with scene-cut
            // detection would put a keyframe here.
            var inverted = Fixture.frame(index, width: width, height: height).map { 255 - $0 }
            for alpha in stride(from: 3, to: inverted.count, by: 4) { inverted[alpha] = 255 }
            return inverted
        }
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                pixels[o] = UInt8((x * 2 + index * 3) & 255)
                pixels[o + 1] = UInt8((y * 3 + index) & 255)
                pixels[o + 2] = UInt8(((x + y) * 2) & 255)
                let sx = (index * 4) % (width - 16)
                if x >= sx, x < sx + 16, y >= 20, y < 36 {
                    pixels[o] = 250; pixels[o + 1] = 250; pixels[o + 2] = 30
                }
            }
        }
        return pixels
    }

    /// 16-bit PCM WAV writer, so audio tests need no encoder of ours to trust.
    static func writeWAV(_ samples: [Float], sampleRate: Int, channels: Int = 1, to path: String) {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let frames = samples.count / channels
        data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + frames * channels * 2))
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(UInt16(channels))
        u32(UInt32(sampleRate)); u32(UInt32(sampleRate * channels * 2)); u16(UInt16(channels * 2)); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(UInt32(frames * channels * 2))
        for s in samples { u16(UInt16(bitPattern: Int16((max(-1, min(1, s)) * 32767).rounded()))) }
        _ = FileManager.default.createFile(atPath: path, contents: data)
    }

    /// A sine at `frequency` between `start` and `end` seconds, silence elsewhere.
    static func toneBurst(seconds: Double, sampleRate: Int, start: Double, end: Double, frequency: Double = 440, amplitude: Float = 0.5) -> [Float] {
        (0..<Int(seconds * Double(sampleRate))).map { i in
            let t = Double(i) / Double(sampleRate)
            return t >= start && t < end ? amplitude * Float(sin(2 * Double.pi * frequency * t)) : 0
        }
    }

    /// Short decaying noise clicks at the given times over near-silence.
    static func clicks(at times: [Double], seconds: Double, sampleRate: Int, seed: UInt64 = 7) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var samples = (0..<Int(seconds * Double(sampleRate))).map { _ in Float(generator.unit() - 0.5) * 0.002 }
        for time in times {
            let start = Int(time * Double(sampleRate))
            for i in 0..<Int(0.01 * Double(sampleRate)) where start + i < samples.count {
                let decay = Float(exp(-Double(i) / (0.002 * Double(sampleRate))))
                samples[start + i] += Float(generator.unit() * 2 - 1) * 0.8 * decay
            }
        }
        return samples
    }

    static func seconds(_ value: Any?) -> Double? {
        (value as? String).flatMap(Double.init)
    }
}
