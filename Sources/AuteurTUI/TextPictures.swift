import AuteurCore

/// The xterm 256-colour palette: 16 system colours, a 6x6x6 cube and 24 grays.
public enum XtermPalette {
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    public static func color(_ index: Int) -> RGBColor {
        switch index {
        case 0..<16:
            let system: [(UInt8, UInt8, UInt8)] = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            let c = system[index]
            return RGBColor(c.0, c.1, c.2)
        case 16..<232:
            let i = index - 16
            return RGBColor(UInt8(cubeLevels[i / 36]), UInt8(cubeLevels[(i / 6) % 6]), UInt8(cubeLevels[i % 6]))
        default:
            let v = UInt8(8 + 10 * (min(255, max(232, index)) - 232))
            return RGBColor(v, v, v)
        }
    }

    private static func cubeIndex(_ v: Int) -> Int {
        v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
    }

    /// The nearest of colours 16...255 (the system colours vary by terminal,
    /// so they are never chosen), by squared RGB distance between the best
    /// cube colour and the best gray.
    public static func nearest(_ c: RGBColor) -> Int {
        let r = Int(c.r), g = Int(c.g), b = Int(c.b)
        let ci = cubeIndex(r) * 36 + cubeIndex(g) * 6 + cubeIndex(b)
        let cube = color(16 + ci)
        let avg = (r + g + b) / 3
        let gi = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let gray = color(232 + gi)
        func d(_ p: RGBColor) -> Int {
            let dr = r - Int(p.r), dg = g - Int(p.g), db = b - Int(p.b)
            return dr * dr + dg * dg + db * db
        }
        return d(gray) < d(cube) ? 232 + gi : 16 + ci
    }
}

/// Colour depth of text-mode pictures and of the UI itself.
public enum ColorDepth: String, Hashable, Sendable {
    case truecolor, palette256, none
}

/// Pictures made of half blocks: each cell shows two pixels, the upper as
/// the foreground of U+2580 and the lower as the background.
public enum HalfBlockEncoder {
    public static let glyph = "\u{2580}"

    /// Paints `image` into the cells of `rect`.
    public static func paint(_ image: RGBAImage, into buffer: inout CellBuffer, rect: CellRect) {
        guard !rect.isEmpty else { return }
        let small = image.areaAveraged(width: rect.width, height: rect.height * 2)
        for row in 0..<rect.height {
            let y = rect.y + row
            guard y >= 0, y < buffer.height else { continue }
            for col in 0..<rect.width {
                let x = rect.x + col
                guard x >= 0, x < buffer.width else { continue }
                let top = small.rgb(x: col, y: row * 2), bottom = small.rgb(x: col, y: row * 2 + 1)
                buffer[x, y] = Cell(glyph, style: CellStyle(fg: RGBColor(top.r, top.g, top.b), bg: RGBColor(bottom.r, bottom.g, bottom.b)))
            }
        }
    }

    /// "0" to "255" as up to three ASCII digits, four bytes a value (the
    /// count first), so that a colour costs a copy, not a division.
    private static let decimal: [UInt8] = (0..<256).flatMap { v -> [UInt8] in
        let d = Array(String(v).utf8)
        return [UInt8(d.count)] + d + [UInt8](repeating: 0, count: 3 - d.count)
    }
    /// ESC [ 38;2;r;g;b;48;2;r;g;b m and the glyph: the most one cell takes.
    private static let largestCell = 42

    /// The picture as terminal bytes (SGR colours and half blocks, one line
    /// per row), for writing without a cell buffer and for benchmarks.
    /// Colours are sent only when they change from the previous cell.
    public static func encode(_ image: RGBAImage, columns: Int, rows: Int, depth: ColorDepth) -> [UInt8] {
        guard columns > 0, rows > 0 else { return [] }
        let small = image.areaAveraged(width: columns, height: rows * 2)
        let bound = rows * (columns * largestCell + 5)
        return [UInt8](unsafeUninitializedCapacity: bound) { out, written in
            var n = 0
            @inline(__always) func put(_ b: UInt8) { out[n] = b; n &+= 1 }
            @inline(__always) func number(_ v: Int) {
                decimal.withUnsafeBufferPointer { d in
                    let at = v &* 4
                    let count = Int(d[at])
                    for i in 1...count { out[n &+ i &- 1] = d[at &+ i] }
                    n &+= count
                }
            }
            func rgb(_ c: Int) { number(c >> 16); put(0x3B); number((c >> 8) & 255); put(0x3B); number(c & 255) }
            small.pixels.withUnsafeBufferPointer { p in
                for row in 0..<rows {
                    var lastTop = -1, lastBottom = -1
                    for col in 0..<columns {
                        let t = (row * 2 * columns + col) * 4, b = ((row * 2 + 1) * columns + col) * 4
                        if depth != .none {
                            let top: Int, bottom: Int
                            if depth == .truecolor {
                                top = Int(p[t]) << 16 | Int(p[t + 1]) << 8 | Int(p[t + 2])
                                bottom = Int(p[b]) << 16 | Int(p[b + 1]) << 8 | Int(p[b + 2])
                            } else {
                                top = XtermPalette.nearest(RGBColor(p[t], p[t + 1], p[t + 2]))
                                bottom = XtermPalette.nearest(RGBColor(p[b], p[b + 1], p[b + 2]))
                            }
                            if top != lastTop || bottom != lastBottom {
                                put(0x1B); put(0x5B); put(0x33); put(0x38); put(0x3B)
                                if depth == .truecolor { put(0x32); put(0x3B); rgb(top) } else { put(0x35); put(0x3B); number(top) }
                                put(0x3B); put(0x34); put(0x38); put(0x3B)
                                if depth == .truecolor { put(0x32); put(0x3B); rgb(bottom) } else { put(0x35); put(0x3B); number(bottom) }
                                put(0x6D)
                                lastTop = top; lastBottom = bottom
                            }
                        }
                        // U+2580 UPPER HALF BLOCK in UTF-8.
                        put(0xE2); put(0x96); put(0x80)
                    }
                    if depth != .none { put(0x1B); put(0x5B); put(0x30); put(0x6D) }
                    put(0x0A)
                }
            }
            written = n
        }
    }
}

/// Pictures for terminals without colour or Unicode: one character a cell,
/// chosen by the cell's luminance on a ramp from dark to light.
public enum AsciiEncoder {
    public static let ramp: [Character] = Array(" .:-=+*#%@")

    /// Rec. 709 luma, integer weights summing to 256.
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        (54 * Int(r) + 183 * Int(g) + 19 * Int(b)) >> 8
    }

    public static func character(r: UInt8, g: UInt8, b: UInt8) -> Character {
        ramp[luma(r, g, b) * ramp.count / 256]
    }

    public static func lines(_ image: RGBAImage, columns: Int, rows: Int) -> [String] {
        let small = image.areaAveraged(width: columns, height: rows)
        return (0..<rows).map { y in
            String((0..<columns).map { x in let c = small.rgb(x: x, y: y); return character(r: c.r, g: c.g, b: c.b) })
        }
    }

    public static func paint(_ image: RGBAImage, into buffer: inout CellBuffer, rect: CellRect, style: CellStyle = .plain) {
        guard !rect.isEmpty else { return }
        for (i, line) in lines(image, columns: rect.width, rows: rect.height).enumerated() {
            buffer.put(line, x: rect.x, y: rect.y + i, style: style, limit: rect.maxX)
        }
    }
}
