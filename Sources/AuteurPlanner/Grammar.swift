import AuteurCore

/// A noun phrase: "two red cars", "the other ball", "a box labelled 'DB'",
/// "it", "the red one", "the car on the left".
struct NounPhrase: Sendable {
    enum Head: Sendable, Equatable {
        case thing(CatalogKind, variant: String?)
        case family([CatalogKind])
        case pronoun(Pronoun)
    }
    enum Side: Sendable, Equatable { case left, right, middle }

    var head: Head
    /// Lexeme indices the phrase covers.
    var range: Range<Int>
    /// nil when bare ("cars", "snow").
    var definite: Bool?
    var plural = false
    var count: Int?
    var vagueCount: Int?
    var both = false
    var every = false
    var other = false
    var ordinal: Int?
    var colour: RGBColor?
    var colourName: String?
    var size: Double?
    var variant: String?
    var labels: [String] = []
    var side: Side?
    /// Motions said as adjectives: "a bouncing ball".
    var participles: [Motion] = []
    /// The word as typed, for replies ("the taxi").
    var headText: String

    var kinds: [CatalogKind] {
        switch head {
        case .thing(let k, _): return [k]
        case .family(let ks): return ks
        case .pronoun: return CatalogKind.allCases
        }
    }

    var kind: CatalogKind? { if case .thing(let k, _) = head { return k } else { return nil } }

    /// Whether it names things to create rather than things already there.
    var isIndefinite: Bool { definite != true && !both && !every && !other && !isPronoun }
    var isPronoun: Bool { if case .pronoun = head { return true } else { return false } }

    /// How many things an indefinite phrase creates.
    var instances: Int {
        if let c = count { return c }
        if let v = vagueCount { return v }
        return plural ? 3 : 1
    }
}

/// A clause: a command ("make the car red") or a description ("a red car
/// drives across a desert"), with its noun phrases chunked.
struct Clause: Sendable {
    /// Lexeme indices, in order, excluding consumed ones.
    var indices: [Int]
    /// The imperative that starts the clause, if any, and its index.
    var command: Command?
    var commandIndex: Int?
    var phrases: [NounPhrase] = []
    /// True when the clause begins a new shot ("cut to ...").
    var startsShot = false
}

enum Grammar {
    /// Words that may precede an imperative without being part of it.
    static func isLeadingFiller(_ l: Lexeme) -> Bool {
        l.has { s in
            switch s {
            case .filler, .conjunction, .manner: return true
            default: return false
            }
        } && !l.has({ if case .pronoun = $0 { return true } else { return false } })
    }

    /// The imperative sense of a lexeme: uninflected (so "a ball drops" is
    /// not "drop the ball"), or a fixed command phrase.
    static func imperative(_ l: Lexeme) -> Command? {
        guard let c = l.first({ if case .command(let c) = $0 { return c } else { return nil } }) else { return nil }
        if l.lower.contains(" ") || Lexicon.commands[l.lower] != nil { return c }
        return nil
    }

    /// Cuts the turn into clauses: at sentence ends and "then" always; at
    /// "and" or a comma when an imperative follows ("... and make the car
    /// red"); and before "cut to", which also starts a new shot.
    static func clauses(_ lx: [Lexeme]) -> [Clause] {
        var clauses: [Clause] = []
        var current: [Int] = []
        var startsShot = false
        func isConjunction(_ i: Int) -> Bool { lx[i].has { s in if case .conjunction = s { return true } else { return false } } }
        func flush() {
            // Conjunctions inside a clause stay (they join noun phrases and
            // labels); at its edges they only joined it to its neighbours.
            var kept = current.filter { !lx[$0].consumed }
            while let first = kept.first, isConjunction(first) { kept.removeFirst() }
            while let last = kept.last, isConjunction(last) { kept.removeLast() }
            if !kept.isEmpty {
                clauses.append(Clause(indices: kept, startsShot: startsShot))
            } else if startsShot, !clauses.isEmpty || !kept.isEmpty {
                clauses.append(Clause(indices: [], startsShot: true))
            }
            current = []
            startsShot = false
        }
        let live = lx.indices.filter { !lx[$0].consumed }
        for (n, i) in live.enumerated() {
            let l = lx[i]
            // "cut to", "next shot": a phrase, so a bare "cut" can still trim.
            if l.has({ $0 == .command(.cut) }), l.lower.contains(" ") {
                // What came before ("then", "add a") only introduced the cut.
                if current.allSatisfy({ k in lx[k].has { s in
                    switch s {
                    case .filler, .article, .command(.add), .conjunction: return true
                    default: return false
                    }
                } }) { current = [] }
                flush()
                startsShot = true
                continue
            }
            if l.has({ $0 == .conjunction(.stop) }) || l.has({ $0 == .conjunction(.then) }) {
                // "then cut to": the cut starts the shot; "then" alone ends a clause.
                flush()
                continue
            }
            if l.has({ $0 == .conjunction(.and) || $0 == .conjunction(.comma) || $0 == .conjunction(.but) }) {
                var k = n + 1
                while k < live.count, lx[live[k]].has({ $0 == .filler }) { k += 1 }
                if k < live.count, let c = imperative(lx[live[k]]), !current.isEmpty, startsClause(c, live, k, lx) {
                    flush()
                    continue
                }
            }
            current.append(i)
        }
        flush()
        for k in clauses.indices { mark(&clauses[k], lx) }
        return clauses
    }

    /// Whether an imperative after "and" starts its own clause: motion
    /// verbs shared with the subject ("drops and bounces") do not.
    private static func startsClause(_ c: Command, _ live: [Int], _ k: Int, _ lx: [Lexeme]) -> Bool {
        switch c {
        case .stop, .roll, .follow, .grow, .shrink, .move, .speedUp, .slowDown:
            // Also verbs of description: "a car drives and stops".
            guard k + 1 < live.count else { return false }
            return lx[live[k + 1]].has { s in
                switch s {
                case .article, .pronoun, .thing, .aspect, .weather: return true
                default: return false
                }
            }
        default:
            return true
        }
    }

    private static func mark(_ clause: inout Clause, _ lx: [Lexeme]) {
        var k = 0
        while k < clause.indices.count, isLeadingFiller(lx[clause.indices[k]]), imperative(lx[clause.indices[k]]) == nil { k += 1 }
        if k < clause.indices.count, let c = imperative(lx[clause.indices[k]]) {
            // "set" and "light" begin descriptions too ("light rain falls").
            let next = k + 1 < clause.indices.count ? lx[clause.indices[k + 1]] : nil
            let isDescription = (c == .relight && next?.has({ if case .weather = $0 { return true } else { return false } }) == true)
            if !isDescription {
                clause.command = c
                clause.commandIndex = clause.indices[k]
            }
        }
        // "the camera should pan right": a camera verb after its subject.
        if clause.command == nil, let cam = clause.indices.firstIndex(where: { lx[$0].has { $0 == .aspect(.camera) } }) {
            for i in clause.indices[(cam + 1)...] {
                if let c = lx[i].first({ s -> Command? in
                    guard case .command(let c) = s else { return nil }
                    switch c {
                    case .pan, .tilt, .zoom, .shake, .follow, .roll, .holdCamera: return c
                    default: return nil
                    }
                }) {
                    clause.command = c
                    clause.commandIndex = i
                    break
                }
            }
        }
        clause.phrases = nounPhrases(clause, lx)
        // "drop a ball", "roll a ball across the floor": an imperative that
        // is also a verb of motion, with a new thing as its object, describes.
        if let ci = clause.commandIndex, lx[ci].has({ if case .motion = $0 { return true } else { return false } }),
           let next = clause.phrases.first, next.range.lowerBound > ci, next.isIndefinite,
           clause.indices.firstIndex(of: next.range.lowerBound).map({ $0 <= (clause.indices.firstIndex(of: ci) ?? 0) + 2 }) == true {
            clause.command = nil
            clause.commandIndex = nil
        }
    }

    // MARK: Noun phrases

    private static func senseIsModifier(_ s: Sense) -> Bool {
        switch s {
        case .article, .demonstrative, .quantity, .vagueQuantity, .both, .every, .other, .ordinal, .first, .second, .last,
             .colour, .shade, .size, .variantModifier:
            return true
        default:
            return false
        }
    }

    static func nounPhrases(_ clause: Clause, _ lx: [Lexeme]) -> [NounPhrase] {
        let idx = clause.indices
        var phrases: [NounPhrase] = []
        var p = 0
        while p < idx.count {
            if idx[p] == clause.commandIndex { p += 1; continue }
            guard let (np, next) = phrase(from: p, idx, lx, clause: clause) else { p += 1; continue }
            phrases.append(np)
            p = next
        }
        return phrases
    }

    private static func headSense(_ l: Lexeme, counted: Bool, nextIsHead: Bool, nextIsModifier: Bool) -> (NounPhrase.Head, Bool)? {
        // "over the mountains", "some mountains": the place, unless numbered.
        if !counted, l.has({ if case .settingOrThing = $0 { return true } else { return false } }) { return nil }
        for s in l.senses {
            switch s {
            case .thing(let k, let v, let plural):
                // "one" before a noun is a count, not a head.
                return (.thing(k, variant: v), plural)
            case .family(let ks, let plural):
                // "one white plane" counts; "the red one" and "a big one" name.
                if l.lower == "one" || l.lower == "ones" { if nextIsHead || (nextIsModifier && !counted) { return nil } }
                return (.family(ks), plural)
            case .pronoun(let p):
                // "her hat": a possessive, not a pronoun.
                if l.lower == "her", nextIsHead || nextIsModifier { return nil }
                return (.pronoun(p), p == .them)
            case .settingOrThing(_, let k) where counted:
                return (.thing(k, variant: nil), true)
            default:
                continue
            }
        }
        return nil
    }

    private static func isHeadLexeme(_ l: Lexeme) -> Bool {
        l.has { s in
            switch s {
            case .thing, .family: return true
            default: return false
            }
        }
    }

    /// Reads one noun phrase starting at position `p` of the clause, or nil.
    private static func phrase(from p: Int, _ idx: [Int], _ lx: [Lexeme], clause: Clause) -> (NounPhrase, Int)? {
        var np = NounPhrase(head: .pronoun(.it), range: idx[p]..<(idx[p] + 1), definite: nil, headText: "")
        var q = p
        var sawModifier = false
        var pendingShade: Double?
        var variantMods: [[CatalogKind: String]] = []
        while q < idx.count {
            let l = lx[idx[q]]
            let next = q + 1 < idx.count ? lx[idx[q + 1]] : nil
            let nextIsHead = next.map(isHeadLexeme) ?? false
            let nextIsModifier = next?.has({ s in if case .article = s { return false }; return senseIsModifier(s) }) ?? false
            // "mountains" is the setting unless counted in numbers.
            let counted = np.count != nil
            let determined = np.definite != nil || counted
            // A noun before a noun modifies it: "a server box", "a dog house".
            if nextIsHead, isHeadLexeme(l), !l.has({ if case .pronoun = $0 { return true } else { return false } }),
               let next, !next.has({ if case .family = $0 { return true } else { return false } }),
               !next.has({ $0 == .labelMarker }), !next.lower.hasSuffix("ed"), !next.lower.hasSuffix("ing") {
                if let m = l.first({ if case .variantModifier(let m) = $0 { return m } else { return nil } }) { variantMods.append(m) }
                sawModifier = true
                q += 1
                continue
            }
            // A noun before a place names the place: "a pine forest".
            if isHeadLexeme(l), let next, next.has({ if case .setting = $0 { return true } else { return false } }), !isHeadLexeme(next) {
                return nil
            }
            // The head: a thing, a family word, a pronoun.
            if idx[q] != clause.commandIndex, let (head, plural) = headSense(l, counted: l.lower == "one" ? determined : counted,
                                                                              nextIsHead: nextIsHead, nextIsModifier: nextIsModifier),
               !(l.has({ senseIsModifier($0) }) && nextIsHead) {
                // A modifier word that is also a noun ("orange") is a
                // modifier when a head follows.
                np.head = head
                np.plural = plural || np.plural
                np.headText = l.text
                if case .thing(_, let v) = head, let v { np.variant = v }
                if case .thing(let k, _) = head {
                    for m in variantMods { if let v = m[k] { np.variant = v } }
                }
                np.range = idx[p]..<(idx[q] + 1)
                var end = q + 1
                end = trailing(&np, from: end, idx, lx)
                if let c = np.colour, let s = pendingShade { np.colour = shaded(c, s) }
                return (np, end)
            }
            if (l.lower == "left" || l.lower == "right" || l.lower == "middle"), nextIsHead || (q + 1 < idx.count && lx[idx[q + 1]].lower == "one") {
                np.side = l.lower == "left" ? .left : l.lower == "right" ? .right : .middle
                sawModifier = true
                q += 1
                continue
            }
            // "a bouncing ball", "the same car": participles and plain
            // adjectives modify without ending the phrase.
            // Only after an article or count: "a cat chasing a ball" is a verb.
            if sawModifier, l.lower.hasSuffix("ing"), let m = l.first({ if case .motion(let m) = $0 { return m } else { return nil } }),
               q + 1 < idx.count, isHeadLexeme(lx[idx[q + 1]])
                || lx[idx[q + 1]].has({ s in if case .article = s { return false }; return senseIsModifier(s) }) {
                np.participles.append(m)
                sawModifier = true
                q += 1
                continue
            }
            if Lexicon.plainAdjectives.contains(l.lower), q + 1 < idx.count,
               isHeadLexeme(lx[idx[q + 1]]) || lx[idx[q + 1]].has({ senseIsModifier($0) }) || Lexicon.plainAdjectives.contains(lx[idx[q + 1]].lower) {
                sawModifier = true
                q += 1
                continue
            }
            guard let s = l.senses.first(where: senseIsModifier) else { break }
            // "the second" before a unit is a scope, already consumed; here it is an ordinal.
            switch s {
            case .article(let definite):
                if sawModifier && np.definite != nil { return nil }
                np.definite = definite
                if l.lower == "another" { np.other = false }
            case .demonstrative: np.definite = true; np.plural = true
            case .quantity(let n):
                np.count = n
                if n != 1 { np.plural = true }
            case .vagueQuantity(let n): np.vagueCount = n; np.plural = true
            case .both: np.both = true; np.count = 2; np.plural = true
            case .every: np.every = true; np.plural = true
            case .other: np.other = true
            case .ordinal(let n): np.ordinal = n
            case .first: np.ordinal = 1
            case .second: np.ordinal = 2
            case .last: np.ordinal = -1
            case .colour(let c, let name):
                np.colour = c
                np.colourName = name
            case .shade(let v):
                // "light" and "dark" are shades only before a colour.
                if q + 1 < idx.count, lx[idx[q + 1]].has({ if case .colour = $0 { return true } else { return false } }) {
                    pendingShade = v
                } else if l.has({ if case .style = $0 { return true } else { return false } }) {
                    return nil
                }
            case .size(let v): np.size = v
            case .variantModifier(let m): variantMods.append(m)
            default: break
            }
            sawModifier = true
            q += 1
            // Modifiers must reach a head within a few words.
            if q - p > 6 { return nil }
        }
        return nil
    }

    /// Reads what may follow a head: a label ("labelled 'DB'", "called A and
    /// B") and a side ("on the left").
    private static func trailing(_ np: inout NounPhrase, from start: Int, _ idx: [Int], _ lx: [Lexeme]) -> Int {
        var q = start
        // "with the label X"
        if q + 2 < idx.count, lx[idx[q]].has({ $0 == .preposition(.with) }),
           lx[idx[q + 1]].has({ if case .article = $0 { return true } else { return false } }), lx[idx[q + 2]].has({ $0 == .labelMarker }) {
            q += 2
        }
        if q < idx.count, lx[idx[q]].has({ $0 == .labelMarker }) {
            var k = q + 1
            var labels: [String] = []
            let wanted = max(1, np.count ?? (np.plural ? 8 : 1))
            // One label per thing: quoted text, or a single word; a list
            // continues only through "and" or a comma.
            while k < idx.count, labels.count < wanted {
                let l = lx[idx[k]]
                if case .quoted(let text)? = l.senses.first {
                    labels.append(text)
                } else if l.has({ if case .conjunction = $0 { return true } else { return false } }) {
                    break
                } else {
                    if labels.count > 0, l.has({ s in
                        if case .motion = s { return true }
                        if case .connect = s { return true }
                        return s == .still || s == .talk
                    }) { break }
                    labels.append(l.text)
                }
                k += 1
                guard labels.count < wanted, k + 1 < idx.count,
                      lx[idx[k]].has({ $0 == .conjunction(.and) || $0 == .conjunction(.comma) }) else { break }
                k += 1
            }
            if !labels.isEmpty {
                np.labels = labels
                np.range = np.range.lowerBound..<(idx[k - 1] + 1)
                q = k
            }
        }
        // "on the left", "on the right", "in the middle"
        if q + 2 < idx.count, lx[idx[q]].has({ $0 == .relation(.on) || $0 == .preposition(.inside) || $0 == .preposition(.at) }),
           lx[idx[q + 1]].has({ $0 == .article(definite: true) }) {
            let w = lx[idx[q + 2]].lower
            let side: NounPhrase.Side? = w == "left" ? .left : w == "right" ? .right : (w == "middle" || w == "center" || w == "centre") ? .middle : nil
            if let side {
                np.side = side
                q += 3
                np.range = np.range.lowerBound..<(idx[q - 1] + 1)
            }
        }
        return q
    }

    static func shaded(_ c: RGBColor, _ amount: Double) -> RGBColor {
        amount >= 0 ? c.mixed(with: RGBColor(255, 255, 255), amount) : c.mixed(with: RGBColor(0, 0, 0), -amount)
    }
}
