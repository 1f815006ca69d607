import AuteurCore

/// What a noun phrase or pronoun points at in the project.
enum Reference: Equatable {
    case objects([ObjectID])
    /// Several things fit: the question to ask.
    case ambiguous(String)
    /// Nothing fits: why, in a sentence.
    case missing(String)
}

/// Reference resolution reads only the project (and what this turn has
/// already named), so the planner stays a pure function of its inputs.
struct Referee {
    var project: Project
    /// Objects this turn has named or made, most recent last.
    var mentioned: [ObjectID]
    var selection: Selection

    /// Where an object is at the first frame it appears in.
    func firstPosition(_ id: ObjectID) -> Point2? {
        let starts = project.shotStarts
        for (i, s) in project.shots.enumerated() where s.placements.contains(where: { $0.object == id }) {
            return project.evaluate(starts[i] + (selection.frames.map { max(0, $0.start - starts[i]) } ?? 0)).object(id)?.position
                ?? s.placements.first { $0.object == id }?.position.value(at: 0, fallback: Point2(0.5, 0.5))
        }
        return nil
    }

    func resolve(_ np: NounPhrase) -> Reference {
        switch np.head {
        case .pronoun(let p): return resolve(p)
        default: break
        }
        let kinds = Set(np.kinds)
        var candidates = project.cast.filter { kinds.contains($0.kind) }
        let noun = nounName(np)
        guard !candidates.isEmpty else {
            return .missing(project.cast.isEmpty ? "There is nothing in the scene yet, so there is no \(noun) to change."
                                                 : "There is no \(noun) in the scene (it has \(inventory())).")
        }
        // Adjectives filter; a filter that removes everything is ignored
        // only for variants ("the taxi" when the one car is a sedan).
        if let c = np.colour {
            let name = ColourNames.basicName(c)
            let matching = candidates.filter { ColourNames.basicName($0.color) == name }
            guard !matching.isEmpty else { return .missing("There is no \(name) \(noun) in the scene.") }
            candidates = matching
        }
        if let v = np.variant {
            let matching = candidates.filter { $0.variant == v }
            if !matching.isEmpty { candidates = matching }
        }
        if !np.labels.isEmpty {
            let wanted = Set(np.labels.map { $0.lowercased() })
            let matching = candidates.filter { $0.label.map { wanted.contains($0.lowercased()) } ?? false }
            guard !matching.isEmpty else { return .missing("There is no \(noun) labelled \(np.labels.joined(separator: " or ")).") }
            candidates = matching
        }
        if let side = np.side, candidates.count > 1 {
            let placed = candidates.compactMap { m in firstPosition(m.id).map { (m, $0.x) } }.sorted { $0.1 < $1.1 }
            if let pick = side == .left ? placed.first : side == .right ? placed.last : placed.dropFirst().first {
                candidates = [pick.0]
            }
        }
        if np.other {
            // "the other ball": not the one this turn just named, nor (when
            // the turn named none) the most recently added one.
            let named = Set(mentioned)
            let rest = candidates.filter { !named.contains($0.id) }
            if rest.count < candidates.count { candidates = rest } else if candidates.count > 1 { candidates.removeLast() }
            guard !candidates.isEmpty else { return .missing("There is no other \(noun).") }
        }
        if let n = np.ordinal {
            let index = n < 0 ? candidates.count - 1 : n - 1
            guard index >= 0, index < candidates.count else { return .missing("There is no \(ordinalWord(n)) \(noun).") }
            candidates = [candidates[index]]
        }
        let ids = candidates.map(\.id)
        if np.both {
            guard ids.count == 2 else {
                return ids.count < 2 ? .missing("There is only one \(noun).") : .ambiguous("Which two \(plural(noun)): \(describe(ids))?")
            }
            return .objects(ids)
        }
        if np.plural || np.every || (np.count ?? 1) > 1 { return .objects(ids) }
        if ids.count == 1 { return .objects(ids) }
        // Several fit a singular: what this turn just named decides, else ask.
        if let recent = mentioned.last(where: { ids.contains($0) }) { return .objects([recent]) }
        if let inRegion = inSelectedRegion(ids), inRegion.count == 1 { return .objects(inRegion) }
        return .ambiguous(question(ids, noun: noun))
    }

    func resolve(_ p: Pronoun) -> Reference {
        switch p {
        case .everything:
            return project.cast.isEmpty ? .missing("There is nothing in the scene yet.") : .objects(project.cast.map(\.id))
        case .them:
            if mentioned.count > 1 { return .objects(mentioned) }
            return project.cast.isEmpty ? .missing("There is nothing in the scene yet.") : .objects(project.cast.map(\.id))
        case .person:
            let people = project.cast.filter { $0.kind == .person }.map(\.id)
            if let last = mentioned.last(where: { people.contains($0) }) { return .objects([last]) }
            switch people.count {
            case 0: return .missing("There is no person in the scene.")
            case 1: return .objects(people)
            default: return .ambiguous(question(people, noun: "person"))
            }
        case .it:
            if let last = mentioned.last { return .objects([last]) }
            if let inRegion = inSelectedRegion(project.cast.map(\.id)), inRegion.count == 1 { return .objects(inRegion) }
            switch project.cast.count {
            case 0: return .missing("There is nothing in the scene yet for \"it\" to mean.")
            case 1: return .objects([project.cast[0].id])
            default: return .ambiguous(question(project.cast.map(\.id), noun: nil))
            }
        }
    }

    private func inSelectedRegion(_ ids: [ObjectID]) -> [ObjectID]? {
        guard let region = selection.region else { return nil }
        return ids.filter { id in firstPosition(id).map(region.contains) ?? false }
    }

    // MARK: Words

    private func nounName(_ np: NounPhrase) -> String {
        if case .thing(let k, _) = np.head { return k.rawValue }
        let text = np.headText.lowercased()
        return text == "one" || text == "ones" || text.isEmpty ? "such thing" : text
    }

    func inventory() -> String {
        var counts: [(CatalogKind, Int)] = []
        for m in project.cast {
            if let k = counts.firstIndex(where: { $0.0 == m.kind }) { counts[k].1 += 1 } else { counts.append((m.kind, 1)) }
        }
        let parts = counts.prefix(5).map { $0.1 == 1 ? "a \($0.0.rawValue)" : "\($0.1) \(plural($0.0.rawValue))" }
        return Replies.list(parts)
    }

    /// "Which car: the red one or the blue one?"
    func question(_ ids: [ObjectID], noun: String?) -> String {
        let kinds = Set(ids.compactMap { project.member($0)?.kind })
        if kinds.count == 1, let k = kinds.first {
            return "Which \(noun ?? k.rawValue): \(describe(ids, sameKind: true))?"
        }
        return "Which one: \(describe(ids, sameKind: false))?"
    }

    /// Names each object by what tells it apart from the others.
    func describe(_ ids: [ObjectID], sameKind: Bool = true) -> String {
        let members = ids.compactMap { project.member($0) }
        let colours = members.map { ColourNames.basicName($0.color) }
        let positions = members.map { firstPosition($0.id)?.x ?? 0.5 }
        var names: [String] = []
        for (k, m) in members.enumerated() {
            let sameKindOthers = members.indices.filter { $0 != k && members[$0].kind == m.kind }
            let noun = sameKind ? "one" : m.kind.rawValue
            var name: String
            if sameKindOthers.isEmpty {
                name = "the \(noun)"
            } else if sameKindOthers.allSatisfy({ colours[$0] != colours[k] }) {
                name = "the \(colours[k]) \(noun)"
            } else if sameKindOthers.allSatisfy({ members[$0].variant != m.variant }) {
                name = "the \(m.variant.replacingDashes) \(noun)"
            } else if let label = m.label, sameKindOthers.allSatisfy({ members[$0].label != label }) {
                name = "the \(noun) labelled \(label)"
            } else if sameKindOthers.allSatisfy({ abs(positions[$0] - positions[k]) > 0.05 }) {
                let leftmost = sameKindOthers.allSatisfy { positions[$0] > positions[k] }
                let rightmost = sameKindOthers.allSatisfy { positions[$0] < positions[k] }
                name = leftmost ? "the \(noun) on the left" : rightmost ? "the \(noun) on the right" : "the \(noun) in the middle"
            } else {
                name = "\(m.id)"
            }
            names.append(name)
        }
        if names.count > 4 { return names.prefix(3).joined(separator: ", ") + " or one of the \(names.count - 3) others" }
        return Replies.list(names, conjunction: "or")
    }

    private func ordinalWord(_ n: Int) -> String {
        switch n {
        case -1: return "last"
        case 1: return "first"
        case 2: return "second"
        case 3: return "third"
        default: return "\(n)th"
        }
    }
}

func plural(_ noun: String) -> String {
    switch noun {
    case "person": return "people"
    case "fish": return "fish"
    case "such thing": return "such things"
    default: break
    }
    if noun.hasSuffix("s") || noun.hasSuffix("x") || noun.hasSuffix("ch") || noun.hasSuffix("sh") { return noun + "es" }
    if noun.hasSuffix("y"), let before = noun.dropLast().last, !"aeiou".contains(before) { return noun.dropLast() + "ies" }
    return noun + "s"
}

extension String {
    var replacingDashes: String { split(separator: "-").joined(separator: " ") }
}
