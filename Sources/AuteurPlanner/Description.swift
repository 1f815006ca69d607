import AuteurCore

/// A thing a description talks about: new (to create) or already in the
/// project, with what the clause says it does.
struct Entity {
    var np: NounPhrase
    /// Objects it refers to, when it names existing ones.
    var existing: [ObjectID] = []
    var isNew: Bool
    var motions: [Motion] = []
    var direction: Direction?
    var manner: Double?
    var talks = false
    /// A relation to another entity of the clause, or to an existing object.
    var relation: (Relation, anchor: Int?, object: ObjectID?)?
    var connectsTo: [Int] = []
    var isConnector = false
    var chases: Int?
    var fallsOff: Int?
    /// Colours given instance by instance ("a red one and a blue one").
    var instanceColours: [RGBColor?] = []
    /// "it" in "a house with a tree next to it": the entity it stands for.
    var alias: Int?
    var ids: [ObjectID] = []
    var blockings: [Blocking] = []

    var kind: CatalogKind { np.kind ?? .box }
    var isMoving: Bool { !motions.isEmpty || direction != nil }
    var instances: Int { isNew ? min(Description.maximumCount, max(1, np.instances)) : existing.count }
}

enum Description {
    static let maximumCount = 20
    static let diagramKinds: Set<CatalogKind> = [.server, .database, .arrow, .label, .laptop, .phone]
}

extension Turn {
    /// Whether a clause describes things (to create or set in motion)
    /// rather than adjusting properties of what is there.
    func isDescription(_ clause: Clause, _ f: Features) -> Bool {
        if clause.startsShot { return true }
        let things = clause.phrases.filter { if case .pronoun = $0.head { return false } else { return true } }
        // "the car should be a convertible" changes the car; it adds nothing.
        if let copula = clause.indices.first(where: { Lexicon.copulas.contains(lexemes[$0].lower) }),
           clause.phrases.contains(where: { !$0.isIndefinite && $0.range.upperBound <= copula }),
           !clause.phrases.contains(where: { $0.isIndefinite && $0.range.upperBound <= copula }) {
            return false
        }
        if things.contains(where: \.isIndefinite) { return true }
        let verbs = f.has { s in
            switch s {
            case .motion, .still, .talk, .connect: return true
            default: return false
            }
        }
        return verbs && !clause.phrases.isEmpty
    }

    // MARK: Environment

    struct Ambience {
        var setting: Setting?
        var time: TimeOfDay?
        var weather: Weather?
        var style: Style?
        var isEmpty: Bool { setting == nil && time == nil && weather == nil && style == nil }
    }

    func ambience(_ f: Features, clause: Clause) -> Ambience {
        var a = Ambience()
        a.setting = f.settings.first
        a.time = f.times.first
        a.style = f.styles.first
        if let (kind, index) = f.all({ if case .weather(let w) = $0 { return w } else { return nil } }).first {
            a.weather = kind == .clear || weatherNegated(at: index, clause: clause) ? .clear : Weather(kind, intensity: intensity(near: index))
        }
        return a
    }

    /// "stop the rain", "no more snow", "without fog", "clear the storm".
    func weatherNegated(at index: Int, clause: Clause) -> Bool {
        if let c = clause.command, [.stop, .clear, .remove, .hide].contains(c) { return true }
        var k = index - 1
        var steps = 0
        while k >= 0, steps < 3 {
            let l = lexemes[k]
            if l.has({ $0 == .negation || $0 == .command(.stop) || $0 == .command(.remove) || $0 == .command(.clear) }) { return true }
            if l.has({ if case .conjunction = $0 { return true } else { return false } }) { break }
            k -= 1
            steps += 1
        }
        return false
    }

    func intensity(near index: Int) -> Double {
        for k in [index - 1, index - 2, index + 1] where k >= 0 && k < lexemes.count {
            let l = lexemes[k]
            if let v = l.first({ if case .intensity(let v) = $0 { return v } else { return nil } }) { return v }
            if ["light", "little", "bit", "less", "lighter", "some"].contains(l.lower) { return 0.3 }
            if ["more", "heavier", "lots", "much"].contains(l.lower) { return 0.9 }
        }
        return 0.6
    }

    /// Emits ops for what the clause says about place, time, weather and look.
    mutating func applyAmbience(_ a: Ambience, shot target: ShotID?) {
        if let s = a.setting { emit(.setting(SetSetting(setting: s, shot: target)), "\(s.rawValue) setting") }
        if let t = a.time { emit(.relight(Relight(timeOfDay: t, shot: target)), "\(t) light") }
        if let w = a.weather {
            emit(.weather(SetWeather(weather: w, shot: target)), w.kind == .clear ? "clear weather" : Replies.weather(w))
        }
        if let s = a.style { emit(.restyle(Restyle(style: s, shot: target)), "\(Replies.style(s)) style") }
    }

    // MARK: Describing

    mutating func describe(_ clause: Clause, _ f: Features) {
        understood = true
        // What this clause adds is said before its place and time.
        var mark = said.count
        let a = ambience(f, clause: clause)
        if clause.startsShot {
            let id = nextShotID()
            let frames = working.shots.last?.frames
            if emit(.addShot(AddShot(id: id, frames: frames, setting: a.setting, timeOfDay: a.time, weather: a.weather, style: a.style)),
                    "cut to a new shot" + Replies.ambienceSuffix(a), scoped: false) {
                shot = id
                mark = said.count
            }
        } else {
            applyAmbience(a, shot: shot)
        }
        var entities = gather(clause, f)
        if question != nil { return }
        handleFiles(clause, f, entities: &entities)
        if let added = stage(&entities, f: f) { said.insert(added, at: min(mark, said.count)) }
    }

    /// Motions that, said with an audio file, mean "move to its beat".
    static let beatMotions: Set<Motion.Kind> = [.pulse, .hop, .bounce, .grow, .shrink, .spin]

    /// What an audio file drives: the mouth of one who talks, the height
    /// of what bounces or hops, otherwise the size (a pulse).
    static func audioProperty(mouth: Bool, motions: [Motion]) -> AudioBinding.Property {
        if mouth { return .mouth }
        if motions.contains(where: { $0.kind == .hop || $0.kind == .bounce }) { return .height }
        return .scale
    }

    static func isAudioFile(_ name: String) -> Bool {
        ["wav", "mp3", "flac", "ogg", "m4a", "aac", "opus", "aiff", "aif"].contains { name.lowercased().hasSuffix("." + $0) }
    }

    func nextShotID() -> ShotID {
        var n = working.shots.count + 1
        while working.shotIndex("shot-\(n)") != nil { n += 1 }
        return "shot-\(n)"
    }

    /// Reads who does what to whom: subjects, their verbs and directions,
    /// and the relations between things.
    mutating func gather(_ clause: Clause, _ f: Features) -> [Entity] {
        var entities: [Entity] = []
        var byStart: [Int: Int] = [:]
        for np in clause.phrases {
            var e: Entity
            switch np.head {
            case .pronoun(.it) where !entities.isEmpty:
                // "a house with a tree next to it": the thing named before.
                e = Entity(np: np, isNew: false)
                e.alias = entities.count - 1
            case .pronoun(let p):
                guard let ids = objects(for: p) else { return [] }
                e = Entity(np: np, existing: ids, isNew: false)
            default:
                let before = np.range.lowerBound - 1 >= 0 ? lexemes[np.range.lowerBound - 1] : nil
                if np.definite == nil, np.count == nil, np.vagueCount == nil, !np.plural,
                   before?.has({ s in
                       switch s {
                       case .time, .setting, .weather: return true
                       default: return false
                       }
                   }) == true {
                    // "the midday sun", "desert rock": part of the place or light.
                    e = Entity(np: np, isNew: false)
                } else if np.definite == true, !np.isPronoun, let earlier = entities.lastIndex(where: { $0.isNew && $0.alias == nil && $0.np.kind != nil && np.kinds.contains($0.np.kind!) }) {
                    // "a cat and a ball ..., the cat chases the ball": the same cat.
                    e = Entity(np: np, isNew: false)
                    e.alias = earlier
                } else if np.isIndefinite || np.definite == nil {
                    e = Entity(np: np, isNew: true)
                } else {
                    switch referee.resolve(np) {
                    case .objects(let ids):
                        mention(ids)
                        e = Entity(np: np, existing: ids, isNew: false)
                    case .missing:
                        // "the sun rises" in an empty scene introduces it.
                        e = Entity(np: np, isNew: true)
                    case .ambiguous(let q):
                        if question == nil { question = q }
                        return []
                    }
                }
            }
            e.motions = np.participles
            // "two balls, a red one and a blue one": the ones describe the balls.
            if np.isIndefinite, case .family = np.head, np.headText.lowercased() == "one",
               let owner = entities.lastIndex(where: { $0.isNew && $0.np.kind != nil && $0.instances > 1 && $0.alias == nil }) {
                entities[owner].instanceColours.append(np.colour)
                e.isNew = false
                e.alias = owner
            }
            byStart[np.range.lowerBound] = entities.count
            entities.append(e)
        }

        // Walk the clause in order, attaching verbs to subjects.
        enum Pending { case none, relation(Relation), verb(Motion?, connect: Bool), to, companion }
        var pending = Pending.none
        var subjects: [Int] = []
        var lastVerbSubjects: [Int] = []
        var verbSinceSubject = false
        var previousEntity: Int?
        var coordinating = false
        // Coordination joins adjacent phrases only: "a ball and a box", not
        // "a ball in a meadow, drawn in pastels, the cat ...".
        var lastPhraseEnd = -1
        var conjunctionAt = -2
        var lastMotionOwners: [Int] = []
        var pendingDirections: [Direction] = []
        let npEnds = Dictionary(clause.phrases.map { ($0.range.lowerBound, $0.range.upperBound) }, uniquingKeysWith: { a, _ in a })
        var k = 0
        let order = clause.indices
        while k < order.count {
            let i = order[k]
            if let e = byStart[i] {
                switch pending {
                case .relation(let r):
                    let owners = verbSinceSubject ? lastVerbSubjects : (previousEntity.map { [$0] } ?? [])
                    let target = entities[e].alias ?? e
                    for o in owners where o != target {
                        if !entities[target].isNew, let obj = entities[target].existing.first {
                            entities[o].relation = (r, nil, obj)
                        } else {
                            entities[o].relation = (r, target, nil)
                        }
                    }
                case .verb(let m, let connect):
                    let owners = lastVerbSubjects
                    let target = entities[e].alias ?? e
                    if owners.isEmpty, let m, entities[target].isNew || !entities[target].existing.isEmpty {
                        // An imperative verb's object moves: "drop a ball".
                        entities[target].motions.append(m)
                        subjects = [target]
                        lastVerbSubjects = [target]
                        lastMotionOwners = [target]
                    } else if connect {
                        if entities[target].kind == .arrow { entities[target].isConnector = true } else { for o in owners { entities[o].connectsTo.append(target) } }
                    } else if let m, m.kind == .chase {
                        for o in owners where o != target { entities[o].chases = target }
                    } else if let m, m.kind == .fall {
                        for o in owners where o != target { entities[o].fallsOff = target }
                    }
                case .to:
                    let target = entities[e].alias ?? e
                    for o in lastVerbSubjects where !entities[o].isConnector && o != target { entities[o].connectsTo.append(target) }
                case .companion, .none:
                    let subject = entities[e].alias ?? e
                    if coordinating, conjunctionAt == lastPhraseEnd, let p = previousEntity, subjects.contains(entities[p].alias ?? p) {
                        if !subjects.contains(subject) { subjects.append(subject) }
                    } else if entities[e].alias != nil, entities[e].np.headText.lowercased() == "one" {
                        // "a red one" describes; it is not a new subject.
                    } else {
                        subjects = [subject]
                        verbSinceSubject = false
                    }
                }
                previousEntity = e
                pending = .none
                coordinating = false
                // Skip to the end of the phrase.
                let end = npEnds[i] ?? (i + 1)
                while k < order.count, order[k] < end { k += 1 }
                lastPhraseEnd = k
                continue
            }
            let l = lexemes[i]
            if l.consumed { k += 1; continue }
            let item = f.items.first { $0.index == i }
            switch item?.sense {
            case .motion(let m)?:
                let owners = subjects.isEmpty ? [] : subjects
                for o in owners {
                    entities[o].motions.append(m)
                    if !pendingDirections.isEmpty { entities[o].direction = pendingDirections.last }
                }
                pendingDirections = []
                lastVerbSubjects = owners
                lastMotionOwners = owners
                verbSinceSubject = true
                pending = .verb(m, connect: false)
            case .connect?:
                lastVerbSubjects = subjects
                // "a box with an arrow pointing to a database": the arrow is
                // the connection; the box it came with sends it.
                if !subjects.isEmpty, subjects.allSatisfy({ entities[$0].kind == .arrow }) {
                    for s in subjects { entities[s].isConnector = true }
                    if let owner = entities.indices.last(where: { !subjects.contains($0) && entities[$0].kind != .arrow && entities[$0].alias == nil
                        && $0 < subjects[0] }) {
                        lastVerbSubjects = [owner]
                    }
                }
                verbSinceSubject = true
                pending = .verb(nil, connect: true)
            case .still?, .talk?:
                for o in subjects where item?.sense == .talk { entities[o].talks = true }
                lastVerbSubjects = subjects
                verbSinceSubject = true
                pending = .verb(nil, connect: false)
            case .direction(let d)?:
                let owners = lastMotionOwners.isEmpty ? subjects : lastMotionOwners
                if owners.isEmpty { pendingDirections.append(d) }
                for o in owners { entities[o].direction = d }
            case .manner(let v)?, .speed(let v)?:
                for o in (lastMotionOwners.isEmpty ? subjects : lastMotionOwners) { entities[o].manner = v }
            case .relation(let r)?:
                pending = .relation(r)
            case .preposition(.to)?, .preposition(.into)?:
                if case .verb(_, true) = pending { pending = .to } else if case .to = pending {} else if lastVerbSubjects.contains(where: { !entities[$0].connectsTo.isEmpty }) || f.has(.connect) {
                    pending = .to
                }
            case .preposition(.with)?, .preposition(.of)?:
                pending = .companion
            case .preposition(.off)?:
                pending = .verb(Motion(kind: .fall, gerund: "falls"), connect: false)
            case .conjunction(.and)?, .conjunction(.comma)?:
                coordinating = true
                conjunctionAt = k
                pending = .none
            default:
                if let s = item?.sense, case .conjunction = s {} else if item != nil { coordinating = false }
            }
            k += 1
        }
        // A direction with no verb: "a car from left to right".
        if !pendingDirections.isEmpty { for o in subjects where entities[o].motions.isEmpty { entities[o].direction = pendingDirections.last } }
        return entities
    }

    // MARK: Files in descriptions

    mutating func handleFiles(_ clause: Clause, _ f: Features, entities: inout [Entity]) {
        for (name, index) in f.files {
            let context = clause.indices.filter { $0 < index }.suffix(4).map { lexemes[$0] }
            let isLike = context.contains { $0.has { $0 == .like } }
            if Turn.isAudioFile(name) || working.attachments.contains(where: { $0.name.lowercased() == name.lowercased() && $0.kind == .audio }) {
                let wantsMouth = entities.contains(where: \.talks) || clause.command == .lipSync
                    || f.has(.command(.lipSync)) || f.has(.talk)
                let property = Turn.audioProperty(mouth: wantsMouth, motions: f.motions.map(\.0))
                pendingAudio.append((name, property))
                // "bounces to beat.wav" moves with the audio, not by physics.
                for k in entities.indices { entities[k].motions.removeAll { Turn.beatMotions.contains($0.kind) } }
            } else if isLike {
                guard let a = attachment(name, .image) else { continue }
                emit(.grade(SetGrade(grade: nil, like: a.hash, shot: shot)), "graded to look like \(a.name)")
            } else {
                // Any other image a description names is where things happen:
                // "in front of ref.png", "against ref.png".
                guard let a = attachment(name, .image) else { continue }
                emit(.backdrop(SetBackdrop(media: a.hash, shot: shot)), "\(a.name) as the backdrop")
            }
        }
    }
}
