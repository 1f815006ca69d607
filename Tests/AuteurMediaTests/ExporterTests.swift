import AuteurCore
import Foundation
import Testing
@testable import AuteurMedia

struct Pair: CustomTestStringConvertible, Sendable {
    var container: ExportOptions.Container
    var codec: ExportOptions.VideoCodec
    var testDescription: String { "\(codec.rawValue) in \(container.rawValue)" }
}

/// Every codec each container accepts.
let allPairs: [Pair] = ExportOptions.Container.allCases.flatMap { container in
    container.videoCodecs.map { Pair(container: container, codec: $0) }
}

@Suite struct ExporterTests {
    static let fps = 24
    static let frames = 36 // 1.5 s: two GOPs, the second one short

    @Test("every codec and container pair writes a tagged, closed-GOP film with its audio", arguments: allPairs)
    func codecContainerPair(_ pair: Pair) throws {
        let scratch = Scratch("pair")
        // Three seconds of tone for a 1.5 s film: the export must cut it.
        let audio = scratch.file("tone.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 3, sampleRate: 44_100, start: 0, end: 3), sampleRate: 44_100, to: audio)
        let target = scratch.file("film.\(pair.container.rawValue)")
        let options = ExportOptions(container: pair.container, codec: pair.codec, width: 128, height: 72, fps: Self.fps, audioPath: audio)
        let result = try VideoExporter.export(to: target, options: options, frameCount: Self.frames) {
            Fixture.frame($0, sceneCutAt: 10)
        }
        #expect(result.frames == Self.frames)
        #expect(result.audioSamples == 72_000, "1.5 s at 48 kHz")
        #expect(scratch.entries == ["film.\(pair.container.rawValue)", "tone.wav"], "no partial file is left behind")

        let (streams, format) = try Tool.probe(target)
        let video = try #require(streams.first { $0["codec_type"] as? String == "video" })
        let expectedCodec = ["h264": "h264", "hevc": "hevc", "vp9": "vp9", "av1": "av1", "prores": "prores"][pair.codec.rawValue]
        #expect(video["codec_name"] as? String == expectedCodec)
        #expect(video["width"] as? Int == 128)
        #expect(video["height"] as? Int == 72)
        #expect(video["r_frame_rate"] as? String == "24/1")
        #expect(video["nb_read_frames"] as? String == "\(Self.frames)")
        #expect(video["pix_fmt"] as? String == (pair.codec == .prores ? "yuv422p10le" : "yuv420p"))
        #expect(video["color_space"] as? String == "bt709")
        #expect(video["color_transfer"] as? String == "bt709")
        #expect(video["color_primaries"] as? String == "bt709")
        #expect(video["color_range"] as? String == "tv")

        let sound = try #require(streams.first { $0["codec_type"] as? String == "audio" })
        #expect(sound["codec_name"] as? String == (pair.container == .webm ? "opus" : "aac"))
        #expect(sound["sample_rate"] as? String == "48000")
        #expect(sound["channels"] as? Int == 2)
        let duration = try #require(Fixture.seconds(format["duration"]))
        #expect(abs(duration - 1.5) < 0.1, "film lasts \(duration) s")
        if let audioStart = Fixture.seconds(sound["start_time"]) {
            #expect(abs(audioStart) < 0.03, "audio starts at frame 0, not \(audioStart) s")
        }

        // A keyframe on every second and nowhere else, not even at the cut in frame 10.
        let keys = try Tool.keyFrames(target)
        #expect(keys.count == Self.frames)
        let keyIndices = keys.enumerated().filter(\.element).map(\.offset)
        if pair.codec == .prores {
            #expect(keyIndices.count == Self.frames, "ProRes is all-intra")
        } else {
            #expect(keyIndices == [0, 24])
        }
        // Closed GOPs: nothing after a keyframe in decode order is shown before it.
        let packets = try Tool.packets(target)
        #expect(packets.count == Self.frames)
        for (index, packet) in packets.enumerated() where packet.key {
            #expect(packets[index...].allSatisfy { $0.pts >= packet.pts }, "a frame after keyframe \(index) refers back across it")
        }
    }

    @Test("MP4 is written with its index at the front (faststart)")
    func faststart() throws {
        let scratch = Scratch("faststart")
        let target = scratch.file("film.mp4")
        _ = try VideoExporter.export(to: target, options: ExportOptions(width: 128, height: 72, fps: 24), frameCount: 4) { Fixture.frame($0) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        let moov = try #require(bytes.range(of: Data("moov".utf8))).lowerBound
        let mdat = try #require(bytes.range(of: Data("mdat".utf8))).lowerBound
        #expect(moov < mdat)
    }

    @Test("impossible options fail in one line before any file is made")
    func invalidOptions() throws {
        let scratch = Scratch("invalid")
        let cases: [(ExportOptions, String)] = [
            (ExportOptions(container: .webm, codec: .prores, width: 128, height: 72, fps: 24), "prores cannot go in webm"),
            (ExportOptions(container: .mp4, codec: .prores, width: 128, height: 72, fps: 24), "prores cannot go in mp4"),
            (ExportOptions(container: .webm, codec: .h264, width: 128, height: 72, fps: 24), "h264 cannot go in webm"),
            (ExportOptions(container: .mp4, codec: .h264, width: 127, height: 72, fps: 24), "even width"),
            (ExportOptions(container: .mov, codec: .prores, width: 128, height: 72, fps: 24, crf: 10), "no CRF"),
            (ExportOptions(container: .mp4, codec: .h264, width: 128, height: 72, fps: 24, crf: 60), "CRF 60 is outside 0 to 51"),
        ]
        for (options, expected) in cases {
            let target = scratch.file("bad.\(options.container.rawValue)")
            let error = #expect(throws: MediaError.self) { try VideoExporter(target: target, options: options) }
            #expect(error?.kind == .invalidOptions)
            #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
            #expect(error?.description.contains(target) == true)
            #expect(error?.description.contains("\n") == false)
        }
        #expect(scratch.entries.isEmpty)
        #expect(ExportOptions.Container(fileName: "Final Cut.MOV") == .mov)
        #expect(ExportOptions.Container(fileName: "film") == nil)
    }

    @Test("encoder-input hashes are stable, and a changed frame changes exactly its line")
    func encoderInputHashes() throws {
        let scratch = Scratch("hashes")
        let options = ExportOptions(container: .mkv, codec: .h264, width: 128, height: 72, fps: 24)
        let first = try VideoExporter.export(to: scratch.file("a.mkv"), options: options, frameCount: 12) { Fixture.frame($0) }
        let again = try VideoExporter.export(to: scratch.file("b.mkv"), options: options, frameCount: 12) { Fixture.frame($0) }
        #expect(first.encoderInput.text == again.encoderInput.text)

        let changed = try VideoExporter.export(to: scratch.file("c.mkv"), options: options, frameCount: 12) { index in
            var pixels = Fixture.frame(index)
            if index == 5 { pixels[4 * (30 * 128 + 60)] ^= 0x80 } // one pixel's red
            return pixels
        }
        let lines = first.encoderInput.text.split(separator: "\n")
        let changedLines = changed.encoderInput.text.split(separator: "\n")
        #expect(lines.count == 13, "a header and one line per frame")
        let differing = zip(lines, changedLines).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing == [6], "line 6 is frame 5 (after the header)")
        // 4:2:0 at 128x72: Y 9216 bytes, U and V 2304 each.
        #expect(first.encoderInput.entries.allSatisfy { $0.size == 13_824 })
        #expect(first.encoderInput.entries.map(\.pts) == Array(0..<12).map(Int64.init))
        #expect(lines[1].hasPrefix("0,          0,          0,        1,    13824, 0x"))
    }

    @Test("ProRes is fed 10-bit 4:2:2: the hashed picture is twice the 8-bit luma size per sample")
    func proresInputSize() throws {
        let scratch = Scratch("prores")
        let options = ExportOptions(container: .mov, codec: .prores, width: 128, height: 72, fps: 24)
        let result = try VideoExporter.export(to: scratch.file("p.mov"), options: options, frameCount: 2) { Fixture.frame($0) }
        // Y 128*72*2 bytes, U and V 64*72*2 each.
        #expect(result.encoderInput.entries.map(\.size) == [36_864, 36_864])
    }

    @Test("progress is reported after every frame with the total")
    func progress() throws {
        let scratch = Scratch("progress")
        var seen: [ExportProgress] = []
        _ = try VideoExporter.export(to: scratch.file("p.mp4"), options: ExportOptions(width: 128, height: 72, fps: 24),
                                     frameCount: 5, progress: { seen.append($0) }) { Fixture.frame($0) }
        #expect(seen.map(\.framesDone) == [1, 2, 3, 4, 5])
        #expect(seen.allSatisfy { $0.totalFrames == 5 })
    }

    @Test("a cancelled export leaves neither the target nor a partial file")
    func cancelMidway() throws {
        let scratch = Scratch("cancel")
        let target = scratch.file("film.mp4")
        var drawn = 0
        let error = #expect(throws: MediaError.self) {
            _ = try VideoExporter.export(to: target, options: ExportOptions(width: 128, height: 72, fps: 24), frameCount: 48,
                                         isCancelled: { drawn == 20 }) { index in
                drawn += 1
                return Fixture.frame(index)
            }
        }
        #expect(error?.kind == .cancelled)
        #expect(drawn == 20)
        #expect(scratch.entries.isEmpty, "found \(scratch.entries)")
    }

    @Test("an error mid-export, or an exporter dropped unfinished, leaves nothing")
    func failureLeavesNothing() throws {
        let scratch = Scratch("failure")
        let options = ExportOptions(width: 128, height: 72, fps: 24)
        let wrongSize = #expect(throws: MediaError.self) {
            _ = try VideoExporter.export(to: scratch.file("a.mp4"), options: options, frameCount: 10) { index in
                index == 6 ? [UInt8](repeating: 0, count: 100) : Fixture.frame(index)
            }
        }
        #expect(wrongSize?.description.contains("frame 6") == true)
        #expect(scratch.entries.isEmpty)

        do {
            let exporter = try VideoExporter(target: scratch.file("b.mp4"), options: options)
            try exporter.append(rgba: Fixture.frame(0))
            #expect(scratch.entries.count == 1 && scratch.entries[0].hasPrefix(".b.mp4.partial-"), "the partial file is hidden")
        }
        #expect(scratch.entries.isEmpty, "dropping the exporter removes its partial file")

        // Audio that cannot be read fails before anything is encoded.
        let notAudio = scratch.file("notes.txt")
        _ = FileManager.default.createFile(atPath: notAudio, contents: Data("hello".utf8))
        var withBadAudio = options
        withBadAudio.audioPath = notAudio
        let badAudio = #expect(throws: MediaError.self) { try VideoExporter(target: scratch.file("c.mp4"), options: withBadAudio) }
        #expect(badAudio?.description.contains(notAudio) == true, "\(badAudio?.description ?? "")")
        #expect(scratch.entries == ["notes.txt"])
    }

    @Test("an existing target is kept unless force is given")
    func overwrite() throws {
        let scratch = Scratch("overwrite")
        let target = scratch.file("film.mp4")
        let original = Data("precious".utf8)
        _ = FileManager.default.createFile(atPath: target, contents: original)
        let options = ExportOptions(width: 128, height: 72, fps: 24)
        let refused = #expect(throws: MediaError.self) {
            _ = try VideoExporter.export(to: target, options: options, frameCount: 3) { Fixture.frame($0) }
        }
        #expect(refused?.kind == .targetExists)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == original)
        #expect(scratch.entries == ["film.mp4"])

        _ = try VideoExporter.export(to: target, options: options, frameCount: 3, force: true) { Fixture.frame($0) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) != original)
        #expect(scratch.entries == ["film.mp4"])
    }

    @Test("audio shorter than the film ends where it ends, starting at frame 0")
    func shortAudio() throws {
        let scratch = Scratch("shortaudio")
        let audio = scratch.file("blip.wav")
        Fixture.writeWAV(Fixture.toneBurst(seconds: 0.5, sampleRate: 48_000, start: 0, end: 0.5), sampleRate: 48_000, to: audio)
        let options = ExportOptions(container: .webm, codec: .vp9, width: 128, height: 72, fps: 24, preset: .ultrafast, audioPath: audio)
        let result = try VideoExporter.export(to: scratch.file("film.webm"), options: options, frameCount: 24) { Fixture.frame($0) }
        #expect(result.audioSamples == 24_000)
        let (streams, _) = try Tool.probe(scratch.file("film.webm"))
        #expect(streams.contains { $0["codec_name"] as? String == "opus" })
    }
}
