import AuteurCore
import Testing
@testable import AuteurTUI

@Suite struct CellBufferTests {
    @Test func textRoundTripsThroughLines() {
        let b = CellBuffer(lines: ["abc", "de"])
        #expect(b.width == 3 && b.height == 2)
        #expect(b.lines == ["abc", "de "])
    }

    @Test func wideGraphemesTakeTwoCells() {
        var b = CellBuffer(width: 6, height: 1)
        let end = b.put("a漢🎬", x: 0, y: 0)
        #expect(end == 5)
        #expect(b[1, 0].grapheme == "漢" && b[2, 0].isContinuation)
        #expect(b[3, 0].grapheme == "🎬" && b[4, 0].isContinuation)
        #expect(b.lines == ["a漢🎬 "])
        #expect(CellWidth.of("한") == 2 && CellWidth.of("é") == 1 && CellWidth.of("❤️") == 2)
    }

    @Test func aWideGraphemeThatDoesNotFitBecomesABlank() {
        var b = CellBuffer(width: 3, height: 1, fill: Cell("x"))
        b.put("ab漢", x: 0, y: 0)
        #expect(b.lines == ["ab "])
    }

    @Test func overwritingHalfAWideGraphemeClearsTheOtherHalf() {
        var b = CellBuffer(width: 4, height: 1)
        b.put("漢字", x: 0, y: 0)
        b.put("z", x: 1, y: 0)
        #expect(b.lines == [" z字"])
        #expect(!b[2, 0].isContinuation)
    }

    @Test func diffOfEqualBuffersIsEmpty() {
        let b = CellBuffer(lines: ["hello", "world"])
        #expect(CellBuffer.diff(b, b).isEmpty)
    }

    @Test func diffSendsOnlyTheChangedRuns() {
        let old = CellBuffer(lines: ["hello world", "second row "])
        var new = old
        new.put("J", x: 0, y: 0)
        new.put("WO", x: 6, y: 0)
        new.put("ROW", x: 7, y: 1)
        let changes = CellBuffer.diff(old, new)
        #expect(changes.map { "\($0.x),\($0.y):" + $0.cells.map(\.grapheme).joined() } == ["0,0:J", "6,0:WO", "7,1:ROW"])
    }

    @Test func diffNoticesStyleChangesAlone() {
        let old = CellBuffer(lines: ["abc"])
        var new = old
        new.style(CellRect(x: 1, y: 0, width: 1, height: 1)) { $0.attributes = .bold }
        #expect(CellBuffer.diff(old, new).map(\.x) == [1])
    }

    @Test func diffResendsAWholeWideGrapheme() {
        var old = CellBuffer(width: 4, height: 1)
        old.put("漢", x: 0, y: 0)
        var new = old
        new[1, 0] = Cell.continuation(CellStyle(fg: RGBColor(1, 2, 3)))
        let changes = CellBuffer.diff(old, new)
        #expect(changes.count == 1 && changes[0].x == 0 && changes[0].cells.count == 2)
    }

    @Test func diffOfDifferentSizesRepaintsEveryRow() {
        let changes = CellBuffer.diff(CellBuffer(width: 2, height: 2), CellBuffer(lines: ["abc", "def", "ghi"]))
        #expect(changes.count == 3 && changes.allSatisfy { $0.x == 0 && $0.cells.count == 3 })
    }

    @Test func aFailingComparisonNamesTheDifferingCells() {
        let diff = CellBuffer(lines: ["abc"]).textDifferences(from: CellBuffer(lines: ["abd"]))
        #expect(diff?.contains("(2,0): \"c\" expected \"d\"") == true)
        #expect(CellBuffer(lines: ["abc"]).textDifferences(from: CellBuffer(lines: ["abc"])) == nil)
        #expect(CellBuffer(lines: ["ab"]).textDifferences(from: CellBuffer(lines: ["abc"]))?.hasPrefix("size") == true)
    }

    @Test func textPutInCellsCannotCarryEscapes() {
        var b = CellBuffer(width: 40, height: 1)
        b.put("ok\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m", x: 0, y: 0)
        let text = b.cells.map(\.grapheme).joined()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(text.hasPrefix("ok^[]0;pwned^G^[[2J"))
    }
}
