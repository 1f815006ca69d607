import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurSession
import AuteurStore
import Foundation
import Testing

/// The export pipeline against an independent path: every frame rendered
/// whole by the `Regenerator`, stamped, and converted in one piece.
@Suite("Export pictures", .serialized)
struct ExportSessionTests {
    /// 176x100: the right column of patches is 16 wide and the bottom row
    /// 4 high, so narrow patches and their neighbours are exercised.
    static func session() throws -> (Session, Project, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let project = try Project(canvas: Canvas(width: 176, height: 100, fps: 24), seconds: 2, seed: 7).applying([
            .setting(SetSetting(setting: .desert)),
            .add(AddObject(id: "car", kind: .car, color: RGBColor(text: "red"),
                           path: [Keyframe(0, Point2(0.1, 0.85)), Keyframe(47, Point2(0.95, 0.85))])),
        ])
        let store = try ProjectStore.create(at: dir.appendingPathComponent("p.auteur"), project: project)
        return (Session(store: store), project, dir)
    }

    /// The Adler-32 of every frame as the slow path makes it.
    static func reference(_ project: Project, watermark: Bool) -> [UInt32] {
        let composer = FrameComposer(project: project, width: 176, height: 100)
        let regenerator = Regenerator(width: 176, height: 100)
        return (0..<project.totalFrames).map { f in
            var rgba = regenerator.render(composer.compose(f)).pixels
            if watermark { Watermark.stamp(into: &rgba, width: 176, height: 100) }
            return Picture420(rgba: rgba, width: 176, height: 100).adler32
        }
    }

    @Test("exported pictures, from cached converted patches, equal whole frames converted at once, with and without the mark",
          arguments: [false, true])
    func picturesMatchWholeFrames(watermark: Bool) throws {
        let (session, project, dir) = try Self.session()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = Self.reference(project, watermark: watermark)
        let options = ExportOptions(container: .mkv, codec: .h264, width: 176, height: 100, fps: 24, preset: .ultrafast)
        let cache = try SegmentCache(directory: dir.appendingPathComponent("segments"), capacityBytes: 64 << 20)
        for (name, segmentCache) in [("one-pass.mkv", nil), ("segments.mkv", cache)] {
            let summary = try session.export(ExportRequest(target: dir.appendingPathComponent(name).path, options: options,
                                                          cache: segmentCache, watermark: watermark), project: project)
            #expect(summary.encoderInput.entries.map(\.adler32) == expected, "\(name)")
        }
        // The mark changes the pictures at its corner only: the first frame differs.
        #expect(expected != Self.reference(project, watermark: !watermark))
    }

    @Test("a marked export never reuses unmarked segments, and reuses its own")
    func watermarkKeysSegments() throws {
        let (session, project, dir) = try Self.session()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try CachedExports(session: session, project: project, dir: dir)
        let plain = try export("plain.mkv", watermark: false)
        #expect(plain.segmentsEncoded == 2 && plain.segmentsReused == 0)
        let marked = try export("marked.mkv", watermark: true)
        #expect(marked.segmentsEncoded == 2 && marked.segmentsReused == 0, "unmarked segments were reused")
        #expect(marked.encoderInput != plain.encoderInput)
        let again = try export("again.mkv", watermark: true)
        #expect(again.segmentsEncoded == 0 && again.segmentsReused == 2)
        #expect(again.encoderInput == marked.encoderInput)
    }

    @Test("without a log nothing is hashed; a logged export encodes unhashed segments again, then reuses them with the same log")
    func logOnlyWhenAsked() throws {
        let (session, project, dir) = try Self.session()
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try CachedExports(session: session, project: project, dir: dir)
        let quiet = try export("quiet.mkv", log: false)
        #expect(quiet.encoderInput.entries.isEmpty)
        #expect(quiet.segmentsEncoded == 2)
        // Unlogged again: the cached segments serve, hashes or not.
        let quietAgain = try export("quiet-again.mkv", log: false)
        #expect(quietAgain.segmentsReused == 2 && quietAgain.segmentsEncoded == 0)
        // A log needs every frame's hash: the unhashed segments are encoded again.
        let logged = try export("logged.mkv", log: true)
        #expect(logged.segmentsEncoded == 2 && logged.segmentsReused == 0)
        #expect(logged.encoderInput.entries.map(\.adler32) == Self.reference(project, watermark: false))
        let loggedAgain = try export("logged-again.mkv", log: true)
        #expect(loggedAgain.segmentsReused == 2 && loggedAgain.segmentsEncoded == 0)
        #expect(loggedAgain.encoderInput == logged.encoderInput)
    }
}

/// Exports of the test project into its folder, all through one segment cache.
private struct CachedExports {
    let session: Session
    let project: Project
    let dir: URL
    let cache: SegmentCache
    let options = ExportOptions(container: .mkv, codec: .h264, width: 176, height: 100, fps: 24, preset: .ultrafast)

    init(session: Session, project: Project, dir: URL) throws {
        self.session = session
        self.project = project
        self.dir = dir
        cache = try SegmentCache(directory: dir.appendingPathComponent("segments"), capacityBytes: 64 << 20)
    }

    func callAsFunction(_ name: String, watermark: Bool = false, log: Bool = true) throws -> ExportSummary {
        try session.export(ExportRequest(target: dir.appendingPathComponent(name).path, options: options, cache: cache,
                                         watermark: watermark, logsEncoderInput: log), project: project)
    }
}
