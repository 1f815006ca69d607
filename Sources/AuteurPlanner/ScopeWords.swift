import AuteurCore

/// Where and when a turn says it applies, in its own words: "in frames
/// 30-60", "from 2s to 4s", "during the last second", "in the first half",
/// "on the left", "in the second shot". Words win over the UI selection.
struct ScopeWords: Sendable, Equatable {
    var frames: FrameRange?
    var region: Region?
    /// Index of a shot named in words ("the second shot").
    var shot: Int?
    /// "The whole thing", "everything": the turn overrides the selection.
    var wholeClip = false
    /// How the reply says it: "frames 48-95", "the left half".
    var phrases: [String] = []

    var isEmpty: Bool { frames == nil && region == nil && shot == nil }

    var selection: Selection { Selection(frames: frames, region: region) }
}

/// Finds scope phrases in the lexemes, marks them consumed, and returns
/// what they say. Scope phrases are fixed shapes, read before the grammar,
/// so that "2" in "from 2s to 4s" is never taken for a count of objects.
enum ScopeReader {
    static func read(_ lx: inout [Lexeme], project: Project) -> ScopeWords {
        var scope = ScopeWords()
        let fps = project.canvas.fps
        let total = max(1, project.totalFrames)
        var i = 0

        func number(_ k: Int) -> Double? {
            guard k >= 0, k < lx.count, !lx[k].consumed else { return nil }
            return lx[k].first { if case .number(let v) = $0 { return v } else { return nil } }
                ?? lx[k].first { if case .quantity(let n) = $0 { return Double(n) } else { return nil } }
        }
        func seconds(_ k: Int) -> Double? {
            guard k >= 0, k < lx.count, !lx[k].consumed else { return nil }
            return lx[k].first {
                if case .measure(let v, let unit) = $0, ["s", "sec", "secs", "second", "seconds"].contains(unit) { return v }
                return nil
            }
        }
        func frameMeasure(_ k: Int) -> Double? {
            guard k >= 0, k < lx.count, !lx[k].consumed else { return nil }
            return lx[k].first {
                if case .measure(let v, let unit) = $0, ["f", "fr", "frame", "frames"].contains(unit) { return v }
                return nil
            }
        }
        func isSense(_ k: Int, _ test: (Sense) -> Bool) -> Bool { k >= 0 && k < lx.count && !lx[k].consumed && lx[k].has(test) }
        func isSecondUnit(_ k: Int) -> Bool { isSense(k) { $0 == .second } }
        func isFrameUnit(_ k: Int) -> Bool { isSense(k) { $0 == .frame } }
        func isRangeJoin(_ k: Int) -> Bool {
            isSense(k) { s in
                switch s {
                case .preposition(.to), .preposition(.until), .path, .conjunction(.and): return true
                default: return false
                }
            } || (k < lx.count && ["through", "thru"].contains(lx[k].lower))
        }
        func isLeadIn(_ k: Int) -> Bool {
            isSense(k) { s in
                switch s {
                case .preposition(.inside), .preposition(.during), .preposition(.forTime), .preposition(.at), .preposition(.from),
                     .preposition(.between), .preposition(.over), .relation(.on), .relation(.between), .relation(.above):
                    return true
                default: return false
                }
            }
        }
        func isArticle(_ k: Int) -> Bool { isSense(k) { if case .article(definite: true) = $0 { return true } else { return false } } }
        func consume(_ range: ClosedRange<Int>) {
            var lo = range.lowerBound
            // Take the lead-in word ("in", "during", "from") and article with it.
            if lo - 1 >= 0, isArticle(lo - 1) { lo -= 1 }
            if lo - 1 >= 0, isLeadIn(lo - 1) { lo -= 1 }
            for k in lo...min(range.upperBound, lx.count - 1) { lx[k].consumed = true }
        }
        func setFrames(_ a: Int, _ b: Int, _ phrase: String) {
            let lo = max(0, min(a, b)), hi = min(max(a, b), total - 1)
            guard lo <= hi else { return }
            scope.frames = FrameRange(lo, hi)
            scope.phrases.append(phrase)
        }
        func secondsFrame(_ s: Double) -> Int { Int((s * Double(fps)).rounded()) }

        while i < lx.count {
            if lx[i].consumed { i += 1; continue }

            // "frames 30-60", "frame 30 to 60", "frames 30 through 60"
            if isFrameUnit(i), let a = number(i + 1) {
                if isRangeJoin(i + 2), let b = number(i + 3) {
                    setFrames(Int(a), Int(b), "frames \(Int(min(a, b)))-\(Int(max(a, b)))")
                    consume(i...(i + 3)); i += 4; continue
                }
                setFrames(Int(a), Int(a), "frame \(Int(a))")
                consume(i...(i + 1)); i += 2; continue
            }
            // "30-60 frames", "30f-60f"
            if let a = number(i) ?? frameMeasure(i), isRangeJoin(i + 1), let b = number(i + 2) ?? frameMeasure(i + 2),
               isFrameUnit(i + 3) || frameMeasure(i + 2) != nil {
                setFrames(Int(a), Int(b), "frames \(Int(min(a, b)))-\(Int(max(a, b)))")
                consume(i...(i + (isFrameUnit(i + 3) ? 3 : 2))); i += 4; continue
            }
            // "2s-4s", "2s to 4s", "2 to 4 seconds", "second 2 to second 4", "between 2 and 4 seconds"
            do {
                var k = i
                if isSecondUnit(k) { k += 1 }
                if let a = seconds(k) ?? number(k) {
                    var m = k + 1
                    if isSecondUnit(m) { m += 1 }
                    if isRangeJoin(m) {
                        var n = m + 1
                        if isSecondUnit(n) { n += 1 }
                        if let b = seconds(n) ?? number(n) {
                            let unitAfter = isSecondUnit(n + 1)
                            if seconds(k) != nil || seconds(n) != nil || unitAfter || isSecondUnit(i) || isSecondUnit(k + 1) {
                                let from = secondsFrame(min(a, b)), to = secondsFrame(max(a, b)) - 1
                                setFrames(from, max(from, to), "\(format(min(a, b)))-\(format(max(a, b))) s")
                                consume(i...(unitAfter ? n + 1 : n)); i = n + 1; continue
                            }
                        }
                    }
                }
            }
            // "after 3 seconds", "from 3s on", "until 2s", "before 2 seconds", "at 3s"
            if isSense(i, { [.preposition(.after), .preposition(.from), .preposition(.until), .preposition(.before), .preposition(.at)].contains($0) }) {
                let prep = lx[i].first { if case .preposition(let p) = $0 { return p } else { return nil } }
                var k = i + 1
                if isSecondUnit(k) { k += 1 }
                if let s = seconds(k) ?? (isSecondUnit(k + 1) ? number(k) : nil),
                   !isRangeJoin(isSecondUnit(k + 1) ? k + 2 : k + 1) {
                    let end = isSecondUnit(k + 1) ? k + 1 : k
                    let f = secondsFrame(s)
                    switch prep {
                    case .until, .before:
                        setFrames(0, max(0, f - 1), "the first \(format(s)) s")
                    default:
                        setFrames(f, total - 1, "from \(format(s)) s")
                    }
                    var last = end
                    if last + 1 < lx.count, ["on", "onward", "onwards"].contains(lx[last + 1].lower) { last += 1 }
                    consume(i...last); i = last + 1; continue
                }
            }
            // "the last second", "the first 2 seconds", "the final 10 frames"
            if isSense(i, { $0 == .last || $0 == .first || $0 == .beginning }) {
                let fromEnd = lx[i].has { $0 == .last }
                var k = i + 1
                var n = 1.0
                if let v = number(k) { n = v; k += 1 }
                if isSecondUnit(k) || isFrameUnit(k) {
                    let frames = isFrameUnit(k) ? Int(n) : secondsFrame(n)
                    let unit = isFrameUnit(k) ? (n == 1 ? "frame" : "\(Int(n)) frames") : (n == 1 ? "second" : "\(format(n)) seconds")
                    if fromEnd { setFrames(total - frames, total - 1, "the last \(unit)") } else { setFrames(0, frames - 1, "the first \(unit)") }
                    consume(i...k); i = k + 1; continue
                }
                // "the first half", "the last third", "the second half"
                if isSense(k, { $0 == .half || $0 == .third || $0 == .quarter }) {
                    let parts = lx[k].has { $0 == .half } ? 2 : (lx[k].has { $0 == .third } ? 3 : 4)
                    let name = parts == 2 ? "half" : (parts == 3 ? "third" : "quarter")
                    if !isSense(k + 1, { if case .thing = $0 { return true } else { return false } }) {
                        let len = total / parts
                        if fromEnd { setFrames(total - len, total - 1, "the last \(name)") } else { setFrames(0, len - 1, "the first \(name)") }
                        consume(i...k); i = k + 1; continue
                    }
                }
                // "the first shot", "the last shot"
                if isSense(k, { $0 == .shot }) {
                    scope.shot = fromEnd ? project.shots.count - 1 : 0
                    scope.phrases.append(fromEnd ? "the last shot" : "the first shot")
                    consume(i...k); i = k + 1; continue
                }
            }
            if isSense(i, { $0 == .second }), isSense(i + 1, { $0 == .half || $0 == .shot }) {
                if lx[i + 1].has({ $0 == .half }) {
                    setFrames(total / 2, total - 1, "the second half")
                } else {
                    scope.shot = min(1, project.shots.count - 1)
                    scope.phrases.append("the second shot")
                }
                consume(i...(i + 1)); i += 2; continue
            }
            if let o = lx[i].first({ if case .ordinal(let n) = $0 { return n } else { return nil } }), isSense(i + 1, { $0 == .shot }) {
                if o <= project.shots.count {
                    scope.shot = o - 1
                    scope.phrases.append("shot \(o)")
                }
                consume(i...(i + 1)); i += 2; continue
            }
            // "shot 2"
            if isSense(i, { $0 == .shot }), let n = number(i + 1), n >= 1, Int(n) <= project.shots.count {
                scope.shot = Int(n) - 1
                scope.phrases.append("shot \(Int(n))")
                consume(i...(i + 1)); i += 2; continue
            }
            // "at the end", "at the beginning"
            if isSense(i, { $0 == .end || $0 == .beginning }), i >= 1, isArticle(i - 1) || isLeadIn(i - 1),
               !isSense(i + 1, { $0 == .preposition(.of) }) || isSense(i + 2, { if case .aspect = $0 { return true } else { return false } }) {
                let len = min(total, fps)
                if lx[i].has({ $0 == .end }) { setFrames(total - len, total - 1, "the last second") } else { setFrames(0, len - 1, "the first second") }
                var last = i
                if isSense(i + 1, { $0 == .preposition(.of) }), isSense(i + 2, { if case .aspect = $0 { return true } else { return false } }) { last = i + 2 }
                consume(i...last); i = last + 1; continue
            }
            // Regions: "on the left", "in the right half", "the top left corner".
            if let (region, name, length) = region(at: i, lx), i >= 1 || length > 1 {
                let before = i - 1 >= 0 && isArticle(i - 1) ? i - 2 : i - 1
                let leadIn = before >= 0 && isLeadIn(before)
                let afterThing = before >= 0 && (leadIn ? before - 1 >= 0 && isHead(lx[before - 1]) : isHead(lx[before]))
                let isSide = lx[i + length - 1].has { $0 == .placeNoun || $0 == .half }
                if (leadIn || isSide) && !afterThing {
                    scope.region = region
                    scope.phrases.append(name)
                    consume(i...(i + length - 1)); i += length
                    // "of the frame", "of the screen"
                    if isSense(i, { $0 == .preposition(.of) }) {
                        var k = i + 1
                        if isArticle(k) { k += 1 }
                        if isSense(k, { $0 == .placeNoun || $0 == .aspect(.scene) || $0 == .aspect(.camera) }) {
                            for q in i...k { lx[q].consumed = true }
                            i = k + 1
                        }
                    }
                    continue
                }
            }
            if lx[i].has({ $0 == .pronoun(.everything) }) { scope.wholeClip = true }
            if lx[i].has({ $0 == .every }), isSense(i + 1, { $0 == .aspect(.scene) || $0 == .shot }) { scope.wholeClip = true }
            i += 1
        }
        if let s = scope.shot, scope.frames == nil, s < project.shots.count {
            scope.frames = project.frameRange(ofShot: s)
        }
        return scope
    }

    private static func isHead(_ l: Lexeme) -> Bool {
        l.has { s in
            switch s {
            case .thing, .family, .quoted: return true
            default: return false
            }
        }
    }

    /// A region phrase starting at `i`: its rectangle, its name, and how
    /// many lexemes it spans.
    private static func region(at i: Int, _ lx: [Lexeme]) -> (Region, String, Int)? {
        guard i < lx.count else { return nil }
        let w = lx[i].lower
        let next = i + 1 < lx.count ? lx[i + 1].lower : ""
        let sideWords: Set<String> = ["half", "side", "part", "third", "corner", "edge", "portion", "area"]
        var length = 1
        var region: Region
        var name: String
        switch (w, next) {
        case ("top", "left"), ("upper", "left"): region = Region(x: 0, y: 0, w: 0.5, h: 0.5); name = "the top left"; length = 2
        case ("top", "right"), ("upper", "right"): region = Region(x: 0.5, y: 0, w: 0.5, h: 0.5); name = "the top right"; length = 2
        case ("bottom", "left"), ("lower", "left"): region = Region(x: 0, y: 0.5, w: 0.5, h: 0.5); name = "the bottom left"; length = 2
        case ("bottom", "right"), ("lower", "right"): region = Region(x: 0.5, y: 0.5, w: 0.5, h: 0.5); name = "the bottom right"; length = 2
        case ("left", _): region = Region(x: 0, y: 0, w: 0.5, h: 1); name = "the left half"
        case ("right", _): region = Region(x: 0.5, y: 0, w: 0.5, h: 1); name = "the right half"
        case ("top", _), ("upper", _): region = Region(x: 0, y: 0, w: 1, h: 0.5); name = "the top half"
        case ("bottom", _), ("lower", _): region = Region(x: 0, y: 0.5, w: 1, h: 0.5); name = "the bottom half"
        default: return nil
        }
        if i + length < lx.count, sideWords.contains(lx[i + length].lower) { length += 1 }
        return (region, name, length)
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format2: v)
    }
}

extension String {
    /// A number with at most two decimals, without Foundation.
    init(format2 v: Double) {
        let scaled = Int((v * 100).rounded())
        let whole = scaled / 100, frac = abs(scaled % 100)
        var s = "\(whole)." + (frac < 10 ? "0" : "") + "\(frac)"
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        self = s
    }
}
