import AuteurCore

/// A word or fixed phrase of the turn with every sense it may have; the
/// grammar picks one by context ("drop" is a command at the start of a
/// clause and a fall elsewhere).
struct Lexeme: Sendable {
    /// The person's spelling, for labels and for quoting back.
    var text: String
    var lower: String
    var senses: [Sense]
    /// Set when the sense came from the sentence encoder, for the reply:
    /// the word as typed and what it was read as.
    var reading: (word: String, as: String)?
    /// Consumed by an earlier stage (a scope phrase); the grammar skips it.
    var consumed = false

    var isUnknown: Bool { senses.isEmpty }

    func has(_ test: (Sense) -> Bool) -> Bool { senses.contains(where: test) }
    func first<T>(_ pick: (Sense) -> T?) -> T? {
        for s in senses { if let v = pick(s) { return v } }
        return nil
    }
}

/// Turns tokens into lexemes: fixed phrases first (longest match), then
/// single words through every table, with inflections stripped.
enum Reader {
    static func read(_ tokens: [Token]) -> [Lexeme] {
        var out: [Lexeme] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            switch t.shape {
            case .quoted:
                out.append(Lexeme(text: t.text, lower: t.lower, senses: [.quoted(t.text)]))
                i += 1
                continue
            case .file:
                out.append(Lexeme(text: t.text, lower: t.lower, senses: [.file(t.text)]))
                i += 1
                continue
            case .punctuation:
                if t.lower == "-" {
                    out.append(Lexeme(text: "-", lower: "-", senses: [.preposition(.to)]))
                } else if t.lower == "," || t.lower == ":" {
                    out.append(Lexeme(text: t.text, lower: t.lower, senses: [.conjunction(.comma)]))
                } else {
                    out.append(Lexeme(text: t.text, lower: t.lower, senses: [.conjunction(.stop)]))
                }
                i += 1
                continue
            case .number:
                let v = t.value ?? 0
                // "18:30" is a clock time.
                if i + 2 < tokens.count, tokens[i + 1].lower == ":", tokens[i + 2].shape == .number,
                   let m = tokens[i + 2].value, v < 24, m < 60, v == v.rounded(), m == m.rounded() {
                    out.append(Lexeme(text: t.text + ":" + tokens[i + 2].text, lower: t.lower + ":" + tokens[i + 2].lower,
                                      senses: [.clock(v + m / 60)]))
                    i += 3
                    continue
                }
                var senses: [Sense] = [.number(v)]
                if v == v.rounded(), v >= 0, v <= 1_000 { senses.append(.quantity(Int(v))) }
                out.append(Lexeme(text: t.text, lower: t.lower, senses: senses))
                i += 1
                continue
            case .measure(let unit):
                let v = t.value ?? 0
                if unit == "pm" || unit == "am", v >= 1, v <= 12 {
                    let h = unit == "pm" ? (v == 12 ? 12 : v + 12) : (v == 12 ? 0 : v)
                    out.append(Lexeme(text: t.text, lower: t.lower, senses: [.clock(h)]))
                } else if let ordinal = Lexicon.ordinals[t.lower] {
                    out.append(Lexeme(text: t.text, lower: t.lower, senses: [.ordinal(ordinal)]))
                } else {
                    out.append(Lexeme(text: t.text, lower: t.lower, senses: [.measure(v, unit: unit)]))
                }
                i += 1
                continue
            case .word:
                break
            }
            if let (sense, length) = phrase(at: i, in: tokens) {
                let words = tokens[i..<(i + length)]
                out.append(Lexeme(text: words.map(\.text).joined(separator: " "), lower: words.map(\.lower).joined(separator: " "),
                                  senses: [sense]))
                i += length
                continue
            }
            out.append(Lexeme(text: t.text, lower: t.lower, senses: senses(of: t.lower)))
            i += 1
        }
        return out
    }

    // MARK: Phrases

    /// Phrases by first word, longest first.
    private static let phraseIndex: [String: [([String], Sense)]] = {
        var index: [String: [([String], Sense)]] = [:]
        for (key, sense) in Lexicon.phrases {
            let words = key.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            index[first, default: []].append((words, sense))
        }
        for k in index.keys { index[k]!.sort { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0.joined() < $1.0.joined() } }
        return index
    }()

    private static func phrase(at i: Int, in tokens: [Token]) -> (Sense, Int)? {
        let first = tokens[i].lower
        let candidates = (phraseIndex[first] ?? []) + lemmas(of: first).dropFirst().flatMap { phraseIndex[$0] ?? [] }
        for (words, sense) in candidates where words.count > 1 || words[0] != first {
            guard i + words.count <= tokens.count else { continue }
            var matches = true
            for (k, w) in words.enumerated() {
                let t = tokens[i + k]
                guard t.isWord || t.shape == .number else { matches = false; break }
                if t.lower != w && !lemmas(of: t.lower).contains(w) { matches = false; break }
            }
            if matches { return (sense, words.count) }
        }
        // One-word entries of the phrase table ("underwater") are words too.
        if let single = phraseIndex[first]?.first(where: { $0.0.count == 1 }) { return (single.1, 1) }
        return nil
    }

    // MARK: Words

    static let irregular: [String: String] = [
        "drove": "drive", "driven": "drive", "flew": "fly", "flown": "fly", "ran": "run", "rose": "rise", "risen": "rise",
        "fell": "fall", "fallen": "fall", "sat": "sit", "stood": "stand", "came": "come", "went": "go", "gone": "go",
        "swam": "swim", "swum": "swim", "sank": "sink", "sunk": "sink", "broke": "break", "broken": "break", "took": "take",
        "taken": "take", "rode": "ride", "ridden": "ride", "drew": "draw", "drawn": "draw", "made": "make", "got": "get",
        "shone": "shine", "hung": "hang", "slid": "slide", "sped": "speed", "spun": "spin", "leapt": "leap", "lit": "light",
        "kept": "keep", "sang": "sing", "sung": "sing", "spoke": "speak", "spoken": "speak", "said": "say", "wrote": "write",
        "sent": "send", "lay": "lie", "lain": "lie", "slept": "sleep", "dove": "dive", "threw": "throw", "thrown": "throw",
        "grew": "grow", "grown": "grow", "shook": "shake", "shaken": "shake", "chose": "choose", "began": "begin",
        "became": "become", "held": "hold", "bit": "bite", "hid": "hide", "hidden": "hide", "blew": "blow", "woke": "wake",
        "undid": "undo", "undone": "undo", "redid": "redo", "redone": "redo", "smelt": "smell", "swung": "swing",
        "strode": "stride", "crept": "creep", "ate": "eat", "eaten": "eat", "fought": "fight", "caught": "catch",
        "brought": "bring", "bought": "buy", "built": "build", "left": "leave", "met": "meet", "paid": "pay", "fed": "feed",
    ]

    /// The word and what it may be with an inflection removed, most likely first.
    static func lemmas(of w: String) -> [String] {
        var out = [w]
        func add(_ s: String) { if s.count >= 2, !out.contains(s) { out.append(s) } }
        if w.hasSuffix("'s") || w.hasSuffix("\u{2019}s") { add(String(w.dropLast(2))) }
        if let p = Lexicon.irregularPlurals[w] { add(p) }
        if let v = irregular[w] { add(v) }
        let n = w.count
        guard n > 3 else { if w.hasSuffix("s") { add(String(w.dropLast())) }; return out }
        if w.hasSuffix("ies") { add(String(w.dropLast(3)) + "y") }
        if w.hasSuffix("ves") { add(String(w.dropLast(3)) + "f") }
        if w.hasSuffix("es") { add(String(w.dropLast(2))) }
        if w.hasSuffix("s"), !w.hasSuffix("ss") { add(String(w.dropLast())) }
        if w.hasSuffix("ied") { add(String(w.dropLast(3)) + "y") }
        if w.hasSuffix("ed") {
            let stem = String(w.dropLast(2))
            add(stem)
            add(String(w.dropLast()))
            if let last = stem.last, stem.dropLast().last == last { add(String(stem.dropLast())) }
        }
        if w.hasSuffix("ing"), n > 4 {
            let stem = String(w.dropLast(3))
            add(stem)
            add(stem + "e")
            if let last = stem.last, stem.dropLast().last == last { add(String(stem.dropLast())) }
            if stem.hasSuffix("y") { add(String(stem.dropLast()) + "ie") }
        }
        return out
    }

    /// Every sense a single word has, in the order the grammar prefers them.
    static func senses(of word: String) -> [Sense] {
        var senses: [Sense] = []
        func add(_ s: Sense) { if !senses.contains(s) { senses.append(s) } }
        let forms = lemmas(of: word)
        for (k, form) in forms.enumerated() {
            let inflected = k > 0
            if let n = Lexicon.numberWords[form], !inflected { add(.quantity(n)); add(.number(Double(n))) }
            if let s = Lexicon.words[form], !inflected || isInflectable(s) { add(s) }
            if let (kind, variant) = Lexicon.things[form] {
                let plural = inflected && word != "fish" && !word.hasSuffix("ing") && !word.hasSuffix("ed")
                    && !word.hasSuffix("'s") && (word.hasSuffix("s") || Lexicon.irregularPlurals[word] != nil)
                add(.thing(kind, variant: variant, plural: plural))
            }
            if let kinds = Lexicon.families[form], form != "one" { add(.family(kinds, plural: inflected)) }
            if let v = Lexicon.verbs[form] { add(v) }
            // "her" is a possessive before a noun and a pronoun otherwise.
            if form == "her", !inflected { add(.article(definite: true)); add(.pronoun(.person)) }
            if !inflected {
                if let c = Lexicon.colours[form] { add(.colour(c, name: form)) }
                if let s = Lexicon.shades[form] { add(.shade(s)) }
                if let s = Lexicon.sizes[form] { add(.size(s)) }
                if let m = Lexicon.variantModifiers[form] { add(.variantModifier(m)) }
                if let i = Lexicon.intensities[form] { add(.intensity(i)) }
                if let o = Lexicon.ordinals[form], o > 2 { add(.ordinal(o)) }
            }
            if let s = Lexicon.settings[form], !inflected || form == "wood" || form == "dune" || form == "wave" {
                if form == "mountains" { add(.settingOrThing(.mountains, .mountain)) } else { add(.setting(s)) }
            }
            if let t = Lexicon.times[form], !inflected { add(.time(t)) }
            if let w = Lexicon.weathers[form], !inflected || form == "rain" || form == "snow" || form == "storm" { add(.weather(w)) }
            if let s = Lexicon.styles[form], !inflected { add(.style(s)) }
        }
        // Commands last: the grammar promotes them at the start of a clause.
        for form in forms { if let c = Lexicon.commands[form] { add(.command(c)) } }
        return senses
    }

    /// Function words must match exactly ("its" is not a plural of "it");
    /// nouns and verbs of the word table may be inflected.
    private static func isInflectable(_ s: Sense) -> Bool {
        switch s {
        case .aspect, .still, .talk, .motion, .ground, .placeNoun, .connect, .labelMarker: return true
        default: return false
        }
    }
}
