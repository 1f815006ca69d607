import AuteurCore
import AuteurSession
import AuteurStore
import Foundation
import Testing

/// Makes media with the ffmpeg command line (installed by setup), so the
/// files under test come from an independent encoder.
func ffmpeg(_ args: [String]) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["ffmpeg", "-v", "error", "-y"] + args
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw AuteurError.badInput("ffmpeg \(args.joined(separator: " ")) failed") }
}

@Suite("Attaching media", .serialized)
struct AttachTests {
    @Test func attachedAudioDrivesAMouth() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // One second of silence, one second of tone, one of silence.
        let wav = dir.appendingPathComponent("voice.wav")
        try ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-af", "volume=enable='not(between(t,1,2))':volume=0",
                    "-ar", "16000", wav.path])
        let session = Session(store: store)
        let result = try session.attach(file: wav)
        #expect(result.changed && result.reply.text.contains("voice.wav"))
        let project = try store.currentProject()
        let attachment = try #require(project.attachments.first)
        #expect(attachment.name == "voice.wav" && attachment.kind == .audio)
        #expect(try store.media(attachment.hash)?.bytes == Data(contentsOf: wav))

        try session.submit(#"[{"op":"add","id":"anna","kind":"person"},{"op":"bind_audio","object":"anna","media":"\#(attachment.hash)","property":"mouth"}]"#)
        let bound = try store.currentProject()
        let signals = try session.audioSignals(for: bound)
        let silent = bound.evaluate(12, signals: signals).object("anna")!.mouth
        let speaking = bound.evaluate(36, signals: signals).object("anna")!.mouth
        #expect(silent < 0.05, "the mouth is shut in the silent second (\(silent))")
        #expect(speaking > 0.8, "the mouth opens while the tone plays (\(speaking))")
    }

    @Test func attachedImagesKeepTheirColourStatistics() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("ref.png")
        try ffmpeg(["-f", "lavfi", "-i", "color=c=0xff8000:s=64x48", "-frames:v", "1", png.path])
        let result = try Session(store: store).attach(file: png)
        #expect(result.reply.text.contains("64x48"))
        let hash = try #require(try store.currentProject().attachments.first?.hash)
        let analysis = try JSONDecoder().decode(ImageAnalysis.self, from: try #require(try store.media(hash)?.analysis))
        #expect(analysis.width == 64 && analysis.height == 48)
        // Linear-light mean of an orange: red high, blue nearly nothing.
        #expect(analysis.statistics.mean[0] > 0.9 && analysis.statistics.mean[2] < 0.01)
    }

    @Test func unusableFilesAreRefusedAndChangeNothing() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("clip.wav")
        try ffmpeg(["-f", "lavfi", "-i", "sine=duration=1", wav.path])
        let cut = dir.appendingPathComponent("cut.wav")
        try Data(try Data(contentsOf: wav).prefix(30)).write(to: cut)
        let text = dir.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: text)
        let fake = dir.appendingPathComponent("fake.png")
        try Data(contentsOf: wav).write(to: fake)
        let session = Session(store: store)
        for file in [cut, text, fake, dir.appendingPathComponent("missing.wav")] {
            do {
                try session.attach(file: file)
                Issue.record("attached \(file.lastPathComponent)")
            } catch let e as AuteurError {
                #expect(e.description.contains(file.lastPathComponent), "\(e.description)")
                #expect(!e.description.contains("\n"))
            }
        }
        #expect(try store.head() == 0)
        #expect(try store.currentProject().attachments.isEmpty)
    }
}
