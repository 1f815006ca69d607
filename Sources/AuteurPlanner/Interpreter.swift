import AuteurCore

/// The words of a clause that are not inside a noun phrase, each with the
/// one sense the context gives it, in order.
struct Features {
    struct Item { var index: Int; var sense: Sense; var lexeme: Lexeme }
    var items: [Item] = []

    func all<T>(_ pick: (Sense) -> T?) -> [(T, Int)] { items.compactMap { i in pick(i.sense).map { ($0, i.index) } } }
    func first<T>(_ pick: (Sense) -> T?) -> T? {
        for i in items { if let v = pick(i.sense) { return v } }
        return nil
    }
    func has(_ test: (Sense) -> Bool) -> Bool { items.contains { test($0.sense) } }
    func has(_ sense: Sense) -> Bool { items.contains { $0.sense == sense } }

    var colours: [(RGBColor, Int)] { all { if case .colour(let c, _) = $0 { return c } else { return nil } } }
    var times: [TimeOfDay] {
        items.compactMap {
            if case .time(let p) = $0.sense { return .preset(p) }
            if case .clock(let h) = $0.sense { return .clock(h) }
            return nil
        }
    }
    var settings: [Setting] {
        items.compactMap {
            if case .setting(let s) = $0.sense { return s }
            if case .settingOrThing(let s, _) = $0.sense { return s }
            return nil
        }
    }
    var styles: [Style] { items.compactMap { if case .style(let s) = $0.sense { return s } else { return nil } } }
    var motions: [(Motion, Int)] { all { if case .motion(let m) = $0 { return m } else { return nil } } }
    var directions: [(Direction, Int)] { all { if case .direction(let d) = $0 { return d } else { return nil } } }
    var files: [(String, Int)] { all { if case .file(let f) = $0 { return f } else { return nil } } }
    var aspects: [Aspect] { items.compactMap { if case .aspect(let a) = $0.sense { return a } else { return nil } } }
    func aspect(_ a: Aspect) -> Bool { aspects.contains(a) }
    var commands: [(Command, Int)] { all { if case .command(let c) = $0 { return c } else { return nil } } }
    var speedFactor: Double? {
        first { if case .speed(let v) = $0 { return v } else { return nil } }
    }
    var manner: Double? { first { if case .manner(let v) = $0 { return v } else { return nil } } }
    var sizeFactor: Double? {
        first { if case .sizeChange(let v) = $0 { return v } else { return nil } }
            ?? first { if case .size(let v) = $0 { return v } else { return nil } }
    }
    var multiplier: Double? { first { if case .times(let v) = $0 { return v } else { return nil } } }
    var negated: Bool { has { $0 == .negation } }
}

/// Everything one turn builds while its clauses are read: the ops so far,
/// the project as they leave it, and what to say.
struct Turn {
    let context: PlanContext
    var lexemes: [Lexeme]
    var scope: ScopeWords
    /// The selection ops are scoped by: the words' scope, else the UI's.
    var activeSelection: Selection
    var scopePhrase: String?
    var working: Project
    var ops: [Op] = []
    var said: [String] = []
    var warnings: [String] = []
    var question: String?
    var failures: [String] = []
    var mentioned: [ObjectID] = []
    /// The shot descriptions go into: nil while the project has one shot.
    var shot: ShotID?
    var understood = false
    /// Audio files a description binds, waiting for the object they drive.
    var pendingAudio: [(file: String, property: AudioBinding.Property)] = []
    /// Lexemes read as labels ("labelled API"), which need no meaning.
    var labelIndices = Set<Int>()

    init(context: PlanContext, lexemes: [Lexeme], scope: ScopeWords) {
        self.context = context
        self.lexemes = lexemes
        self.scope = scope
        self.working = context.project
        if !scope.isEmpty {
            activeSelection = scope.selection
            scopePhrase = scope.phrases.joined(separator: ", ")
        } else if scope.wholeClip {
            activeSelection = Selection()
        } else {
            activeSelection = context.selection
            if let f = context.selection.frames {
                scopePhrase = "frames \(f)" + (context.selection.region != nil ? " in the selected region" : "")
            } else if context.selection.region != nil {
                scopePhrase = "the selected region"
            }
        }
        if context.project.shots.count > 1 { shot = context.project.shots.last?.id }
    }

    var referee: Referee { Referee(project: working, mentioned: mentioned, selection: activeSelection) }

    var fps: Int { working.canvas.fps }

    // MARK: Emitting ops

    /// Applies `op` (scoped by the turn's selection) to the working project
    /// and keeps it; on failure records why. Returns whether it applied.
    @discardableResult
    mutating func emit(_ op: Op, _ note: String?, scoped: Bool = true) -> Bool {
        let original = op
        var op = scoped ? op.scoped(by: activeSelection) : op
        // Words like "in frames 30-60" on an add become the object's entrance and exit.
        if scoped, case .add(var p) = op, let f = scope.frames, !scope.isEmpty {
            let shotIndex = p.shot.flatMap(working.shotIndex) ?? (working.shots.count - 1)
            let range = working.frameRange(ofShot: shotIndex)
            if let clipped = f.clamped(to: range) {
                p.enter = clipped.start - range.start
                p.exit = clipped.end - range.start
                op = .add(p)
            }
        }
        do {
            try working.apply(Turn.applicable(op))
            ops.append(op)
            if let note { said.append(op != original || isScopedByWords(op) ? "\(note) on \(scopePhrase ?? "the selection")" : note) }
            return true
        } catch {
            failures.append("\(note ?? op.summary): \(error)")
            return false
        }
    }

    private func isScopedByWords(_ op: Op) -> Bool {
        if case .camera(let p) = op, p.frames != nil, scopePhrase != nil { return true }
        if case .add(let p) = op, p.enter != nil, scope.frames != nil { return true }
        return false
    }

    /// A grade "like" an image is resolved by the session against rendered
    /// frames; to check the rest of the turn applies, it stands in as a
    /// neutral grade that names the image.
    static func applicable(_ op: Op) -> Op {
        if case .grade(var p) = op, p.grade == nil, let like = p.like {
            p.grade = ColorGrade(matrix: ColorGrade.identity.matrix, offset: [0, 0, 0], strength: 1, reference: like)
            p.like = nil
            return .grade(p)
        }
        return op
    }

    mutating func mention(_ ids: [ObjectID]) {
        for id in ids {
            mentioned.removeAll { $0 == id }
            mentioned.append(id)
        }
    }

    /// Resolves a reference, turning ambiguity into the turn's question
    /// and absence into a failure. Returns nil when the turn cannot go on.
    mutating func objects(for np: NounPhrase) -> [ObjectID]? {
        switch referee.resolve(np) {
        case .objects(let ids): mention(ids); return ids
        case .ambiguous(let q): if question == nil { question = q }; return nil
        case .missing(let why): failures.append(why); return nil
        }
    }

    mutating func objects(for p: Pronoun) -> [ObjectID]? {
        switch referee.resolve(p) {
        case .objects(let ids): mention(ids); return ids
        case .ambiguous(let q): if question == nil { question = q }; return nil
        case .missing(let why): failures.append(why); return nil
        }
    }

    /// The attachment a file name refers to, or a failure naming the file.
    mutating func attachment(_ name: String, _ kind: Attachment.Kind) -> Attachment? {
        let lower = name.lowercased()
        let all = working.attachments
        if let a = all.first(where: { $0.name.lowercased() == lower && $0.kind == kind })
            ?? all.first(where: { $0.name.lowercased().hasSuffix("/" + lower) && $0.kind == kind }) {
            return a
        }
        if let other = all.first(where: { $0.name.lowercased() == lower }) {
            failures.append("\(name) is attached as \(other.kind == .audio ? "audio" : "an image"), not as \(kind == .audio ? "audio" : "an image")")
            return nil
        }
        let known = all.map(\.name)
        failures.append("\(name) is not attached" + (known.isEmpty ? "; attach it first" : " (attached: \(known.joined(separator: ", ")))"))
        return nil
    }

    // MARK: Features

    /// The sense a free lexeme most likely has here.
    static func rank(_ s: Sense) -> Int {
        switch s {
        case .file, .quoted, .clock, .measure: return 100
        case .number: return 95
        case .quantity: return 94
        case .time: return 90
        case .weather: return 89
        case .style: return 88
        case .setting: return 87
        case .settingOrThing: return 86
        case .direction: return 80
        case .motion: return 79
        case .connect: return 78
        case .talk: return 77
        case .still: return 76
        case .colour: return 70
        case .sizeChange: return 69
        case .size: return 68
        case .speed: return 67
        case .manner: return 66
        case .times: return 65
        case .durationChange: return 64
        case .long: return 63
        case .like: return 60
        case .reverse: return 81
        case .instead: return 59
        case .negation: return 58
        case .intensity: return 57
        case .aspect: return 55
        case .shade: return 50
        case .relation: return 45
        case .path: return 44
        case .preposition: return 40
        case .second, .frame, .minute, .half, .third, .quarter, .last, .first, .end, .beginning, .shot, .revision: return 35
        case .command: return 30
        case .variantModifier: return 25
        case .ground, .placeNoun: return 20
        default: return 10
        }
    }

    func features(_ clause: Clause) -> Features {
        var inPhrase = Set<Int>()
        for np in clause.phrases { for k in np.range { inPhrase.insert(k) } }
        var f = Features()
        let order = clause.indices
        for (n, i) in order.enumerated() where !inPhrase.contains(i) && i != clause.commandIndex {
            let l = lexemes[i]
            guard var best = l.senses.max(by: { Turn.rank($0) < Turn.rank($1) }) else { continue }
            // After a determiner or an adjective a word is a noun: "the
            // look of", "a film noir look", "a handheld shake".
            if n > 0, lexemes[order[n - 1]].has({ s in
                switch s {
                case .article, .demonstrative, .style, .colour, .shade, .size, .time, .weather, .intensity: return true
                default: return false
                }
            }),
               let noun = l.senses.first(where: { if case .aspect = $0 { return true } else { return false } }) {
                best = noun
            }
            // "drives down a street", "walks up the hill": along, not downward.
            if best == .direction(.down) || best == .direction(.up), n + 1 < order.count {
                let next = lexemes[order[n + 1]]
                if next.has({ s in
                    switch s {
                    case .article, .demonstrative, .thing, .setting, .ground, .placeNoun, .settingOrThing: return true
                    default: return false
                    }
                }) && !next.has({ $0 == .placeNoun && ["ceiling", "sky", "top", "air"].contains(next.lower) }) {
                    let after = n + 2 < order.count ? lexemes[order[n + 2]] : nil
                    if !(after?.has({ $0 == .placeNoun }) == true && ["ceiling", "top", "sky"].contains(after?.lower ?? "")) {
                        best = .path
                    }
                }
            }
            f.items.append(Features.Item(index: i, sense: best, lexeme: l))
        }
        return f
    }

    /// Words that carry no meaning the planner could use, for the reply
    /// (labels are text, not words to understand).
    func unknownWords() -> [String] {
        var words: [String] = []
        for (i, l) in lexemes.enumerated() where l.isUnknown && !l.consumed && !labelIndices.contains(i) {
            if !words.contains(l.text) { words.append(l.text) }
        }
        return words
    }
}
