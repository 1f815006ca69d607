import AuteurCore
import Foundation
import Testing

/// `auteur export` end to end: the real binary, a small project, ffprobe.
/// Every test gets its own segment cache (XDG_CACHE_HOME), so tests never
/// share segments with each other or with the user's cache.
struct ExportRun {
    let dir: URL
    var cacheHome: URL { dir.appendingPathComponent("cache") }
    var segments: URL { cacheHome.appendingPathComponent("auteur/segments") }

    init() throws {
        dir = try tempDir()
        // Content credentials: keys of this test's own, made now, never the user's.
        try #require(try run(["keys", "init"]).status == 0)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func process(_ args: [String]) -> Process {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["XDG_CACHE_HOME"] = cacheHome.path
        env["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
        p.environment = env
        return p
    }

    @discardableResult
    func run(_ args: [String]) throws -> CLI.Result {
        let p = process(args)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// A 160x90 project at 24 fps: a red car crossing the desert.
    func project(seconds: Int = 2, size: String = "160x90", name: String = "p.auteur") throws -> String {
        let p = path(name)
        try #require(try run(["new", p, "--size", size, "--fps", "24", "--seconds", "\(seconds)"]).status == 0)
        let last = seconds * 24 - 1
        try apply(p, """
            [{"op":"setting","setting":"desert"},
             {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.1,0.8]},{"frame":\(last),"value":[0.9,0.8]}]}]
            """)
        return p
    }

    func apply(_ project: String, _ ops: String) throws {
        let file = path("ops-\(UUID().uuidString.prefix(6)).json")
        try Data(ops.utf8).write(to: URL(fileURLWithPath: file))
        let r = try run(["apply", project, file])
        try #require(r.status == 0, "\(r.err)")
    }

    /// Attaches a 440 Hz tone of `seconds` as a 16-bit WAV.
    func attachTone(_ project: String, seconds: Double = 3) throws {
        let rate = 44_100
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let n = Int(seconds * Double(rate))
        data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + n * 2)); data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(UInt32(rate)); u32(UInt32(rate * 2)); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(UInt32(n * 2))
        for i in 0..<n { u16(UInt16(bitPattern: Int16(12_000 * sin(2 * Double.pi * 440 * Double(i) / Double(rate))))) }
        let wav = path("tone.wav")
        try data.write(to: URL(fileURLWithPath: wav))
        let r = try run(["attach", project, wav])
        try #require(r.status == 0, "\(r.err)")
    }

    /// Names in the folder other than the project, its sidecars and the cache.
    var leftovers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            !$0.hasPrefix("p.auteur") && !$0.hasPrefix("ops-") && $0 != "cache" && $0 != "config" && $0 != "tone.wav"
        }.sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

enum Probe {
    static func run(_ args: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "ffprobe \(args.joined(separator: " ")) failed")
        return data
    }

    static func streams(_ path: String) throws -> (video: [String: Any], audio: [String: Any]?, format: [String: Any]) {
        let json = try JSONSerialization.jsonObject(with: run(["-count_frames", "-show_streams", "-show_format", "-of", "json", path])) as! [String: Any]
        let streams = json["streams"] as! [[String: Any]]
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        return (video, streams.first { $0["codec_type"] as? String == "audio" }, json["format"] as! [String: Any])
    }

    /// Video packets in file order: decode time (nil where the container
    /// stores none) and a SHA-256 of the payload.
    static func packets(_ path: String) throws -> [(dts: Int?, hash: String)] {
        let data = try run(["-select_streams", "v:0", "-show_data_hash", "sha256", "-show_entries", "packet=dts,data_hash", "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (json["packets"] as! [[String: Any]]).map { ($0["dts"] as? Int, $0["data_hash"] as? String ?? "") }
    }

    static func seconds(_ value: Any?) -> Double? { (value as? String).flatMap(Double.init) }
}

@Suite("auteur export", .serialized)
struct ExportCLITests {
    @Test("H.264 in MP4 by default, with the attached sound, tagged BT.709, exact frames and duration")
    func mp4WithAudio() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 2)
        try t.attachTone(p, seconds: 3)
        let out = t.path("film.mp4")
        let r = try t.run(["export", p, "-o", out])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("wrote \(out): 48 frames (2.00 s), 160x90 at 24 fps, h264 in mp4 with audio tone.wav; 2 segments: 2 encoded, 0 reused"), "\(r.out)")
        #expect(r.err.isEmpty, "no progress bar when standard error is not a terminal: \(r.err)")

        let (video, audio, format) = try Probe.streams(out)
        #expect(video["codec_name"] as? String == "h264")
        #expect(video["profile"] as? String != nil)
        #expect(video["pix_fmt"] as? String == "yuv420p")
        #expect(video["width"] as? Int == 160 && video["height"] as? Int == 90)
        #expect(video["r_frame_rate"] as? String == "24/1")
        #expect(video["nb_read_frames"] as? String == "48")
        #expect(Probe.seconds(video["duration"]).map { abs($0 - 2) < 1e-6 } == true, "\(video["duration"] ?? "none")")
        for tag in ["color_space", "color_transfer", "color_primaries"] { #expect(video[tag] as? String == "bt709", "\(tag)") }
        #expect(video["color_range"] as? String == "tv")
        let sound = try #require(audio)
        #expect(sound["codec_name"] as? String == "aac")
        #expect(sound["sample_rate"] as? String == "48000")
        let duration = try #require(Probe.seconds(format["duration"]))
        #expect(abs(duration - 2) < 0.05, "the 3 s tone is cut at the end of the picture: \(duration) s")
        // faststart: the index comes before the media data.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(try #require(bytes.range(of: Data("moov".utf8))).lowerBound < (try #require(bytes.range(of: Data("mdat".utf8))).lowerBound))
        #expect(t.leftovers == ["film.mp4"], "\(t.leftovers)")
    }

    @Test("each other codec in its container", arguments: [
        ("mov", "prores", "prores", "yuv422p10le"),
        ("webm", "vp9", "vp9", "yuv420p"),
        ("mkv", "av1", "av1", "yuv420p"),
        ("mkv", "hevc", "hevc", "yuv420p"),
    ])
    func otherCodecs(container: String, codec: String, probed: String, pixels: String) throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 2)
        try t.attachTone(p, seconds: 1)
        let out = t.path("film.\(container)")
        let r = try t.run(["export", p, "-o", out, "--codec", codec, "--preset", "ultrafast", "--size", "128x72"])
        #expect(r.status == 0, "\(r.err)")
        let (video, audio, _) = try Probe.streams(out)
        #expect(video["codec_name"] as? String == probed)
        #expect(video["pix_fmt"] as? String == pixels)
        #expect(video["width"] as? Int == 128 && video["height"] as? Int == 72)
        #expect(video["r_frame_rate"] as? String == "24/1")
        #expect(video["nb_read_frames"] as? String == "48")
        #expect(video["color_space"] as? String == "bt709" && video["color_primaries"] as? String == "bt709")
        #expect(audio?["codec_name"] as? String == (container == "webm" ? "opus" : "aac"))
        #expect(t.leftovers == ["film.\(container)"])
    }

    @Test("the encoder input is the golden: stable across exports, one line per frame, changed only where the film changed")
    func encoderInputGoldens() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 2)
        #expect(try t.run(["export", p, "-o", t.path("a.mkv"), "--framecrc", t.path("a.crc")]).status == 0)
        // The second export copies every segment; its log must still be complete and equal.
        let again = try t.run(["export", p, "-o", t.path("b.mkv"), "--framecrc", t.path("b.crc")])
        #expect(again.out.contains("2 segments: 0 encoded, 2 reused"), "\(again.out)")
        #expect(try t.run(["export", p, "-o", t.path("c.mkv"), "--framecrc", t.path("c.crc"), "--no-cache"]).status == 0)
        let a = try String(contentsOfFile: t.path("a.crc"), encoding: .utf8)
        #expect(a == (try String(contentsOfFile: t.path("b.crc"), encoding: .utf8)))
        #expect(a == (try String(contentsOfFile: t.path("c.crc"), encoding: .utf8)), "one pass and segments feed the same pictures")
        #expect(try t.run(["export", p, "-o", t.path("t.mkv"), "--framecrc", t.path("t.crc"), "--no-cache", "--threads", "1"]).status == 0)
        #expect(a == (try String(contentsOfFile: t.path("t.crc"), encoding: .utf8)), "one drawing thread or all: the same pictures")
        let lines = a.split(separator: "\n")
        #expect(lines.count == 49 && lines[0] == "#tb 0: 1/fps")
        #expect(lines[1].hasPrefix("0,          0,          0,        1,    21600, 0x"), "160x90 4:2:0 is 21600 bytes")

        // Recolour the car on frames 30-35 only.
        try t.apply(p, ##"[{"op":"set","object":"car","property":"color","value":"#20c040","scope":{"frames":"30-35"}}]"##)
        #expect(try t.run(["export", p, "-o", t.path("d.mkv"), "--framecrc", t.path("d.crc")]).status == 0)
        let d = try String(contentsOfFile: t.path("d.crc"), encoding: .utf8).split(separator: "\n")
        let changed = zip(lines, d).enumerated().filter { $0.element.0 != $0.element.1 }.map { $0.offset - 1 }
        #expect(changed == Array(30...35), "changed frames: \(changed)")

        // Frames 24-47 at 12 fps show every other project frame, by nearest time.
        #expect(try t.run(["export", p, "-o", t.path("e.mkv"), "--frames", "24-47", "--fps", "12", "--framecrc", t.path("e.crc")]).status == 0)
        let e = try String(contentsOfFile: t.path("e.crc"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(e.count == 12)
        func picture(_ line: Substring) -> Substring { line.split(separator: ",").suffix(2).joined(separator: ",")[...] }
        #expect(e.map(picture) == stride(from: 24, to: 48, by: 2).map { picture(d[$0 + 1]) })
        let (video, _, _) = try Probe.streams(t.path("e.mkv"))
        #expect(video["nb_read_frames"] as? String == "12" && video["r_frame_rate"] as? String == "12/1")
    }

    @Test("after a one-second edit only that segment is encoded again; the others are copied byte for byte")
    func smartReExport() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 3)
        let first = try t.run(["export", p, "-o", t.path("first.mp4"), "--progress", "json"])
        #expect(first.status == 0, "\(first.err)")
        let done = try #require(first.out.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(done.utf8)) as? [String: Any])
        #expect(summary["event"] as? String == "done")
        #expect(summary["segments_encoded"] as? Int == 3 && summary["segments_reused"] as? Int == 0)

        try t.apply(p, ##"[{"op":"set","object":"car","property":"color","value":"#20c040","scope":{"frames":"30-35"}}]"##)
        let second = try t.run(["export", p, "-o", t.path("second.mp4"), "--progress", "json"])
        #expect(second.status == 0, "\(second.err)")
        let lines = second.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let progress = lines.filter { $0["event"] as? String == "progress" }
        #expect(!progress.isEmpty)
        #expect(progress.allSatisfy { $0["frames_total"] as? Int == 72 && $0["segments_total"] as? Int == 3 })
        #expect(progress.last?["frames_done"] as? Int == 72)
        let end = try #require(lines.last)
        #expect(end["event"] as? String == "done")
        #expect(end["segments_encoded"] as? Int == 1 && end["segments_reused"] as? Int == 2, "\(end)")

        let a = try Probe.packets(t.path("first.mp4")), b = try Probe.packets(t.path("second.mp4"))
        #expect(a.count == 72 && b.count == 72)
        // Closed one-second GOPs: 24 packets per segment, in file order.
        for s in 0..<3 {
            let same = a[(s * 24)..<((s + 1) * 24)].map(\.hash) == b[(s * 24)..<((s + 1) * 24)].map(\.hash)
            #expect(same == (s != 1), "segment \(s)")
        }
        let dts = b.compactMap(\.dts)
        #expect(dts.count == 72 && zip(dts, dts.dropFirst()).allSatisfy { $0 < $1 }, "decode times rise across the joins")
        let (video, _, format) = try Probe.streams(t.path("second.mp4"))
        #expect(video["nb_read_frames"] as? String == "72")
        #expect(Probe.seconds(video["duration"]).map { abs($0 - 3) < 1e-6 } == true)
        #expect(Probe.seconds(format["duration"]).map { abs($0 - 3) < 1e-3 } == true)
        let cached = try FileManager.default.contentsOfDirectory(atPath: t.segments.path).filter { $0.hasSuffix(".segment") }
        #expect(cached.count == 4, "three segments, and the edited one again")
    }

    @Test("Ctrl-C mid-export leaves no film, no partial file and no temporary soundtrack")
    func interrupt() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 8, size: "640x360")
        try t.attachTone(p, seconds: 8)
        let out = t.path("film.mp4")
        let process = t.process(["export", p, "-o", out, "--progress", "json"])
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait for the first progress line: the export is under way.
        var seen = Data()
        while !seen.contains(0x0A) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("\"event\":\"progress\""))
        #expect(process.isRunning)
        process.interrupt()
        _ = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(process.terminationStatus)")
        #expect(err.hasPrefix("auteur: export to \(out) cancelled at frame ") && err.split(separator: "\n").count == 1, "\(err)")
        #expect(t.leftovers.isEmpty, "left behind: \(t.leftovers)")
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        #expect(!temporary.contains { $0.hasPrefix("auteur-export-\(process.processIdentifier)-") }, "the soundtrack copy is removed")
    }

    @Test("on a terminal, a progress bar with frames/s and ETA is redrawn on standard error, then cleared")
    func progressBarOnTerminal() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 2)
        let out = t.path("film.mp4")
        // script(1) runs the export on a pseudo-terminal and copies what it shows.
        let shown = t.process([])
        shown.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = [CLI.binary.path, "export", p, "-o", out].map { "'\($0)'" }.joined(separator: " ")
        shown.arguments = ["-qec", command, "/dev/null"]
        let pipe = Pipe()
        shown.standardOutput = pipe
        shown.standardError = FileHandle.nullDevice
        shown.standardInput = FileHandle.nullDevice
        try shown.run()
        let screen = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shown.waitUntilExit()
        #expect(shown.terminationStatus == 0, "\(screen)")
        #expect(screen.contains("\r[########################] 100%  48/48 frames"), "\(screen.debugDescription)")
        #expect(screen.contains(" fps  ETA 0:00"))
        #expect(screen.contains("\r\u{1B}[Kwrote \(out): 48 frames"), "the bar is cleared before the final line")
    }

    @Test("an existing file is kept unless --force")
    func refusesToOverwrite() throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 1)
        let out = t.path("film.mp4")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: out))
        let refused = try t.run(["export", p, "-o", out])
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("auteur: ") && refused.err.contains("already exists") && refused.err.split(separator: "\n").count == 1, "\(refused.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data("precious".utf8))
        #expect(t.leftovers == ["film.mp4"])
        let forced = try t.run(["export", p, "-o", out, "--force", "--quiet"])
        #expect(forced.status == 0 && forced.out.isEmpty && forced.err.isEmpty, "\(forced)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) != Data("precious".utf8))
        #expect(t.leftovers == ["film.mp4"])
    }

    @Test("impossible requests fail in one line before anything is written", arguments: [
        (["--codec", "prores"], "film.webm", Int32(2), "prores cannot go in .webm"),
        (["--size", "161x90"], "film.mp4", 2, "even"),
        ([], "film.avi", 2, ".mp4, .mov, .mkv, .webm or .otio"),
        (["--crf", "99"], "film.mp4", 2, "--crf"),
        (["--crf", "20"], "film.mov", 2, "no CRF"),
        (["--preset", "warp"], "film.mp4", 2, "--preset"),
        (["--fps", "0"], "film.mp4", 2, "--fps"),
        (["--frames", "100-200"], "film.mp4", 1, "outside the film"),
        (["--codec", "mpeg2"], "film.mkv", 2, "--codec"),
        (["--threads", "0"], "film.mp4", 2, "--threads"),
    ])
    func badArguments(extra: [String], output: String, status: Int32, message: String) throws {
        let t = try ExportRun()
        defer { t.remove() }
        let p = try t.project(seconds: 1)
        // ProRes is the only codec of .mov without a CRF: ask for prores there.
        let args = output == "film.mov" ? extra + ["--codec", "prores"] : extra
        let r = try t.run(["export", p, "-o", t.path(output)] + args)
        #expect(r.status == status, "\(r.err)")
        #expect(r.err.hasPrefix("auteur: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(t.leftovers.isEmpty, "\(t.leftovers)")
    }
}
