import Foundation
import AuteurCore

/// The interface's only state transition: pure, so that a whole session
/// replays headless from its list of messages.
public func update(_ model: AppModel, _ message: Message) -> (AppModel, [Effect]) {
    var m = model
    var effects: [Effect] = []
    switch message {
    case .key(let key): handleKey(key, &m, &effects)
    case .paste(let text):
        if case .command(var line) = m.overlay {
            // A command is one line: pasted newlines would run it half typed.
            line.insert(text.replacingOccurrences(of: "\n", with: " "))
            m.overlay = .command(line)
        } else {
            m.focus = .chat
            m.input.insert(text)
        }
    case .resize(let size): m.terminalSize = size
    case .cellPixels(let size):
        if size.width > 0, size.height > 0 { m.cellPixels = size }
    case .tick(let now): advancePlayback(&m, now: now)
    case .playbackRate(let fps): m.playbackFPS = m.playing ? fps : nil
    case .turnReplied(let entries):
        m.awaitingReply = false
        m.chatScroll = 0
        m.transcript.append(contentsOf: entries)
    case .revisionChanged(let summary, let changed):
        let framesMoved = summary.frameCount != m.project.frameCount
        m.project = summary
        m.changedFrames = changed
        if framesMoved { m.thumbnails = [:] } else { for f in changed { m.thumbnails[f] = nil } }
        if let p = m.preview, changed.contains(p.frame) || framesMoved { m.preview = nil }
        // Work asked for an older revision is stale; the runner drops it.
        m.pendingThumbnails = []
        m.pendingPreview = nil
        m.frame = min(m.frame, summary.lastFrame)
        if let s = m.selectedFrames { m.selectedFrames = s.clamped(to: FrameRange(0, summary.lastFrame)) }
        if let o = m.pickedObject, !summary.objects.contains(where: { $0.id == o }) { m.pickedObject = nil }
    case .thumbnailReady(let frame, let revision, let image):
        guard revision == m.project.revision else { break }
        m.pendingThumbnails.remove(frame)
        if m.thumbnails[frame] == nil || image.size == thumbnailPixels(m) { m.thumbnails[frame] = image }
    case .previewReady(let frame, let revision, let image):
        guard revision == m.project.revision else { break }
        if m.pendingPreview == frame { m.pendingPreview = nil }
        // While playing, an older frame arriving late is still better than
        // nothing, but never replaces a newer one.
        if m.preview == nil || m.preview!.frame != m.frame || frame == m.frame { m.preview = (frame, image) }
    case .renderProgress(let p): m.renderProgress = p
    case .exportProgress(let p):
        m.exportProgress = p
    case .logReady(let lines): m.overlay = .log(lines)
    case .themeLoaded(let theme):
        m.theme = theme
        m.transcript.append(TranscriptEntry(.info, "theme \(theme.name)"))
    case .error(let text):
        m.awaitingReply = false
        m.chatScroll = 0
        m.transcript.append(TranscriptEntry(.error, text))
    }
    keepCursorInView(&m)
    effects += requestPictures(&m)
    return (m, effects)
}

/// Replays a list of messages from a starting model, collecting effects.
public func replay(_ model: AppModel, _ messages: [Message]) -> (AppModel, [Effect]) {
    var m = model
    var all: [Effect] = []
    for message in messages {
        let (next, effects) = update(m, message)
        m = next
        all += effects
    }
    return (m, all)
}

// MARK: Keys

private func handleKey(_ key: Key, _ m: inout AppModel, _ effects: inout [Effect]) {
    switch m.overlay {
    case .command(var line):
        switch key.code {
        case .escape: m.overlay = nil
        case .enter:
            m.overlay = nil
            runCommand(line.string, &m, &effects)
        case .backspace where line.isEmpty: m.overlay = nil
        default:
            _ = line.edit(key, multiline: false)
            m.overlay = .command(line)
        }
        return
    case .help, .log:
        // Any key closes an overlay; Ctrl-C still quits.
        m.overlay = nil
        if key.code == .ctrl("c") { quit(&m, &effects) }
        return
    case nil:
        break
    }

    let typing = m.focus == .chat
    switch key.code {
    case .ctrl("z"): effects.append(.undo); return
    case .ctrl("y"): effects.append(.redo); return
    case .ctrl("c"), .ctrl("q"): quit(&m, &effects); return
    case .tab: m.focus = key.shift ? m.focus.previous : m.focus.next; return
    case .escape: clearSelection(&m); return
    case .function(1): m.overlay = .help; return
    case .char(":") where !typing || m.input.isEmpty:
        m.overlay = .command(InputLine()); return
    case .char("?") where !typing || m.input.isEmpty:
        m.overlay = .help; return
    default: break
    }

    switch m.focus {
    case .chat: chatKey(key, &m, &effects)
    case .timeline: timelineKey(key, &m, &effects)
    case .preview: previewKey(key, &m, &effects)
    }
}

private func quit(_ m: inout AppModel, _ effects: inout [Effect]) {
    if m.playing { effects.append(.stopPlayback); m.playing = false; m.playbackFPS = nil }
    m.quitting = true
    effects.append(.quit)
}

private func clearSelection(_ m: inout AppModel) {
    m.selectedFrames = nil
    m.selectionAnchor = nil
    m.region = nil
    m.pickedObject = nil
}

private func chatKey(_ key: Key, _ m: inout AppModel, _ effects: inout [Effect]) {
    switch key.code {
    case .enter where !key.alt:
        let text = m.input.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        guard !m.awaitingReply else {
            m.transcript.append(TranscriptEntry(.info, "still waiting for the last reply"))
            return
        }
        m.input.commit()
        m.chatScroll = 0
        m.transcript.append(TranscriptEntry(.you, text))
        m.awaitingReply = true
        effects.append(.submitTurn(text: text, selection: m.selection))
    case .pageUp, .pageDown:
        scrollTranscript(&m, back: key.code == .pageUp, page: true)
    case .up where key.shift, .down where key.shift:
        scrollTranscript(&m, back: key.code == .up, page: false)
    default:
        _ = m.input.edit(key, multiline: true)
    }
}

/// PgUp/PgDn move the transcript by a page less a line (to keep context),
/// Shift+Up/Down by a line; never past the oldest line or the newest.
private func scrollTranscript(_ m: inout AppModel, back: Bool, page: Bool) {
    guard let chat = ChatGeometry(m, layout(m)) else { return }
    let rows = transcriptRows(m, width: chat.textWidth, glyphs: m.unicode ? .unicode : .ascii).count
    let step = page ? max(1, chat.room - 1) : 1
    m.chatScroll = chat.clampedScroll(m.chatScroll + (back ? step : -step), rows: rows)
}

private func moveFrame(_ m: inout AppModel, by delta: Int, extend: Bool) {
    let target = min(m.project.lastFrame, max(0, m.frame + delta))
    moveFrame(&m, to: target, extend: extend)
}

private func moveFrame(_ m: inout AppModel, to target: FrameIndex, extend: Bool) {
    if extend {
        let anchor = m.selectionAnchor ?? m.frame
        m.selectionAnchor = anchor
        m.frame = target
        m.selectedFrames = FrameRange(anchor, target)
    } else {
        m.frame = target
        m.selectionAnchor = nil
    }
    if m.playing { m.playbackStart = nil }
}

private func togglePlayback(_ m: inout AppModel, _ effects: inout [Effect]) {
    m.playing.toggle()
    m.playbackStart = nil
    m.playbackFPS = nil
    effects.append(m.playing ? .startPlayback(fps: m.project.fps) : .stopPlayback)
}

private func timelineKey(_ key: Key, _ m: inout AppModel, _ effects: inout [Effect]) {
    let fps = m.project.fps
    switch key.code {
    case .left: moveFrame(&m, by: -1, extend: key.shift)
    case .right: moveFrame(&m, by: 1, extend: key.shift)
    case .pageUp: moveFrame(&m, by: -fps, extend: key.shift)
    case .pageDown: moveFrame(&m, by: fps, extend: key.shift)
    case .home: moveFrame(&m, to: 0, extend: key.shift)
    case .end: moveFrame(&m, to: m.project.lastFrame, extend: key.shift)
    case .char("["):
        let end = m.selectedFrames.map { $0.end >= m.frame ? $0.end : m.frame } ?? m.frame
        m.selectedFrames = FrameRange(m.frame, end)
        m.selectionAnchor = nil
    case .char("]"):
        let start = m.selectedFrames.map { $0.start <= m.frame ? $0.start : m.frame } ?? m.frame
        m.selectedFrames = FrameRange(start, m.frame)
        m.selectionAnchor = nil
    case .char("+"), .char("="):
        m.zoom = min(TimelineGeometry.maxZoom, m.zoom + 1)
        centreTimeline(&m)
    case .char("-"), .char("_"):
        m.zoom = max(0, m.zoom - 1)
        centreTimeline(&m)
    case .char(" "): togglePlayback(&m, &effects)
    default: break
    }
}

private let regionStep = 0.05

private func previewKey(_ key: Key, _ m: inout AppModel, _ effects: inout [Effect]) {
    switch key.code {
    case .char("r"):
        m.region = Region(x: 0.25, y: 0.25, w: 0.5, h: 0.5)
        m.pickedObject = nil
    case .char("o"): pickNextObject(&m)
    case .char(" "): togglePlayback(&m, &effects)
    case .left, .right, .up, .down:
        guard var r = m.region else {
            if key.code == .left { moveFrame(&m, by: -1, extend: key.shift) }
            if key.code == .right { moveFrame(&m, by: 1, extend: key.shift) }
            return
        }
        let dx = key.code == .left ? -regionStep : key.code == .right ? regionStep : 0
        let dy = key.code == .up ? -regionStep : key.code == .down ? regionStep : 0
        if key.shift {
            r.w = min(1 - r.x, max(regionStep, r.w + dx))
            r.h = min(1 - r.y, max(regionStep, r.h + dy))
        } else {
            r.x = min(1 - r.w, max(0, r.x + dx))
            r.y = min(1 - r.h, max(0, r.y + dy))
        }
        m.region = r.roundedToHundredths()
        m.pickedObject = nil
    default: break
    }
}

private func pickNextObject(_ m: inout AppModel) {
    let frame = m.frame
    let candidates = m.project.objects.filter { $0.frames?.contains(frame) ?? true }
    guard !candidates.isEmpty else {
        m.transcript.append(TranscriptEntry(.info, "no objects in frame \(frame)"))
        return
    }
    let next: ObjectBox
    if let current = m.pickedObject, let i = candidates.firstIndex(where: { $0.id == current }) {
        next = candidates[(i + 1) % candidates.count]
    } else {
        next = candidates[0]
    }
    m.pickedObject = next.id
    m.region = next.region.clampedToFrame()
}

// MARK: Commands

/// The commands `:` accepts, listed in the help overlay.
public let commandHelp: [(String, String)] = [
    (":export FILE", "export the film"),
    (":attach FILE", "attach media"),
    (":theme NAME", "colour theme"),
    (":graphics MODE", "sixel/blocks/ascii"),
    (":log", "revision log"),
    (":checkout N", "go to revision N"),
    (":suspend", "to the shell; fg"),
    (":quit", "leave (all saved)"),
]

private func runCommand(_ text: String, _ m: inout AppModel, _ effects: inout [Effect]) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return }
    let name = String(trimmed.prefix { $0 != " " })
    let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    func fail(_ line: String) { m.transcript.append(TranscriptEntry(.error, line)) }
    switch name {
    case "export":
        guard !argument.isEmpty else { return fail("usage: :export FILE.mp4") }
        m.exportProgress = Progress(done: 0, total: m.project.frameCount)
        effects.append(.export(path: argument))
    case "attach":
        guard !argument.isEmpty else { return fail("usage: :attach FILE") }
        effects.append(.attach(path: argument))
    case "theme":
        guard !argument.isEmpty else { return fail("usage: :theme NAME") }
        effects.append(.setTheme(name: argument))
    case "graphics":
        guard let mode = GraphicsMode(rawValue: argument.lowercased()) else {
            return fail("usage: :graphics sixel|blocks|ascii")
        }
        guard m.unicode || mode != .blocks else { return fail("blocks need a UTF-8 terminal; staying in \(m.graphics.rawValue)") }
        m.graphics = mode
        effects.append(.setGraphics(mode))
    case "log": effects.append(.requestLog)
    case "checkout":
        guard let n = Int(argument), n >= 0 else { return fail("usage: :checkout N (a revision number)") }
        effects.append(.checkout(revision: n))
    case "suspend", "stop": effects.append(.suspend)
    case "quit", "q": quit(&m, &effects)
    case "help": m.overlay = .help
    default: fail("unknown command :\(name) (press ? for the list)")
    }
}

// MARK: Playback and the timeline

private func advancePlayback(_ m: inout AppModel, now: Double) {
    guard m.playing else { return }
    guard let start = m.playbackStart else {
        m.playbackStart = (now, m.frame)
        return
    }
    // Frames follow the clock, not the tick count: a late tick skips frames
    // so that playback keeps the project's time.
    let range = m.selectedFrames.flatMap { $0.contains(start.frame) ? $0 : nil } ?? FrameRange(0, m.project.lastFrame)
    let elapsed = Int(((now - start.time) * Double(m.project.fps)).rounded(.down))
    let target = start.frame + max(0, elapsed)
    if target > range.end {
        let wrapped = range.start + (target - range.end - 1) % range.count
        m.frame = wrapped
        m.playbackStart = (now, wrapped)
    } else {
        m.frame = target
    }
}

func timelineGeometry(_ m: AppModel) -> TimelineGeometry {
    TimelineGeometry(layout: layout(m), frameCount: m.project.frameCount, zoom: m.zoom, origin: m.timelineOrigin)
}

func layout(_ m: AppModel) -> Layout {
    Layout(size: m.terminalSize, canvas: m.project.canvas, cellPixels: m.graphics == .sixel ? m.cellPixels : Size(width: 1, height: 2))
}

private func keepCursorInView(_ m: inout AppModel) {
    m.timelineOrigin = timelineGeometry(m).origin(keeping: m.frame)
}

private func centreTimeline(_ m: inout AppModel) {
    var g = timelineGeometry(m)
    g.origin = -1e9
    m.timelineOrigin = g.origin(keeping: m.frame)
}

/// Pixel size asked of the renderer for a picture covering `cells`:
/// the terminal's pixels in sixel mode, else a few samples per cell for the
/// area average, never more than the canvas.
func picturePixels(_ m: AppModel, cells: Size) -> Size {
    let perCell = m.graphics == .sixel ? m.cellPixels : Size(width: 4, height: 8)
    return Size(width: min(m.project.canvas.width, max(1, cells.width * perCell.width)),
                height: min(m.project.canvas.height, max(1, cells.height * perCell.height)))
}

func thumbnailPixels(_ m: AppModel) -> Size {
    let l = layout(m)
    return picturePixels(m, cells: Size(width: l.thumbColumns, height: l.thumbRows))
}

/// Asks for the thumbnails and preview on screen that are neither cached
/// at the right size nor already asked for.
private func requestPictures(_ m: inout AppModel) -> [Effect] {
    let l = layout(m)
    guard !l.tooSmall, !m.quitting else { return [] }
    var effects: [Effect] = []
    let size = thumbnailPixels(m)
    if m.requestedThumbnailSize != size {
        // Requests at another size will arrive unfit; ask again at this one.
        m.requestedThumbnailSize = size
        m.pendingThumbnails = []
    }
    let wanted = timelineGeometry(m).thumbnails.map(\.frame)
    var missing: [FrameIndex] = []
    for f in wanted where !m.pendingThumbnails.contains(f) && m.thumbnails[f]?.size != size && !missing.contains(f) {
        missing.append(f)
    }
    if !missing.isEmpty {
        m.pendingThumbnails.formUnion(missing)
        effects.append(.requestThumbnails(frames: missing, size: size, revision: m.project.revision))
    }
    let pictureSize = picturePixels(m, cells: Size(width: l.previewPicture.width, height: l.previewPicture.height))
    let havePreview = m.preview.map { $0.frame == m.frame && $0.image.size == pictureSize } ?? false
    if !havePreview, m.pendingPreview != m.frame {
        m.pendingPreview = m.frame
        effects.append(.requestPreview(frame: m.frame, size: pictureSize, revision: m.project.revision))
    }
    return effects
}

// MARK: Helpers

extension Region {
    func roundedToHundredths() -> Region {
        func r(_ v: Double) -> Double { (v * 100).rounded() / 100 }
        return Region(x: r(x), y: r(y), w: r(w), h: r(h))
    }

    func clampedToFrame() -> Region {
        let x0 = min(1, max(0, x)), y0 = min(1, max(0, y))
        let x1 = min(1, max(x0, x + w)), y1 = min(1, max(y0, y + h))
        return Region(x: x0, y: y0, w: max(0.01, x1 - x0), h: max(0.01, y1 - y0)).roundedToHundredths()
    }
}

extension InputLine {
    mutating func insert(_ s: String) {
        let chars = Array(TerminalText.sanitize(s, keepNewlines: true))
        text.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
        historyIndex = nil
    }

    /// Records the text in the history and clears the line.
    mutating func commit() {
        let s = string
        if history.last != s { history.append(s) }
        text = []; cursor = 0; historyIndex = nil; draft = []
    }

    private var lineStart: Int {
        var i = cursor
        while i > 0, text[i - 1] != "\n" { i -= 1 }
        return i
    }

    private var lineEnd: Int {
        var i = cursor
        while i < text.count, text[i] != "\n" { i += 1 }
        return i
    }

    /// Applies an editing key; false when the key means nothing here.
    @discardableResult
    mutating func edit(_ key: Key, multiline: Bool) -> Bool {
        switch key.code {
        case .char(let c) where !key.alt: insert(String(c))
        case .enter where key.alt && multiline: insert("\n")
        case .ctrl("j") where multiline: insert("\n")
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            text.remove(at: cursor - 1); cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return true }
            text.remove(at: cursor)
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = lineStart
        case .end, .ctrl("e"): cursor = lineEnd
        case .ctrl("u"):
            let s = lineStart
            text.removeSubrange(s..<cursor); cursor = s
        case .ctrl("k"):
            text.removeSubrange(cursor..<lineEnd)
        case .ctrl("w"):
            var s = cursor
            while s > 0, text[s - 1] == " " { s -= 1 }
            while s > 0, text[s - 1] != " ", text[s - 1] != "\n" { s -= 1 }
            text.removeSubrange(s..<cursor); cursor = s
        case .up:
            if multiline, lineStart > 0 { moveVertically(up: true) } else { walkHistory(back: true) }
        case .down:
            if multiline, lineEnd < text.count { moveVertically(up: false) } else { walkHistory(back: false) }
        default: return false
        }
        return true
    }

    private mutating func moveVertically(up: Bool) {
        let column = cursor - lineStart
        if up {
            let prevEnd = lineStart - 1
            var prevStart = prevEnd
            while prevStart > 0, text[prevStart - 1] != "\n" { prevStart -= 1 }
            cursor = min(prevEnd, prevStart + column)
        } else {
            let nextStart = lineEnd + 1
            var nextEnd = nextStart
            while nextEnd < text.count, text[nextEnd] != "\n" { nextEnd += 1 }
            cursor = min(nextEnd, nextStart + column)
        }
    }

    private mutating func walkHistory(back: Bool) {
        guard !history.isEmpty else { return }
        if back {
            let i: Int
            if let h = historyIndex { i = max(0, h - 1) } else { draft = text; i = history.count - 1 }
            historyIndex = i
            text = Array(history[i])
        } else {
            guard let h = historyIndex else { return }
            if h + 1 < history.count {
                historyIndex = h + 1
                text = Array(history[h + 1])
            } else {
                historyIndex = nil
                text = draft
            }
        }
        cursor = text.count
    }
}
