import AuteurCore
import Foundation

extension Turn {
    /// Lays out the entities of a description in the current shot and
    /// emits the ops that create or re-block them.
    /// Returns the reply's note for what was added, for the caller to place.
    @discardableResult
    mutating func stage(_ entities: inout [Entity], f: Features) -> String? {
        let shotIndex = shot.flatMap(working.shotIndex) ?? (working.shots.count - 1)
        let shotID = working.shots[shotIndex].id
        let environment = working.shots[shotIndex].environment
        let stage = Stage(setting: environment.setting, frames: working.shots[shotIndex].frames, fps: fps, aspect: working.canvas.aspect)
        let diagram = entities.contains { !$0.connectsTo.isEmpty || $0.isConnector }
            || (!entities.isEmpty && entities.allSatisfy { e in e.alias != nil || e.np.kind.map(Description.diagramKinds.contains) ?? false })
            || entities.contains { !$0.np.labels.isEmpty && ($0.np.kind.map(Description.diagramKinds.contains) ?? false || $0.kind == .box) }

        // Identities for what is new.
        var reserved = Set(working.cast.map(\.id))
        for e in entities.indices where entities[e].isNew && entities[e].alias == nil {
            guard let kind = entities[e].np.kind else {
                let kinds = entities[e].np.kinds.prefix(6).map(\.rawValue)
                failures.append("\"\(entities[e].np.headText)\" could be \(Replies.list(kinds, conjunction: "or")); say which")
                entities[e].isNew = false
                continue
            }
            if entities[e].np.instances > Description.maximumCount {
                warnings.append("I made \(Description.maximumCount) \(plural(kind.rawValue)), not \(entities[e].np.instances)")
            }
            for _ in 0..<entities[e].instances {
                var n = 1
                while reserved.contains("\(kind.rawValue)-\(n)") { n += 1 }
                reserved.insert("\(kind.rawValue)-\(n)")
                entities[e].ids.append("\(kind.rawValue)-\(n)")
            }
        }
        for e in entities.indices where !entities[e].isNew { entities[e].ids = entities[e].existing }

        let baseSizes: [Double] = entities.map { e in
            if !e.isNew, let id = e.existing.first, let m = working.member(id) { return m.size }
            return min(10, e.kind.defaultSize * (e.np.size ?? 1))
        }
        // Something that falls off a table and breaks needs a table tall
        // enough for the landing to be hard.
        var sizeBoost: [Int: Double] = [:]
        for e in entities where e.fallsOff != nil && e.motions.contains(where: { $0.kind == .shatter }) {
            if let a = e.fallsOff, entities[a].isNew, entities[a].kind == .table { sizeBoost[a] = 1.6 }
        }
        let boosts = sizeBoost
        func sizeOf(_ i: Int) -> Double { i < baseSizes.count ? min(10, baseSizes[i] * (boosts[i] ?? 1)) : CatalogKind.arrow.defaultSize }

        // Where existing objects of this shot stand, to keep clear of them.
        let shotStart = working.frameRange(ofShot: shotIndex).start
        let frame0 = working.evaluate(shotStart)
        var occupied: [Double] = frame0.objects.filter { o in !entities.contains { $0.existing.contains(o.id) } }.map(\.position.x)

        func slot() -> Double {
            let grid = stride(from: 0.2, through: 0.8, by: 0.05).map { $0 }
            guard !occupied.isEmpty else { return 0.5 }
            return grid.max { a, b in
                let da = occupied.map { abs($0 - a) }.min() ?? 1, db = occupied.map { abs($0 - b) }.min() ?? 1
                return da != db ? da < db : abs(a - 0.5) > abs(b - 0.5)
            } ?? 0.5
        }

        var blockings: [Int: [Blocking]] = [:]
        // Things already on stage start from where they stand.
        for i in entities.indices where !entities[i].isNew && entities[i].alias == nil {
            let here = entities[i].existing.compactMap { frame0.object($0) }
            if here.count == entities[i].existing.count, !here.isEmpty { blockings[i] = here.map { Blocking(position: $0.position) } }
        }
        let staticFree = entities.indices.filter { i in
            let e = entities[i]
            return e.alias == nil && e.relation == nil && !e.isMoving && !e.isConnector && !e.ids.isEmpty && blockings[i] == nil
                && (e.isNew || !isPlaced(e, shotIndex)) && !(diagram && (!e.connectsTo.isEmpty || isTarget(i, entities)))
        }
        // Free things that stand still share the width of the frame.
        let freeCount = staticFree.reduce(0) { $0 + entities[$1].ids.count }
        var placedIndex = 0
        for i in staticFree {
            var list: [Blocking] = []
            for _ in entities[i].ids {
                let x: Double
                if occupied.isEmpty {
                    let gap = min(0.28, 0.8 / Double(max(1, freeCount)))
                    x = 0.5 + (Double(placedIndex) - Double(freeCount - 1) / 2) * gap
                } else {
                    x = slot()
                }
                occupied.append(x)
                placedIndex += 1
                let y = diagram ? 0.5 : nil
                list.append(stage.still(entities[i].kind, size: sizeOf(i), x: x, y: y))
            }
            blockings[i] = list
        }

        if diagram { stageDiagram(&entities, &blockings, stage: stage) }

        // Things placed relative to others.
        func anchorPoint(_ e: Entity) -> (Point2, Double, CatalogKind)? {
            guard let rel = e.relation else { return nil }
            if let a = rel.anchor, let b = blockings[a]?.first { return (b.start, sizeOf(a), entities[a].kind) }
            if let a = rel.anchor, let id = entities[a].existing.first, let o = frame0.object(id) { return (o.position, o.size, o.kind) }
            if let id = rel.object, let o = frame0.object(id) { return (o.position, o.size, o.kind) }
            if let id = rel.object, let p = referee.firstPosition(id), let m = working.member(id) { return (p, m.size, m.kind) }
            return nil
        }
        var relatedCount: [String: Int] = [:]
        for i in entities.indices where entities[i].relation != nil && entities[i].alias == nil && !entities[i].isMoving
            && (blockings[i] == nil || !entities[i].isNew) {
            guard let (anchor, anchorSize, anchorKind) = anchorPoint(entities[i]), let rel = entities[i].relation?.0 else {
                blockings[i] = entities[i].ids.map { _ in let x = slot(); occupied.append(x); return stage.still(entities[i].kind, size: sizeOf(i), x: x) }
                continue
            }
            let key = "\(rel)-\(anchor.x)"
            var list: [Blocking] = []
            for _ in entities[i].ids {
                let n = relatedCount[key, default: 0]
                relatedCount[key] = n + 1
                let s = sizeOf(i), kind = entities[i].kind
                let anchorHalf = stage.halfWidth(anchorKind, size: anchorSize), half = stage.halfWidth(kind, size: s)
                let anchorTop = anchor.y - anchorSize / 2
                var b: Blocking
                switch rel {
                case .on:
                    let spread = anchorHalf * 0.8
                    let offset = n == 0 ? -spread / 2 : (n == 1 ? spread / 2 : (Double(n % 3) - 1) * spread / 2)
                    b = stage.still(kind, size: s, x: anchor.x + offset, y: anchorTop - s / 2)
                case .under:
                    b = stage.still(kind, size: s, x: anchor.x + (n % 2 == 0 ? 1 : -1) * (anchorHalf + half * 0.6))
                case .above:
                    b = stage.still(kind, size: s, x: anchor.x, y: max(s / 2 + 0.02, anchorTop - s / 2 - 0.08))
                case .inFrontOf, .inside:
                    b = stage.still(kind, size: s, x: anchor.x, lane: 1)
                    if let a = entities[i].relation?.anchor { pushBack(a, &blockings) } else if let id = entities[i].relation?.object {
                        emit(.set(SetProperty(object: id, property: .depth, value: .number(0.3), shot: shotID)), nil, scoped: false)
                    }
                case .behind:
                    b = stage.still(kind, size: s, x: anchor.x + anchorHalf * 0.5)
                    b.depth = 0.3
                case .leftOf:
                    b = stage.still(kind, size: s, x: anchor.x - anchorHalf - half - 0.04 - Double(n) * (2 * half + 0.03))
                case .rightOf:
                    b = stage.still(kind, size: s, x: anchor.x + anchorHalf + half + 0.04 + Double(n) * (2 * half + 0.03))
                case .nextTo, .near, .between:
                    let roomRight = anchor.x + anchorHalf + 2 * half + 0.05 < 0.95
                    let side: Double = (n % 2 == 0) == roomRight ? 1 : -1
                    b = stage.still(kind, size: s, x: anchor.x + side * (anchorHalf + half + 0.03 + Double(n / 2) * (2 * half + 0.03)))
                }
                list.append(b)
            }
            blockings[i] = list
        }

        // Things that move.
        let movers = entities.indices.filter { entities[$0].alias == nil && entities[$0].isMoving && !entities[$0].ids.isEmpty }
        var groundLane = 0, skyLane = 0
        let groundLanes = movers.filter { !Stage.isSky(entities[$0].kind) }.reduce(0) { $0 + entities[$1].ids.count }
        let skyLanes = movers.filter { Stage.isSky(entities[$0].kind) }.reduce(0) { $0 + entities[$1].ids.count }
        // A chased thing runs ahead in its pursuer's direction.
        for i in movers { if let t = entities[i].chases, entities[t].direction == nil { entities[t].direction = entities[i].direction ?? .leftToRight } }
        var movingIDs = Set<Int>()
        for i in entities.indices where entities[i].alias == nil && !entities[i].ids.isEmpty {
            if movers.contains(i) || entities.contains(where: { $0.chases == i }) { movingIDs.insert(i) }
        }
        for i in movingIDs.sorted() {
            var list: [Blocking] = []
            let e = entities[i]
            let s = sizeOf(i)
            let motionKinds = Set(e.motions.map(\.kind))
            let pace = (e.motions.map(\.pace).max() ?? 1) * (e.manner ?? 1)
            let sky = Stage.isSky(e.kind)
            for _ in e.ids {
                let lane = sky ? skyLane : groundLane
                if sky { skyLane += 1 } else { groundLane += 1 }
                let lanes = sky ? skyLanes : groundLanes
                let startX: Double = blockings[i]?.first?.start.x ?? (occupied.isEmpty ? 0.5 + (Double(lane) - Double(lanes - 1) / 2) * 0.18 : slot())
                var b: Blocking
                if !motionKinds.isDisjoint(with: [.fall, .bounce, .shatter]) {
                    b = physicsBlocking(e, i, entities, blockings: blockings, sizeOf: sizeOf, stage: stage, x: startX)
                    if e.direction == .up, !warnings.contains(where: { $0.hasPrefix("nothing falls upward") }) {
                        warnings.append("nothing falls upward, so \(e.isNew ? "the \(e.kind.rawValue)" : Replies.names(e.ids, working)) floats up under reversed gravity instead")
                    }
                } else if motionKinds.contains(.rise) || e.direction == .up {
                    b = stage.vertical(e.kind, size: s, up: true, pace: pace, x: startX)
                } else if motionKinds.contains(.sink) || e.direction == .down {
                    b = stage.vertical(e.kind, size: s, up: false, pace: pace, x: startX)
                } else if motionKinds.contains(.approach) || e.direction == .toward {
                    b = stage.approach(e.kind, size: s, x: startX, toward: true, pace: pace)
                } else if motionKinds.contains(.leave) || e.direction == .away {
                    b = stage.approach(e.kind, size: s, x: startX, toward: false, pace: pace)
                } else if e.direction != nil || !motionKinds.isDisjoint(with: [.travel, .chase, .float]) || entities.contains(where: { $0.chases == i }) {
                    let direction = e.direction ?? .leftToRight
                    // Said in the reply too: a viewer sees it go left to right.
                    if e.isNew { entities[i].direction = direction }
                    var shiftLane = lane
                    // The pursuer starts behind what it chases.
                    if e.chases != nil { shiftLane = 0 } else if entities.contains(where: { $0.chases == i }) { shiftLane = max(1, lanes - 1) }
                    let lanesForShift = entities.contains(where: { $0.chases != nil }) ? max(2, lanes) : lanes
                    let effectiveLane = direction == .rightToLeft ? lanesForShift - 1 - shiftLane : shiftLane
                    b = stage.travel(e.kind, size: s, direction: direction, pace: pace, lane: effectiveLane, lanes: lanesForShift,
                                     rolls: e.motions.contains { $0.rolls } || (e.kind == .ball && !sky && motionKinds.contains(.travel)),
                                     hops: motionKinds.contains(.hop), baseY: blockings[i]?.first?.start.y)
                    if lanes > 1 && !sky, let path = b.path {
                        // Side by side on the road: nearer lanes lower on screen.
                        let y = stage.restingY(e.kind, size: s, lane: lane % 3)
                        b.path = path.map { Keyframe($0.frame, Point2($0.value.x, y + ($0.value.y - path[0].value.y)), easing: $0.easing) }
                    }
                } else if motionKinds.contains(.hop) {
                    let a = Point2(startX, stage.restingY(e.kind, size: s))
                    b = Blocking(path: stage.hopPath(from: a, to: a, height: max(0.08, s * 0.8)))
                } else {
                    b = blockings[i]?.first ?? stage.still(e.kind, size: s, x: startX)
                }
                if motionKinds.contains(.spin) { b = stage.spin(b, pace: pace) }
                if motionKinds.contains(.pulse), !f.files.contains(where: { _ in true }) { b = stage.pulse(b) }
                if motionKinds.contains(.grow) { b = stage.grow(b, to: 1.8) }
                if motionKinds.contains(.shrink) { b = stage.grow(b, to: 0.5) }
                if motionKinds.contains(.float), b.physics == nil, let path = b.path {
                    b.path = path.map { Keyframe($0.frame, Point2($0.value.x, $0.value.y - 0.04), easing: .easeInOut) }
                }
                list.append(b)
                occupied.append(b.start.x)
            }
            blockings[i] = list
        }

        // Emit.
        var notes: [String] = []
        for i in entities.indices where entities[i].alias == nil && !entities[i].ids.isEmpty {
            let e = entities[i]
            let list = blockings[i] ?? []
            if e.isNew {
                var made = 0
                for (k, id) in e.ids.enumerated() {
                    let b = k < list.count ? list[k] : stage.still(e.kind, size: sizeOf(i), x: slot())
                    let label = e.np.labels.isEmpty ? nil : e.np.labels[min(k, e.np.labels.count - 1)]
                    let variant = e.np.variant ?? contextualVariant(e.kind, environment: environment)
                    let colour = k < e.instanceColours.count ? e.instanceColours[k] ?? e.np.colour : e.np.colour
                    let add = AddObject(id: id, kind: e.kind, variant: variant, color: colour, label: label,
                                        size: (sizeBoost[i] != nil || e.np.size != nil) ? sizeOf(i) : nil,
                                        shot: shotID, position: b.path == nil ? b.position : nil, path: b.path, scale: b.scale,
                                        rotation: b.rotation, depth: b.depth, physics: b.physics)
                    if emit(.add(add), nil) { made += 1 }
                }
                mention(e.ids)
                if made > 0 {
                    var note = Replies.entity(e, count: made, labels: e.np.labels)
                    if let t = e.chases, let verb = e.motions.first(where: { $0.kind == .chase })?.gerund {
                        let target = entities[t].kind.rawValue
                        let form = made > 1 ? Replies.pluralVerb(verb) : verb
                        note = note.replacingOccurrences(of: "that \(form)", with: "that \(form) the \(target)")
                    }
                    notes.append(note)
                }
            } else {
                let changesBlocking = e.isMoving || e.relation != nil
                var placedHere = false, changed = false
                for (k, id) in e.ids.enumerated() {
                    let placed = working.shots[shotIndex].placements.contains { $0.object == id }
                    let b = k < list.count ? list[k] : nil
                    if !placed {
                        let b = b ?? stage.still(e.kind, size: sizeOf(i), x: slot())
                        if emit(.add(AddObject(id: id, shot: shotID, position: b.path == nil ? b.position : nil, path: b.path, scale: b.scale,
                                               rotation: b.rotation, depth: b.depth, physics: b.physics)), nil) { placedHere = true }
                    } else if changesBlocking, let b {
                        if onlyFaster(e) {
                            let speed = e.manner ?? 1.5
                            emit(.retime(Retime(object: id, speed: speed)), "\(Replies.name(id, working)) now moves \(speedWords(speed))")
                        } else {
                            for op in Reblocking.ops(id, in: working, shot: shotID, blocking: b) { emit(op, nil, scoped: false) }
                            changed = true
                        }
                    }
                }
                if placedHere { notes.append("\(Replies.names(e.ids, working)) \(e.ids.count == 1 ? "is" : "are") in the shot") }
                if changed { notes.append(Replies.existing(e, working: working)) }
            }
        }
        bindPendingAudio(entities)
        let added = notes.filter { $0.hasPrefix("+") }.map { String($0.dropFirst()) }
        said.append(contentsOf: notes.filter { !$0.hasPrefix("+") })
        return added.isEmpty ? nil : "added " + Replies.list(added)
    }

    private func isPlaced(_ e: Entity, _ shotIndex: Int) -> Bool {
        e.existing.allSatisfy { id in working.shots[shotIndex].placements.contains { $0.object == id } }
    }

    private func isTarget(_ i: Int, _ entities: [Entity]) -> Bool { entities.contains { $0.connectsTo.contains(i) } }

    private func onlyFaster(_ e: Entity) -> Bool {
        e.direction == nil && e.relation == nil && e.manner != nil && e.motions.allSatisfy { $0.kind == .travel }
    }

    private func pushBack(_ anchor: Int, _ blockings: inout [Int: [Blocking]]) {
        guard var list = blockings[anchor] else { return }
        for k in list.indices { list[k].depth = 0.3 }
        blockings[anchor] = list
    }

    /// A lamp outdoors is a street lamp; indoors, a floor lamp.
    private func contextualVariant(_ kind: CatalogKind, environment: Environment) -> String? {
        switch kind {
        case .lamp: return environment.setting.isInterior ? nil : "street"
        default: return nil
        }
    }

    /// Falls, bounces and breaks are the renderer's physics: the body
    /// starts where gravity has room to act on it.
    private func physicsBlocking(_ e: Entity, _ i: Int, _ entities: [Entity], blockings: [Int: [Blocking]], sizeOf: (Int) -> Double,
                                 stage: Stage, x: Double) -> Blocking {
        let s = sizeOf(i)
        let kinds = Set(e.motions.map(\.kind))
        let bounce = kinds.contains(.bounce)
        let shatters = kinds.contains(.shatter)
        if e.direction == .up {
            let start = blockings[i]?.first?.start ?? Point2(x, stage.restingY(e.kind, size: s))
            return stage.fallUpward(from: start, size: s)
        }
        if let a = e.fallsOff, let anchor = blockings[a]?.first {
            // Off the edge of what it was on, nudged outward.
            let anchorSize = sizeOf(a), anchorHalf = stage.halfWidth(entities[a].kind, size: anchorSize)
            let side: Double = anchor.start.x > 0.65 ? -1 : 1
            let top = anchor.start.y - anchorSize / 2
            var b = stage.drop(e.kind, size: s, x: anchor.start.x + side * (anchorHalf + stage.halfWidth(e.kind, size: s) + 0.01),
                               fromY: top - s / 2, bounce: bounce, shatters: shatters, sideways: side * 0.15)
            if let p = b.position { b.position = Point2(min(0.97, max(0.03, p.x)), p.y) }
            return b
        }
        let sideways: Double = e.direction == .leftToRight ? 0.5 : e.direction == .rightToLeft ? -0.5 : 0
        let startX = sideways > 0 ? min(x, 0.3) : sideways < 0 ? max(x, 0.7) : x
        return stage.drop(e.kind, size: s, x: startX, fromY: shatters ? 0.2 : nil, bounce: bounce, shatters: shatters, sideways: sideways)
    }

    /// Diagrams read left to right: senders in one column, receivers in
    /// another, an arrow between each pair.
    private func stageDiagram(_ entities: inout [Entity], _ blockings: inout [Int: [Blocking]], stage: Stage) {
        let sources = entities.indices.filter { !entities[$0].connectsTo.isEmpty && entities[$0].alias == nil }
        guard !sources.isEmpty else { return }
        let targets = Array(Set(sources.flatMap { entities[$0].connectsTo })).sorted()
        func column(_ indices: [Int], x: Double) {
            let total = indices.reduce(0) { $0 + entities[$1].ids.count }
            var n = 0
            for i in indices {
                blockings[i] = entities[i].ids.map { _ in
                    defer { n += 1 }
                    let y = 0.5 + (Double(n) - Double(total - 1) / 2) * min(0.3, 0.7 / Double(max(1, total)))
                    return Blocking(position: Point2(x, y))
                }
            }
        }
        column(sources, x: 0.22)
        column(targets.filter { blockings[$0] == nil || entities[$0].isNew }, x: 0.78)
        // One arrow from each sender to its first receiver.
        var pairs: [(Point2, Point2)] = []
        for i in sources {
            guard let t = entities[i].connectsTo.first, let to = blockings[t]?.first?.start else { continue }
            for b in blockings[i] ?? [] { pairs.append((b.start, to)) }
        }
        var connector = entities.firstIndex { $0.isConnector && $0.isNew }
        if connector == nil, !pairs.isEmpty {
            var np = NounPhrase(head: .thing(.arrow, variant: nil), range: 0..<0, definite: false, headText: "arrow")
            np.count = pairs.count
            np.plural = pairs.count > 1
            var arrow = Entity(np: np, isNew: true)
            arrow.isConnector = true
            var n = 1
            for _ in pairs {
                while working.member("arrow-\(n)") != nil || entities.contains(where: { $0.ids.contains("arrow-\(n)") }) { n += 1 }
                arrow.ids.append("arrow-\(n)")
                n += 1
            }
            entities.append(arrow)
            connector = entities.count - 1
        }
        guard let c = connector else { return }
        // "send arrows" without a number: one arrow per sender.
        if entities[c].np.count == nil, entities[c].ids.count > pairs.count, !pairs.isEmpty {
            entities[c].ids = Array(entities[c].ids.prefix(pairs.count))
        }
        if entities[c].ids.count < pairs.count {
            var n = 1
            while entities[c].ids.count < pairs.count {
                while working.member("arrow-\(n)") != nil || entities.contains(where: { $0.ids.contains("arrow-\(n)") }) { n += 1 }
                entities[c].ids.append("arrow-\(n)")
            }
        }
        var list: [Blocking] = []
        for (k, _) in entities[c].ids.enumerated() {
            guard !pairs.isEmpty else { break }
            let (a, b) = pairs[min(k, pairs.count - 1)]
            let mid = Point2((a.x + b.x) / 2, (a.y + b.y) / 2)
            let angle = atan2(b.y - a.y, (b.x - a.x) * stage.aspect) * 180 / Double.pi
            list.append(Blocking(position: mid, rotation: abs(angle) < 0.01 ? nil : [Keyframe(0, angle)]))
        }
        blockings[c] = list
    }

    /// Binds audio named in a description to the object it drives: the
    /// one who talks, else the one the clause is about.
    mutating func bindPendingAudio(_ entities: [Entity]) {
        let audio = pendingAudio
        pendingAudio = []
        for (file, property) in audio {
            guard let a = attachment(file, .audio) else { continue }
            let talker = entities.first { $0.talks && !$0.ids.isEmpty }?.ids.first
            let person = entities.first { $0.kind == .person && !$0.ids.isEmpty }?.ids.first
            var target = property == .mouth ? (talker ?? person) : nil
            if target == nil { target = entities.first { $0.alias == nil && !$0.ids.isEmpty }?.ids.first }
            if target == nil {
                guard let ids = objects(for: .it) else { continue }
                target = ids.first
            }
            guard let object = target else { continue }
            if property == .mouth, working.member(object)?.kind != .person {
                warnings.append("only people have mouths, so \(object) follows \(a.name) in size instead")
                emit(.bindAudio(BindAudio(object: object, media: a.hash, property: .scale)), "\(Replies.name(object, working)) pulses to \(a.name)", scoped: false)
                continue
            }
            let note = property == .mouth ? "\(Replies.name(object, working))'s mouth follows \(a.name)"
                : property == .scale ? "\(Replies.name(object, working)) pulses to \(a.name)" : "\(Replies.name(object, working)) bobs to \(a.name)"
            emit(.bindAudio(BindAudio(object: object, media: a.hash, property: property)), note, scoped: false)
        }
    }
}
