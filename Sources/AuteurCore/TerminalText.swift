/// Text that came from a person or a file, made safe to print on a
/// terminal: control characters and escape sequences are shown in caret
/// notation (`^[`) instead of being obeyed, so a turn, an object label or a
/// file name can never move the cursor, change colours or set the title.
public enum TerminalText {
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if keepNewlines, v == 0x0A {
                out.append(s)
            } else if v == 0x09 {
                out.append(" ")
            } else if v < 0x20 || v == 0x7F {
                out.append("^")
                out.append(Unicode.Scalar(v == 0x7F ? 0x3F : v + 0x40)!)
            } else if (0x80...0x9F).contains(v) {
                // C1 controls (CSI, OSC, DCS...) act like ESC-sequences on many terminals.
                out.append(contentsOf: "<U+\(String(v, radix: 16, uppercase: true))>".unicodeScalars)
            } else if v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                // Line separators and bidi overrides can disguise what is shown.
                out.append(contentsOf: "<U+\(String(v, radix: 16, uppercase: true))>".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
