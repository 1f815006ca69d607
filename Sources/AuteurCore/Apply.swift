/// Applying ops. A turn's ops apply to a copy, all or nothing: the first op
/// that cannot apply aborts the turn with an error naming that op.
extension Project {
    public func applying(_ ops: [Op]) throws -> Project {
        var next = self
        for (i, op) in ops.enumerated() {
            do {
                try next.apply(op)
            } catch let e as AuteurError {
                throw AuteurError.invalid("op \(i + 1) (\(op.name)): \(e.description)")
            }
        }
        do {
            try next.validate()
        } catch let e as AuteurError {
            throw AuteurError.invalid("the turn would leave the project invalid: \(e.description)")
        }
        return next
    }

    public mutating func apply(_ op: Op) throws {
        switch op {
        case .add(let p): try add(p)
        case .remove(let p): try remove(p)
        case .set(let p): try set(p)
        case .replace(let p): try replace(p)
        case .relight(let p):
            try changeEnvironment(.timeOfDay(p.timeOfDay), shot: p.shot, scope: p.scope, transition: p.transition) { $0.timeOfDay = p.timeOfDay }
        case .weather(let p):
            try changeEnvironment(.weather(p.weather), shot: p.shot, scope: p.scope, transition: p.transition) { $0.weather = p.weather }
        case .restyle(let p):
            try changeEnvironment(.style(p.style), shot: p.shot, scope: p.scope, transition: nil) { $0.style = p.style }
        case .setting(let p):
            try changeEnvironment(.setting(p.setting), shot: p.shot, scope: p.scope, transition: nil) { $0.setting = p.setting }
        case .backdrop(let p):
            if let m = p.media { try requireAttachment(m, .image) }
            try changeEnvironment(.backdrop(p.media), shot: p.shot, scope: p.scope, transition: nil) { $0.backdrop = p.media }
        case .grade(let p):
            if let like = p.like, p.grade == nil {
                try requireAttachment(like, .image)
                throw AuteurError.invalid("a grade like \(like) must be resolved against the rendered frames first (the session does this)")
            }
            try changeEnvironment(.grade(p.grade ?? .identity), shot: p.shot, scope: p.scope, transition: p.transition) { $0.grade = p.grade }
        case .camera(let p): try moveCamera(p)
        case .retime(let p): try retime(p)
        case .resize(let p):
            guard p.factor > 0, p.factor.isFinite else { throw AuteurError.invalid("resize factor must be positive, got \(p.factor)") }
            let m = try memberIndexOrThrow(p.object)
            if let scope = try normalizedScope(p.scope, shot: nil, object: p.object) {
                edits.append(ScopedEdit(scope: scope, change: .scale(p.factor), transition: p.transition ?? 0))
            } else {
                cast[m].size *= p.factor
            }
        case .extend(let p): try changeLength(shot: p.shot, by: p.frames, extending: true)
        case .trim(let p): try changeLength(shot: p.shot, by: p.frames, extending: false)
        case .addShot(let p): try addShot(p)
        case .bindAudio(let p):
            let m = try memberIndexOrThrow(p.object)
            try requireAttachment(p.media, .audio)
            cast[m].audio.removeAll { $0.property == p.property }
            cast[m].audio.append(AudioBinding(media: p.media, property: p.property, gain: p.gain ?? 1))
        case .attach(let p):
            guard !p.hash.isEmpty, !p.name.isEmpty else { throw AuteurError.invalid("an attachment needs a hash and a name") }
            if let k = attachments.firstIndex(where: { $0.hash == p.hash }) {
                attachments[k].name = p.name
                attachments[k].kind = p.kind
            } else {
                attachments.append(Attachment(hash: p.hash, name: p.name, kind: p.kind))
            }
        case .reseed(let p): try reseed(p)
        }
    }

    // MARK: Lookups

    static func checkName(_ name: String, what: String) throws {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw AuteurError.invalid("\(what) use letters, digits, - and _ (at most 64), got \"\(TerminalText.sanitize(name))\"")
        }
    }

    func memberIndexOrThrow(_ id: ObjectID) throws -> Int {
        guard let i = memberIndex(id) else {
            let known = cast.map(\.id)
            throw AuteurError.notFound("no object \"\(id)\"" + (known.isEmpty ? " (the project has none)" : " (objects: \(known.joined(separator: ", ")))"))
        }
        return i
    }

    /// Shots an unscoped change reaches: one named shot, or all of them.
    func shotIndices(_ shot: ShotID?) throws -> [Int] {
        guard let shot else { return Array(shots.indices) }
        return [try shotIndexOrThrow(shot)]
    }

    func shotIndexOrThrow(_ shot: ShotID) throws -> Int {
        guard let i = shotIndex(shot) else {
            throw AuteurError.notFound("no shot \"\(shot)\" (shots: \(shots.map(\.id).joined(separator: ", ")))")
        }
        return i
    }

    func requireAttachment(_ hash: String, _ kind: Attachment.Kind) throws {
        guard attachments.contains(where: { $0.hash == hash && $0.kind == kind }) else {
            throw AuteurError.notFound("no attached \(kind.rawValue) \(hash)")
        }
    }

    /// Turns an op's scope (and optional shot) into the scope of an edit, or
    /// nil when the op covers everything and so changes the base instead.
    func normalizedScope(_ scope: Scope?, shot: ShotID?, object: ObjectID?) throws -> Scope? {
        guard var s = scope, !s.isEverything || shot != nil else { return nil }
        if let r = s.region { s.region = try r.validated() }
        if let shot {
            let range = frameRange(ofShot: try shotIndexOrThrow(shot))
            if let f = s.frames {
                guard let clipped = f.clamped(to: range) else { throw AuteurError.invalid("frames \(f) are not in shot \(shot) (\(range))") }
                s.frames = clipped
            } else {
                s.frames = range
            }
        }
        if let f = s.frames {
            guard let clipped = f.clamped(to: allFrames) else {
                throw AuteurError.invalid("frames \(f) are outside the sequence (\(allFrames))")
            }
            s.frames = clipped
        }
        if let object {
            if let only = s.objects, !only.contains(object) {
                throw AuteurError.invalid("the scope's objects (\(only.joined(separator: ", "))) do not include \(object)")
            }
            s.objects = [object]
        }
        for o in s.objects ?? [] { _ = try memberIndexOrThrow(o) }
        return s
    }

    // MARK: Environment

    mutating func changeEnvironment(_ change: Change, shot: ShotID?, scope: Scope?, transition: Int?,
                                    base: (inout Environment) -> Void) throws {
        if let scope = try normalizedScope(scope, shot: shot, object: nil) {
            if scope.objects != nil { throw AuteurError.invalid("\(change.propertyName) applies to frames and regions, not to objects") }
            edits.append(ScopedEdit(scope: scope, change: change, transition: transition ?? 0))
        } else {
            let indices = try shotIndices(shot)
            for i in indices { base(&shots[i].environment) }
            // An unscoped change supersedes earlier scoped changes of the same
            // property in those shots; they stay in the history, not in the scene.
            let ranges = indices.map { frameRange(ofShot: $0) }
            edits.removeAll { e in
                guard !e.change.isObjectChange, e.change.propertyName == change.propertyName else { return false }
                guard let f = e.scope.frames else { return shot == nil }
                return ranges.contains { $0.start <= f.start && f.end <= $0.end }
            }
        }
    }

    // MARK: Objects

    mutating func add(_ p: AddObject) throws {
        let shotIdx = try p.shot.map(shotIndexOrThrow) ?? (shots.count - 1)
        let id: ObjectID
        if let given = p.id {
            try Self.checkName(given, what: "object ids")
            id = given
        } else {
            guard let kind = p.kind else { throw AuteurError.invalid("add needs a kind or the id of an existing object") }
            var n = 1
            while member("\(kind.rawValue)-\(n)") != nil { n += 1 }
            id = "\(kind.rawValue)-\(n)"
        }
        if let existing = member(id) {
            // Placing an existing identity in another shot.
            if let k = p.kind, k != existing.kind { throw AuteurError.invalid("\(id) is a \(existing.kind.rawValue), not a \(k.rawValue)") }
            guard p.variant == nil, p.color == nil, p.label == nil, p.size == nil, p.seed == nil else {
                throw AuteurError.invalid("\(id) already exists; change its look with set or replace")
            }
        } else {
            guard let kind = p.kind else { throw AuteurError.notFound("no object \"\(id)\" to place; give a kind to create it") }
            if let v = p.variant, !kind.variants.contains(v) {
                throw AuteurError.invalid("\(kind.rawValue) has no variant \(v) (known: \(kind.variants.joined(separator: ", ")))")
            }
            if let s = p.size, !(s > 0 && s <= 10) { throw AuteurError.invalid("size must be in (0, 10], got \(s)") }
            if let l = p.label, l.count > 200 { throw AuteurError.invalid("a label has at most 200 characters") }
            cast.append(CastMember(id: id, kind: kind, variant: p.variant, color: p.color, label: p.label, size: p.size,
                                   seed: p.seed ?? Seeds.object(id, projectSeed: seed)))
        }
        guard !shots[shotIdx].placements.contains(where: { $0.object == id }) else {
            throw AuteurError.invalid("\(id) is already in shot \(shots[shotIdx].id)")
        }
        let kind = member(id)!.kind
        let position: Track<Point2>
        if let path = p.path, !path.isEmpty {
            position = Track(path)
        } else {
            position = Track(constant: p.position ?? kind.restingPosition(size: member(id)!.size))
        }
        shots[shotIdx].placements.append(Placement(
            object: id, position: position, scale: Track(p.scale ?? []), rotation: Track(p.rotation ?? []),
            opacity: Track(p.opacity ?? []), depth: p.depth ?? 0, enter: p.enter, exit: p.exit, physics: p.physics))
    }

    mutating func remove(_ p: RemoveObject) throws {
        _ = try memberIndexOrThrow(p.object)
        if let scope = try normalizedScope(p.scope, shot: nil, object: p.object) {
            edits.append(ScopedEdit(scope: scope, change: .visible(false)))
            return
        }
        cast.removeAll { $0.id == p.object }
        for i in shots.indices {
            shots[i].placements.removeAll { $0.object == p.object }
            if shots[i].camera.follow == p.object { shots[i].camera.follow = nil }
        }
        edits = edits.compactMap { e in
            guard var objects = e.scope.objects else { return e }
            objects.removeAll { $0 == p.object }
            if objects.isEmpty { return nil }
            var e = e
            e.scope.objects = objects
            return e
        }
    }

    mutating func set(_ p: SetProperty) throws {
        let m = try memberIndexOrThrow(p.object)
        // Appearance set for one named shot is an override on that shot's frames.
        let appearance = p.property == .color || p.property == .label || p.property == .size
        let scope = try normalizedScope(p.scope ?? (appearance && p.shot != nil ? Scope() : nil),
                                        shot: appearance ? p.shot : nil, object: p.object)
        switch (p.property, p.value) {
        case (.color, .color(let c)):
            if let scope { edits.append(ScopedEdit(scope: scope, change: .color(c), transition: p.transition ?? 0)) } else { cast[m].color = c }
        case (.label, .text(let t)):
            guard t.count <= 200 else { throw AuteurError.invalid("a label has at most 200 characters") }
            if let scope { edits.append(ScopedEdit(scope: scope, change: .label(t))) } else { cast[m].label = t }
        case (.size, .number(let s)):
            guard s > 0, s <= 10 else { throw AuteurError.invalid("size must be in (0, 10], got \(s)") }
            if let scope {
                edits.append(ScopedEdit(scope: scope, change: .scale(s / cast[m].size), transition: p.transition ?? 0))
            } else {
                cast[m].size = s
            }
        case (.position, _) where scope != nil, (.depth, _) where scope != nil:
            throw AuteurError.invalid("\(p.property.rawValue) is blocking, set per shot; it cannot be scoped to frames or regions")
        case (.position, .point(let pt)):
            for i in try placementShots(of: p.object, shot: p.shot) {
                let k = shots[i].placements.firstIndex { $0.object == p.object }!
                shots[i].placements[k].position = Track(constant: pt)
            }
        case (.depth, .number(let d)):
            guard d >= 0, d.isFinite else { throw AuteurError.invalid("depth must be 0 or more, got \(d)") }
            for i in try placementShots(of: p.object, shot: p.shot) {
                let k = shots[i].placements.firstIndex { $0.object == p.object }!
                shots[i].placements[k].depth = d
            }
        default:
            throw AuteurError.invalid("\(p.property.rawValue) does not take that kind of value")
        }
    }

    /// Shots that place `object`, limited to `shot` when given.
    func placementShots(of object: ObjectID, shot: ShotID?) throws -> [Int] {
        let candidates = try shotIndices(shot)
        let found = candidates.filter { i in shots[i].placements.contains { $0.object == object } }
        guard !found.isEmpty else { throw AuteurError.notFound("\(object) is not in \(shot.map { "shot \($0)" } ?? "any shot")") }
        return found
    }

    mutating func replace(_ p: Replace) throws {
        let m = try memberIndexOrThrow(p.object)
        let kind = p.kind ?? cast[m].kind
        let variant = p.variant ?? (p.kind == nil ? cast[m].variant : kind.defaultVariant)
        guard kind.variants.contains(variant) else {
            throw AuteurError.invalid("\(kind.rawValue) has no variant \(variant) (known: \(kind.variants.joined(separator: ", ")))")
        }
        if let scope = try normalizedScope(p.scope, shot: nil, object: p.object) {
            edits.append(ScopedEdit(scope: scope, change: .kind(kind, variant: variant), transition: p.transition ?? 0))
        } else {
            if kind != cast[m].kind { cast[m].size = cast[m].size / cast[m].kind.defaultSize * kind.defaultSize }
            cast[m].kind = kind
            cast[m].variant = variant
        }
    }

    mutating func reseed(_ p: Reseed) throws {
        if let object = p.object {
            let m = try memberIndexOrThrow(object)
            let newSeed = p.seed ?? Seeds.nextTake(cast[m].seed)
            if let scope = try normalizedScope(p.scope, shot: nil, object: object) {
                edits.append(ScopedEdit(scope: scope, change: .seed(newSeed)))
            } else {
                cast[m].seed = newSeed
            }
        } else if let scope = try normalizedScope(p.scope, shot: nil, object: nil) {
            // One new seed for every object the scope reaches.
            let newSeed = p.seed ?? Seeds.nextTake(Seeds.combine(seed, Seeds.hash(scope.description)))
            edits.append(ScopedEdit(scope: scope, change: .seed(newSeed)))
        } else {
            seed = p.seed ?? Seeds.nextTake(seed)
            for i in cast.indices { cast[i].seed = Seeds.nextTake(Seeds.combine(cast[i].seed, seed)) }
        }
    }

    // MARK: Camera and timing

    mutating func moveCamera(_ p: CameraMove) throws {
        var targets: [(shot: Int, local: FrameRange)] = []
        if let frames = p.frames {
            guard let f = frames.clamped(to: allFrames) else { throw AuteurError.invalid("frames \(frames) are outside the sequence (\(allFrames))") }
            let (s, _) = locate(f.start)
            if let named = p.shot, shots[s].id != named { throw AuteurError.invalid("frames \(f) are not in shot \(named)") }
            let range = frameRange(ofShot: s)
            let clipped = f.clamped(to: range)!
            targets = [(s, clipped.shifted(by: -range.start))]
        } else {
            targets = try shotIndices(p.shot).map { ($0, FrameRange(0, shots[$0].frames - 1)) }
        }
        let easing = p.easing ?? .easeInOut
        for (s, r) in targets {
            var cam = shots[s].camera
            let a = r.start, b = r.end
            switch p.move {
            case .panLeft, .panRight, .tiltUp, .tiltDown:
                let amount = p.amount ?? 0.25
                guard amount > 0, amount <= 2 else { throw AuteurError.invalid("pan and tilt amounts are in (0, 2], got \(amount)") }
                let start = cam.position.value(at: a, fallback: Point2(0.5, 0.5))
                var end = start
                switch p.move {
                case .panLeft: end.x -= amount
                case .panRight: end.x += amount
                case .tiltUp: end.y -= amount
                default: end.y += amount
                }
                cam.position = Self.keyed(cam.position, from: start, to: end, a, b, easing)
            case .zoomIn, .zoomOut:
                let factor = p.amount ?? 1.5
                guard factor > 1, factor <= 8 else { throw AuteurError.invalid("a zoom factor is in (1, 8], got \(factor)") }
                let start = cam.zoom.value(at: a, fallback: 1)
                cam.zoom = Self.keyed(cam.zoom, from: start, to: p.move == .zoomIn ? start * factor : start / factor, a, b, easing)
            case .roll:
                let degrees = p.amount ?? 15
                let start = cam.roll.value(at: a, fallback: 0)
                cam.roll = Self.keyed(cam.roll, from: start, to: start + degrees, a, b, easing)
            case .static:
                cam.position = Self.keyed(cam.position, from: cam.position.value(at: a, fallback: Point2(0.5, 0.5)),
                                          to: cam.position.value(at: a, fallback: Point2(0.5, 0.5)), a, b, .hold)
                cam.zoom = Self.keyed(cam.zoom, from: cam.zoom.value(at: a, fallback: 1), to: cam.zoom.value(at: a, fallback: 1), a, b, .hold)
                cam.follow = nil
            case .follow:
                guard let target = p.target else { throw AuteurError.invalid("follow needs a target object") }
                guard shots[s].placements.contains(where: { $0.object == target }) else {
                    throw AuteurError.notFound("\(target) is not in shot \(shots[s].id)")
                }
                cam.follow = target
            case .shake:
                let amplitude = p.amount ?? 0.02
                guard amplitude > 0, amplitude <= 1 else { throw AuteurError.invalid("shake amplitude is in (0, 1], got \(amplitude)") }
                if p.frames != nil {
                    let range = frameRange(ofShot: s)
                    edits.append(ScopedEdit(scope: Scope(frames: r.shifted(by: range.start)), change: .shake(amplitude)))
                } else {
                    cam.shake = Track(constant: amplitude)
                }
            }
            shots[s].camera = cam
        }
    }

    /// A move from `a` to `b`: keys inside the move are replaced; the value
    /// before `a` is untouched and the end value holds after `b`.
    static func keyed<V: Interpolatable>(_ track: Track<V>, from start: V, to end: V, _ a: FrameIndex, _ b: FrameIndex, _ easing: Easing) -> Track<V> {
        let after = track.keys.filter { $0.frame > b }
        var keys = track.keys.filter { $0.frame < a }
        if b > a {
            keys.append(Keyframe(a, start, easing: easing))
            keys.append(Keyframe(b, end))
        } else {
            // A one-frame move is a cut to the new framing.
            keys.append(Keyframe(a, end))
        }
        keys.append(contentsOf: after)
        return Track(keys)
    }

    mutating func retime(_ p: Retime) throws {
        if let s = p.speed { guard s > 0, s <= 100 else { throw AuteurError.invalid("speed must be in (0, 100], got \(s)") } }
        guard p.speed != nil || p.enter != nil || p.exit != nil else { throw AuteurError.invalid("retime needs speed, enter or exit") }
        for f in [p.enter, p.exit].compactMap({ $0 }) where f < 0 { throw AuteurError.invalid("enter and exit are frames of the shot, 0 or more; got \(f)") }
        if let object = p.object { _ = try memberIndexOrThrow(object) }
        var touched = false
        for i in try shotIndices(p.shot) {
            for k in shots[i].placements.indices where p.object == nil || shots[i].placements[k].object == p.object {
                var pl = shots[i].placements[k]
                if let s = p.speed {
                    pl.position = pl.position.retimed(by: 1 / s)
                    pl.scale = pl.scale.retimed(by: 1 / s)
                    pl.rotation = pl.rotation.retimed(by: 1 / s)
                    if var body = pl.physics { body.velocity = Point2(body.velocity.x * s, body.velocity.y * s); pl.physics = body }
                }
                if let e = p.enter { pl.enter = e }
                if let x = p.exit { pl.exit = x }
                if let e = pl.enter, let x = pl.exit, e > x { throw AuteurError.invalid("\(pl.object) would exit (\(x)) before it enters (\(e))") }
                shots[i].placements[k] = pl
                touched = true
            }
        }
        if !touched { throw AuteurError.notFound("nothing to retime") }
    }

    mutating func changeLength(shot: ShotID?, by frames: Int, extending: Bool) throws {
        guard frames > 0 else { throw AuteurError.invalid("frames must be positive, got \(frames)") }
        let i = try shot.map(shotIndexOrThrow) ?? (shots.count - 1)
        let oldEnd = frameRange(ofShot: i).end
        if extending {
            guard totalFrames + frames <= canvas.maxFrames else {
                throw AuteurError.invalid("extending by \(frames) frames would pass the \(Canvas.limits.maxSeconds) s limit")
            }
            shots[i].frames += frames
            shiftEdits(after: oldEnd, by: frames)
        } else {
            guard frames < shots[i].frames else {
                throw AuteurError.invalid("shot \(shots[i].id) has \(shots[i].frames) frames; trimming \(frames) would leave none")
            }
            shots[i].frames -= frames
            removeFrames(FrameRange(oldEnd - frames + 1, oldEnd))
        }
    }

    /// Cuts frames out of every edit's scope: frames after the cut move back,
    /// and an edit that lay wholly in the cut frames goes with them.
    mutating func removeFrames(_ cut: FrameRange) {
        edits = edits.compactMap { e in
            guard let f = e.scope.frames else { return e }
            func map(_ x: FrameIndex) -> FrameIndex { x > cut.end ? x - cut.count : x }
            let start = f.start >= cut.start && f.start <= cut.end ? cut.end + 1 : f.start
            let end = f.end >= cut.start && f.end <= cut.end ? cut.start - 1 : f.end
            guard start <= end else { return nil }
            var e = e
            e.scope.frames = FrameRange(map(start), map(end))
            return e
        }
    }

    /// Keeps scoped edits on the same content when an earlier shot grows.
    mutating func shiftEdits(after frame: FrameIndex, by delta: Int) {
        for k in edits.indices {
            guard let f = edits[k].scope.frames else { continue }
            if f.start > frame {
                edits[k].scope.frames = f.shifted(by: delta)
            } else if f.end > frame {
                edits[k].scope.frames = FrameRange(f.start, f.end + delta)
            }
        }
    }

    mutating func addShot(_ p: AddShot) throws {
        let insertAt = try p.after.map { try shotIndexOrThrow($0) + 1 } ?? shots.count
        let previous = shots[max(0, insertAt - 1)]
        if let given = p.id { try Self.checkName(given, what: "shot ids") }
        var id = p.id ?? "shot-\(shots.count + 1)"
        if p.id == nil { var n = shots.count + 1; while shotIndex(id) != nil { n += 1; id = "shot-\(n)" } }
        guard shotIndex(id) == nil else { throw AuteurError.invalid("a shot is already called \(id)") }
        let frames = p.frames ?? previous.frames
        guard frames >= 1 else { throw AuteurError.invalid("a shot needs at least one frame") }
        guard totalFrames + frames <= canvas.maxFrames else {
            throw AuteurError.invalid("a \(frames)-frame shot would pass the \(Canvas.limits.maxSeconds) s limit")
        }
        var env = previous.environment
        if let s = p.setting { env.setting = s }
        if let t = p.timeOfDay { env.timeOfDay = t }
        if let w = p.weather { env.weather = w }
        if let s = p.style { env.style = s }
        var placements: [Placement] = []
        for o in p.objects ?? [] {
            let m = try memberIndexOrThrow(o)
            if let carried = previous.placements.first(where: { $0.object == o }) {
                placements.append(carried)
            } else {
                placements.append(Placement(object: o, position: Track(constant: cast[m].kind.restingPosition(size: cast[m].size))))
            }
        }
        let startFrame = insertAt < shots.count ? frameRange(ofShot: insertAt).start : totalFrames
        shots.insert(Shot(id: id, frames: frames, environment: env, camera: Camera(), placements: placements), at: insertAt)
        if insertAt < shots.count - 1 { shiftEdits(after: startFrame - 1, by: frames) }
    }
}
