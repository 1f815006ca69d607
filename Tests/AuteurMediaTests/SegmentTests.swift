import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

/// One video packet as ffprobe reads it back from a file.
struct ProbedPacket {
    var pts: Int
    var dts: Int
    var key: Bool
    var hash: String
}

extension Tool {
    /// Every video packet in file order, with a SHA-256 of its payload.
    static func packetHashes(_ path: String) throws -> [ProbedPacket] {
        let data = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_data_hash", "sha256",
                                       "-show_entries", "packet=pts,dts,flags,data_hash", "-of", "json", path])
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (json["packets"] as! [[String: Any]]).map { p in
            ProbedPacket(pts: p["pts"] as? Int ?? Int.min, dts: p["dts"] as? Int ?? Int.min,
                         key: (p["flags"] as? String ?? "").hasPrefix("K"), hash: p["data_hash"] as? String ?? "")
        }
    }
}

/// One codec in one container that takes it, for every codec.
let segmentPairs: [Pair] = [
    Pair(container: .mp4, codec: .h264), Pair(container: .mkv, codec: .hevc), Pair(container: .webm, codec: .vp9),
    Pair(container: .mkv, codec: .av1), Pair(container: .mov, codec: .prores),
]

@Suite struct SegmentTests {
    static let fps = 12

    /// Encodes `segments` one-second segments of the fixture film, frame
    /// `f` shifted by `edit(f)`, copying the segments given in `reuse`.
    static func export(_ target: String, options: ExportOptions, segments: Int, reuse: [Int: EncodedSegment] = [:],
                       edit: (Int) -> Int = { $0 }) throws -> (result: ExportResult, segments: [EncodedSegment], exporter: SegmentedExporter) {
        let exporter = try SegmentedExporter(target: target, options: options, expectedFrames: segments * options.fps)
        var encoded = reuse
        var order: [Int] = []
        exporter.segmentEncoded = { segment, tag in
            encoded[Int(tag!)!] = segment
            order.append(Int(tag!)!)
        }
        for s in 0..<segments {
            if let cached = reuse[s] {
                try exporter.append(cached: cached)
                continue
            }
            try exporter.beginSegment(tag: String(s))
            for f in (s * options.fps)..<((s + 1) * options.fps) {
                try exporter.append(rgba: Fixture.frame(edit(f), sceneCutAt: 30))
            }
            try exporter.endSegment()
        }
        let result = try exporter.finish()
        #expect(order == (0..<segments).filter { reuse[$0] == nil }, "encoded segments come out once each, in film order")
        return (result, (0..<segments).map { encoded[$0]! }, exporter)
    }

    @Test("every codec's segments splice into one stream: fresh encoders write the same headers", arguments: segmentPairs)
    func freshEncodersSplice(_ pair: Pair) throws {
        #expect(pair.codec.crfRange == nil || pair.codec.defaultCRF != nil)
        let scratch = Scratch("splice")
        let target = scratch.file("film.\(pair.container.rawValue)")
        // The default preset: x264 and x265 use B-frames there, so decode
        // times run ahead of presentation times across every join.
        let options = ExportOptions(container: pair.container, codec: pair.codec, width: 128, height: 72, fps: Self.fps)
        // beginSegment refuses an encoder whose headers differ from the stream's.
        let (result, segments, exporter) = try Self.export(target, options: options, segments: 3)
        #expect(result.frames == 36)
        #expect(exporter.segmentsEncoded == 3 && exporter.segmentsReused == 0)
        #expect(segments.allSatisfy { $0.headers == exporter.headers && $0.frameCount == 12 })
        #expect(segments.allSatisfy { $0.packets.first?.isKey == true }, "every segment starts on a keyframe")

        let (streams, format) = try Tool.probe(target)
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        #expect(video["nb_read_frames"] as? String == "36")
        #expect(video["r_frame_rate"] as? String == "12/1")
        #expect(video["color_space"] as? String == "bt709")
        let duration = try #require(Fixture.seconds(format["duration"]))
        #expect(abs(duration - 3) < 0.01, "film lasts \(duration) s")
        let packets = try Tool.packetHashes(target)
        #expect(packets.count == 36)
        // Matroska stores no decode times; the demuxer infers all but the first few.
        let decodeTimes = packets.map(\.dts).filter { $0 != Int.min }
        #expect(decodeTimes.count >= 30)
        #expect(zip(decodeTimes, decodeTimes.dropFirst()).allSatisfy { $0 < $1 }, "decode times rise strictly across segment joins")
        #expect(Set(packets.map(\.pts)).count == 36)
        let keyframes = try Tool.keyFrames(target).enumerated().filter(\.element).map(\.offset)
        #expect(pair.codec == .prores ? keyframes.count == 36 : keyframes == [0, 12, 24])
    }

    @Test("a copied segment is byte for byte what was encoded before, and only the edited second changes",
          arguments: [Pair(container: .mp4, codec: .h264), Pair(container: .mp4, codec: .hevc), Pair(container: .webm, codec: .vp9)])
    func copiedSegmentsAreIdentical(_ pair: Pair) throws {
        let scratch = Scratch("copy")
        let options = ExportOptions(container: pair.container, codec: pair.codec, width: 128, height: 72, fps: Self.fps,
                                    preset: .ultrafast)
        let first = scratch.file("first.\(pair.container.rawValue)")
        let second = scratch.file("second.\(pair.container.rawValue)")
        let (before, segments, _) = try Self.export(first, options: options, segments: 3)
        // An edit inside the middle second: frames 12-23 show other pictures.
        let (after, _, exporter) = try Self.export(second, options: options, segments: 3,
                                                   reuse: [0: segments[0], 2: segments[2]],
                                                   edit: { (12..<24).contains($0) ? $0 + 40 : $0 })
        #expect(exporter.segmentsReused == 2 && exporter.segmentsEncoded == 1)
        #expect(after.frames == 36)

        let a = try Tool.packetHashes(first), b = try Tool.packetHashes(second)
        #expect(a.count == 36 && b.count == 36)
        func hashes(_ packets: [ProbedPacket], second s: Int) -> [String] {
            // Closed segments of 12 frames are 12 packets each, in file order.
            packets[(s * 12)..<((s + 1) * 12)].map(\.hash)
        }
        #expect(hashes(a, second: 0) == hashes(b, second: 0))
        #expect(hashes(a, second: 2) == hashes(b, second: 2))
        #expect(hashes(a, second: 1) != hashes(b, second: 1))
        #expect(zip(b, b.dropFirst()).allSatisfy { $0.dts < $1.dts })

        // The encoder-input log covers copied frames too, at their places.
        let lines = before.encoderInput.text.split(separator: "\n"), changed = after.encoderInput.text.split(separator: "\n")
        let differing = zip(lines, changed).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing == Array(13...24), "lines 13-24 are frames 12-23")
        #expect(after.encoderInput.entries.map(\.pts) == Array(0..<36).map(Int64.init))
    }

    @Test("consecutive H.264 segments share one encoder: a cold export writes the packets of one pass, and each segment alone starts on a keyframe")
    func runsShareAnEncoder() throws {
        let scratch = Scratch("run")
        let options = ExportOptions(container: .mp4, codec: .h264, width: 128, height: 72, fps: Self.fps)
        let segmented = scratch.file("segments.mp4"), whole = scratch.file("whole.mp4")
        let (_, segments, exporter) = try Self.export(segmented, options: options, segments: 4)
        #expect(exporter.segmentsEncoded == 4)
        let onePass = try VideoExporter(target: whole, options: options, expectedFrames: 48)
        for f in 0..<48 { try onePass.append(rgba: Fixture.frame(f, sceneCutAt: 30)) }
        _ = try onePass.finish()
        let a = try Tool.packetHashes(segmented), b = try Tool.packetHashes(whole)
        #expect(a.count == 48 && a.map(\.hash) == b.map(\.hash), "segmenting changed the encoder's output")
        #expect(a.map(\.dts) == b.map(\.dts) && a.map(\.pts) == b.map(\.pts))
        // What the cache gets is the stream cut at the keyframes, timed from each segment's start.
        let tick = (a.map(\.pts).max()! - a.map(\.pts).min()!) / 47  // the file's ticks per frame
        #expect(segments.map { $0.packets.map(\.dts) }.enumerated().flatMap { s, dts in dts.map { Int($0) + 12 * s } }
                == a.map { $0.dts / tick })
        #expect(segments.allSatisfy { $0.frameCount == 12 && $0.packets.count == 12 && $0.packets.first?.isKey == true })
        #expect(segments.allSatisfy { $0.packets.first?.pts == 0 && Set($0.packets.map(\.pts)) == Set(0..<12) })
    }

    @Test("a segment shorter than a GOP ends the run: the next segment gets a fresh encoder and still starts on a keyframe")
    func shortSegmentEndsTheRun() throws {
        let scratch = Scratch("short")
        let options = ExportOptions(container: .mp4, codec: .h264, width: 128, height: 72, fps: Self.fps)
        let target = scratch.file("film.mp4")
        let exporter = try SegmentedExporter(target: target, options: options)
        var delivered: [EncodedSegment] = []
        exporter.segmentEncoded = { segment, _ in delivered.append(segment) }
        var frame = 0
        for length in [12, 12, 5, 12] {
            try exporter.beginSegment()
            for _ in 0..<length {
                try exporter.append(rgba: Fixture.frame(frame))
                frame += 1
            }
            try exporter.endSegment()
        }
        let result = try exporter.finish()
        #expect(result.frames == 41 && delivered.map(\.frameCount) == [12, 12, 5, 12])
        #expect(delivered.allSatisfy { $0.packets.first?.isKey == true })
        let keyframes = try Tool.keyFrames(target).enumerated().filter(\.element).map(\.offset)
        #expect(keyframes == [0, 12, 24, 29])
        let dts = try Tool.packetHashes(target).map(\.dts)
        #expect(dts.count == 41 && zip(dts, dts.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("a segment from other settings is refused and the partial file removed")
    func mismatchedSegment() throws {
        let scratch = Scratch("mismatch")
        let small = ExportOptions(container: .mkv, codec: .h264, width: 128, height: 72, fps: Self.fps, preset: .ultrafast)
        let (_, segments, _) = try Self.export(scratch.file("a.mkv"), options: small, segments: 1)
        var other = small
        other.crf = 30
        let exporter = try SegmentedExporter(target: scratch.file("b.mkv"), options: other)
        #expect(exporter.settingsKey != (try SegmentedExporter(target: scratch.file("c.mkv"), options: small)).settingsKey)
        var foreign = segments[0]
        foreign.headers = [0, 0, 0, 1]
        #expect(throws: MediaError.self) { try exporter.append(cached: foreign) }
        #expect(scratch.entries == ["a.mkv"], "found \(scratch.entries)")
        // A segment without frame hashes cannot go into a film that logs them.
        var unhashed = segments[0]
        unhashed.frames = unhashed.frames.map { .init(size: $0.size, adler32: nil) }
        let logging = try SegmentedExporter(target: scratch.file("d.mkv"), options: small)
        #expect(throws: MediaError.self) { try logging.append(cached: unhashed) }
        let quiet = try SegmentedExporter(target: scratch.file("e.mkv"), options: small, hashesFrames: false)
        try quiet.append(cached: unhashed)
        #expect(try quiet.finish().encoderInput.entries.isEmpty)
        #expect(scratch.entries.sorted() == ["a.mkv", "e.mkv"], "found \(scratch.entries)")
    }

    @Test("a stored segment reads back equal; a damaged or truncated one does not")
    func serialization() throws {
        let segment = EncodedSegment(headers: [1, 2, 3],
                                     packets: [.init(data: [9, 8, 7, 6, 5], pts: 0, dts: -2, duration: 1, flags: 1),
                                               .init(data: Array(repeating: 4, count: 300), pts: 2, dts: -1, duration: 1, flags: 0)],
                                     frames: [.init(size: 13_824, adler32: 0xDEAD_BEEF), .init(size: 13_824, adler32: 7)])
        let bytes = segment.serialized()
        #expect(EncodedSegment(serialized: bytes) == segment)
        #expect(EncodedSegment(serialized: Array(bytes.dropLast())) == nil)
        #expect(EncodedSegment(serialized: Array(bytes.prefix(40))) == nil)
        for position in [0, 10, 30, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(EncodedSegment(serialized: damaged) == nil, "a flipped bit at \(position) went unnoticed")
        }
        #expect(EncodedSegment(serialized: []) == nil)
        #expect(segment.hasFrameHashes)
        // Encoded by an export that kept no log: sizes without hashes read back as such.
        var unhashed = segment
        unhashed.frames = [.init(size: 13_824, adler32: nil), .init(size: 13_824, adler32: nil)]
        #expect(!unhashed.hasFrameHashes)
        #expect(EncodedSegment(serialized: unhashed.serialized()) == unhashed)
        #expect(unhashed.serialized().count < bytes.count)
    }

    @Test("the segment cache returns what it stored, drops damaged files, and evicts the least recently used")
    func cache() throws {
        let scratch = Scratch("cache")
        let cache = try SegmentCache(directory: URL(fileURLWithPath: scratch.file("segments")), capacityBytes: 1 << 20)
        func segment(_ fill: UInt8) -> EncodedSegment {
            EncodedSegment(headers: [fill], packets: [.init(data: Array(repeating: fill, count: 300_000), pts: 0, dts: 0, duration: 1, flags: 1)],
                           frames: [.init(size: 1, adler32: UInt32(fill))])
        }
        let keys = ["aa01", "bb02", "cc03", "dd04"]
        func age(_ key: String, _ seconds: Double) throws {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -seconds)],
                                                  ofItemAtPath: scratch.file("segments/\(key).segment"))
        }
        #expect(cache.store(segment(1), for: keys[0]))
        try age(keys[0], 300)
        #expect(cache.store(segment(2), for: keys[1]))
        try age(keys[1], 200)
        #expect(cache.segment(for: keys[0]) == segment(1), "reading marks the first as just used")
        #expect(cache.store(segment(3), for: keys[2]))
        try age(keys[2], 100)
        #expect(cache.store(segment(4), for: keys[3]))
        #expect(cache.segment(for: keys[1]) == nil, "the least recently used went first")
        #expect(cache.contains(keys[0]) && cache.contains(keys[3]))
        #expect(cache.size <= 1 << 20)

        // A damaged file is a miss, and is removed.
        let path = scratch.file("segments/\(keys[3]).segment")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(cache.segment(for: keys[3]) == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
        // Keys never name a file outside the folder.
        #expect(!cache.store(segment(5), for: "../escape"))
        #expect(cache.segment(for: "../../etc/passwd") == nil)
    }

    @Test("a film that starts later in the soundtrack skips that much sound")
    func audioStart() throws {
        let scratch = Scratch("audiostart")
        let audio = scratch.file("tone.wav")
        // Silence for 1 s, then a tone: starting 1 s in, the film opens on the tone.
        Fixture.writeWAV(Fixture.toneBurst(seconds: 2, sampleRate: 48_000, start: 1, end: 2), sampleRate: 48_000, to: audio)
        for (start, loud) in [(0.0, false), (1.0, true)] {
            let target = scratch.file("film-\(start).mkv")
            let options = ExportOptions(container: .mkv, codec: .h264, width: 128, height: 72, fps: Self.fps, preset: .ultrafast,
                                        audioPath: audio, audioStart: start)
            _ = try Self.export(target, options: options, segments: 1)
            let pcm = try Tool.run("ffmpeg", ["-v", "error", "-nostdin", "-i", target, "-t", "0.25", "-ac", "1", "-f", "f32le", "-"])
            let samples = pcm.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let peak = samples.map(abs).max() ?? 0
            #expect(loud ? peak > 0.3 : peak < 0.05, "start \(start): peak \(peak)")
        }
    }
}
