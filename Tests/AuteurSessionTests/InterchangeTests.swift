import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurSession
import AuteurStore
import Foundation
import Testing

/// A film of two shots (72 + 48 frames at 24 fps) with an unscoped first turn
/// and two scoped ones, one of them undone and replaced on a new branch.
func twoShotFilm() throws -> (Session, URL) {
    let (store, dir) = try makeStore()
    let session = Session(store: store)
    try session.submit(carTurn)
    try session.submit(#"[{"op":"trim","shot":"shot-1","frames":72},{"op":"add_shot","id":"night","frames":48,"setting":"city"}]"#)
    try session.submit(#"[{"op":"weather","weather":{"kind":"rain"}}]"#, selection: Selection(frames: FrameRange(80, 100)))
    try session.store.undo()
    try session.submit(#"[{"op":"relight","time_of_day":"sunset"}]"#, selection: Selection(frames: FrameRange(10, 40)))
    try session.submit(#"[{"op":"set","object":"car","property":"color","value":"blue","scope":{"objects":["car"],"region":{"x":0,"y":0.5,"w":0.5,"h":0.5}}}]"#)
    return (session, dir)
}

@Suite("Interchange: OpenTimelineIO and scene import")
struct InterchangeTests {
    @Test func aClipPerShotAndAMarkerPerScopedRevisionOfTheCurrentBranch() throws {
        let (session, dir) = try twoShotFilm()
        defer { try? FileManager.default.removeItem(at: dir) }
        let head = try session.store.head()
        let project = try session.store.currentProject()
        let t = try session.timeline(revision: head, name: "p", media: TimelineMedia(url: "p.mp4", frames: project.allFrames))
        #expect(t.rate == 24)
        #expect(t.clips.map(\.name) == ["shot-1 (desert)", "night (city)"])
        #expect(t.clips.map(\.source) == [OTIO.FrameSpan(start: 0, duration: 72), OTIO.FrameSpan(start: 72, duration: 48)])
        #expect(t.clips.allSatisfy { $0.mediaURL == "p.mp4" && $0.available == OTIO.FrameSpan(start: 0, duration: 120) })

        // The rain was undone: only the branch that led to the head is marked.
        let revisions = try session.store.log()
        let relight = try #require(revisions.first { $0.turn.contains("sunset") })
        #expect(t.markers.map(\.name) == [relight.turn, try session.store.revision(head).turn])
        #expect(t.markers[0].range == OTIO.FrameSpan(start: 10, duration: 31) && t.markers[0].color == .orange)
        guard case .object(let meta)? = t.markers[0].metadata["auteur"],
              case .array(let ops)? = meta["ops"], case .object(let op)? = ops.first,
              case .object(let scope)? = op["scope"] else {
            Issue.record("marker metadata lacks auteur.ops[0].scope: \(t.markers[0].metadata)")
            return
        }
        #expect(meta["revision"] == .int(Int64(relight.id)) && op["op"] == .string("relight") && scope["frames"] == .string("10-40"))
        #expect(meta["seeds"] == .object(["project": .string("5"),
                                          "objects": .object(["car": .string(String(project.member("car")!.seed))])]))
        #expect(t.markers[0].comment == relight.reply.text)
    }

    @Test func aScopeOfObjectsOrARegionMarksTheWholeFilmAndKeepsItsLimits() throws {
        let (session, dir) = try twoShotFilm()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try session.timeline(revision: try session.store.head(), name: "p", media: TimelineMedia(url: "p.mp4", frames: FrameRange(0, 119)))
        let last = try #require(t.markers.last)
        #expect(last.range == OTIO.FrameSpan(start: 0, duration: 120) && last.color == .green)
        guard case .object(let meta)? = last.metadata["auteur"], case .object(let scope)? = meta["scope"] else {
            Issue.record("no scope in \(last.metadata)")
            return
        }
        #expect(scope["objects"] == .array([.string("car")]))
        #expect(scope["region"] == .object(["x": .int(0), "y": .double(0.5), "w": .double(0.5), "h": .double(0.5)]))
    }

    @Test func severalScopedOpsInOneTurnMakeOneMarkerSpanningThemAll() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store)
        try session.submit(#"[{"op":"relight","time_of_day":"dusk","scope":{"frames":"30-40"}},{"op":"camera","move":"shake","frames":"90-99"},{"op":"weather","weather":{"kind":"snow"},"scope":{"frames":"12-20"}}]"#)
        let t = try session.timeline(revision: 1, name: "p", media: TimelineMedia(url: "p.mp4", frames: try store.currentProject().allFrames))
        #expect(t.markers.map(\.range) == [OTIO.FrameSpan(start: 12, duration: 88)])
        #expect(t.markers.first?.color == .orange, "coloured by the first scoped op, the relight")
    }

    @Test func aPartialExportKeepsOnlyWhatTheFilmShows() throws {
        let (session, dir) = try twoShotFilm()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try session.timeline(revision: try session.store.head(), name: "p", media: TimelineMedia(url: "p.mp4", frames: FrameRange(60, 89)))
        #expect(t.clips.map(\.source) == [OTIO.FrameSpan(start: 0, duration: 12), OTIO.FrameSpan(start: 12, duration: 18)])
        // The sunset (10-40) is outside; the whole-film colour change is cut to the export.
        #expect(t.markers.map(\.range) == [OTIO.FrameSpan(start: 0, duration: 30)])
    }

    @Test func aSceneExportedAndImportedIsTheSameSceneAndTheSameFrames() throws {
        let (session, dir) = try twoShotFilm()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("sky.png")
        try ffmpeg(["-f", "lavfi", "-i", "color=c=0x3060c0:s=32x16", "-frames:v", "1", png.path])
        try session.attach(file: png)
        let hash = try #require(try session.store.currentProject().attachments.first?.hash)
        try session.submit(#"[{"op":"backdrop","media":"\#(hash)","shot":"night"}]"#)
        let original = try session.store.currentProject()
        let json = Data(try CanonicalJSON.string(original, pretty: true).utf8)

        let copy = try ProjectStore.importScene(json, what: "s.json", at: dir.appendingPathComponent("copy.auteur"), media: session.store)
        #expect(try CanonicalJSON.string(try copy.currentProject(), pretty: true).utf8.elementsEqual(json))
        #expect(try copy.head() == 0 && copy.integrityCheck() == ["ok"])
        #expect(try copy.media(hash)?.bytes == Data(contentsOf: png))
        let renderer = Regenerator(width: 64, height: 36, threads: 1)
        func frame(_ s: Session, _ n: Int) throws -> FrameImage {
            let p = try s.store.currentProject()
            return renderer.render(FrameComposer(project: p, width: 64, height: 36, signals: try s.audioSignals(for: p),
                                                 backdrops: try s.backdropTextures(for: p)).compose(n))
        }
        for n in [20, 100] { #expect(try frame(Session(store: copy), n) == frame(session, n), "frame \(n)") }
    }

    @Test func attachedMediaMustComeWithTheScene() throws {
        let (store, dir) = try makeStore()
        let session = Session(store: store)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("ref.png")
        try ffmpeg(["-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1", png.path])
        try session.attach(file: png)
        let json = Data(try CanonicalJSON.string(try session.store.currentProject()).utf8)
        let target = dir.appendingPathComponent("copy.auteur")
        let error = try #require(throws: AuteurError.self) { try ProjectStore.importScene(json, what: "s.json", at: target) }
        #expect(error.description.hasPrefix("s.json: attachment \"ref.png\" (image "))
        let empty = try ProjectStore.create(at: dir.appendingPathComponent("empty.auteur"), project: Project())
        let missing = try #require(throws: AuteurError.self) { try ProjectStore.importScene(json, what: "s.json", at: target, media: empty) }
        #expect(missing.description.contains("is not in") && missing.description.contains("empty.auteur"))
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") } == [])
    }

    @Test func invalidSceneJSONNamesThePathAndCreatesNothing() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("bad.auteur")
        var scene = try CanonicalJSON.string(try store.currentProject())
        scene = scene.replacingOccurrences(of: #""setting":"studio""#, with: #""setting":"moon""#)
        let cases: [(String, String)] = [
            (scene, "s.json: $.shots[0].environment.setting: unknown value \"moon\""),
            (scene.replacingOccurrences(of: #""fps":24"#, with: #""fsp":24"#), "s.json: $.canvas.fsp: unknown field"),
            ("{\"format\": 1,", "s.json: not valid JSON"),
        ]
        for (text, expected) in cases {
            let error = try #require(throws: AuteurError.self) { try ProjectStore.importScene(Data(text.utf8), what: "s.json", at: target) }
            #expect(error.description.hasPrefix(expected) && !error.description.contains("\n"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func importReplacesOnlyWithForceAndOnlyAProject() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = Data(try CanonicalJSON.string(Project(seconds: 2, seed: 9)).utf8)
        let refused = try #require(throws: AuteurError.self) { try ProjectStore.importScene(json, what: "s.json", at: store.url) }
        #expect(refused.description.contains("--force"))
        let busy = try #require(throws: AuteurError.self) { try ProjectStore.importScene(json, what: "s.json", at: store.url, replace: true) }
        #expect(busy.description.contains("open in another Auteur"))
        let notes = dir.appendingPathComponent("notes.txt")
        try Data("my notes".utf8).write(to: notes)
        #expect(throws: AuteurError.self) { try ProjectStore.importScene(json, what: "s.json", at: notes, replace: true) }
        #expect(try Data(contentsOf: notes) == Data("my notes".utf8))

        let target = dir.appendingPathComponent("other.auteur")
        try ProjectStore.create(at: target, project: Project())
        let replaced = try ProjectStore.importScene(json, what: "s.json", at: target, replace: true)
        #expect(try replaced.currentProject().seed == 9 && replaced.head() == 0)
    }
}
