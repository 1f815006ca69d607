import AuteurCore

/// Reply wording. A reply is one line that says what changed (ok), what
/// was done non-literally (warning), what to choose (question) or why
/// nothing changed (error).
enum Replies {
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) \(conjunction) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    static func weather(_ w: Weather) -> String {
        let strength = w.intensity >= 0.85 ? "heavy " : w.intensity <= 0.35 ? "light " : ""
        switch w.kind {
        case .clear: return "clear weather"
        case .rain: return strength + "rain"
        case .snow: return strength + "snow"
        case .fog: return (w.intensity >= 0.85 ? "thick " : strength) + "fog"
        case .storm: return "a storm"
        }
    }

    static func style(_ s: Style) -> String { s == .noir ? "film noir" : s.rawValue }

    static func ambienceSuffix(_ a: Turn.Ambience) -> String {
        var parts: [String] = []
        if let s = a.setting { parts.append("\(s.rawValue)") }
        if let t = a.time { parts.append("at \(t)") }
        if let w = a.weather { parts.append(w.kind == .clear ? "in clear weather" : "in \(weather(w))") }
        if let s = a.style { parts.append("in \(style(s)) style") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    static let numberNames = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                              "eleven", "twelve"]

    /// "+a red car that drives left to right" (the + marks an addition).
    static func entity(_ e: Entity, count: Int, labels: [String]) -> String {
        let kind = e.kind.rawValue
        var words: [String] = []
        if let c = e.np.colour { words.append(e.np.colourName ?? ColourNames.basicName(c)) }
        if let s = e.np.size { words.append(s < 0.6 ? "tiny" : s < 1 ? "small" : s > 1.7 ? "huge" : "big") }
        // Named as the person named it: "a sailboat", "three gulls", "a man".
        let said = e.np.headText.lowercased()
        let saidVariant = e.np.variant != nil && said != kind && !said.contains(" ") && said.allSatisfy(\.isLetter)
        if let v = e.np.variant, !saidVariant, v != e.kind.defaultVariant || said != kind { words.append(v.replacingDashes) }
        let noun = saidVariant ? (count == 1 ? Reader.lemmas(of: said).first { Lexicon.things[$0] != nil } ?? said : said)
            : (count == 1 ? kind : plural(kind))
        var head = (words + [noun]).joined(separator: " ")
        let colours = e.instanceColours.compactMap { $0.map(ColourNames.basicName) }
        if count > 1, !colours.isEmpty { head += " (\(list(colours)))" }
        let article = count == 1 ? (["a", "e", "i", "o", "u"].contains(head.first.map(String.init) ?? "") ? "an" : "a")
            : (count < numberNames.count ? numberNames[count] : "\(count)")
        var text = "\(article) \(head)"
        if !labels.isEmpty { text += " labelled " + list(labels.prefix(count).map { "\"\($0)\"" }) }
        if let action = action(e, plural: count > 1) { text += " " + action }
        return "+" + text
    }

    /// "that drives left to right", "that drop and bounce".
    static func action(_ e: Entity, plural: Bool) -> String? {
        var verbs: [String] = []
        for m in e.motions where !verbs.contains(m.gerund) { verbs.append(m.gerund) }
        if verbs.isEmpty, e.direction != nil { verbs.append("moves") }
        if verbs.isEmpty { return nil }
        let forms = verbs.map { plural ? pluralVerb($0) : $0 }
        var text = "that " + list(forms)
        if let d = e.direction, !verbs.contains(where: { $0.hasSuffix(" off") }) || d != .up { text += " " + d.words }
        if e.direction == .up, e.motions.contains(where: { $0.kind == .fall }) { text = "that floats upward" }
        return text
    }

    static func pluralVerb(_ v: String) -> String {
        var words = v.split(separator: " ").map(String.init)
        guard var w = words.first else { return v }
        if w.hasSuffix("ies") { w = String(w.dropLast(3)) + "y" } else if w.hasSuffix("shes") || w.hasSuffix("ches") || w.hasSuffix("sses") || w.hasSuffix("xes") {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("s") { w = String(w.dropLast()) }
        words[0] = w
        return words.joined(separator: " ")
    }

    /// What a description did to things already in the scene.
    static func existing(_ e: Entity, working: Project) -> String {
        let names = e.ids.map { name($0, working) }
        let who = list(names)
        if let action = action(e, plural: e.ids.count > 1) { return "\(who) now " + action.dropFirst(5) }
        return "\(who) placed in the shot"
    }

    /// "the car", or "the red car" when there are several cars.
    static func name(_ id: ObjectID, _ project: Project) -> String {
        guard let m = project.member(id) else { return id }
        let same = project.cast.filter { $0.kind == m.kind }
        if same.count <= 1 { return "the \(m.kind.rawValue)" }
        let colour = ColourNames.basicName(m.color)
        if same.filter({ ColourNames.basicName($0.color) == colour }).count == 1 { return "the \(colour) \(m.kind.rawValue)" }
        if let l = m.label { return "the \(m.kind.rawValue) labelled \(l)" }
        // Same kind and colour: by order of appearance.
        let order = ["first", "second", "third", "fourth", "fifth"]
        if let k = same.firstIndex(where: { $0.id == id }), k < order.count { return "the \(order[k]) \(m.kind.rawValue)" }
        return id
    }

    static func names(_ ids: [ObjectID], _ project: Project) -> String {
        let kinds = Set(ids.compactMap { project.member($0)?.kind })
        if ids.count > 2, kinds.count == 1, let k = kinds.first, project.cast.filter({ $0.kind == k }).count == ids.count {
            return "the \(plural(k.rawValue))"
        }
        if ids.count == 2, kinds.count == 1, let k = kinds.first, project.cast.filter({ $0.kind == k }).count == 2 {
            return "both \(plural(k.rawValue))"
        }
        return list(ids.map { name($0, project) })
    }

    /// One line: the first letter capitalised, a full stop, no line breaks.
    static func sentence(_ parts: [String]) -> String {
        var text = parts.filter { !$0.isEmpty }.joined(separator: "; ")
        if let first = text.first { text = first.uppercased() + text.dropFirst() }
        if !text.hasSuffix(".") && !text.hasSuffix("?") { text += "." }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
