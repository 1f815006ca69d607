/// The first stage of reading a turn: cleaning the raw text and cutting it
/// into tokens. Everything after this works on tokens, so anything a person
/// (or a fuzzer) can type is made harmless here.

/// One token of a turn. `text` keeps the person's spelling (labels such as
/// "API" are case-sensitive); `lower` is what the lexicon matches.
struct Token: Hashable, Sendable {
    enum Shape: Hashable, Sendable {
        case word
        /// Digits, possibly with a decimal point: "4", "1.5".
        case number
        /// A number glued to a unit: "2s", "90f", "3sec".
        case measure(unit: String)
        /// Text between quotes, kept verbatim.
        case quoted
        /// A file name such as "voice.wav".
        case file
        /// , ; . ! ? : and the hyphen of a range "30-60".
        case punctuation
    }

    var text: String
    var lower: String
    var shape: Shape
    var value: Double?

    init(_ text: String, _ shape: Shape, value: Double? = nil) {
        self.text = text
        self.lower = text.lowercased()
        self.shape = shape
        self.value = value
    }

    var isWord: Bool { shape == .word }
    var isPunctuation: Bool { shape == .punctuation }
}

enum TurnText {
    /// Longest turn the planner reads. A chat turn is a sentence or two;
    /// anything far longer is pasted by mistake, and reading it would only
    /// produce a flood of guesses.
    static let maximumCharacters = 2_000

    /// Removes terminal escape sequences and control characters, and folds
    /// every kind of whitespace into one space, so that a turn pasted from a
    /// terminal reads like the words it shows.
    static func sanitize(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = raw.unicodeScalars.makeIterator()
        var pendingSpace = false
        while let s = scalars.next() {
            if s == "\u{1B}" {
                // CSI sequences end at a final byte in 0x40...0x7E; other
                // escapes are two characters long.
                guard let next = scalars.next() else { break }
                if next == "[" {
                    while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                } else if next == "]" {
                    // OSC sequences end with BEL or ESC \.
                    while let c = scalars.next(), c != "\u{07}", c != "\u{1B}" {}
                }
                continue
            }
            if s.properties.isWhitespace || s.value < 0x20 || (0x7F...0x9F).contains(s.value) {
                pendingSpace = true
                continue
            }
            // Formatting characters (zero-width joiners, bidi overrides)
            // would make two identical-looking words differ.
            if s.properties.generalCategory == .format || s.properties.generalCategory == .surrogate
                || s.properties.generalCategory == .unassigned || s.properties.generalCategory == .privateUse {
                continue
            }
            if pendingSpace, !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(s)
        }
        return String(out)
    }

    private static let quotePairs: [Character: Character] = ["\"": "\"", "'": "'", "\u{201C}": "\u{201D}", "\u{2018}": "\u{2019}",
                                                             "\u{00AB}": "\u{00BB}", "`": "`"]

    static func tokenize(_ text: String) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "'" || c == "\u{2019}" }
        while i < chars.count {
            let c = chars[i]
            if let close = quotePairs[c], i == 0 || !isWordChar(chars[i - 1]) || c == "\"" || c == "\u{201C}" {
                // A quote opens a verbatim string when a matching quote closes
                // it before the end; otherwise it is an apostrophe or noise.
                if let end = chars[(i + 1)...].firstIndex(of: close), end > i + 1,
                   close != "'" || end + 1 >= chars.count || !chars[end + 1].isLetter {
                    let inner = String(chars[(i + 1)..<end]).trimmingCharacters(in: .whitespaces)
                    if !inner.isEmpty { tokens.append(Token(inner, .quoted)) }
                    i = end + 1
                    continue
                }
                i += 1
                continue
            }
            if c.isLetter || c.isNumber || c == "_" {
                var j = i
                while j < chars.count {
                    let d = chars[j]
                    if isWordChar(d) { j += 1; continue }
                    // A dot inside a word: "voice.wav", "1.5".
                    if d == ".", j + 1 < chars.count, chars[j + 1].isLetter || chars[j + 1].isNumber, j > i { j += 1; continue }
                    break
                }
                var word = String(chars[i..<j])
                while word.hasSuffix("'") || word.hasSuffix("\u{2019}") { word.removeLast() }
                tokens.append(classify(word))
                i = j
                continue
            }
            switch c {
            case ",", ";", ".", "!", "?", ":":
                tokens.append(Token(String(c), .punctuation))
            case "-", "\u{2013}", "\u{2014}", "/":
                // Between two numbers a dash is a range ("30-60"); elsewhere
                // it joins words ("lip-synced"), which read as separate words.
                tokens.append(Token("-", .punctuation))
            case "&", "+":
                tokens.append(Token("and", .word))
            default:
                break
            }
            i += 1
        }
        return dropStrayDashes(tokens)
    }

    /// Dashes matter only between numbers or measures (ranges); elsewhere
    /// they are hyphens and vanish.
    private static func dropStrayDashes(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        for (k, t) in tokens.enumerated() {
            if t.lower == "-" && t.isPunctuation {
                let before = k > 0 ? tokens[k - 1].value : nil
                let after = k + 1 < tokens.count ? tokens[k + 1].value : nil
                guard before != nil, after != nil else { continue }
            }
            out.append(t)
        }
        return out
    }

    private static let fileExtensions: Set<String> = ["wav", "mp3", "flac", "ogg", "m4a", "aac", "aiff", "aif", "png", "jpg", "jpeg",
                                                      "gif", "bmp", "webp", "tif", "tiff", "heic", "opus"]

    static func classify(_ word: String) -> Token {
        let lower = word.lowercased()
        if let dot = lower.lastIndex(of: "."), dot != lower.startIndex {
            let ext = String(lower[lower.index(after: dot)...])
            if fileExtensions.contains(ext) || (Double(lower) == nil && ext.count >= 2 && ext.count <= 4 && ext.allSatisfy(\.isLetter)) {
                return Token(word, .file)
            }
        }
        if let v = Double(lower), v.isFinite, lower.allSatisfy({ $0.isNumber || $0 == "." }) {
            return Token(word, .number, value: v)
        }
        // "2s", "1.5sec", "90f", "120fps" is not a measure of time.
        if let firstLetter = lower.firstIndex(where: { $0.isLetter }), firstLetter != lower.startIndex {
            let digits = String(lower[..<firstLetter]), unit = String(lower[firstLetter...])
            if let v = Double(digits), v.isFinite, digits.allSatisfy({ $0.isNumber || $0 == "." }), unit.allSatisfy(\.isLetter) {
                return Token(word, .measure(unit: unit), value: v)
            }
        }
        return Token(word, .word)
    }
}

extension String {
    /// A word quoted back to the person: bounded and printable on one line.
    var quotedForReply: String {
        let trimmed = count > 24 ? String(prefix(23)) + "…" : self
        return "\"" + trimmed + "\""
    }
}
