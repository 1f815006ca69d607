import AuteurCore
import Testing
@testable import AuteurTUI

/// Text from people, files and the planner reaches the screen only as text.
@Suite struct SanitisingTests {
    static let hostile = "done\u{1B}[2J\u{1B}]52;c;cHduZWQ=\u{07}\u{9B}1;1H\u{202E}evil"

    func screenHasNoControls(_ screen: Screen) -> Bool {
        !screen.buffer.cells.contains { cell in
            cell.grapheme.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
        }
    }

    @Test func transcriptEntriesAreShownInCaretNotation() {
        var m = demoModel()
        m = update(m, .turnReplied([TranscriptEntry(.ok, Self.hostile)])).0
        m = update(m, .error(Self.hostile)).0
        let screen = view(m)
        #expect(screenHasNoControls(screen))
        #expect(screen.buffer.lines.joined().contains("done^[[2J"))
    }

    @Test func typedPastedAndProjectTextIsSanitised() {
        var summary = demoSummary()
        summary.name = "film\u{1B}[31m"
        summary.objects[0] = ObjectBox(id: "x\u{1B}y", label: "lbl\u{9B}", region: Region(x: 0.1, y: 0.1, w: 0.2, h: 0.2))
        var m = AppModel(project: summary)
        m = replay(m, [.paste("pasted\u{1B}[?1049h\nline"), .key(.tab), .key(.tab), .key(.char("o"))]).0
        let screen = view(m)
        #expect(screenHasNoControls(screen))
        #expect(screen.buffer.lines.joined().contains("film^[[31m"))
    }

    @Test func blockPicturesAsBytesCarryOnlyColourSequences() {
        let bytes = HalfBlockEncoder.encode(scenePicture(width: 64, height: 48), columns: 16, rows: 6, depth: .truecolor)
        // Every ESC starts an SGR colour sequence and nothing else.
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x1B {
                #expect(bytes[i + 1] == 0x5B)
                var j = i + 2
                while j < bytes.count, (0x30...0x3B).contains(bytes[j]) { j += 1 }
                #expect(bytes[j] == 0x6D)
                i = j
            }
            i += 1
        }
    }
}
