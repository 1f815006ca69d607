/// What the terminal said about itself in answer to `CapabilityQuery.bytes`.
public struct TerminalCapabilities: Hashable, Sendable {
    /// Parameters of the DA1 answer; nil when it never came.
    public var deviceAttributes: [Int]?
    public var sixel: Bool { deviceAttributes?.contains(4) ?? false }
    /// Sixel colour registers (XTSMGRAPHICS item 1).
    public var colorRegisters: Int?
    /// Largest sixel image in pixels (XTSMGRAPHICS item 2).
    public var sixelMaxSize: Size?
    /// Pixels per cell (XTWINOPS 16).
    public var cellPixels: Size?
    /// Text area in pixels (XTWINOPS 14).
    public var textAreaPixels: Size?
    /// Text area in pixels as the pty reports it (TIOCGWINSZ), which xterm
    /// fills in even though by default it answers no window operations.
    public var ptyPixels: Size?
    /// DECRQM 2026: synchronized output.
    public var synchronizedOutput: Bool = false
    /// XTVERSION, e.g. "XTerm(390)" or "tmux 3.4".
    public var terminalVersion: String?
    public var cursorPosition: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set { cursorRow = newValue?.row; cursorColumn = newValue?.column ?? 0 }
    }
    var cursorRow: Int?
    var cursorColumn: Int = 0

    public init() {}

    /// The DA1 answer ends the reading: every terminal gives it, and it was
    /// asked last.
    public var isComplete: Bool { deviceAttributes != nil }

    /// The cell size reported, else derived from the text area the
    /// terminal or else the pty reports, else none.
    public func cellPixels(rows: Int, columns: Int) -> Size? {
        if let c = cellPixels, c.width > 0, c.height > 0 { return c }
        for area in [textAreaPixels, ptyPixels] {
            if let t = area, rows > 0, columns > 0, t.width >= columns, t.height >= rows {
                return Size(width: t.width / columns, height: t.height / rows)
            }
        }
        return nil
    }
}

public enum CapabilityQuery {
    /// Cursor position, XTVERSION, XTSMGRAPHICS colour registers and
    /// geometry, cell and text area size, synchronized output, and DA1 last.
    public static let bytes: [UInt8] = Array("\u{1B}[6n\u{1B}[>0q\u{1B}[?1;1;0S\u{1B}[?2;1;0S\u{1B}[16t\u{1B}[14t\u{1B}[?2026$p\u{1B}[c".utf8)

    /// Reads every answer found in `reply`. Bytes that belong to no answer
    /// (typed keys, garbage, a cut-off sequence at the end) are skipped.
    public static func parse(_ reply: [UInt8]) -> TerminalCapabilities {
        var caps = TerminalCapabilities()
        var i = 0
        let n = reply.count
        while i < n {
            let b = reply[i]
            let csi = (b == 0x1B && i + 1 < n && reply[i + 1] == 0x5B) ? 2 : (b == 0x9B ? 1 : 0)
            let dcs = (b == 0x1B && i + 1 < n && reply[i + 1] == 0x50) ? 2 : (b == 0x90 ? 1 : 0)
            if csi > 0 {
                var j = i + csi
                var params: [UInt8] = []
                var intermediates: [UInt8] = []
                var final: UInt8?
                while j < n {
                    let c = reply[j]
                    if (0x30...0x3F).contains(c) { params.append(c) } else if (0x20...0x2F).contains(c) { intermediates.append(c) } else {
                        if (0x40...0x7E).contains(c) { final = c }
                        break
                    }
                    j += 1
                }
                guard let f = final else {
                    // Not a complete sequence: resume after the introducer.
                    i += csi; continue
                }
                interpretCSI(params: params, intermediates: intermediates, final: f, into: &caps)
                i = j + 1
            } else if dcs > 0 {
                var j = i + dcs
                var body: [UInt8] = []
                var closed = false
                while j < n {
                    if reply[j] == 0x1B, j + 1 < n, reply[j + 1] == 0x5C { closed = true; j += 2; break }
                    if reply[j] == 0x9C || reply[j] == 0x07 { closed = true; j += 1; break }
                    if reply[j] == 0x1B { break }
                    body.append(reply[j]); j += 1
                }
                if closed, body.starts(with: [0x3E, 0x7C]) {
                    let text = String(decoding: body.dropFirst(2), as: UTF8.self)
                    caps.terminalVersion = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(64).map(Character.init))
                }
                i = closed ? j : i + dcs
            } else {
                i += 1
            }
        }
        return caps
    }

    private static func numbers(_ params: ArraySlice<UInt8>) -> [Int] {
        String(decoding: params, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false)
            .map { Int($0.prefix(9)) ?? 0 }
    }

    private static func interpretCSI(params: [UInt8], intermediates: [UInt8], final: UInt8, into caps: inout TerminalCapabilities) {
        let privateMarker = params.first == 0x3F  // '?'
        let values = numbers(privateMarker ? params.dropFirst() : params[...])
        switch (final, privateMarker) {
        case (0x63, true) where intermediates.isEmpty:  // DA1: ESC [ ? ... c
            caps.deviceAttributes = values
        case (0x53, true) where values.count >= 3:  // XTSMGRAPHICS: ESC [ ? item ; status ; values S
            guard values[1] == 0 else { return }
            if values[0] == 1 { caps.colorRegisters = values[2] }
            if values[0] == 2, values.count >= 4 { caps.sixelMaxSize = Size(width: values[2], height: values[3]) }
        case (0x74, false) where values.count >= 3:  // XTWINOPS: ESC [ 6 ; h ; w t and ESC [ 4 ; h ; w t
            if values[0] == 6 { caps.cellPixels = Size(width: values[2], height: values[1]) }
            if values[0] == 4 { caps.textAreaPixels = Size(width: values[2], height: values[1]) }
        case (0x79, true) where intermediates == [0x24] && values.count >= 2:  // DECRPM: ESC [ ? 2026 ; Ps $ y
            if values[0] == 2026 { caps.synchronizedOutput = (1...3).contains(values[1]) }
        case (0x52, false) where values.count == 2:  // cursor position report
            caps.cursorPosition = (values[0], values[1])
        default:
            break
        }
    }
}

/// How the interface will draw, decided from options, environment and answers.
public struct GraphicsDecision: Hashable, Sendable {
    public var mode: GraphicsMode
    public var color: ColorDepth
    /// Unicode box drawing and half blocks are usable (UTF-8 locale, not dumb).
    public var unicode: Bool
    public var synchronizedOutput: Bool
    public var maxSixelColors: Int
    public var cellPixels: Size
    /// Why: shown in `:log` and on `--verbose`.
    public var reason: String

    /// The decision, in order: an explicit `--graphics` wins, then
    /// `AUTEUR_GRAPHICS`; `TERM=dumb` means ascii; inside tmux blocks;
    /// sixel when DA1 says so; else blocks. NO_COLOR turns colours off
    /// (and with them blocks, which are nothing without colour) unless a
    /// mode was asked for explicitly.
    public static func decide(option: GraphicsMode?, environment: [String: String], capabilities: TerminalCapabilities,
                              utf8Locale: Bool, terminalSize: Size = Size(width: 80, height: 24)) -> GraphicsDecision {
        let term = environment["TERM"] ?? ""
        let dumb = term == "dumb" || term.isEmpty
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let inTmux = !(environment["TMUX"] ?? "").isEmpty || term.hasPrefix("tmux") || term.hasPrefix("screen")
        let unicode = utf8Locale && !dumb
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        let version = (capabilities.terminalVersion ?? "").lowercased()
        let truecolorByName = ["kitty", "wezterm", "foot", "iterm2", "xterm", "konsole", "alacritty", "ghostty", "contour"]
            .contains { version.hasPrefix($0) }
        var color: ColorDepth = colorterm == "truecolor" || colorterm == "24bit" || truecolorByName ? .truecolor : .palette256
        if dumb { color = .none }

        let explicit: (GraphicsMode, String)? = option.map { ($0, "--graphics \($0.rawValue)") }
            ?? (environment["AUTEUR_GRAPHICS"].flatMap { GraphicsMode(rawValue: $0.lowercased()) }.map { ($0, "AUTEUR_GRAPHICS=\($0.rawValue)") })
        var mode: GraphicsMode
        var reason: String
        if let (m, why) = explicit {
            mode = m; reason = why
        } else if dumb {
            mode = .ascii; reason = "TERM=\(term.isEmpty ? "(unset)" : term)"
        } else if noColor {
            mode = .ascii; reason = "NO_COLOR is set"
        } else if inTmux {
            mode = .blocks; reason = "inside tmux"
        } else if capabilities.sixel {
            mode = .sixel; reason = "the terminal reports sixel"
        } else {
            mode = .blocks; reason = capabilities.isComplete ? "the terminal has no sixel" : "the terminal did not answer"
        }
        if noColor { color = .none }
        if mode == .blocks && !unicode {
            mode = .ascii; reason += "; no UTF-8, so ascii"
        }
        let registers = capabilities.colorRegisters ?? 256
        return GraphicsDecision(mode: mode, color: color, unicode: unicode,
                                synchronizedOutput: capabilities.synchronizedOutput,
                                maxSixelColors: max(2, min(256, registers)),
                                cellPixels: capabilities.cellPixels(rows: terminalSize.height, columns: terminalSize.width)
                                    ?? Size(width: 10, height: 20),
                                reason: reason)
    }
}
