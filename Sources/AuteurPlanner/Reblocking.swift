import AuteurCore

/// Changing how an existing object moves (a new path, a physics body) has
/// no op of its own: blocking is written when an object is added. So the
/// object is removed and added back as the same identity (same id, kind,
/// variant, colour, label, size and seed), with its other shots, audio
/// bindings, camera follows and scoped edits restored by ops.
enum Reblocking {
    static func ops(_ id: ObjectID, in project: Project, shot target: ShotID, blocking: Blocking) -> [Op] {
        guard let m = project.member(id) else { return [] }
        var ops: [Op] = [.remove(RemoveObject(object: id))]
        var first = true
        for s in project.shots {
            let placement = s.placements.first { $0.object == id }
            guard placement != nil || s.id == target else { continue }
            var add: AddObject
            if s.id == target {
                add = AddObject(id: id, shot: s.id, position: blocking.path == nil ? blocking.position : nil, path: blocking.path,
                                scale: blocking.scale ?? placement?.scale.keys, rotation: blocking.rotation ?? placement?.rotation.keys,
                                depth: blocking.depth ?? placement?.depth, enter: placement?.enter, exit: placement?.exit,
                                physics: blocking.physics)
            } else if let p = placement {
                add = AddObject(id: id, shot: s.id, path: p.position.keys, scale: p.scale.keys, rotation: p.rotation.keys,
                                depth: p.depth, enter: p.enter, exit: p.exit, physics: p.physics)
            } else {
                continue
            }
            if first {
                add.kind = m.kind; add.variant = m.variant; add.color = m.color; add.label = m.label; add.size = m.size; add.seed = m.seed
                first = false
            }
            ops.append(.add(add))
        }
        for b in m.audio { ops.append(.bindAudio(BindAudio(object: id, media: b.media, property: b.property, gain: b.gain))) }
        for s in project.shots where s.camera.follow == id { ops.append(.camera(CameraMove(move: .follow, shot: s.id, target: id))) }
        for e in project.edits where e.scope.objects?.contains(id) == true {
            let scope = Scope(frames: e.scope.frames, region: e.scope.region)
            let transition = e.transition > 0 ? e.transition : nil
            switch e.change {
            case .color(let c): ops.append(.set(SetProperty(object: id, property: .color, value: .color(c), scope: scope, transition: transition)))
            case .kind(let k, let v): ops.append(.replace(Replace(object: id, kind: k, variant: v, scope: scope, transition: transition)))
            case .label(let l): ops.append(.set(SetProperty(object: id, property: .label, value: .text(l), scope: scope)))
            case .scale(let f): ops.append(.resize(Resize(object: id, factor: f, scope: scope, transition: transition)))
            case .visible(false): ops.append(.remove(RemoveObject(object: id, scope: scope.isEverything ? Scope(frames: project.allFrames) : scope)))
            case .seed(let seed): ops.append(.reseed(Reseed(object: id, seed: seed, scope: scope)))
            default: break
            }
        }
        return ops
    }
}
