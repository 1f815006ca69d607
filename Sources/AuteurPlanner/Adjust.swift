import AuteurCore

extension Turn {
    /// "make X Y", "change X to Y", "paint X Y", or a bare "sunset": what
    /// Y is decides the op, so "make it sunset" relights while "make it
    /// blue" recolours, and only the latter needs to know what "it" is.
    mutating func adjust(_ clause: Clause, _ f: Features, _ c: Command) {
        var did = false
        let phrases = clause.phrases
        let targetNPs = targetPhrases(clause)
        // "add some camera shake", "a quick zoom in": camera words inside another verb.
        for (c2, _) in f.commands {
            switch c2 {
            case .shake, .zoom, .pan, .tilt, .holdCamera:
                command(c2, clause, f)
                return
            default: continue
            }
        }
        let indefinite = phrases.filter { $0.isIndefinite && $0.kind != nil }
        let complementIndex = targetNPs.first?.range.upperBound ?? 0

        // Looks and files: "make it look like ref.png", "in front of ref.png", "pulse to beat.wav".
        for (name, index) in f.files {
            let isLike = f.has(.like) || c == .restyle
            let context = clause.indices.filter { $0 < index }.suffix(5).map { lexemes[$0] }
            let isBackdrop = context.contains { $0.has { $0 == .relation(.inFrontOf) || $0 == .aspect(.background) || $0 == .relation(.behind) } }
                || f.aspect(.background)
            if working.attachments.contains(where: { $0.name.lowercased() == name.lowercased() && $0.kind == .audio })
                || Turn.isAudioFile(name) {
                let talks = c == .lipSync || f.has(.talk) || f.has(.command(.lipSync))
                pendingAudio.append((name, Turn.audioProperty(mouth: talks, motions: f.motions.map(\.0))))
                var entities: [Entity] = []
                if !targetNPs.isEmpty || !working.cast.isEmpty {
                    guard let ids = targets(clause, allowEverything: false) else { pendingAudio = []; return }
                    var e = Entity(np: targetNPs.first ?? NounPhrase(head: .pronoun(.it), range: 0..<0, definite: true, headText: "it"), isNew: false)
                    e.existing = ids
                    e.ids = ids
                    e.talks = talks
                    entities.append(e)
                }
                bindPendingAudio(entities)
                did = true
            } else if isLike || (!isBackdrop && c == .make && f.aspect(.look)) {
                guard let a = attachment(name, .image) else { return }
                emit(.grade(SetGrade(grade: nil, like: a.hash, shot: scopedShot())), "graded to look like \(a.name)")
                did = true
            } else {
                guard let a = attachment(name, .image) else { return }
                emit(.backdrop(SetBackdrop(media: a.hash, shot: scopedShot())), "\(a.name) as the backdrop")
                did = true
            }
        }
        if did && f.files.count > 0 && f.colours.isEmpty && f.times.isEmpty && f.styles.isEmpty { understood = true; return }

        // Length: "make it 8 seconds long", "4 seconds longer".
        if duration(f) != nil && (f.has(.long) || f.has({ if case .durationChange = $0 { return true } else { return false } }) || c == .make || c == .add) {
            understood = true
            lengthChange(clause, f, c)
            return
        }
        // "double the length", "make the video twice as long", "half as long".
        if (f.aspect(.length) || f.has(.long)) && (f.multiplier != nil || f.has(.half)) && f.speedFactor == nil {
            understood = true
            lengthChange(clause, f, c)
            return
        }
        if f.has({ if case .durationChange = $0 { return true } else { return false } }), f.aspect(.scene) || f.aspect(.length) || targetNPs.allSatisfy(\.isPronoun) {
            if f.speedFactor == nil && f.sizeFactor == nil {
                understood = true
                lengthChange(clause, f, c)
                return
            }
        }

        // Camera words without a camera verb: "add some camera shake", "keep the camera still".
        if f.aspect(.camera) {
            let lower = f.items.map(\.lexeme.lower)
            if lower.contains(where: { ["shake", "shaky", "handheld", "shaking"].contains($0) }) {
                command(.shake, clause, f); return
            }
            if f.has(.still) || lower.contains("steady") || lower.contains("static") {
                command(.holdCamera, clause, f); return
            }
        }

        // "turn the camera left": a pan.
        if f.aspect(.camera), let d = f.directions.first?.0, d != .toward, d != .away {
            command(.pan, clause, f); return
        }
        if f.aspect(.camera), let d = f.directions.first?.0 {
            command(.zoom(inward: d == .toward), clause, f); return
        }

        // A new take.
        if f.aspect(.take) { command(.reseed, clause, f); return }

        // Colours: each goes to the target named before it.
        let colours = f.colours
        if !colours.isEmpty, c != .relight {
            understood = true
            if targetNPs.isEmpty {
                guard let ids = objects(for: .it) else { return }
                recolour(ids, colours[0].0)
            } else {
                for (k, np) in targetNPs.enumerated() {
                    // The colour after this phrase and before the next one.
                    let end = k + 1 < targetNPs.count ? targetNPs[k + 1].range.lowerBound : Int.max
                    guard let colour = colours.first(where: { $0.1 >= np.range.upperBound && $0.1 < end })?.0
                        ?? (k == targetNPs.count - 1 ? colours.last?.0 : nil) else { continue }
                    guard let ids = objects(for: np) else { return }
                    recolour(ids, colour)
                }
            }
            did = true
        }

        // A new kind or variant: "make the car a vintage convertible", "turn it into a bicycle".
        if let new = indefinite.first(where: { $0.range.lowerBound >= complementIndex }) ?? (targetNPs.isEmpty ? nil : indefinite.first),
           c == .make || c == .change || c == .use || c == .let_ {
            understood = true
            guard let ids = targets(clause, allowEverything: false), let kind = new.kind else { return }
            for id in ids { replaceObject(id, kind: kind, variant: new.variant, colour: nil) }
            if let colour = new.colour { recolour(ids, colour) }
            did = true
        } else if let mods = variantModifiers(f).first, !targetNPs.isEmpty {
            // "make the car vintage"
            if let ids = targets(clause, allowEverything: false) {
                for id in ids {
                    guard let m = working.member(id), let v = mods[m.kind] else { continue }
                    replaceObject(id, kind: m.kind, variant: v, colour: nil)
                    did = true
                }
            }
        }

        // Size.
        if let size = f.sizeFactor {
            let factor = f.multiplier.map { max(size, $0) } ?? size
            understood = true
            if let ids = targets(clause) {
                resize(ids, factor)
                did = true
            } else { return }
        }

        // Motion: "make the glass fall upward", "make the ball bounce", "make the truck drive faster".
        let motions = f.motions.map(\.0).filter { !Turn.beatMotions.contains($0.kind) || f.files.isEmpty }
        let speed = f.speedFactor ?? (f.aspect(.speed) ? f.multiplier : nil)
        // "the other way": reverse the current path.
        if f.has(.reverse), !targetNPs.isEmpty || !working.cast.isEmpty {
            understood = true
            guard let ids = targets(clause, allowEverything: false) else { return }
            for id in ids { reverse(id) }
            return
        }
        // "make the truck stop", "keep the car still".
        if f.items.contains(where: { ["stop", "stops", "halt", "still", "stationary", "motionless", "freeze", "parked"].contains($0.lexeme.lower) }),
           !targetNPs.isEmpty, f.motions.isEmpty, colours.isEmpty, f.sizeFactor == nil,
           !f.has({ if case .weather = $0 { return true } else { return false } }) {
            understood = true
            guard let ids = targets(clause, allowEverything: false) else { return }
            for id in ids { stopMoving(id) }
            return
        }

        // "snow falls": the weather moves, not an object.
        let weatherMoves = targetNPs.isEmpty && f.has { if case .weather = $0 { return true } else { return false } }
        // "an automobile drives" without the model: the mover is a word not
        // understood, not "it".
        let moverUnknown = targetNPs.isEmpty && clause.command == nil
        if !weatherMoves, !moverUnknown, !motions.isEmpty || (f.directions.first != nil && !f.aspect(.camera) && !targetNPs.isEmpty && c != .relight) {
            understood = true
            guard let ids = targets(clause, allowEverything: false) else { return }
            let direction = f.directions.first?.0
            if motions.allSatisfy({ $0.kind == .travel }) && direction == nil, let speed = speed ?? f.manner {
                for id in ids { emit(.retime(Retime(object: id, speed: speed)), "\(Replies.name(id, working)) now moves \(speedWords(speed))", scoped: false) }
                return
            }
            var e = Entity(np: targetNPs.first ?? NounPhrase(head: .pronoun(.it), range: 0..<0, definite: true, headText: "it"), isNew: false)
            e.existing = ids
            e.motions = motions
            e.direction = direction
            e.manner = f.manner ?? speed
            if motions.isEmpty { e.motions = [Motion(kind: .travel, gerund: "moves")] }
            var entities = [e]
            stage(&entities, f: f)
            did = true
        } else if let speed = speed ?? (c == .make && (f.aspect(.speed) || f.manner != nil) ? (f.manner ?? 1.5) : nil) {
            understood = true
            let things = targetNPs.filter { !$0.isPronoun }
            if things.isEmpty {
                let id: ObjectID? = working.cast.count == 1 ? working.cast[0].id : nil
                emit(.retime(Retime(object: id, speed: speed)), "\(id.map { Replies.name($0, working) } ?? "everything") now moves \(speedWords(speed))", scoped: false)
            } else if let ids = targets(clause, allowEverything: false) {
                for id in ids { emit(.retime(Retime(object: id, speed: speed)), "\(Replies.name(id, working)) now moves \(speedWords(speed))", scoped: false) }
            }
            did = true
        }

        // Labels: "label it 'DB'", "call the box Orders".
        if c != .lipSync, let labelAt = clause.indices.first(where: { lexemes[$0].has { $0 == .labelMarker } }) {
            let after = clause.indices.filter { $0 > labelAt }
            if let q = after.first, let text = lexemes[q].first({ if case .quoted(let t) = $0 { return t } else { return nil } }) ?? (targetNPs.isEmpty ? nil : lexemes[q].text) {
                understood = true
                labelIndices.insert(q)
                if let ids = targets(clause, allowEverything: false) {
                    for id in ids { emit(.set(SetProperty(object: id, property: .label, value: .text(String(text.prefix(200))))), "\(Replies.name(id, working)) is labelled \"\(text)\"") }
                    did = true
                }
            }
        }

        // Place, time, weather, look.
        var a = ambience(f, clause: clause)
        if c == .relight && a.time == nil {
            if f.items.contains(where: { ["darker", "dark", "dim", "dimmer"].contains($0.lexeme.lower) }) { a.time = .preset(.dusk); warnings.append("darker reads as dusk light") }
            if f.items.contains(where: { ["brighter", "bright", "lighter"].contains($0.lexeme.lower) }) { a.time = .preset(.noon); warnings.append("brighter reads as noon light") }
        }
        if a.weather == nil, [.stop, .clear].contains(c) || f.negated, f.aspect(.weather) || f.aspect(.sky) {
            a.weather = .clear
        }
        if !a.isEmpty {
            understood = true
            applyAmbience(a, shot: scopedShot())
            did = true
        }

        if !did && question == nil {
            if c == .paint { failures.append("say which colour") }
            else if c == .relight { failures.append("say which light: dawn, morning, noon, afternoon, sunset, dusk or night") }
            else if c == .restyle { failures.append("say which style: natural, noir, pastel, neon, sepia or blueprint") }
            else if c == .lipSync { failures.append("say which audio file to lip-sync to") }
            else if understood || !phrases.isEmpty || c != .make { failures.append("I could not tell what to change") }
        }
    }

    private func variantModifiers(_ f: Features) -> [[CatalogKind: String]] {
        f.items.compactMap { if case .variantModifier(let m) = $0.sense { return m } else { return nil } }
    }

    func speedWords(_ factor: Double) -> String {
        switch (factor * 100).rounded() / 100 {
        case 2: return "twice as fast"
        case 3: return "three times as fast"
        case 0.5: return "at half the speed"
        case 1: return "at the same speed"
        default:
            let v = ScopeReader.format((factor * 100).rounded() / 100)
            return factor >= 1 ? "\(v) times as fast" : "at \(v) times the speed"
        }
    }

    /// Sends an object back the way it came: its path, reversed in time.
    mutating func reverse(_ id: ObjectID) {
        var reversed = false
        for s in working.shots {
            guard let p = s.placements.first(where: { $0.object == id }), p.position.keys.count > 1 else { continue }
            let keys = p.position.keys
            let last = keys.last!.frame
            let path = keys.reversed().map { Keyframe(last - $0.frame, $0.value, easing: $0.easing) }
            let b = Blocking(path: path, scale: p.scale.keys, rotation: p.rotation.keys.isEmpty ? nil : p.rotation.keys.reversed().map { Keyframe(last - $0.frame, $0.value) })
            for op in Reblocking.ops(id, in: working, shot: s.id, blocking: b) { emit(op, nil, scoped: false) }
            reversed = true
        }
        if reversed { said.append("\(Replies.name(id, working)) now goes the other way") } else { failures.append("\(Replies.name(id, working)) is not moving") }
    }

    /// Recolours several objects with one note: "both cars are now blue".
    mutating func recolour(_ ids: [ObjectID], _ colour: RGBColor) {
        let names = Replies.names(ids, working)
        var done = 0
        for id in ids where emit(.set(SetProperty(object: id, property: .color, value: .color(colour))), nil) { done += 1 }
        if done > 0 { said.append("\(names) \(ids.count == 1 ? "is" : "are") now \(ColourNames.basicName(colour))") }
    }

    /// Resizes several objects with one note: "both dogs are bigger (x1.5)".
    mutating func resize(_ ids: [ObjectID], _ factor: Double) {
        let names = Replies.names(ids, working)
        var done = 0
        for id in ids {
            guard let m = working.member(id) else { continue }
            var f = factor
            if m.size * f > 10 { f = 10 / m.size; warnings.append("\(Replies.name(id, working)) is as big as it can get") }
            if emit(.resize(Resize(object: id, factor: f)), nil) { done += 1 }
        }
        let word = factor >= 1 ? "bigger" : "smaller"
        if done > 0 { said.append("\(names) \(ids.count == 1 ? "is" : "are") \(word) (x\(ScopeReader.format((factor * 100).rounded() / 100)))") }
    }

    private mutating func lengthChange(_ clause: Clause, _ f: Features, _ c: Command) {
        let longer: Bool? = f.first { if case .durationChange(let l) = $0 { return l } else { return nil } }
        length(longer == false ? .trim : (longer == true ? .extend : (c == .add ? .extend : .make)), clause, f)
    }
}
