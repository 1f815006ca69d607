import AuteurCore

extension Turn {
    /// Noun phrases a command acts on: definite things and pronouns, in
    /// order (indefinite ones are what to make or put, not targets).
    func targetPhrases(_ clause: Clause) -> [NounPhrase] {
        clause.phrases.filter { !$0.isIndefinite || $0.isPronoun }
    }

    /// The objects a command acts on: its target phrases, else "it".
    mutating func targets(_ clause: Clause, allowEverything: Bool = true) -> [ObjectID]? {
        let phrases = targetPhrases(clause)
        if phrases.isEmpty { return objects(for: .it) }
        var ids: [ObjectID] = []
        for np in phrases {
            if case .pronoun(.everything) = np.head, !allowEverything { continue }
            guard let found = objects(for: np) else { return nil }
            for id in found where !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    mutating func command(_ c: Command, _ clause: Clause, _ f: Features) {
        // New things that do something ("use ref.png as the background and
        // have a bird fly left to right") are a description, whatever the verb.
        let describes = clause.phrases.contains { $0.isIndefinite && $0.kind != nil } && f.has { s in
            switch s {
            case .motion, .still, .talk, .connect: return true
            default: return false
            }
        }
        if describes, [.use, .add, .put, .make, .let_, .move].contains(c) { describe(clause, f); return }
        if !f.files.isEmpty, [.put, .move, .use, .add].contains(c) { adjust(clause, f, c); return }
        switch c {
        case .pan, .tilt, .zoom, .shake, .follow, .holdCamera:
            camera(c, clause, f)
        case .roll:
            if f.aspect(.camera) || clause.phrases.isEmpty { camera(c, clause, f) } else { adjust(clause, f, c) }
        case .extend, .trim:
            length(c, clause, f)
        case .cut:
            // "cut the last 2 seconds" (a scope at the end) or "cut 2 seconds" trims.
            if duration(f) != nil || f.has(.last) || f.has(.end) || (scope.frames != nil && clause.phrases.isEmpty) {
                length(.trim, clause, f)
            } else { removal(.remove, clause, f) }
        case .reseed:
            reseed(clause)
        case .remove, .hide, .stop, .clear:
            removal(c, clause, f)
        case .replace, .swap:
            replacement(clause, f)
        case .add:
            if clause.phrases.contains(where: { $0.isIndefinite }) { describe(clause, f) } else { adjust(clause, f, c) }
        case .put, .move:
            if f.aspect(.camera) {
                // "move the camera to the right" pans; up and down tilt.
                camera(.pan, clause, f)
            } else if clause.phrases.contains(where: { $0.isIndefinite }) { describe(clause, f) } else { reposition(clause, f) }
        case .speedUp, .slowDown:
            let factor = f.speedFactor ?? f.multiplier ?? (c == .speedUp ? 1.5 : 1 / 1.5)
            retime(clause, c == .speedUp ? max(factor, 1 / factor) : min(factor, 1 / factor))
        case .grow, .shrink:
            let factor = f.sizeFactor ?? f.multiplier ?? (c == .grow ? 1.5 : 1 / 1.5)
            understood = true
            if let ids = targets(clause) { resize(ids, c == .grow ? max(factor, 1 / factor) : min(factor, 1 / factor)) }
        case .undo, .redo, .revert, .checkout:
            failures.append("undo, redo and going back to a revision are turns of their own")
        default:
            adjust(clause, f, c)
        }
    }

    // MARK: Camera

    private mutating func camera(_ c: Command, _ clause: Clause, _ f: Features) {
        understood = true
        let small = f.items.contains { ["slightly", "bit", "little", "subtly", "gently", "gentle", "slight"].contains($0.lexeme.lower) }
        let large = f.items.contains { ["lot", "far", "much", "hard", "violently", "heavily", "wildly", "strongly", "way"].contains($0.lexeme.lower) }
        let easing: Easing? = f.manner.map { $0 < 1 ? .easeInOut : .easeOut }
        switch c {
        case .pan, .tilt:
            let d = f.directions.first?.0
            let move: CameraMove.Move
            switch (c, d) {
            case (_, .leftToRight?): move = .panRight
            case (_, .rightToLeft?): move = .panLeft
            case (_, .up?): move = .tiltUp
            case (_, .down?): move = .tiltDown
            case (.tilt, _): move = .tiltUp
            default: move = .panRight
            }
            let amount = small ? 0.12 : large ? 0.5 : 0.25
            let words = move == .panRight ? "pans right" : move == .panLeft ? "pans left" : move == .tiltUp ? "tilts up" : "tilts down"
            emit(.camera(CameraMove(move: move, shot: cameraShot(), amount: amount, easing: easing)), "the camera \(words)")
            if d == nil { warnings.append("no direction was given, so it \(words)") }
        case .zoom(let inward):
            let amount = small ? 1.2 : large ? 2.5 : 1.5
            emit(.camera(CameraMove(move: inward ? .zoomIn : .zoomOut, shot: cameraShot(), amount: amount, easing: easing)),
                 "the camera zooms \(inward ? "in" : "out")")
        case .shake:
            let amount = small ? 0.01 : large ? 0.05 : 0.02
            emit(.camera(CameraMove(move: .shake, shot: cameraShot(), amount: amount)), "the camera shakes")
        case .holdCamera:
            emit(.camera(CameraMove(move: .static, shot: cameraShot())), "the camera holds still")
        case .roll:
            emit(.camera(CameraMove(move: .roll, shot: cameraShot(), amount: large ? 45 : small ? 5 : 15)), "the camera rolls")
        case .follow:
            guard let ids = targets(clause, allowEverything: false), let id = ids.first else { return }
            let shots = working.shots.filter { s in s.placements.contains { $0.object == id } }.map(\.id)
            guard !shots.isEmpty else { failures.append("\(Replies.name(id, working)) is not in any shot"); return }
            for s in shots where activeSelection.frames == nil || shots.count == 1 {
                emit(.camera(CameraMove(move: .follow, shot: s, target: id)), s == shots.first ? "the camera follows \(Replies.name(id, working))" : nil)
            }
        default:
            break
        }
    }

    /// Camera moves go to the shot the scope names, or the last shot when
    /// no frames are given and the project has several.
    func cameraShot() -> ShotID? {
        if let s = scope.shot, s < working.shots.count { return working.shots[s].id }
        return nil
    }

    // MARK: Length

    /// A duration in frames from "4 seconds", "2s", "30 frames", "a minute".
    func duration(_ f: Features) -> Int? {
        let items = f.items
        for (k, item) in items.enumerated() {
            if case .measure(let v, let unit) = item.sense {
                if ["s", "sec", "secs", "second", "seconds"].contains(unit) { return Int((v * Double(fps)).rounded()) }
                if ["f", "fr", "frame", "frames"].contains(unit) { return Int(v) }
                if ["m", "min", "mins", "minute", "minutes"].contains(unit) { return Int((v * 60 * Double(fps)).rounded()) }
            }
            let value: Double?
            if case .number(let v) = item.sense { value = v } else if case .quantity(let n) = item.sense { value = Double(n) } else { value = nil }
            let next = k + 1 < items.count ? items[k + 1] : nil
            if let v = value, let n = next {
                if n.lexeme.has({ $0 == .second }) { return Int((v * Double(fps)).rounded()) }
                if n.lexeme.has({ $0 == .frame }) { return Int(v) }
                if n.lexeme.has({ $0 == .minute }) { return Int((v * 60 * Double(fps)).rounded()) }
            }
            // "a second", "half a second"
            if item.lexeme.has({ $0 == .second }), k >= 1, items[k - 1].lexeme.lower == "a" || items[k - 1].lexeme.lower == "one" { return fps }
        }
        if f.items.contains(where: { $0.lexeme.lower == "second" }), f.items.contains(where: { $0.lexeme.lower == "another" || $0.lexeme.lower == "extra" }) { return fps }
        return nil
    }

    mutating func length(_ c: Command, _ clause: Clause, _ f: Features) {
        understood = true
        let total = working.totalFrames
        let lastShot = scope.shot.flatMap { $0 < working.shots.count ? working.shots[$0].id : nil }
        var asked = duration(f)
        let longer: Bool? = f.first { if case .durationChange(let l) = $0 { return l } else { return nil } }
        // "trim the last two seconds": the scope says how much, at the end.
        if asked == nil, c == .trim, let frames = scope.frames {
            guard frames.end >= total - 1 else {
                failures.append("only the end of the clip can be trimmed, and \(scopePhrase ?? "that") is not at the end")
                return
            }
            asked = frames.count
        }
        let absolute = f.has(.long) && longer == nil && c != .extend && c != .trim
        var delta: Int
        if let asked, absolute || (c == .make || c == .change) && longer == nil {
            delta = asked - total
        } else if let asked {
            delta = (c == .trim || longer == false) ? -asked : asked
        } else if let m = f.multiplier {
            delta = Int((Double(total) * (m - 1)).rounded())
        } else if f.items.contains(where: { $0.lexeme.has { $0 == .half } }) {
            delta = (c == .extend || longer == true) ? total / 2 : -total / 2
        } else {
            delta = (c == .trim || longer == false) ? -fps : fps
            warnings.append("no length was given, so by one second")
        }
        if delta == 0 { said.append("the clip is already \(seconds(total)) long"); return }
        let target = lastShot ?? working.shots.last?.id
        if delta > 0 {
            let room = working.canvas.maxFrames - total
            if delta > room {
                guard room > 0 else { failures.append("the clip is already at the \(Canvas.limits.maxSeconds) s limit"); return }
                warnings.append("the limit is \(Canvas.limits.maxSeconds) s, so it grew by \(seconds(room)) instead")
                delta = room
            }
            emit(.extend(ShotLength(shot: target, frames: delta)), "the clip is now \(seconds(total + delta)) long (\(seconds(delta)) longer)", scoped: false)
        } else {
            let shotFrames = working.shots.first { $0.id == target }?.frames ?? 1
            var cut = -delta
            if cut >= shotFrames {
                guard shotFrames > 1 else { failures.append("the last shot is a single frame and cannot get shorter"); return }
                warnings.append("the last shot has \(shotFrames) frames, so it kept one")
                cut = shotFrames - 1
            }
            emit(.trim(ShotLength(shot: target, frames: cut)), "the clip is now \(seconds(total - cut)) long (\(seconds(cut)) shorter)", scoped: false)
        }
    }

    func seconds(_ frames: Int) -> String {
        let s = Double(frames) / Double(fps)
        return ScopeReader.format((s * 100).rounded() / 100) + " s"
    }

    // MARK: Takes

    private mutating func reseed(_ clause: Clause) {
        understood = true
        let phrases = targetPhrases(clause).filter { !$0.isPronoun }
        if phrases.isEmpty {
            emit(.reseed(Reseed()), "a new take")
            return
        }
        for np in phrases {
            guard let ids = objects(for: np) else { return }
            for id in ids { emit(.reseed(Reseed(object: id)), "a new take of \(Replies.name(id, working))") }
        }
    }

    // MARK: Removing

    private mutating func removal(_ c: Command, _ clause: Clause, _ f: Features) {
        understood = true
        var did = false
        if f.has({ if case .weather = $0 { return true } else { return false } }) || f.aspect(.weather) || f.aspect(.sky) {
            emit(.weather(SetWeather(weather: .clear, shot: scopedShot())), weatherStoppedNote(f))
            did = true
        }
        if f.aspect(.background) {
            emit(.backdrop(SetBackdrop(media: nil, shot: scopedShot())), "the backdrop is gone")
            did = true
        }
        if f.aspect(.look) {
            emit(.grade(SetGrade(grade: nil, shot: scopedShot())), "the grade is gone")
            did = true
        }
        if f.aspect(.camera) {
            emit(.camera(CameraMove(move: .static, shot: cameraShot())), "the camera holds still")
            did = true
        }
        let phrases = clause.phrases
        if !phrases.isEmpty {
            for np in phrases {
                guard let ids = objects(for: np) else { return }
                if c == .stop {
                    for id in ids { stopMoving(id) }
                } else {
                    for id in ids { emit(.remove(RemoveObject(object: id)), "removed \(Replies.name(id, working))") }
                }
            }
            did = true
        }
        if !did {
            if c == .stop, let ids = objects(for: .it) {
                for id in ids { stopMoving(id) }
                return
            }
            if question == nil { failures.append("I could not tell what to \(c == .stop ? "stop" : "remove")") }
        }
    }

    private func weatherStoppedNote(_ f: Features) -> String {
        if let w = f.first({ if case .weather(let k) = $0 { return k } else { return nil } }), w != .clear {
            return "the \(w == .storm ? "storm" : w.rawValue) has stopped"
        }
        return "clear weather"
    }

    func scopedShot() -> ShotID? {
        if let s = scope.shot, s < working.shots.count, scope.frames == nil { return working.shots[s].id }
        return nil
    }

    /// Holds an object where it first stands, without physics.
    mutating func stopMoving(_ id: ObjectID) {
        for (i, s) in working.shots.enumerated() {
            guard let p = s.placements.first(where: { $0.object == id }) else { continue }
            let start = working.evaluate(working.frameRange(ofShot: i).start).object(id)?.position
                ?? p.position.value(at: 0, fallback: Point2(0.5, 0.5))
            for op in Reblocking.ops(id, in: working, shot: s.id, blocking: Blocking(position: start, scale: [], rotation: p.rotation.keys)) {
                emit(op, nil, scoped: false)
            }
        }
        said.append("\(Replies.name(id, working)) stands still")
    }

    // MARK: Replacing

    private mutating func replacement(_ clause: Clause, _ f: Features) {
        understood = true
        let phrases = clause.phrases
        // "replace the rain with snow"
        let weathers = f.all { if case .weather(let w) = $0 { return w } else { return nil } }
        if weathers.count >= 1, phrases.isEmpty {
            let w = weathers.last!.0
            emit(.weather(SetWeather(weather: w == .clear ? .clear : Weather(w, intensity: intensity(near: weathers.last!.1)), shot: scopedShot())),
                 w == .clear ? "clear weather" : Replies.weather(Weather(w)))
            return
        }
        if let s = f.settings.last, phrases.allSatisfy({ $0.kind == nil }) {
            emit(.setting(SetSetting(setting: s, shot: scopedShot())), "\(s.rawValue) setting")
            return
        }
        guard let first = phrases.first else { failures.append("replace what with what?"); return }
        let replacement = phrases.dropFirst().first { $0.kind != nil }
        guard let new = replacement, let kind = new.kind else {
            failures.append("say what to replace \(first.headText.isEmpty ? "it" : "the " + first.headText) with")
            return
        }
        // "swap the car for a bus" and "replace the car with a bus" name the
        // old thing first; "use a bus instead of the car" names the new one first.
        var target = first, with = new
        if first.isIndefinite && !new.isIndefinite { target = new; with = first }
        guard let ids = objects(for: target) else { return }
        for id in ids { replaceObject(id, kind: with.kind ?? kind, variant: with.variant, colour: with.colour) }
    }

    mutating func replaceObject(_ id: ObjectID, kind: CatalogKind, variant: String?, colour: RGBColor?) {
        guard let m = working.member(id) else { return }
        let before = Replies.name(id, working)
        let v = variant ?? (kind == m.kind ? nil : kind.defaultVariant)
        let sameKind = kind == m.kind
        // Name the variant only when it was asked for.
        var noun = variant.map { $0.replacingDashes } ?? kind.rawValue
        if let variant, !variant.contains(kind.rawValue), !["convertible", "taxi", "shuttle", "sailboat", "motorboat", "rowboat", "airliner",
                                                            "cottage", "cabin", "townhouse", "armchair", "boulder", "pebble", "tulip", "daisy",
                                                            "sunflower", "terrier", "retriever", "dachshund", "goldfish", "shark", "gull", "crow",
                                                            "crate", "child", "adult"].contains(where: variant.hasSuffix) {
            noun += " \(kind.rawValue)"
        }
        let article = "aeiou".contains(noun.first ?? "x") ? "an" : "a"
        emit(.replace(Replace(object: id, kind: sameKind ? nil : kind, variant: v)), "\(before) is now \(article) \(noun)")
        if let colour {
            emit(.set(SetProperty(object: id, property: .color, value: .color(colour))), nil)
        }
    }

    // MARK: Moving things around

    private mutating func reposition(_ clause: Clause, _ f: Features) {
        understood = true
        if let s = f.settings.first, clause.phrases.allSatisfy({ $0.isPronoun || $0.kind == nil }) {
            emit(.setting(SetSetting(setting: s, shot: scopedShot())), "\(s.rawValue) setting")
            return
        }
        if f.has({ if case .relation = $0 { return true } else { return false } }), clause.phrases.count >= 2 {
            describe(clause, f)
            return
        }
        guard let ids = targets(clause, allowEverything: false) else { return }
        let d = f.directions.first?.0
        for id in ids {
            guard let m = working.member(id) else { continue }
            for (i, s) in working.shots.enumerated() {
                guard let p = s.placements.first(where: { $0.object == id }) else { continue }
                var at = working.evaluate(working.frameRange(ofShot: i).start).object(id)?.position ?? p.position.value(at: 0, fallback: Point2(0.5, 0.5))
                switch d {
                case .leftToRight?: at.x = min(0.9, max(at.x + 0.25, 0.75))
                case .rightToLeft?: at.x = max(0.1, min(at.x - 0.25, 0.25))
                case .up?: at.y = max(m.size / 2 + 0.02, at.y - 0.2)
                case .down?: at.y = min(0.98 - m.size / 2, at.y + 0.2)
                case .toward?, .away?, nil: continue
                }
                if p.position.keys.count > 1 || p.physics != nil {
                    for op in Reblocking.ops(id, in: working, shot: s.id, blocking: Blocking(position: at)) { emit(op, nil, scoped: false) }
                } else {
                    emit(.set(SetProperty(object: id, property: .position, value: .point(at), shot: s.id)), nil, scoped: false)
                }
            }
            if let d { said.append("\(Replies.name(id, working)) moved \(d == .leftToRight ? "right" : d == .rightToLeft ? "left" : d == .up ? "up" : "down")") }
            else { failures.append("say where to move \(Replies.name(id, working))") }
        }
    }

    // MARK: Speed and size

    private mutating func retime(_ clause: Clause, _ factor: Double) {
        understood = true
        let things = targetPhrases(clause).filter { !$0.isPronoun }
        let ids: [ObjectID?]
        if things.isEmpty {
            // "Speed it up": the clip, unless it has a single object.
            ids = working.cast.count == 1 ? [working.cast[0].id] : [nil]
        } else {
            var found: [ObjectID?] = []
            for np in things {
                guard let r = objects(for: np) else { return }
                found += r.map { Optional($0) }
            }
            ids = found
        }
        let words = factor >= 1 ? "\(ScopeReader.format((factor * 100).rounded() / 100)) times as fast" : "at \(ScopeReader.format((factor * 100).rounded() / 100)) times the speed"
        for id in ids {
            let name = id.map { Replies.name($0, working) } ?? "everything"
            emit(.retime(Retime(object: id, speed: factor)), "\(name) now moves \(words)", scoped: false)
        }
    }
}
