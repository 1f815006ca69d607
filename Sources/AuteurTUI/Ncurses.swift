import AuteurCore
import CNcursesw
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be taken over; one line.
public enum TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotStart(String)
    public var description: String {
        switch self { case .cannotStart(let why): return "cannot start the terminal interface: \(why)" }
    }
}

/// Signals caught since the last look; set from signal handlers, so only
/// atomics are touched there.
private let caughtSignals = Atomic<UInt32>(0)

/// ncurses key codes the backend maps, exposed so that the mapping can be
/// tested without a terminal.
public enum CursesKeys {
    public static let left = Int(KEY_LEFT), right = Int(KEY_RIGHT), up = Int(KEY_UP), down = Int(KEY_DOWN)
    public static let shiftLeft = Int(KEY_SLEFT), shiftRight = Int(KEY_SRIGHT)
    /// Shift-Up and Shift-Down are "scroll reverse" and "scroll forward" in terminfo.
    public static let shiftUp = Int(KEY_SR), shiftDown = Int(KEY_SF)
    public static let home = Int(KEY_HOME), end = Int(KEY_END), pageUp = Int(KEY_PPAGE), pageDown = Int(KEY_NPAGE)
    public static let backspace = Int(KEY_BACKSPACE), delete = Int(KEY_DC), backTab = Int(KEY_BTAB), enter = Int(KEY_ENTER)
    public static let resize = Int(auteur_key_resize())
    public static let f0 = Int(auteur_key_f0())
    // Codes we bind to sequences terminfo may not name.
    public static let pasteStart = 0x6000, pasteEnd = 0x6001
    public static let boundShiftUp = 0x6002, boundShiftDown = 0x6003, boundShiftLeft = 0x6004, boundShiftRight = 0x6005

    /// A function key (get_wch returned KEY_CODE_YES) as a Key; nil for
    /// resize, paste markers and keys the interface does not use.
    public static func key(function code: Int) -> Key? {
        switch code {
        case left: return .left
        case right: return .right
        case up: return .up
        case down: return .down
        case shiftLeft, boundShiftLeft: return Key(.left, shift: true)
        case shiftRight, boundShiftRight: return Key(.right, shift: true)
        case shiftUp, boundShiftUp: return Key(.up, shift: true)
        case shiftDown, boundShiftDown: return Key(.down, shift: true)
        case home: return .home
        case end: return .end
        case pageUp: return .pageUp
        case pageDown: return .pageDown
        case backspace: return .backspace
        case delete: return .delete
        case backTab: return .backTab
        case enter: return .enter
        case (f0 + 1)...(f0 + 12): return Key(.function(code - f0))
        default: return nil
        }
    }

    /// A character key (get_wch returned OK) as a Key.
    public static func key(character v: UInt32, alt: Bool = false) -> Key? {
        switch v {
        case 9: return Key(.tab, alt: alt)
        case 13: return Key(.enter, alt: alt)
        case 27: return .escape
        case 8, 127: return Key(.backspace, alt: alt)
        case 0: return nil
        case 1...26: return Key(.ctrl(Character(Unicode.Scalar(v + 96)!)), alt: alt)
        case 28...31: return nil
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return Key(.char(Character(s)), alt: alt)
        }
    }
}

/// The ncurses backend: the only code that talks to the terminal. It
/// writes the difference between the last two cell buffers through ncurses,
/// then the pictures that changed, wrapped in synchronized output where
/// the terminal has it.
public final class NcursesTerminal: TerminalDevice {
    public struct Options: Sendable {
        public var color: ColorDepth
        public var synchronizedOutput: Bool
        public var cellPixels: Size
        public var maxSixelColors: Int
        public init(color: ColorDepth = .palette256, synchronizedOutput: Bool = false, cellPixels: Size = Size(width: 10, height: 20),
                    maxSixelColors: Int = 256) {
            self.color = color; self.synchronizedOutput = synchronizedOutput; self.cellPixels = cellPixels; self.maxSixelColors = maxSixelColors
        }
    }

    public var options: Options {
        didSet { sixels.encoder = SixelEncoder(maxColors: options.maxSixelColors); forceFullRedraw = true }
    }
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var last = CellBuffer(width: 0, height: 0)
    private var lastImages: [ImagePlacement] = []
    private var forceFullRedraw = true
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var sixels: SixelCache
    private var stopped = false
    /// Whether the locale is UTF-8; without it only ASCII is drawn.
    public let utf8: Bool

    private struct PairKey: Hashable { var fg: Int32; var bg: Int32 }

    /// Takes over the terminal: locale, raw mode without echo, keypad,
    /// colours, bracketed paste, and handlers that restore the terminal on
    /// SIGINT, SIGTERM and SIGHUP.
    public init(options: Options = Options()) throws(TerminalError) {
        self.options = options
        sixels = SixelCache(encoder: SixelEncoder(maxColors: options.maxSixelColors))
        setlocale(LC_ALL, "")
        utf8 = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        // newterm, unlike initscr, returns nil instead of exiting on an unknown TERM.
        guard let out = fdopen(1, "w"), let inp = fdopen(0, "r") else { throw .cannotStart("standard input/output unavailable") }
        guard isatty(0) == 1, isatty(1) == 1 else { throw .cannotStart("standard input and output must be a terminal") }
        guard let s = newterm(nil, out, inp) else {
            throw .cannotStart("TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "") is not a terminal ncurses can drive")
        }
        screen = s
        window = auteur_stdscr()
        raw(); noecho(); nonl()
        keypad(window, true)
        set_escdelay(25)
        intrflush(window, false)
        if options.color != .none, has_colors() {
            start_color()
            use_default_colors()
        }
        define_key("\u{1B}[200~", Int32(CursesKeys.pasteStart))
        define_key("\u{1B}[201~", Int32(CursesKeys.pasteEnd))
        define_key("\u{1B}[1;2A", Int32(CursesKeys.boundShiftUp))
        define_key("\u{1B}[1;2B", Int32(CursesKeys.boundShiftDown))
        define_key("\u{1B}[1;2D", Int32(CursesKeys.boundShiftLeft))
        define_key("\u{1B}[1;2C", Int32(CursesKeys.boundShiftRight))
        writeRaw(Array("\u{1B}[?2004h".utf8))
        installSignalHandlers()
    }

    deinit { stop() }

    /// Restores the terminal; safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        writeRaw(Array("\u{1B}[?2004l".utf8))
        curs_set(1)
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    public var size: Size { Size(width: Int(auteur_cols()), height: Int(auteur_lines())) }

    /// Asks the terminal what it can do and reads the answers for at most
    /// `timeout` seconds, stopping at the DA1 answer.
    public func queryCapabilities(timeout: Double = 0.3) -> TerminalCapabilities {
        writeRaw(CapabilityQuery.bytes)
        var reply: [UInt8] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        var buffer = [UInt8](repeating: 0, count: 512)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let left = Int32(max(1, (deadline - min(deadline, DispatchTime.now().uptimeNanoseconds)) / 1_000_000))
            var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, left) > 0 else { break }
            let n = read(0, &buffer, buffer.count)
            guard n > 0 else { break }
            reply += buffer[0..<n]
            if CapabilityQuery.parse(reply).isComplete { break }
        }
        var capabilities = CapabilityQuery.parse(reply)
        var window = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &window) == 0, window.ws_xpixel > 0, window.ws_ypixel > 0 {
            capabilities.ptyPixels = Size(width: Int(window.ws_xpixel), height: Int(window.ws_ypixel))
        }
        return capabilities
    }

    public func takeSignals() -> TerminalSignals {
        TerminalSignals(rawValue: caughtSignals.exchange(0, ordering: .acquiringAndReleasing))
    }

    public func suspend() {
        writeRaw(Array("\u{1B}[?2004l".utf8))
        endwin()
        signal(SIGTSTP, SIG_DFL)
        kill(getpid(), SIGTSTP)
        // Continued: take the terminal back and paint everything again.
        installSignalHandlers()
        writeRaw(Array("\u{1B}[?2004h".utf8))
        refresh()
        forceFullRedraw = true
    }

    // MARK: Input

    public func readMessages(timeout: Double) -> [Message] {
        guard let window else { return [] }
        var messages: [Message] = []
        var resized = false
        wtimeout(window, Int32(max(0, timeout * 1000)))
        while true {
            var ch: wint_t = 0
            let rc = wget_wch(window, &ch)
            if rc == auteur_err() { break }
            // Everything already typed is read without waiting.
            wtimeout(window, 0)
            if rc == auteur_key_code_yes() {
                let code = Int(ch)
                if code == CursesKeys.resize { resized = true; continue }
                if code == CursesKeys.pasteStart { messages.append(.paste(readPaste())); continue }
                if let key = CursesKeys.key(function: code) { messages.append(.key(key)) }
            } else if ch == 27 {
                // ESC then a character at once is Alt+character.
                var next: wint_t = 0
                if wget_wch(window, &next) == auteur_ok(), let key = CursesKeys.key(character: UInt32(next), alt: true) {
                    messages.append(.key(key))
                } else {
                    messages.append(.key(.escape))
                }
            } else if let key = CursesKeys.key(character: UInt32(ch)) {
                messages.append(.key(key))
            }
        }
        if resized {
            forceFullRedraw = true
            messages.append(.resize(size))
        }
        return messages
    }

    private func readPaste() -> String {
        guard let window else { return "" }
        var scalars = String.UnicodeScalarView()
        wtimeout(window, 50)
        while scalars.count < 1 << 20 {
            var ch: wint_t = 0
            let rc = wget_wch(window, &ch)
            if rc == auteur_err() { break }
            if rc == auteur_key_code_yes() {
                if Int(ch) == CursesKeys.pasteEnd { break }
                continue
            }
            if let s = Unicode.Scalar(UInt32(ch)) { scalars.append(s == "\r" ? "\n" : s) }
        }
        wtimeout(window, 0)
        return String(scalars)
    }

    // MARK: Output

    public func draw(_ screen: Screen) {
        guard let window, !stopped else { return }
        let full = forceFullRedraw || last.width != screen.buffer.width || last.height != screen.buffer.height
        if full {
            wclear(window)
            last = CellBuffer(width: 0, height: 0)
        }
        for change in CellBuffer.diff(last, screen.buffer) { write(change) }
        if pairsExhausted {
            // Pairs were recycled: every cell may now show the wrong colours.
            pairsExhausted = false
            for change in CellBuffer.diff(CellBuffer(width: 0, height: 0), screen.buffer) { write(change) }
        }
        last = screen.buffer

        let plan = ImagePlan.make(previous: lastImages, next: screen.images, fullRedraw: full)
        for row in plan.redrawRows { wredrawln(window, Int32(row), 1) }
        if let c = screen.cursor {
            curs_set(1)
            wmove(window, Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        let sync = options.synchronizedOutput && !plan.emit.isEmpty
        if sync { writeRaw(SynchronizedOutput.begin) }
        doupdate()
        var bytes: [UInt8] = []
        for placement in plan.emit { bytes += sixels.bytes(for: placement, cellPixels: options.cellPixels) }
        if sync { bytes += SynchronizedOutput.end }
        writeRaw(bytes)
        lastImages = screen.images
        forceFullRedraw = false
    }

    private var pairsExhausted = false

    private func write(_ change: CellChange) {
        guard let window else { return }
        var x = change.x
        for cell in change.cells {
            defer { x += 1 }
            if cell.isContinuation { continue }
            var pair = colorPair(cell.style)
            var attrs = auteur_attr_normal()
            if cell.attributes.contains(.bold) { attrs |= auteur_attr_bold() }
            if cell.attributes.contains(.dim) { attrs |= auteur_attr_dim() }
            if cell.attributes.contains(.underline) { attrs |= auteur_attr_underline() }
            if cell.attributes.contains(.reverse) { attrs |= auteur_attr_reverse() }
            var scalars = cell.grapheme.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
            if !utf8 { scalars = scalars.map { $0 < 128 ? $0 : wchar_t(63) } }
            scalars.append(0)
            var cc = cchar_t()
            setcchar(&cc, scalars, attrs, Int16(clamping: pair), &pair)
            mvwadd_wch(window, Int32(change.y), Int32(x), &cc)
        }
    }

    /// Colour number for the terminal: direct RGB where terminfo says the
    /// terminal takes 24-bit numbers, else the nearest xterm colour.
    private func colorNumber(_ c: RGBColor?) -> Int32 {
        guard let c, options.color != .none else { return -1 }
        let colors = Int(auteur_colors())
        if colors >= 0x1000000 { return Int32(Int(c.r) << 16 | Int(c.g) << 8 | Int(c.b)) }
        if colors >= 256 { return Int32(XtermPalette.nearest(c)) }
        // 8 or 16 colours: the nearest of the basic eight.
        var best = 0, bestD = Int.max
        for i in 0..<min(8, max(1, colors)) {
            let p = XtermPalette.color(i)
            let d = [Int(c.r) - Int(p.r), Int(c.g) - Int(p.g), Int(c.b) - Int(p.b)].reduce(0) { $0 + $1 * $1 }
            if d < bestD { best = i; bestD = d }
        }
        return Int32(best)
    }

    private func colorPair(_ style: CellStyle) -> Int32 {
        guard options.color != .none, has_colors() else { return 0 }
        var key = PairKey(fg: colorNumber(style.fg), bg: colorNumber(style.bg))
        if key.fg == -1 && key.bg == -1 { return 0 }
        if key.fg == key.bg, key.fg >= 0, auteur_colors() < 256 {
            // With eight colours a muted grey and a dark background both
            // become black: text would vanish, so it takes the other extreme.
            key.fg = key.bg == 0 ? 7 : 0
        }
        if let p = pairs[key] { return p }
        if nextPair >= auteur_color_pairs() {
            pairs.removeAll()
            nextPair = 1
            pairsExhausted = true
        }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, key.fg, key.bg)
        pairs[key] = p
        return p
    }

    private func writeRaw(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    private func installSignalHandlers() {
        signal(SIGINT) { _ in caughtSignals.bitwiseOr(TerminalSignals.terminate.rawValue, ordering: .relaxed) }
        signal(SIGTERM) { _ in caughtSignals.bitwiseOr(TerminalSignals.terminate.rawValue, ordering: .relaxed) }
        signal(SIGHUP) { _ in caughtSignals.bitwiseOr(TerminalSignals.terminate.rawValue, ordering: .relaxed) }
        signal(SIGTSTP) { _ in caughtSignals.bitwiseOr(TerminalSignals.suspend.rawValue, ordering: .relaxed) }
        signal(SIGCONT) { _ in caughtSignals.bitwiseOr(TerminalSignals.redraw.rawValue, ordering: .relaxed) }
    }
}
