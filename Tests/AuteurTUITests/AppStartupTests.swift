import AuteurCore
import AuteurPlanner
import AuteurSession
import AuteurStore
import Foundation
import Synchronization
import Testing
@testable import AuteurTUI

@Suite struct AppStartupTests {
    @Test func openingAMissingProjectCreatesItAndASecondWriterIsRefused() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let path = scratch.path("short.auteur")
        let opened = try DirectorApp.openProject(path, environment: [:], planner: demoPlanner)
        #expect(opened.created && opened.name == "short")
        #expect(try opened.store.head() == 0)
        #expect(try opened.store.currentProject().totalFrames == 144)
        #expect(throws: AuteurError.self) { try DirectorApp.openProject(path, environment: [:], planner: demoPlanner) }
        #expect(throws: AuteurError.self) { try DirectorApp.openProject(scratch.path("no/such/folder/x.auteur"), environment: [:], planner: demoPlanner) }
    }

    @Test func theDemoIsMadeOnceWithItsTurnsApplied() throws {
        let scratch = try Scratch(); defer { scratch.clean() }
        let env = ["XDG_DATA_HOME": scratch.path("data"), "HOME": scratch.path("home")]
        #expect(DirectorApp.demoPath(environment: env) == scratch.path("data") + "/auteur/demo.auteur")
        #expect(DirectorApp.demoPath(environment: ["HOME": "/home/ada"]) == "/home/ada/.local/share/auteur/demo.auteur")
        do {
            let first = try DirectorApp.openProject(nil, environment: env, planner: demoPlanner)
            #expect(first.created && first.name == "demo")
            #expect(try first.store.head() == Demo.turns.count)
            #expect(try first.store.currentProject().shots.count == 2)
        }
        let again = try DirectorApp.openProject(nil, environment: env, planner: demoPlanner)
        #expect(!again.created)
        #expect(try again.store.log().count == Demo.turns.count + 1)
    }

    @Test func themesAreFoundNextToTheProgramAndUnknownNamesListTheKnownOnes() throws {
        let repo = URL(fileURLWithPath: shippedThemes).deletingLastPathComponent().path
        let dirs = DirectorApp.themeDirectories(environment: ["XDG_CONFIG_HOME": "/cfg"], executable: repo + "/.build/debug/auteur")
        #expect(dirs == [shippedThemes, "/cfg/auteur/themes"])
        let library = ThemeLibrary(directories: dirs)
        #expect(try DirectorApp.chooseTheme(nil, library: library).name == library.theme(named: "default-dark")?.name)
        #expect(try DirectorApp.chooseTheme("solarized-dark", library: library).name.lowercased().contains("solarized"))
        #expect(throws: AuteurError.notFound("no theme \"sepia\" (themes: \(library.names.joined(separator: ", ")))")) {
            try DirectorApp.chooseTheme("sepia", library: library)
        }
        #expect(try DirectorApp.chooseTheme(nil, library: ThemeLibrary(directories: [])) == .defaultDark)
    }

    @Test func objectBoxesFollowAMovingObjectAndMergeWhileItIsStill() {
        let still = Region(x: 0.1, y: 0.5, w: 0.2, h: 0.2)
        func moving(_ f: Int) -> Region { Region(x: 0.1 + 0.1 * Double(f), y: 0.5, w: 0.1, h: 0.1) }
        var frames: [[(id: ObjectID, label: String?, region: Region)]] = []
        for f in 0..<6 {
            var objects: [(id: ObjectID, label: String?, region: Region)] = [("tree", "old oak", still)]
            if f >= 2 && f < 5 { objects.append(("car", nil, moving(f))) }
            frames.append(objects)
        }
        let boxes = FrameAnalysis.boxes(frames)
        #expect(boxes.filter { $0.id == "tree" } == [ObjectBox(id: "tree", label: "old oak", region: still, frames: FrameRange(0, 5))])
        #expect(boxes.filter { $0.id == "car" }.map(\.frames) == [FrameRange(2, 2), FrameRange(3, 3), FrameRange(4, 4)])
        // `o` in the preview picks the car's box for the frame shown.
        var model = AppModel(project: ProjectSummary(name: "t", canvas: Canvas(width: 320, height: 180, fps: 24), frameCount: 6,
                                                     revision: 1, objects: boxes))
        model.frame = 3
        model.focus = .preview
        model = update(update(model, .key(.char("o"))).0, .key(.char("o"))).0
        #expect(model.pickedObject == "car" && model.region == moving(3))
    }

    @Test func aLostTerminalEndsTheLoopLikeAHangUp() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let device = DirectorTerminal(ScriptedTerminal(size: Size(width: 80, height: 24), script: [[], []]), input: fds[0], timing: false)
        _ = device.readMessages(timeout: 0)
        #expect(!device.takeSignals().contains(.terminate))
        close(fds[1])
        _ = device.readMessages(timeout: 0)
        #expect(device.takeSignals().contains(.terminate))
    }

    @Test func keystrokeTimesRunFromTheReadToTheEndOfTheWrite() {
        let inner = ScriptedTerminal(size: Size(width: 80, height: 24), script: [[.key(.tab), .key(.right), .key(.right)], []])
        let device = DirectorTerminal(inner, timing: true)
        let runner = AppRunner(model: demoModel(), device: device, handler: InstantHandler())
        _ = runner.run()
        #expect(device.keystrokes.map(\.key).prefix(3) == ["tab", "right", "right"])
        #expect(device.keystrokes.allSatisfy { $0.milliseconds >= 0 })
        #expect(device.timingReport().hasPrefix("keys \(device.keystrokes.count) p50 "))
    }

    @Test func answersArrivingAfterTheStartUpGaveUpAreNotTyped() {
        // "\e[?62;4c" (DA1) and "\eP>|XTerm(390)\e\\" (XTVERSION) as ncurses reads them, around a typed "hi".
        let da1: [Message] = [.key(Key(.char("["), alt: true))] + keys("?62;4c")
        let version: [Message] = [.key(Key(.char("P"), alt: true))] + keys(">|XTerm(390)") + [.key(Key(.char("\\"), alt: true))]
        let typed = keys("h") + da1 + keys("i") + version + [.key(.enter)]
        let device = DirectorTerminal(ScriptedTerminal(size: Size(width: 80, height: 24), script: [typed, typed]), timing: false)
        device.lateAnswersUntil = DirectorTerminal.now() + 10
        #expect(device.readMessages(timeout: 0) == keys("hi") + [.key(.enter)])
        // Once the terminal has answered in time, nothing is filtered.
        device.lateAnswersUntil = nil
        #expect(device.readMessages(timeout: 0) == typed)
    }
}

/// The demo is said in words; the lexicon alone reads it, with no model files.
let demoPlanner: any Planner = NaturalLanguagePlanner(encoder: nil, announcesNotice: false)
