import AuteurCore
import Synchronization
import Testing
@testable import AuteurTUI

/// A terminal that plays back scripted input and keeps what was drawn.
final class ScriptedTerminal: TerminalDevice {
    var size: Size
    var script: [[Message]]
    var signals: [TerminalSignals]
    var drawn: [Screen] = []
    var suspended = 0
    init(size: Size, script: [[Message]], signals: [TerminalSignals] = []) {
        self.size = size; self.script = script; self.signals = signals
    }
    func readMessages(timeout: Double) -> [Message] { script.isEmpty ? [.key(.ctrl("c"))] : script.removeFirst() }
    func draw(_ screen: Screen) { drawn.append(screen) }
    func takeSignals() -> TerminalSignals { signals.isEmpty ? [] : signals.removeFirst() }
    func suspend() { suspended += 1 }
}

/// Answers turns and picture requests at once, as the session and renderer will.
final class InstantHandler: EffectHandler {
    let performed = Mutex<[Effect]>([])
    func perform(_ effect: Effect, send: @escaping @Sendable (Message) -> Void) {
        performed.withLock { $0.append(effect) }
        switch effect {
        case .submitTurn(let text, _): send(.turnReplied([TranscriptEntry(.ok, "did: \(text)")]))
        case .requestThumbnails(let frames, let size, let revision):
            for f in frames { send(.thumbnailReady(frame: f, revision: revision, image: RGBAImage(width: size.width, height: size.height, fill: (200, 30, 30)))) }
        case .requestPreview(let frame, let size, let revision):
            send(.previewReady(frame: frame, revision: revision, image: RGBAImage(width: size.width, height: size.height, fill: (30, 30, 200))))
        default: break
        }
    }
}

@Suite struct RunnerTests {
    @Test func aSessionRunsHeadlessThroughTheLoop() {
        let terminal = ScriptedTerminal(size: Size(width: 80, height: 24), script: [keys("hi") + [.key(.enter)], [], [.key(.char(":"))] + keys("quit") + [.key(.enter)]])
        let handler = InstantHandler()
        let runner = AppRunner(model: demoModel(), device: terminal, handler: handler)
        runner.keepJournal = true
        let final = runner.run()
        #expect(final.quitting)
        #expect(final.transcript.map(\.text) == ["hi", "did: hi"])
        #expect(final.thumbnails.count == timelineGeometry(final).thumbnails.count)
        #expect(handler.performed.withLock { $0.contains(.quit) })
        #expect(terminal.drawn.last.map { view(final) == $0 } == true)
        // The journal replays to the same model.
        var replayed = demoModel()
        for message in runner.journal { replayed = update(replayed, message).0 }
        #expect(replayed == final)
    }

    @Test func terminatingSignalsEndTheLoopAndSuspendRedraws() {
        let terminal = ScriptedTerminal(size: Size(width: 80, height: 24), script: [[], [], []], signals: [[], .suspend, .terminate])
        let runner = AppRunner(model: demoModel(), device: terminal, handler: InstantHandler())
        let final = runner.run()
        #expect(!final.quitting)
        #expect(terminal.suspended == 1)
        #expect(terminal.drawn.count >= 2)
    }

    @Test func playbackTicksFollowTheClock() {
        let clock = Mutex<Double>(0)
        let terminal = ScriptedTerminal(size: Size(width: 80, height: 24), script: [[.key(.tab), .key(.char(" "))], [], [], []])
        let runner = AppRunner(model: demoModel(), device: terminal, handler: InstantHandler(),
                               clock: { clock.withLock { $0 += 0.5; return $0 } })
        let final = runner.run()
        // The first tick starts the clock; two more half a second apart at
        // 24 fps; the tick read with Ctrl-C comes after the quit.
        #expect(final.frame == 24)
    }
}

@Suite struct ImagePlanTests {
    func placement(_ frame: Int, x: Int, revision: Int = 1) -> ImagePlacement {
        ImagePlacement(key: ImageKey(slot: .thumbnail, frame: frame, revision: revision), rect: CellRect(x: x, y: 5, width: 4, height: 2),
                       image: RGBAImage(width: 8, height: 8))
    }

    @Test func unchangedPicturesAreNotSentAgain() {
        let a = [placement(0, x: 0), placement(10, x: 5)]
        #expect(ImagePlan.make(previous: a, next: a, fullRedraw: false) == ImagePlan(redrawRows: [], emit: []))
        #expect(ImagePlan.make(previous: [], next: a, fullRedraw: false).emit == a)
        #expect(ImagePlan.make(previous: a, next: a, fullRedraw: true).emit == a)
    }

    @Test func aChangedThumbnailIsSentAndItsRowsRepainted() {
        let before = [placement(0, x: 0), placement(10, x: 5)]
        let after = [placement(0, x: 0), placement(10, x: 5, revision: 2)]
        let plan = ImagePlan.make(previous: before, next: after, fullRedraw: false)
        #expect(plan.redrawRows == [5, 6])
        // The repainted rows wipe the neighbour too, so it goes again.
        #expect(plan.emit.map(\.key.frame) == [0, 10])
        let gone = ImagePlan.make(previous: before, next: [], fullRedraw: false)
        #expect(gone.redrawRows == [5, 6] && gone.emit.isEmpty)
    }

    @Test func sixelBytesAreCachedAndPlacedAtAbsoluteCells() {
        var cache = SixelCache(capacity: 2)
        let p = placement(3, x: 7)
        let first = cache.bytes(for: p, cellPixels: Size(width: 10, height: 20))
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}7\u{1B}[6;8H\u{1B}P"))
        #expect(text.hasSuffix("\u{1B}\\\u{1B}8"))
        #expect(text.contains("\"1;1;40;40"))
        #expect(cache.bytes(for: p, cellPixels: Size(width: 10, height: 20)) == first)
        #expect(cache.entries.count == 1)
        _ = cache.bytes(for: placement(4, x: 7), cellPixels: Size(width: 10, height: 20))
        _ = cache.bytes(for: placement(5, x: 7), cellPixels: Size(width: 10, height: 20))
        #expect(cache.entries.count == 2)
    }
}

@Suite struct CursesKeyTests {
    @Test func functionKeysMapToKeys() {
        #expect(CursesKeys.key(function: CursesKeys.left) == .left)
        #expect(CursesKeys.key(function: CursesKeys.shiftRight) == Key(.right, shift: true))
        #expect(CursesKeys.key(function: CursesKeys.shiftUp) == Key(.up, shift: true))
        #expect(CursesKeys.key(function: CursesKeys.boundShiftDown) == Key(.down, shift: true))
        #expect(CursesKeys.key(function: CursesKeys.pageDown) == .pageDown)
        #expect(CursesKeys.key(function: CursesKeys.backTab) == .backTab)
        #expect(CursesKeys.key(function: CursesKeys.f0 + 1) == Key(.function(1)))
        #expect(CursesKeys.key(function: CursesKeys.resize) == nil)
    }

    @Test func charactersMapToKeys() {
        #expect(CursesKeys.key(character: 26) == .ctrl("z"))
        #expect(CursesKeys.key(character: 25) == .ctrl("y"))
        #expect(CursesKeys.key(character: 13) == .enter)
        #expect(CursesKeys.key(character: 13, alt: true) == Key(.enter, alt: true))
        #expect(CursesKeys.key(character: 10) == .ctrl("j"))
        #expect(CursesKeys.key(character: 9) == .tab)
        #expect(CursesKeys.key(character: 127) == .backspace)
        #expect(CursesKeys.key(character: 0x6F22) == .char("漢"))
        #expect(CursesKeys.key(character: 0xD800) == nil)
    }
}
