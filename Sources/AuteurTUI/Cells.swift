import AuteurCore

/// How a cell's text is drawn, beyond its colours.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let reverse = CellAttributes(rawValue: 1 << 3)
    public static let italic = CellAttributes(rawValue: 1 << 4)
}

/// The look shared by a run of text: colours (nil is the terminal's own
/// default) and attributes.
public struct CellStyle: Hashable, Sendable {
    public var fg: RGBColor?
    public var bg: RGBColor?
    public var attributes: CellAttributes
    public init(fg: RGBColor? = nil, bg: RGBColor? = nil, attributes: CellAttributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }
    public static let plain = CellStyle()
}

/// One character cell of the terminal. A wide grapheme (CJK, most emoji)
/// sits in its first cell; the cell to its right holds the empty string and
/// is never drawn, because the terminal fills it with the wide glyph.
public struct Cell: Hashable, Sendable {
    public var grapheme: String
    public var style: CellStyle

    public init(_ grapheme: String = " ", style: CellStyle = .plain) {
        self.grapheme = grapheme; self.style = style
    }

    public static let blank = Cell()
    /// The right half of a wide grapheme.
    public static func continuation(_ style: CellStyle) -> Cell { Cell("", style: style) }
    public var isContinuation: Bool { grapheme.isEmpty }
    public var fg: RGBColor? { style.fg }
    public var bg: RGBColor? { style.bg }
    public var attributes: CellAttributes { style.attributes }
}

/// Display width of graphemes in terminal cells, after Unicode's East Asian
/// Width: wide and fullwidth characters and emoji take two cells. The table
/// covers the blocks that matter on terminals rather than every code point.
public enum CellWidth {
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
        0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Cells taken by one grapheme: 0 for controls (never drawn), else 1 or 2.
    public static func of(_ grapheme: Character) -> Int {
        guard let first = grapheme.unicodeScalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return 0 }
        if v < 0x1100 { return 1 }
        // An emoji presentation selector makes a narrow symbol wide.
        if grapheme.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(v) ? 2 : 1
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}

/// A rectangle of cells, origin top left.
public struct CellRect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public func inset(by d: Int) -> CellRect { CellRect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}

/// A run of changed cells on one row, written left to right from (x, y).
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
    public init(x: Int, y: Int, cells: [Cell]) { self.x = x; self.y = y; self.cells = cells }
}

/// The screen as values: the view paints here and the backend only sends
/// the difference between the last two buffers to the terminal.
public struct CellBuffer: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public var bounds: CellRect { CellRect(x: 0, y: 0, width: width, height: height) }

    /// Fills a rectangle (clipped to the buffer) with one cell.
    public mutating func fill(_ rect: CellRect, with cell: Cell) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x] = cell }
        }
    }

    /// Writes text from (x, y) without passing `limit` (exclusive column),
    /// sanitised first so that nothing from a person, a file or the planner
    /// reaches the terminal as a control sequence. A wide grapheme that does
    /// not fit is replaced by a space. Returns the column after the text.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(width, limit ?? width)
        var col = x
        for g in TerminalText.sanitize(text) {
            let w = CellWidth.of(g)
            if w == 0 { continue }
            if col + w > end {
                if col < end, col >= 0 { setCell(col, y, Cell(" ", style: style)) }
                return end
            }
            if col >= 0 {
                setCell(col, y, Cell(String(g), style: style))
                if w == 2 { setCell(col + 1, y, .continuation(style)) }
            }
            col += w
        }
        return col
    }

    /// Sets a cell, repairing wide graphemes cut in half by the write.
    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(" ", style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation, !cell.isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Restyles a rectangle, keeping its text.
    public mutating func style(_ rect: CellRect, _ transform: (inout CellStyle) -> Void) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { transform(&cells[y * width + x].style) } }
    }

    /// The runs of cells that differ between two buffers of the same size;
    /// of different sizes, every row of `new` is one run. A change to half of
    /// a wide grapheme re-sends the whole grapheme.
    public static func diff(_ old: CellBuffer, _ new: CellBuffer) -> [CellChange] {
        guard old.width == new.width, old.height == new.height else {
            return (0..<new.height).map { y in
                CellChange(x: 0, y: y, cells: Array(new.cells[(y * new.width)..<((y + 1) * new.width)]))
            }
        }
        var changes: [CellChange] = []
        let w = new.width
        for y in 0..<new.height {
            let row = y * w
            var x = 0
            while x < w {
                guard old.cells[row + x] != new.cells[row + x] else { x += 1; continue }
                var start = x
                if new.cells[row + start].isContinuation, start > 0 { start -= 1 }
                var end = x + 1
                while end < w, old.cells[row + end] != new.cells[row + end] { end += 1 }
                // A run ending on a wide grapheme must carry its right half.
                if end < w, new.cells[row + end].isContinuation { end += 1 }
                if let last = changes.last, last.y == y, last.x + last.cells.count >= start {
                    let from = last.x + last.cells.count
                    changes[changes.count - 1].cells.append(contentsOf: new.cells[(row + from)..<(row + end)])
                } else {
                    changes.append(CellChange(x: start, y: y, cells: Array(new.cells[(row + start)..<(row + end)])))
                }
                x = end
            }
        }
        return changes
    }

    // MARK: Text form, for tests and logs

    /// A buffer holding plain text, one string per row, padded with blanks
    /// to the widest row.
    public init(lines: [String]) {
        let w = lines.map { CellWidth.of($0) }.max() ?? 0
        self.init(width: w, height: lines.count)
        for (y, line) in lines.enumerated() { put(line, x: 0, y: y) }
    }

    /// The text of each row, with the right halves of wide graphemes left out.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += self[x, y].grapheme }
            return s
        }
    }

    /// Nil when both buffers show the same text; otherwise a line naming the
    /// size difference or each differing cell, for a failing test to print.
    public func textDifferences(from expected: CellBuffer, limit: Int = 20) -> String? {
        if width != expected.width || height != expected.height {
            return "size \(width)x\(height), expected \(expected.width)x\(expected.height)"
        }
        var out: [String] = []
        var count = 0
        for y in 0..<height {
            for x in 0..<width where self[x, y].grapheme != expected[x, y].grapheme {
                count += 1
                if out.count < limit {
                    out.append("(\(x),\(y)): \"\(self[x, y].grapheme)\" expected \"\(expected[x, y].grapheme)\"")
                }
            }
        }
        guard count > 0 else { return nil }
        return "\(count) cells differ: " + out.joined(separator: "; ")
            + "\nactual:\n" + lines.joined(separator: "\n")
    }
}
