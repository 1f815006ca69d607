import AuteurCore
import Testing
@testable import AuteurTUI

private func run(_ m: AppModel, _ messages: [Message]) -> (AppModel, [Effect]) { replay(m, messages) }
private func press(_ m: AppModel, _ keys: Key...) -> (AppModel, [Effect]) { replay(m, keys.map { .key($0) }) }
private func shift(_ code: Key.Code) -> Key { Key(code, shift: true) }
private func timeline() -> AppModel { press(demoModel(), .tab).0 }
private func preview() -> AppModel { press(demoModel(), .tab, .tab).0 }
private func nonPictureEffects(_ effects: [Effect]) -> [Effect] {
    effects.filter {
        if case .requestThumbnails = $0 { return false }
        if case .requestPreview = $0 { return false }
        return true
    }
}

@Suite struct GlobalKeyTests {
    @Test func tabCyclesPanesAndShiftTabGoesBack() {
        let m = demoModel()
        #expect(m.focus == .chat)
        #expect(press(m, .tab).0.focus == .timeline)
        #expect(press(m, .tab, .tab).0.focus == .preview)
        #expect(press(m, .tab, .tab, .tab).0.focus == .chat)
        #expect(press(m, .backTab).0.focus == .preview)
    }

    @Test func escapeClearsTheSelectionEverywhere() {
        for pane in 0..<3 {
            var m = preview()
            m = press(m, .char("r"), .backTab, shift(.right), shift(.right)).0
            #expect(m.selectedFrames != nil && m.region != nil)
            m = replay(m, Array(repeating: Message.key(.tab), count: pane)).0
            m = press(m, .escape).0
            #expect(m.selectedFrames == nil && m.region == nil && m.pickedObject == nil)
        }
    }

    @Test func ctrlZAndCtrlYUndoAndRedo() {
        #expect(nonPictureEffects(press(demoModel(), .ctrl("z")).1) == [.undo])
        #expect(nonPictureEffects(press(timeline(), .ctrl("y")).1) == [.redo])
    }

    @Test func ctrlCQuits() {
        let (m, effects) = press(timeline(), .ctrl("c"))
        #expect(m.quitting && effects.contains(.quit))
    }

    @Test func questionMarkAndF1OpenHelpAndAnyKeyClosesIt() {
        #expect(press(timeline(), .char("?")).0.overlay == .help)
        #expect(press(demoModel(), Key(.function(1))).0.overlay == .help)
        // In chat, "?" opens help only on an empty line; otherwise it is typed.
        let typed = press(demoModel(), .char("w"), .char("?")).0
        #expect(typed.overlay == nil && typed.input.string == "w?")
        let closed = press(timeline(), .char("?"), .right).0
        #expect(closed.overlay == nil && closed.frame == 0)
    }

    @Test func colonOpensTheCommandLine() {
        #expect(press(timeline(), .char(":")).0.overlay == .command(InputLine()))
        #expect(press(demoModel(), .char(":")).0.overlay == .command(InputLine()))
        #expect(press(demoModel(), .char("a"), .char(":")).0.input.string == "a:")
    }
}

@Suite struct CommandTests {
    func command(_ text: String, _ m: AppModel = timeline()) -> (AppModel, [Effect]) {
        let (model, effects) = run(m, [.key(.char(":"))] + keys(text) + [.key(.enter)])
        return (model, nonPictureEffects(effects))
    }

    @Test func commandsBecomeEffects() {
        #expect(command("export out.mp4").1 == [.export(path: "out.mp4")])
        #expect(command("export out.mp4").0.exportProgress == Progress(done: 0, total: 144))
        #expect(command("attach music.wav").1 == [.attach(path: "music.wav")])
        #expect(command("theme nord").1 == [.setTheme(name: "nord")])
        #expect(command("log").1 == [.requestLog])
        #expect(command("checkout 3").1 == [.checkout(revision: 3)])
        #expect(command("quit").1 == [.quit])
        #expect(command("help").0.overlay == .help)
    }

    @Test func graphicsCommandSwitchesModeAndAsksForPicturesAgain() {
        let (m, effects) = run(timeline(), [.key(.char(":"))] + keys("graphics sixel") + [.key(.enter)])
        #expect(m.graphics == .sixel)
        #expect(effects.contains(.setGraphics(.sixel)))
        #expect(effects.contains { if case .requestThumbnails = $0 { return true } else { return false } })
    }

    @Test func badCommandsExplainThemselvesInOneLine() {
        for text in ["export", "graphics vga", "checkout x", "frobnicate", "attach", "theme"] {
            let (m, effects) = command(text)
            #expect(effects.isEmpty, "\(text)")
            #expect(m.transcript.last?.kind == .error && m.transcript.last?.text.contains("\n") == false, "\(text)")
        }
        #expect(command("graphics blocks", demoModel(unicode: false)).1.isEmpty)
    }

    @Test func commandLineEditsAndCloses() {
        #expect(press(timeline(), .char(":"), .char("l"), .backspace, .backspace).0.overlay == nil)
        #expect(press(timeline(), .char(":"), .char("l"), .escape).0.overlay == nil)
        #expect(press(timeline(), .char(":"), .char("l"), .char("g"), .left, .char("o")).0.overlay.map {
            if case .command(let line) = $0 { return line.string } else { return "" }
        } == "log")
        // A paste into the command line stays one line.
        let pasted = run(timeline(), [.key(.char(":")), .paste("export a\nb.mp4")]).0
        if case .command(let line)? = pasted.overlay { #expect(line.string == "export a b.mp4") } else { Issue.record("closed") }
    }
}

@Suite struct TimelineKeyTests {
    @Test func arrowsMoveByAFrameAndStopAtTheEnds() {
        #expect(press(timeline(), .right, .right).0.frame == 2)
        #expect(press(timeline(), .right, .left, .left).0.frame == 0)
        #expect(press(timeline(), .end, .right).0.frame == 143)
    }

    @Test func pageKeysMoveByASecond() {
        #expect(press(timeline(), .pageDown).0.frame == 24)
        #expect(press(timeline(), .pageDown, .pageDown, .pageUp).0.frame == 24)
        #expect(press(timeline(), .pageUp).0.frame == 0)
    }

    @Test func homeAndEndGoToTheEnds() {
        #expect(press(timeline(), .end).0.frame == 143)
        #expect(press(timeline(), .end, .home).0.frame == 0)
    }

    @Test func shiftArrowsSelectFromWhereTheyStarted() {
        let m = press(timeline(), .pageDown, shift(.right), shift(.right), shift(.right)).0
        #expect(m.selectedFrames == FrameRange(24, 27))
        #expect(press(m, shift(.left), shift(.left), shift(.left), shift(.left)).0.selectedFrames == FrameRange(23, 24))
        #expect(press(timeline(), .pageDown, shift(.pageDown)).0.selectedFrames == FrameRange(24, 48))
        #expect(press(timeline(), .pageDown, shift(.home)).0.selectedFrames == FrameRange(0, 24))
        #expect(press(timeline(), .pageDown, shift(.end)).0.selectedFrames == FrameRange(24, 143))
    }

    @Test func bracketsSetTheSelectionEnds() {
        #expect(press(timeline(), .pageDown, .pageDown, .char("["), .pageDown, .pageDown, .char("]")).0.selectedFrames == FrameRange(48, 96))
        #expect(press(timeline(), .pageDown, .char("]")).0.selectedFrames == FrameRange(24, 24))
        // "[" after the end starts a fresh selection rather than inverting it.
        #expect(press(timeline(), .char("]"), .pageDown, .char("[")).0.selectedFrames == FrameRange(24, 24))
    }

    @Test func plusAndMinusZoomAroundTheCursor() {
        let m = press(timeline(), .end, .char("+"), .char("+")).0
        #expect(m.zoom == 2)
        let g = timelineGeometry(m)
        #expect(g.column(of: 143) != nil)
        #expect(g.visibleFrames < 144 / 3)
        #expect(press(m, .char("-"), .char("-"), .char("-")).0.zoom == 0)
        let maxed = replay(timeline(), Array(repeating: .key(.char("+")), count: 20)).0
        #expect(maxed.zoom == TimelineGeometry.maxZoom)
    }

    @Test func scrollingKeepsTheCursorOnScreen() {
        var m = press(timeline(), .char("+"), .char("+"), .char("+")).0
        for _ in 0..<143 {
            m = press(m, .right).0
            #expect(timelineGeometry(m).column(of: m.frame) != nil, "frame \(m.frame)")
        }
    }

    @Test func spacePlaysAtTheProjectRateAndDropsFramesToKeepTime() {
        var (m, effects) = press(timeline(), .char(" "))
        #expect(m.playing && effects.contains(.startPlayback(fps: 24)))
        m = run(m, [.tick(10.0)]).0
        #expect(m.frame == 0)
        m = run(m, [.tick(10.5)]).0
        #expect(m.frame == 12)
        // A late tick skips straight to where the clock says.
        m = run(m, [.tick(12.0)]).0
        #expect(m.frame == 48)
        // Past the end, playback wraps to the start.
        m = run(m, [.tick(16.5)]).0
        #expect(m.frame == 12)
        let stopped = press(m, .char(" "))
        #expect(!stopped.0.playing && stopped.1.contains(.stopPlayback))
        #expect(run(stopped.0, [.tick(20)]).0.frame == 12)
    }

    @Test func playbackLoopsInsideTheSelection() {
        var m = press(timeline(), .pageDown, .char("["), .pageDown, .char("]"), .pageUp, .char(" ")).0
        m = run(m, [.tick(0), .tick(1.5)]).0
        #expect(FrameRange(24, 48).contains(m.frame))
    }
}

@Suite struct PreviewKeyTests {
    @Test func rStartsARegionThatArrowsMove() {
        var m = press(preview(), .char("r")).0
        #expect(m.region == Region(x: 0.25, y: 0.25, w: 0.5, h: 0.5))
        m = press(m, .right, .down, .down).0
        #expect(m.region == Region(x: 0.3, y: 0.35, w: 0.5, h: 0.5))
        m = replay(m, Array(repeating: .key(.right), count: 30)).0
        #expect(m.region?.x == 0.5)
        #expect(press(m, .up, .left).0.region == Region(x: 0.45, y: 0.3, w: 0.5, h: 0.5))
    }

    @Test func shiftArrowsResizeTheRegion() {
        let m = press(preview(), .char("r"), shift(.left), shift(.left), shift(.down))
        #expect(m.0.region == Region(x: 0.25, y: 0.25, w: 0.4, h: 0.55))
        let tiny = replay(press(preview(), .char("r")).0, Array(repeating: .key(shift(.up)), count: 30)).0
        #expect(tiny.region?.h == 0.05)
        #expect(press(preview(), .char("r"), shift(.right), shift(.right), shift(.right), shift(.right), shift(.right), shift(.right)).0.region?.w == 0.75)
    }

    @Test func oCyclesThroughTheObjectsInTheFrame() {
        var m = press(preview(), .char("o")).0
        #expect(m.pickedObject == "ball" && m.region == Region(x: 0.1, y: 0.6, w: 0.2, h: 0.3))
        m = press(m, .char("o")).0
        #expect(m.pickedObject == "tree")
        m = press(m, .char("o")).0
        #expect(m.pickedObject == "ball")
        // The tree leaves after frame 71.
        let late = press(timeline(), .end, .tab, .char("o"), .char("o")).0
        #expect(late.pickedObject == "ball")
    }

    @Test func arrowsWithoutARegionMoveTheFrame() {
        #expect(press(preview(), .right, .right).0.frame == 2)
        #expect(press(preview(), .right, .left).0.frame == 0)
        #expect(press(preview(), .char(" ")).0.playing)
    }

    @Test func theSelectionScopesTheNextTurn() {
        var m = press(timeline(), .pageDown, .pageDown, .char("["), .pageDown, .pageDown, .left, .char("]"), .tab, .char("r"), .tab).0
        #expect(m.focus == .chat)
        #expect(scopeLabel(m) == "frames 48-95, region 0.25,0.25 0.50x0.50")
        let shown = view(m).buffer.lines.joined(separator: "\n")
        #expect(shown.contains("scope: frames 48-95,") && shown.contains("region 0.25,0.25 0.50x0.50"))
        let effects: [Effect]
        (m, effects) = run(m, keys("make it pink") + [.key(.enter)])
        #expect(nonPictureEffects(effects) == [.submitTurn(text: "make it pink", selection: Selection(frames: FrameRange(48, 95), region: Region(x: 0.25, y: 0.25, w: 0.5, h: 0.5)))])
        #expect(m.awaitingReply && m.transcript.last == TranscriptEntry(.you, "make it pink"))
    }
}

@Suite struct ChatKeyTests {
    func typed(_ text: String, _ more: Key...) -> InputLine {
        replay(demoModel(), keys(text) + more.map { .key($0) }).0.input
    }

    @Test func charactersAreInsertedAtTheCursor() {
        #expect(typed("helo", .left, .char("l")).string == "hello")
        #expect(typed("ab", .left, .left, .char("x"), .right, .right, .char("y")).string == "xaby")
    }

    @Test func backspaceAndDeleteRemoveAroundTheCursor() {
        #expect(typed("abc", .backspace).string == "ab")
        #expect(typed("abc", .left, .left, .delete).string == "ac")
        #expect(typed("abc", .home, .backspace, .end, .delete).string == "abc")
        #expect(typed("abc", .ctrl("h")).string == "ab")
    }

    @Test func homeEndAndEmacsKeysMoveAndKill() {
        #expect(typed("world", .home, .char("A")).string == "Aworld")
        #expect(typed("ab", .ctrl("a"), .ctrl("e"), .char("c")).string == "abc")
        #expect(typed("one two", .left, .left, .left, .ctrl("k")).string == "one ")
        #expect(typed("one two", .left, .left, .left, .ctrl("u")).string == "two")
        #expect(typed("one two  ", .ctrl("w")).string == "one ")
        #expect(typed("ab", .ctrl("b"), .ctrl("d")).string == "a")
        #expect(typed("ab", .home, .ctrl("f"), .char("-")).string == "a-b")
    }

    @Test func ctrlJAndAltEnterInsertNewlines() {
        let line = typed("a", .ctrl("j"), .char("b"), Key(.enter, alt: true), .char("c"))
        #expect(line.string == "a\nb\nc")
        // Up and Down move between lines of a multi-line turn.
        #expect(typed("ab", .ctrl("j"), .char("c"), .up, .char("X")).string == "aXb\nc")
        #expect(typed("ab", .ctrl("j"), .char("c"), .char("d"), .home, .up, .down, .end, .char("!")).string == "ab\ncd!")
    }

    @Test func enterSendsAndClearsAndEmptyEnterDoesNothing() {
        let (m, effects) = run(demoModel(), keys("add a ball") + [.key(.enter)])
        #expect(m.input.isEmpty && m.input.history == ["add a ball"])
        #expect(nonPictureEffects(effects) == [.submitTurn(text: "add a ball", selection: Selection())])
        #expect(nonPictureEffects(run(demoModel(), keys("   ") + [.key(.enter)]).1).isEmpty)
    }

    @Test func aSecondTurnWaitsForTheReply() {
        let (m, effects) = run(demoModel(), keys("one") + [.key(.enter)] + keys("two") + [.key(.enter)])
        #expect(nonPictureEffects(effects).count == 1 && m.input.string == "two")
        let replied = run(m, [.turnReplied([TranscriptEntry(.ok, "done")]), .key(.enter)])
        #expect(nonPictureEffects(replied.1) == [.submitTurn(text: "two", selection: Selection())])
    }

    @Test func upAndDownWalkTheHistoryAndRestoreTheDraft() {
        var m = run(demoModel(), keys("first") + [.key(.enter), .turnReplied([])] + keys("second") + [.key(.enter), .turnReplied([])]).0
        m = run(m, keys("dra")).0
        #expect(press(m, .up).0.input.string == "second")
        #expect(press(m, .up, .up, .up).0.input.string == "first")
        #expect(press(m, .up, .up, .down).0.input.string == "second")
        #expect(press(m, .up, .down).0.input.string == "dra")
    }

    @Test func pasteInsertsTextWithNewlinesIntoTheChat() {
        let m = run(timeline(), [.paste("line one\nline two")]).0
        #expect(m.focus == .chat && m.input.string == "line one\nline two")
    }

    @Test func pageKeysInChatDoNotType() {
        #expect(typed("a", .pageUp, .pageDown).string == "a")
    }
}

@Suite struct MessageTests {
    @Test func revisionsInvalidateOnlyChangedThumbnails() {
        var m = play(demoModel(), [.key(.tab)]).0
        let before = m.thumbnails
        #expect(before.count >= 5)
        let changedFrame = before.keys.sorted()[1]
        let (next, effects) = update(m, .revisionChanged(demoSummary(revision: 3), changed: [changedFrame]))
        m = next
        #expect(m.thumbnails[changedFrame] == nil && m.thumbnails.count == before.count - 1)
        #expect(effects.contains(.requestThumbnails(frames: [changedFrame], size: thumbnailPixels(m), revision: 3)))
        #expect(m.changedFrames == [changedFrame])
    }

    @Test func picturesOfAnOlderRevisionAreIgnored() {
        let m = demoModel()
        let image = scenePicture(width: 8, height: 8)
        #expect(update(m, .thumbnailReady(frame: 0, revision: 1, image: image)).0.thumbnails.isEmpty)
        #expect(update(m, .thumbnailReady(frame: 0, revision: 2, image: image)).0.thumbnails[0] == image)
        #expect(update(m, .previewReady(frame: 0, revision: 1, image: image)).0.preview == nil)
    }

    @Test func picturesAreAskedForOnce() {
        let (m, first) = update(demoModel(), .resize(Size(width: 100, height: 30)))
        let again = update(m, .resize(Size(width: 100, height: 30))).1
        #expect(first.contains { if case .requestThumbnails = $0 { return true } else { return false } })
        #expect(again.isEmpty)
    }

    @Test func progressLogThemeAndErrorsShow() {
        var m = demoModel()
        m = update(m, .renderProgress(Progress(done: 5, total: 10))).0
        m = update(m, .exportProgress(Progress(done: 144, total: 144))).0
        let status = view(m).buffer.lines[23]
        #expect(status.contains("render 50%") && status.contains("exported"))
        m = update(m, .logReady(["r1 add ball", "r2 sky pink"])).0
        #expect(view(m).buffer.lines.contains { $0.contains("r2 sky pink") })
        var nord = Theme.defaultDark
        nord.name = "Nord"
        m = update(m, .themeLoaded(nord)).0
        #expect(m.theme.name == "Nord")
        m = update(m, .error("planner unavailable")).0
        #expect(m.transcript.last == TranscriptEntry(.error, "planner unavailable"))
    }

    @Test func replayIsDeterministic() {
        let script: [Message] = [.key(.tab), .key(.pageDown), .key(Key(.right, shift: true)), .key(.tab), .key(.char("r"))]
            + [.key(.tab)] + keys("hello") + [.key(.enter), .turnReplied([TranscriptEntry(.ok, "hi")])]
        let a = replay(demoModel(), script), b = replay(demoModel(), script)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(view(a.0) == view(b.0))
    }
}
