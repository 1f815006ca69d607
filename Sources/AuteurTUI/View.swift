import Foundation
import AuteurCore

/// A picture the backend draws over the text layer, at absolute cells,
/// after the text has been flushed (sixel mode only).
public struct ImagePlacement: Hashable, Sendable {
    public var key: ImageKey
    public var rect: CellRect
    public var image: RGBAImage
    public init(key: ImageKey, rect: CellRect, image: RGBAImage) { self.key = key; self.rect = rect; self.image = image }
}

/// Where the terminal cursor shows, when something is being typed.
public struct CellPoint: Hashable, Sendable {
    public var x: Int, y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// What `view` produces: the text layer, the pictures to place over it,
/// and the cursor.
public struct Screen: Hashable, Sendable {
    public var buffer: CellBuffer
    public var images: [ImagePlacement]
    public var cursor: CellPoint?
}

/// Where the chat pane's parts go: the input at the bottom (at most five
/// rows, wrapped by characters so the cursor can be placed), the scope of
/// the next turn above it, a separator, and the transcript in the rows left.
/// Shared by `view` and by `update`, which pages the transcript.
struct ChatGeometry {
    var inner: CellRect
    var textWidth: Int
    var shownInput: [[Character]]
    var firstInputRow: Int
    var cursorRow: Int, cursorColumn: Int
    var inputTop: Int
    var scopeRows: [String]
    var scopeY: Int
    var separatorY: Int
    /// Transcript rows that fit.
    var room: Int { separatorY - inner.y }

    init?(_ model: AppModel, _ l: Layout) {
        inner = l.chat.inset(by: 1)
        guard inner.width > 4, inner.height > 4 else { return nil }
        textWidth = inner.width - 2
        var rows: [[Character]] = [[]]
        var column = 0
        cursorRow = 0; cursorColumn = 0
        for (i, ch) in model.input.text.enumerated() {
            if i == model.input.cursor { cursorRow = rows.count - 1; cursorColumn = column }
            if ch == "\n" { rows.append([]); column = 0; continue }
            let w = CellWidth.of(ch)
            if column + w > textWidth { rows.append([]); column = 0 }
            rows[rows.count - 1].append(ch); column += w
        }
        if model.input.cursor >= model.input.text.count {
            if column >= textWidth { rows.append([]); column = 0 }
            cursorRow = rows.count - 1; cursorColumn = column
        }
        let maxInputRows = max(1, min(5, inner.height / 3))
        firstInputRow = max(0, min(cursorRow - maxInputRows + 1, rows.count - maxInputRows))
        shownInput = Array(rows[firstInputRow..<min(rows.count, firstInputRow + maxInputRows)])
        inputTop = inner.maxY - shownInput.count
        // The scope is what the next turn will change: never cut it short.
        scopeRows = Array(AuteurTUI.scopeRows(model, width: inner.width).prefix(3))
        scopeY = inputTop - scopeRows.count
        separatorY = scopeY - 1
    }

    /// A scroll-back that stops when the oldest line is at the top.
    func clampedScroll(_ scroll: Int, rows: Int) -> Int { max(0, min(scroll, rows - room)) }
}

/// The transcript as rows of the chat's width, each with its entry's kind:
/// a mark on an entry's first row sets replies, warnings and questions apart.
func transcriptRows(_ model: AppModel, width: Int, glyphs: Glyphs) -> [(kind: TranscriptEntry.Kind, text: String)] {
    var lines: [(kind: TranscriptEntry.Kind, text: String)] = []
    for entry in model.transcript {
        let mark: String
        switch entry.kind {
        case .you: mark = glyphs.prompt
        case .ok: mark = " "
        case .warning: mark = "!"
        case .question: mark = "?"
        case .error: mark = model.unicode ? "✗" : "x"
        case .info: mark = model.unicode ? "·" : "-"
        }
        let wrapped = wrap(TerminalText.sanitize(entry.text, keepNewlines: true), width: width)
        for (i, row) in wrapped.enumerated() { lines.append((entry.kind, (i == 0 ? mark : " ") + " " + row)) }
    }
    return lines
}

/// Characters for frames and marks; plain ASCII where the terminal has no UTF-8.
struct Glyphs {
    var h, v, tl, tr, bl, br: String
    var cursorBelow, cursorAbove, tick, shot, changed, selected, prompt, ellipsis: String
    var regionTL, regionTR, regionBL, regionBR: String

    static let unicode = Glyphs(h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘",
                                cursorBelow: "▼", cursorAbove: "▲", tick: "╵", shot: "┃", changed: "•", selected: "━",
                                prompt: "›", ellipsis: "…", regionTL: "┏", regionTR: "┓", regionBL: "┗", regionBR: "┛")
    static let ascii = Glyphs(h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+",
                              cursorBelow: "v", cursorAbove: "^", tick: "'", shot: "|", changed: "*", selected: "=",
                              prompt: ">", ellipsis: "...", regionTL: "+", regionTR: "+", regionBL: "+", regionBR: "+")
}

/// Paints the model. Pure: the same model always gives the same screen.
public func view(_ model: AppModel) -> Screen {
    let size = model.terminalSize
    let theme = model.theme
    let g = model.unicode ? Glyphs.unicode : Glyphs.ascii
    let base = CellStyle(fg: theme.text, bg: theme.background)
    var buffer = CellBuffer(width: size.width, height: size.height, fill: Cell(" ", style: base))
    let l = layout(model)
    if l.tooSmall {
        let lines = ["Terminal is \(size.width)x\(size.height).",
                     "Auteur needs at least \(Layout.minimum.width)x\(Layout.minimum.height)."]
        for (i, line) in lines.enumerated() {
            let y = size.height / 2 - 1 + i
            buffer.put(line, x: max(0, (size.width - CellWidth.of(line)) / 2), y: y, style: base)
        }
        return Screen(buffer: buffer, images: [], cursor: nil)
    }
    var painter = Painter(buffer: buffer, model: model, glyphs: g, base: base)
    painter.preview(l)
    painter.timeline(l)
    let chatCursor = painter.chat(l)
    painter.status(l)
    var cursor = model.focus == .chat ? chatCursor : nil
    switch model.overlay {
    case .help?: painter.help(l); cursor = nil
    case .log(let lines)?: painter.log(l, lines); cursor = nil
    case .command(let line)?: cursor = painter.commandLine(l, line)
    case nil: break
    }
    return Screen(buffer: painter.buffer, images: painter.images, cursor: cursor)
}

/// The words shown above the chat input: what the next turn applies to.
public func scopeLabel(_ model: AppModel) -> String { scopeParts(model).joined(separator: ", ") }

func scopeParts(_ model: AppModel) -> [String] {
    var parts: [String] = []
    if let f = model.selectedFrames { parts.append("frames \(f)") }
    if let o = model.pickedObject { parts.append("object \(o)") } else if let r = model.region {
        parts.append("region \(fmt2(r.x)),\(fmt2(r.y)) \(fmt2(r.w))x\(fmt2(r.h))")
    }
    return parts.isEmpty ? ["whole film"] : parts
}

/// The scope line broken between its parts, so that a region's numbers stay together.
func scopeRows(_ model: AppModel, width: Int) -> [String] {
    var rows: [String] = []
    var row = "scope:"
    let parts = scopeParts(model)
    for (i, part) in parts.enumerated() {
        let piece = part + (i < parts.count - 1 ? "," : "")
        if CellWidth.of(row) + 1 + CellWidth.of(piece) > width, !row.isEmpty, row != "scope:" {
            rows.append(row); row = piece
        } else {
            row += (row.isEmpty ? "" : " ") + piece
        }
    }
    rows.append(row)
    return rows.flatMap { wrap($0, width: width) }
}

func fmt2(_ v: Double) -> String {
    let hundredths = Int((v * 100).rounded())
    let frac = abs(hundredths) % 100
    return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
}

func timecode(_ frame: Int, fps: Int) -> String {
    let seconds = frame / max(1, fps), rest = frame % max(1, fps)
    let hundredths = rest * 100 / max(1, fps)
    return "\(seconds / 60):\(seconds % 60 < 10 ? "0" : "")\(seconds % 60).\(hundredths < 10 ? "0" : "")\(hundredths)"
}

/// Splits text into rows of at most `width` cells, breaking at spaces when it can.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var rows: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var row = "", rowWidth = 0
        var lastSpace: String.Index?
        for ch in paragraph {
            let w = CellWidth.of(ch)
            if rowWidth + w > width {
                if let s = lastSpace, s > row.startIndex {
                    let rest = String(row[row.index(after: s)...])
                    rows.append(String(row[..<s]))
                    row = rest; rowWidth = CellWidth.of(rest)
                } else {
                    rows.append(row); row = ""; rowWidth = 0
                }
                lastSpace = nil
                if ch == " " && row.isEmpty { continue }
            }
            if ch == " " { lastSpace = row.endIndex }
            row.append(ch); rowWidth += w
        }
        rows.append(row)
    }
    return rows
}

struct Painter {
    var buffer: CellBuffer
    let model: AppModel
    let glyphs: Glyphs
    let base: CellStyle
    var images: [ImagePlacement] = []
    var theme: Theme { model.theme }

    init(buffer: CellBuffer, model: AppModel, glyphs: Glyphs, base: CellStyle) {
        self.buffer = buffer; self.model = model; self.glyphs = glyphs; self.base = base
    }

    func style(_ fg: RGBColor, _ attributes: CellAttributes = [], bg: RGBColor? = nil) -> CellStyle {
        CellStyle(fg: fg, bg: bg ?? theme.background, attributes: attributes)
    }

    mutating func box(_ r: CellRect, title: String, focused: Bool) {
        guard r.width >= 2, r.height >= 2 else { return }
        let s = style(focused ? theme.focus : theme.border)
        for x in (r.x + 1)..<(r.maxX - 1) {
            buffer[x, r.y] = Cell(glyphs.h, style: s); buffer[x, r.maxY - 1] = Cell(glyphs.h, style: s)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            buffer[r.x, y] = Cell(glyphs.v, style: s); buffer[r.maxX - 1, y] = Cell(glyphs.v, style: s)
        }
        buffer[r.x, r.y] = Cell(glyphs.tl, style: s); buffer[r.maxX - 1, r.y] = Cell(glyphs.tr, style: s)
        buffer[r.x, r.maxY - 1] = Cell(glyphs.bl, style: s); buffer[r.maxX - 1, r.maxY - 1] = Cell(glyphs.br, style: s)
        putClipped(" \(title) ", x: r.x + 2, y: r.y, style: style(focused ? theme.focus : theme.secondaryText, focused ? .bold : []),
                   limit: r.maxX - 2)
    }

    /// Writes text, ending with an ellipsis when it does not fit before `limit`.
    mutating func putClipped(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int) {
        let room = limit - x
        guard room > 0 else { return }
        if CellWidth.of(text) <= room {
            buffer.put(text, x: x, y: y, style: style, limit: limit)
        } else {
            let e = CellWidth.of(glyphs.ellipsis)
            let end = buffer.put(text, x: x, y: y, style: style, limit: max(x, limit - e))
            buffer.put(glyphs.ellipsis, x: end, y: y, style: style, limit: limit)
        }
    }

    mutating func picture(_ image: RGBAImage?, key: ImageKey, rect: CellRect, placeholder: String) {
        guard !rect.isEmpty else { return }
        guard let image else {
            buffer.fill(rect, with: Cell(" ", style: CellStyle(fg: theme.muted, bg: theme.panel)))
            let w = CellWidth.of(placeholder)
            let x = rect.x + max(0, (rect.width - w) / 2)
            putClipped(placeholder, x: x, y: rect.y + rect.height / 2, style: CellStyle(fg: theme.muted, bg: theme.panel), limit: rect.maxX)
            return
        }
        switch model.graphics {
        case .blocks: HalfBlockEncoder.paint(image, into: &buffer, rect: rect)
        case .ascii: AsciiEncoder.paint(image, into: &buffer, rect: rect, style: base)
        case .sixel:
            // The cells under a sixel stay blank and unchanging, so that the
            // text layer never draws over the picture.
            buffer.fill(rect, with: Cell(" ", style: base))
            images.append(ImagePlacement(key: key, rect: rect, image: image))
        }
    }

    // MARK: Preview

    mutating func preview(_ l: Layout) {
        let p = model.project
        let shot = p.shot(at: model.frame)
        box(l.preview, title: "Preview \(glyphs.h) frame \(model.frame) \(glyphs.h) \(timecode(model.frame, fps: p.fps)) \(glyphs.h) shot \(shot + 1)/\(p.shotStarts.count)",
            focused: model.focus == .preview)
        let pic = l.previewPicture
        let image = model.preview
        picture(image?.image, key: ImageKey(slot: .preview, frame: image?.frame ?? model.frame, revision: p.revision), rect: pic,
                placeholder: "rendering frame \(model.frame)\(glyphs.ellipsis)")
        guard let r = model.region, !pic.isEmpty else { return }
        let x0 = pic.x + Int((r.x * Double(pic.width)).rounded(.down))
        let x1 = max(x0, min(pic.maxX - 1, pic.x + Int(((r.x + r.w) * Double(pic.width)).rounded(.up)) - 1))
        let y0 = pic.y + Int((r.y * Double(pic.height)).rounded(.down))
        let y1 = max(y0, min(pic.maxY - 1, pic.y + Int(((r.y + r.h) * Double(pic.height)).rounded(.up)) - 1))
        let mark = style(theme.warning, .bold)
        // Marks on the pane's frame show the region in every mode, even
        // where a sixel covers the picture; the top border keeps the title.
        for x in x0...x1 { buffer[x, l.preview.maxY - 1] = Cell(glyphs.selected, style: mark) }
        for y in y0...y1 {
            buffer[l.preview.x, y] = Cell(model.unicode ? "┃" : "|", style: mark)
            buffer[l.preview.maxX - 1, y] = Cell(model.unicode ? "┃" : "|", style: mark)
        }
        if model.graphics != .sixel {
            for (x, y, glyph) in [(x0, y0, glyphs.regionTL), (x1, y0, glyphs.regionTR), (x0, y1, glyphs.regionBL), (x1, y1, glyphs.regionBR)] {
                buffer[x, y] = Cell(glyph, style: CellStyle(fg: theme.warning, bg: buffer[x, y].bg, attributes: .bold))
            }
        }
        if let o = model.pickedObject {
            let label = model.project.objects.first { $0.id == o }?.label ?? o
            putClipped(" \(label) ", x: x0, y: l.preview.maxY - 1, style: mark, limit: l.preview.maxX - 1)
        }
    }

    // MARK: Timeline

    mutating func timeline(_ l: Layout) {
        let p = model.project
        let geo = timelineGeometry(model)
        let zoomLabel = model.zoom == 0 ? "fit" : "\(1 << model.zoom)x"
        box(l.timeline, title: "Timeline \(glyphs.h) \(timecode(model.frame, fps: p.fps)) / \(timecode(p.frameCount, fps: p.fps)) \(glyphs.h) \(p.fps) fps \(glyphs.h) zoom \(zoomLabel)",
            focused: model.focus == .timeline)
        let inner = geo.inner
        guard inner.width > 0, inner.height >= 3 else { return }
        let rulerY = inner.y, marksY = inner.y + 1 + geo.thumbRows

        // Ruler: seconds, labelled at an interval that leaves room for the text.
        let columnsPerSecond = Double(p.fps) / geo.framesPerColumn
        let interval = [1, 2, 5, 10, 15, 30, 60].first { Double($0) * columnsPerSecond >= 6 } ?? 120
        let firstSecond = Int(geo.origin) / p.fps
        let lastSecond = Int(geo.origin + geo.visibleFrames) / p.fps + 1
        var labelEnd = inner.x
        if firstSecond <= lastSecond {
            for s in firstSecond...lastSecond {
                guard let c = geo.column(of: s * p.fps) else { continue }
                let x = inner.x + c
                let labelled = s % interval == 0
                if labelled || columnsPerSecond >= 2 {
                    buffer[x, rulerY] = Cell(glyphs.tick, style: style(theme.ruler))
                }
                if labelled, x + 1 >= labelEnd {
                    labelEnd = buffer.put("\(s)s", x: x + 1, y: rulerY, style: style(theme.ruler), limit: inner.maxX) + 1
                }
            }
        }
        for start in p.shotStarts where start > 0 {
            if let c = geo.column(of: start) { buffer[inner.x + c, rulerY] = Cell(glyphs.shot, style: style(theme.shotBoundary, .bold)) }
        }

        // Thumbnails.
        for (frame, rect) in geo.thumbnails {
            picture(model.thumbnails[frame], key: ImageKey(slot: .thumbnail, frame: frame, revision: p.revision), rect: rect,
                    placeholder: "\(frame)")
        }

        // Marks: selection, frames the last revision changed, the cursor.
        let changed = model.changedFrames.sorted()
        for c in 0..<inner.width {
            let lo = geo.frame(atColumn: c)
            let hi = max(lo, geo.frame(atColumn: c + 1) - (c + 1 < inner.width ? 1 : 0))
            guard Double(lo) < Double(p.frameCount), geo.origin + Double(c) * geo.framesPerColumn < Double(p.frameCount) else { break }
            let x = inner.x + c
            let selected = model.selectedFrames.map { $0.start <= hi && $0.end >= lo } ?? false
            if selected { buffer[x, marksY] = Cell(glyphs.selected, style: style(theme.focus, .bold)) }
            if firstIndex(in: changed, atLeast: lo).map({ changed[$0] <= hi }) ?? false {
                buffer[x, marksY] = Cell(glyphs.changed, style: style(theme.changed, .bold))
            }
        }
        if let c = geo.column(of: model.frame) {
            buffer[inner.x + c, marksY] = Cell(glyphs.cursorAbove, style: style(theme.brightText, .bold))
            buffer[inner.x + c, rulerY] = Cell(glyphs.cursorBelow, style: style(theme.brightText, .bold))
        }
    }

    private func firstIndex(in sorted: [Int], atLeast v: Int) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count ? lo : nil
    }

    // MARK: Chat

    /// Paints the transcript and input; returns where the cursor goes.
    mutating func chat(_ l: Layout) -> CellPoint? {
        let title = model.awaitingReply ? "Chat \(glyphs.h) thinking\(glyphs.ellipsis)" : "Chat"
        box(l.chat, title: title, focused: model.focus == .chat)
        guard let c = ChatGeometry(model, l) else { return nil }
        let inner = c.inner

        for x in inner.x..<inner.maxX { buffer[x, c.separatorY] = Cell(glyphs.h, style: style(theme.border)) }
        let scoped = model.selection.isEmpty ? style(theme.muted) : style(theme.warning, .bold)
        for (i, row) in c.scopeRows.enumerated() { buffer.put(row, x: inner.x, y: c.scopeY + i, style: scoped, limit: inner.maxX) }
        for (i, row) in c.shownInput.enumerated() {
            let y = c.inputTop + i
            if i + c.firstInputRow == 0 { buffer.put(glyphs.prompt, x: inner.x, y: y, style: style(theme.focus, .bold)) }
            buffer.put(String(row), x: inner.x + 2, y: y, style: style(theme.brightText), limit: inner.maxX)
        }

        // Transcript, newest at the bottom unless scrolled back.
        let lines = transcriptRows(model, width: c.textWidth, glyphs: glyphs)
        let scroll = c.clampedScroll(model.chatScroll, rows: lines.count)
        let end = lines.count - scroll
        for (i, line) in lines[max(0, end - c.room)..<end].enumerated() {
            buffer.put(line.text, x: inner.x, y: inner.y + i, style: transcriptStyle(line.kind), limit: inner.maxX)
        }
        if scroll > 0 {
            // Where the separator would be, so that it never hides a line.
            let note = " \(glyphs.cursorBelow) \(scroll) newer \(scroll == 1 ? "line" : "lines") (PgDn) "
            putClipped(note, x: max(inner.x, inner.maxX - CellWidth.of(note)), y: c.separatorY, style: style(theme.warning, .bold),
                       limit: inner.maxX)
        }
        return CellPoint(x: inner.x + 2 + min(c.cursorColumn, c.textWidth - 1), y: c.inputTop + c.cursorRow - c.firstInputRow)
    }

    func transcriptStyle(_ kind: TranscriptEntry.Kind) -> CellStyle {
        switch kind {
        case .you: return style(theme.brightText, .bold)
        case .ok: return style(theme.ok)
        case .warning: return style(theme.warning, .bold)
        case .question: return style(theme.question, .bold)
        case .error: return style(theme.error, .bold)
        case .info: return style(theme.muted)
        }
    }

    // MARK: Status line and overlays

    mutating func status(_ l: Layout) {
        let p = model.project
        let s = CellStyle(fg: theme.text, bg: theme.selection)
        buffer.fill(l.status, with: Cell(" ", style: s))
        var parts = [p.name, "rev \(p.revision)", "frame \(model.frame)/\(p.lastFrame)"]
        if let f = model.selectedFrames { parts.append("sel \(f)") }
        if model.region != nil { parts.append(model.pickedObject.map { "obj \($0)" } ?? "region") }
        if model.playing {
            // The shown rate, when the link holds it below the project's.
            let fps = model.project.fps
            parts.append(model.playbackFPS.map { $0 < fps ? "playing \($0)/\(fps) fps" : "playing" } ?? "playing")
        }
        if let r = model.renderProgress, !r.isFinished { parts.append("render \(Int(r.fraction * 100))%") }
        if let e = model.exportProgress { parts.append(e.isFinished ? "exported" : "export \(Int(e.fraction * 100))%") }
        parts.append(model.graphics.rawValue)
        let left = " " + parts.joined(separator: " \(model.unicode ? "│" : "|") ")
        let right = "? help "
        putClipped(left, x: 0, y: l.status.y, style: s, limit: l.status.width - CellWidth.of(right) - 1)
        buffer.put(right, x: l.status.width - CellWidth.of(right), y: l.status.y, style: CellStyle(fg: theme.muted, bg: theme.selection))
    }

    mutating func commandLine(_ l: Layout, _ line: InputLine) -> CellPoint {
        let s = CellStyle(fg: theme.brightText, bg: theme.panel)
        buffer.fill(l.status, with: Cell(" ", style: s))
        buffer.put(":", x: 0, y: l.status.y, style: CellStyle(fg: theme.focus, bg: theme.panel, attributes: .bold))
        let text = Array(line.text)
        let room = l.status.width - 2
        let start = max(0, line.cursor - room + 1)
        buffer.put(String(text[min(start, text.count)...]), x: 1, y: l.status.y, style: s, limit: l.status.width)
        return CellPoint(x: 1 + line.cursor - start, y: l.status.y)
    }

    mutating func overlayBox(_ l: Layout, lines: [String], title: String) {
        let columnsNeeded = lines.map { CellWidth.of($0) }.max() ?? 0
        let maxRows = l.size.height - 4
        let twoColumns = lines.count > maxRows
        let perColumn = twoColumns ? (lines.count + 1) / 2 : lines.count
        let width = min(l.size.width - 4, (twoColumns ? 2 * columnsNeeded + 3 : columnsNeeded) + 4)
        let height = min(maxRows, perColumn) + 2
        let r = CellRect(x: (l.size.width - width) / 2, y: (l.size.height - 1 - height) / 2, width: width, height: height)
        let s = CellStyle(fg: theme.text, bg: theme.panel)
        buffer.fill(r, with: Cell(" ", style: s))
        box(r, title: title, focused: true)
        let panel = theme.panel
        buffer.style(r) { $0.bg = panel }
        let columnWidth = twoColumns ? (width - 4 - 1) / 2 : width - 4
        for (i, line) in lines.enumerated() {
            let col = twoColumns ? i / perColumn : 0
            let row = twoColumns ? i % perColumn : i
            guard row < height - 2 else { continue }
            let x = r.x + 2 + col * (columnWidth + 1)
            let heading = !line.hasPrefix(" ")
            putClipped(line, x: x, y: r.y + 1 + row,
                       style: CellStyle(fg: heading ? theme.focus : theme.text, bg: theme.panel, attributes: heading ? .bold : []),
                       limit: x + columnWidth)
        }
    }

    mutating func help(_ l: Layout) {
        var lines = helpLines
        lines.append("Commands")
        lines += commandHelp.map { "  \($0.0.padding(toLength: 15, withPad: " ", startingAt: 0))\($0.1)" }
        overlayBox(l, lines: lines, title: "Keys \(glyphs.h) any key closes")
    }

    mutating func log(_ l: Layout, _ lines: [String]) {
        let room = l.size.height - 6
        overlayBox(l, lines: lines.isEmpty ? ["  (no revisions yet)"] : lines.suffix(room).map { "  " + $0 },
                   title: "Log \(glyphs.h) any key closes")
    }
}

/// The key list of the `?` overlay: headings, then indented keys.
let helpLines: [String] = [
    "Anywhere",
    "  Tab Shift-Tab  switch pane",
    "  Esc            clear selection",
    "  Ctrl-Z Ctrl-Y  undo / redo",
    "  :              command line",
    "  ? F1           this help",
    "  Ctrl-C         quit",
    "Timeline",
    "  Left Right     one frame",
    "  PgUp PgDn      one second",
    "  Home End       first / last",
    "  Shift+Lt/Rt    select frames",
    "  [ ]            selection ends",
    "  + -            zoom in / out",
    "  Space          play / pause",
    "Preview",
    "  r              new region",
    "  arrows         move region",
    "  Shift+arrows   resize region",
    "  o              next object",
    "Chat",
    "  Enter          send the turn",
    "  PgUp PgDn      scroll back / on",
    "  Ctrl-J         new line",
    "  Up Down        history",
    "  Ctrl-A Ctrl-E  line start / end",
    "  Ctrl-U Ctrl-K  kill to start/end",
    "  Ctrl-W         delete a word",
]
