import AuteurCore
import AuteurSession
import AuteurStore
import Foundation
import Synchronization
import Testing
@testable import AuteurTUI

@Suite(.serialized) struct AppEffectsTests {
    static let night = #"[{"op":"relight","time_of_day":"night"}]"#
    static let dusk = #"[{"op":"relight","time_of_day":"dusk"}]"#

    @Test func aTurnIsAnnouncedAtOnceThenWithTheFramesItChanged() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, store) = try smallDirector(scratch)
        let outbox = Outbox()
        effects.begin(send: outbox.send)
        effects.waitUntilIdle()
        // The first analysis finds the car, for `o`, and marks nothing as changed.
        let opening = try #require(outbox.revisions.last)
        #expect(opening.summary.revision == 1 && opening.changed.isEmpty)
        let car = try #require(opening.summary.objects.first { $0.id == "car" })
        #expect(car.region.x > 0.3 && car.region.x + car.region.w < 0.7 && car.region.y > 0.4)

        let announced = settle(effects, outbox, .submitTurn(text: Self.night, selection: Selection()))
        #expect(announced.map(\.summary.revision) == [2, 2])
        #expect(announced[0].changed.isEmpty, "the first announcement does not wait for the analysis")
        #expect(announced[1].changed == Set(0..<48), "night changes every frame")
        #expect(outbox.replies.map(\.kind) == [.ok])
        #expect(outbox.replies.first?.text.contains("night") == true)
        #expect(try store.head() == 2)
    }

    @Test func aScopedEditMarksOnlyTheSelectedFramesAndUndoRedoMoveTheHead() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, store) = try smallDirector(scratch)
        let outbox = Outbox()
        effects.begin(send: outbox.send)
        effects.waitUntilIdle()

        let scoped = settle(effects, outbox, .submitTurn(text: Self.dusk, selection: Selection(frames: FrameRange(10, 20))))
        let changed = try #require(scoped.last).changed
        #expect(!changed.isEmpty && changed.isSubset(of: Set(10...20)), "changed \(changed.sorted())")
        #expect(try store.currentProject().edits.count == 1)

        let undone = settle(effects, outbox, .undo)
        #expect(undone.last?.summary.revision == 1 && undone.last?.changed == changed)
        #expect(outbox.replies.map(\.text) == ["Undid revision 2; now at revision 1."])

        let redone = settle(effects, outbox, .redo)
        #expect(redone.last?.summary.revision == 2 && redone.last?.changed == changed)

        settle(effects, outbox, .checkout(revision: 0))
        #expect(try store.head() == 0)
        let nothing = settle(effects, outbox, .undo)
        #expect(nothing.isEmpty)
        #expect(outbox.replies.map(\.kind) == [.error])
        #expect(try store.head() == 0)
    }

    @Test func aTurnThatChangesNothingKeepsTheRevision() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, store) = try smallDirector(scratch)
        let outbox = Outbox()
        effects.begin(send: outbox.send)
        effects.waitUntilIdle()
        let announced = settle(effects, outbox, .submitTurn(text: #"[{"op":"relight","time_of_day":"teatime"}]"#, selection: Selection()))
        #expect(announced.isEmpty)
        #expect(outbox.replies.map(\.kind) == [.error])
        #expect(try store.head() == 1)
    }

    @Test func thumbnailsForAnOlderRevisionAreDroppedWhenANewerOneArrives() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, store) = try smallDirector(scratch)
        let worker = PictureWorker(slot: .thumbnail)
        let project = try store.currentProject()
        worker.show(SceneInputs(revision: 1, project: project))
        let outbox = Outbox()
        worker.request(frames: Array(0..<48), size: Size(width: 64, height: 36), revision: 1, send: outbox.send)
        worker.show(SceneInputs(revision: 2, project: try project.applying([Op.relight(Relight(timeOfDay: .preset(.night)))])))
        worker.wait()
        let stats = worker.statistics
        #expect(stats.dropped > 0)
        #expect(stats.delivered + stats.dropped == 48)
        #expect(outbox.all.count == stats.delivered)
        // Work asked for the old revision after the new one is known is not even queued.
        worker.request(frames: [0, 1], size: Size(width: 64, height: 36), revision: 1, send: outbox.send)
        worker.wait()
        #expect(worker.statistics.delivered == stats.delivered)
        withExtendedLifetime(effects) {}
    }

    @Test func scrubbingRendersTheFrameTheCursorIsOnNotEveryFramePassed() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (_, store) = try smallDirector(scratch)
        let worker = PictureWorker(slot: .preview)
        worker.show(SceneInputs(revision: 1, project: try store.currentProject()))
        let outbox = Outbox()
        for f in 0..<20 { worker.request(frames: [f], size: Size(width: 160, height: 90), revision: 1, send: outbox.send) }
        worker.wait()
        let frames = outbox.all.compactMap { m -> FrameIndex? in if case .previewReady(let f, _, _) = m { return f }; return nil }
        #expect(frames.last == 19)
        #expect(frames.count < 20)
        if case .previewReady(_, _, let image)? = outbox.all.last {
            #expect(image.size == Size(width: 160, height: 90))
        }
    }

    @Test func goingBackToARevisionDrawsNothingNew() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, _) = try smallDirector(scratch)
        let outbox = Outbox()
        effects.begin(send: outbox.send)
        effects.waitUntilIdle()
        let frames = [0, 24, 47], size = Size(width: 64, height: 36)
        func thumbnails(_ revision: Int) -> [RGBAImage] {
            outbox.clear()
            effects.perform(.requestThumbnails(frames: frames, size: size, revision: revision), send: outbox.send)
            effects.thumbnails.wait()
            return outbox.all.compactMap { if case .thumbnailReady(_, revision, let image) = $0 { return image }; return nil }
        }
        let before = thumbnails(1)
        #expect(before.count == 3)
        settle(effects, outbox, .submitTurn(text: Self.night, selection: Selection()))
        let night = thumbnails(2)
        let nightDiffers = night != before
        #expect(night.count == 3 && nightDiffers)
        let drawn = effects.thumbnails.statistics.rasterised
        settle(effects, outbox, .undo)
        let same = thumbnails(1) == before
        #expect(same, "undo brings back the pictures of revision 1")
        #expect(effects.thumbnails.statistics.rasterised == drawn)
    }

    @Test func themesTheLogAndSuspendAnswer() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let suspended = Atomic<Int>(0)
        let (effects, _) = try smallDirector(scratch, suspended: { suspended.add(1, ordering: .relaxed) })
        let outbox = Outbox()
        effects.perform(.setTheme(name: "nord"), send: outbox.send)
        let loaded = outbox.wait { if case .themeLoaded = $0 { return true }; return false }
        if case .themeLoaded(let theme)? = loaded { #expect(theme.name.lowercased().contains("nord")) }
        effects.perform(.setTheme(name: "sepia-dream"), send: outbox.send)
        let missing = outbox.wait { if case .error = $0 { return true }; return false }
        if case .error(let line)? = missing { #expect(line.contains("sepia-dream") && line.contains("gruvbox-dark")) }
        #expect(missing != nil)

        effects.perform(.requestLog, send: outbox.send)
        let log = outbox.wait { if case .logReady = $0 { return true }; return false }
        if case .logReady(let lines)? = log {
            #expect(lines.count == 2)
            #expect(lines.last?.hasPrefix("* 1 <- 0") == true)
            #expect(lines.last?.contains("add car") == true)
        }
        #expect(log != nil)

        // `:suspend` (Ctrl-Z is undo inside the interface) asks to stop, and quits nothing.
        let (model, typed) = replay(demoModel(), [.key(.char(":"))] + keys("suspend") + [.key(.enter)])
        let asked = typed.filter { if case .suspend = $0 { return true }; return false }
        #expect(asked == [.suspend] && !typed.contains(.quit) && !model.quitting)
        #expect(commandHelp.contains { $0.0 == ":suspend" })
        for e in asked { effects.perform(e, send: outbox.send) }
        #expect(suspended.load(ordering: .relaxed) == 1)
    }

    @Test func exportReportsTheExportersProgressAndFailures() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        func script(_ name: String, _ body: String) throws -> String {
            let path = scratch.path(name)
            try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            return path
        }
        let good = try script("good.sh", """
            echo '{"frames_done":12,"total_frames":48,"fps":30.5}'
            echo 'not json'
            echo '{"event":"progress","frames_done":48,"frames_total":48}'
            echo '{"event":"done","frames":48,"path":"out.mp4","elapsed_s":0.5}'
            """)
        let (effects, store) = try smallDirector(scratch, exporter: ExportLauncher(executable: good, project: "film.auteur"))
        let outbox = Outbox()
        effects.perform(.export(path: scratch.path("out.mp4")), send: outbox.send)
        outbox.wait { if case .turnReplied = $0 { return true }; return false }
        let progress = outbox.all.compactMap { if case .exportProgress(let p) = $0 { return p }; return nil }
        #expect(progress.first == Progress(done: 12, total: 48))
        #expect(progress.last?.isFinished == true)
        #expect(outbox.replies.first?.text.hasSuffix("out.mp4 (48 frames).") == true)

        let bad = try script("bad.sh", "echo 'auteur: out.mp4: no space left on device' >&2\nexit 1\n")
        let failing = DirectorEffects(session: effects.session, name: "film", themeDirectories: [],
                                      exporter: ExportLauncher(executable: bad, project: store.url.path))
        outbox.clear()
        failing.perform(.export(path: "out.mp4"), send: outbox.send)
        let failure = outbox.wait { if case .error = $0 { return true }; return false }
        #expect(failure == .error("export failed: out.mp4: no space left on device"))

        let none = DirectorEffects(session: effects.session, name: "film", themeDirectories: [], exporter: nil)
        outbox.clear()
        none.perform(.export(path: "out.mp4"), send: outbox.send)
        #expect(outbox.all == [.error("export arrives with auteur export")])
    }

    @Test func exportProgressLinesAreReadUnderCommonNames() {
        #expect(ExportProgressLine.parse(#"{"framesDone": 3, "framesTotal": 9}"#) == nil)
        #expect(ExportProgressLine.parse(#"{"framesDone": 3, "totalFrames": 9}"#) == Progress(done: 3, total: 9))
        #expect(ExportProgressLine.parse(#"{"done": 30, "total": 9}"#) == Progress(done: 9, total: 9))
        #expect(ExportProgressLine.parse("frame 3 of 9") == nil)
        #expect(ExportProgressLine.failure(status: 2, stderr: ["Error: Unknown option '-o'"]) == "export arrives with auteur export")
    }

    @Test func theTranscriptReopensWithTheConversation() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (_, store) = try smallDirector(scratch)
        let entries = DirectorEffects.transcript(try store.chat())
        #expect(entries.map(\.kind) == [.you, .ok])
        #expect(entries.last?.text.hasPrefix("Applied:") == true)
    }

    @Test func aDumbTerminalGetsTheChatAsLines() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let (effects, store) = try smallDirector(scratch)
        var input = [":frames 10-20", Self.dusk, ":frames", ":undo", ":bogus", ":quit", Self.night]
        var output = ""
        LineMode(effects: effects, read: { input.isEmpty ? nil : input.removeFirst() }, output: { output += $0 })
            .run(summary: try effects.summary(), history: DirectorEffects.transcript(try store.chat()))
        #expect(output.contains("auteur [frames 10-20]> "))
        #expect(output.contains("Applied: dusk light (frames 10-20)."))
        #expect(output.contains("Undid revision 2; now at revision 1."))
        #expect(output.contains("x unknown command :bogus"))
        #expect(input == [Self.night], "nothing is read after :quit")
        #expect(try store.head() == 1)
    }
}
