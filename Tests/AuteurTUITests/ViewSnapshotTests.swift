import AuteurCore
import Foundation
import Testing
@testable import AuteurTUI

/// The view as text at the sizes people use. Re-record after a deliberate
/// change with `AUTEUR_RECORD=1 swift test --filter ViewSnapshotTests`,
/// which rewrites ViewSnapshots.swift; then read the diff before keeping it.
@Suite struct ViewSnapshotTests {
    static var cases: [(name: String, model: AppModel)] {
        var out: [(String, AppModel)] = []

        // 80x24, blocks, chat focused, a conversation and a scoped edit in progress.
        var m = play(demoModel(), [
            .key(.tab), .key(.pageDown), .key(.pageDown), .key(.char("[")), .key(.pageDown), .key(.char("]")),
            .key(.backTab),
        ] + keys("make the sky pink") + [
            .turnReplied([TranscriptEntry(.ok, "Added a red ball on the left.")]),
            .revisionChanged(demoSummary(revision: 3), changed: Set(48...60)),
        ]).0
        m.transcript.insert(TranscriptEntry(.you, "add a red ball"), at: 0)
        m.transcript += [TranscriptEntry(.warning, "the ball is partly off screen"),
                         TranscriptEntry(.question, "which tree do you mean?"),
                         TranscriptEntry(.error, "export failed: disk full")]
        m = deliverPictures(m, update(m, .resize(m.terminalSize)).1)
        out.append(("chat-80x24-blocks", m))

        // 120x40, ascii pictures, timeline zoomed in with the cursor past a shot boundary.
        m = play(demoModel(size: Size(width: 120, height: 40), graphics: .ascii), [
            .key(.tab), .key(.char("+")), .key(.end), .key(.left), .key(Key(.left, shift: true)), .key(Key(.left, shift: true)),
        ]).0
        out.append(("timeline-120x40-ascii", m))

        // 200x60, sixel: the picture cells stay blank; a picked object and progress.
        m = play(demoModel(size: Size(width: 200, height: 60), graphics: .sixel), [
            .key(.tab), .key(.tab), .key(.char("o")),
            .renderProgress(Progress(done: 40, total: 100)), .exportProgress(Progress(done: 12, total: 144)),
        ]).0
        out.append(("preview-200x60-sixel", m))

        out.append(("help-80x24", play(demoModel(), [.key(.char("?"))]).0))
        out.append(("command-80x24-ascii", play(demoModel(unicode: false), keys(":export out.mp4")).0))
        out.append(("too-small-70x20", demoModel(size: Size(width: 70, height: 20))))
        return out
    }

    @Test func viewMatchesRecordedText() throws {
        let record = ProcessInfo.processInfo.environment["AUTEUR_RECORD"] == "1"
        var recorded: [(String, [String])] = []
        for (name, model) in Self.cases {
            let lines = view(model).buffer.lines
            recorded.append((name, lines))
            if record { continue }
            let expected = try #require(ViewSnapshots.all[name], "no snapshot \(name): record with AUTEUR_RECORD=1")
            let diff = CellBuffer(lines: lines).textDifferences(from: CellBuffer(lines: expected))
            #expect(diff == nil, "\(name): \(diff ?? "")")
        }
        if record {
            var source = "// Recorded by AUTEUR_RECORD=1 swift test --filter ViewSnapshotTests; one string a row.\n"
            source += "enum ViewSnapshots {\n    static let all: [String: [String]] = [\n"
            for (name, lines) in recorded {
                source += "        \"\(name)\": [\n"
                for line in lines { source += "            ##\"\(line)\"##,\n" }
                source += "        ],\n"
            }
            source += "    ]\n}\n"
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ViewSnapshots.swift").path
            try source.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func sixelViewPlacesPicturesOverBlankCells() {
        let m = Self.cases.first { $0.name == "preview-200x60-sixel" }!.model
        let screen = view(m)
        let l = layout(m)
        let previews = screen.images.filter { $0.key.slot == .preview }
        #expect(previews.count == 1)
        #expect(previews.first?.rect == l.previewPicture)
        let thumbs = screen.images.filter { $0.key.slot == .thumbnail }
        #expect(thumbs.count == timelineGeometry(m).thumbnails.count && thumbs.count > 5)
        for p in screen.images {
            for y in p.rect.y..<p.rect.maxY {
                for x in p.rect.x..<p.rect.maxX { #expect(screen.buffer[x, y].grapheme == " ") }
            }
        }
    }

    @Test func blocksViewDrawsPicturesInCellColours() {
        let m = Self.cases.first { $0.name == "chat-80x24-blocks" }!.model
        let screen = view(m)
        #expect(screen.images.isEmpty)
        let pic = layout(m).previewPicture
        let cell = screen.buffer[pic.x + 1, pic.y + 1]
        #expect(cell.grapheme == "▀")
        // The top of the preview is sky: bluer than it is red.
        #expect(cell.fg.map { $0.b > $0.r } == true)
    }
}
