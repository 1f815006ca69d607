import AuteurCore

// The solver: sequential impulses on circles and axis-aligned boxes, with a
// positional projection afterwards. Everything runs in a fixed order over
// arrays (never over a Dictionary or Set, whose order changes per process),
// single-threaded, with no state outside `SimulationState`: that is what
// makes a run from a snapshot bit-identical to a run from frame 0.

/// One moving thing: an object of the shot, or a shard of one that broke.
struct BodyState: Hashable, Sendable {
    /// Index into `SimulationState.names`: no strings here, so copying a
    /// body in the inner loops costs no reference counting.
    var object: Int
    /// -1 for the object itself, the shard number for debris.
    var piece: Int
    var kind: CatalogKind
    var shape: PhysicsShape
    // Stage units (frame heights), seconds, radians clockwise.
    var x: Double, y: Double
    var vx: Double, vy: Double
    var angle: Double, omega: Double
    var mass: Double
    var restitution: Double, friction: Double, gravityScale: Double
    var depth: Double
    var shatters: Bool
    var seed: UInt64
    /// The keyframed rotation when the body started moving, in degrees.
    var baseRotation: Double
    /// In the current frame's scene (not hidden, not before enter or after exit).
    var present: Bool
    var shattered: Bool
    var sleeping: Bool
    var stillTime: Double

    var isShard: Bool { piece >= 0 }
    var isSimulated: Bool { present && !shattered }
    var isAwake: Bool { isSimulated && !sleeping }

    var inverseMass: Double { isAwake && mass > 0 ? 1 / mass : 0 }
    /// Boxes stay axis-aligned (infinite inertia); a ball is a solid sphere,
    /// a shard a flat plate.
    var inverseInertia: Double {
        guard isAwake, mass > 0, case .circle(let r) = shape, r > 0 else { return 0 }
        return 1 / ((isShard ? 0.5 : 0.4) * mass * r * r)
    }
}

/// The full state at a frame boundary.
struct SimulationState: Hashable, Sendable {
    var bodies: [BodyState] = []
    /// Object ids, in the order the objects first appeared.
    var names: [ObjectID] = []

    func name(_ body: BodyState) -> ObjectID { names[body.object] }
}

/// A static object's pose during one substep.
struct Collider {
    /// Index into the colliders' names.
    var object: Int
    var shape: PhysicsShape
    var x: Double, y: Double
    var vx: Double, vy: Double
    var depth: Double
    var restitution: Double?
    var friction: Double?
}

private struct Contact {
    var a: Int
    /// Index of the second body, or -1 when B is static.
    var b: Int
    /// Index into the colliders, or -1 for the ground.
    var collider: Int
    /// From A towards B.
    var nx: Double, ny: Double
    var px: Double, py: Double
    var depth: Double
    // Solver data.
    var normalMass = 0.0, tangentMass = 0.0
    var bias = 0.0, friction = 0.0
    var jn = 0.0, jt = 0.0
    var staticVX = 0.0, staticVY = 0.0
}

/// The geometry of a contact between two shapes.
private struct Touch { var nx: Double, ny: Double, px: Double, py: Double, depth: Double }

private func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { min(max(v, lo), hi) }

private func touch(_ sa: PhysicsShape, _ ax: Double, _ ay: Double,
                   _ sb: PhysicsShape, _ bx: Double, _ by: Double) -> Touch? {
    switch (sa, sb) {
    case (.circle(let ra), .circle(let rb)):
        let dx = bx - ax, dy = by - ay
        let d2 = dx * dx + dy * dy, rs = ra + rb
        guard d2 < rs * rs else { return nil }
        let d = d2.squareRoot()
        // Coincident centres: push straight up, the direction a stack resolves.
        let (nx, ny) = d > 1e-12 ? (dx / d, dy / d) : (0.0, 1.0)
        return Touch(nx: nx, ny: ny, px: ax + nx * ra, py: ay + ny * ra, depth: rs - d)
    case (.circle(let r), .box(let hw, let hh)):
        return circleBox(r, ax, ay, hw, hh, bx, by)
    case (.box(let hw, let hh), .circle(let r)):
        guard let t = circleBox(r, bx, by, hw, hh, ax, ay) else { return nil }
        return Touch(nx: -t.nx, ny: -t.ny, px: t.px, py: t.py, depth: t.depth)
    case (.box(let hwa, let hha), .box(let hwb, let hhb)):
        let dx = bx - ax, dy = by - ay
        let ox = hwa + hwb - abs(dx), oy = hha + hhb - abs(dy)
        guard ox > 0, oy > 0 else { return nil }
        let px = (max(ax - hwa, bx - hwb) + min(ax + hwa, bx + hwb)) / 2
        let py = (max(ay - hha, by - hhb) + min(ay + hha, by + hhb)) / 2
        if ox < oy { return Touch(nx: dx < 0 ? -1 : 1, ny: 0, px: px, py: py, depth: ox) }
        return Touch(nx: 0, ny: dy < 0 ? -1 : 1, px: px, py: py, depth: oy)
    }
}

/// Circle (A) against box (B); the normal points from the circle to the box.
private func circleBox(_ r: Double, _ cx: Double, _ cy: Double,
                       _ hw: Double, _ hh: Double, _ bx: Double, _ by: Double) -> Touch? {
    let qx = clamp(cx, bx - hw, bx + hw), qy = clamp(cy, by - hh, by + hh)
    let dx = qx - cx, dy = qy - cy
    let d2 = dx * dx + dy * dy
    if d2 > 0 {
        guard d2 < r * r else { return nil }
        let d = d2.squareRoot()
        return Touch(nx: dx / d, ny: dy / d, px: qx, py: qy, depth: r - d)
    }
    // The centre is inside the box: leave through the nearest face.
    let left = cx - (bx - hw), right = (bx + hw) - cx
    let top = cy - (by - hh), bottom = (by + hh) - cy
    let m = min(left, right, top, bottom)
    if m == top { return Touch(nx: 0, ny: 1, px: cx, py: by - hh, depth: top + r) }
    if m == bottom { return Touch(nx: 0, ny: -1, px: cx, py: by + hh, depth: bottom + r) }
    if m == left { return Touch(nx: 1, ny: 0, px: bx - hw, py: cy, depth: left + r) }
    return Touch(nx: -1, ny: 0, px: bx + hw, py: cy, depth: right + r)
}

/// Advances a `SimulationState` through frames; holds only constants.
struct World {
    let settings: PhysicsSettings
    let fps: Int
    let aspect: Double
    let substeps: Int
    let dt: Double

    /// Objects more than this far apart in depth are on different layers
    /// and pass in front of each other.
    static let layerTolerance = 0.5
    /// Penetration left in place, so resting contacts stay touching.
    static let slop = 0.0005
    static let correction = 0.8
    static let sleepSpeed = 0.03
    static let sleepSpin = 0.1
    static let sleepAfter = 0.4
    /// How fast a rolling ball loses spin on a surface, per second. Shards
    /// are flat pieces modelled as discs: they must not roll away like
    /// coins, so they lose spin almost at once.
    static let rollingDamping = 1.5
    static let shardRollingDamping = 12.0

    /// Decoding rejects a mass of zero, but a body built in code may have
    /// one; it would then fall through everything, so it weighs 1 instead.
    static func usableMass(_ m: Double) -> Double { m > 0 && m.isFinite ? m : 1 }

    init(settings: PhysicsSettings, fps: Int, aspect: Double) {
        self.settings = settings
        self.fps = max(1, fps)
        self.aspect = aspect
        self.substeps = settings.substeps(fps: fps)
        self.dt = 1 / Double(self.fps * substeps)
    }

    // MARK: Frames

    /// Brings the state in line with a frame's scene: which objects are
    /// present, their current size and parameters, and newcomers, which
    /// start at their keyframed position with their initial velocity.
    func sync(_ state: inout SimulationState, with input: PhysicsFrameInput) {
        var index: [ObjectID: Int] = [:]
        for (i, b) in state.bodies.enumerated() where !b.isShard { index[state.name(b)] = i }
        var present = [Bool](repeating: false, count: state.names.count)
        for o in input.objects {
            guard let body = o.body, body.dynamic else { continue }
            let shape = PhysicsShapes.shape(of: o.kind, size: o.size)
            if let i = index[o.id] {
                var b = state.bodies[i]
                if !b.present { b.sleeping = false; b.stillTime = 0 }
                b.present = true
                present[b.object] = true
                b.kind = o.kind; b.shape = shape; b.depth = o.depth; b.seed = o.seed
                b.mass = World.usableMass(body.mass); b.restitution = body.restitution; b.friction = body.friction
                b.gravityScale = body.gravity; b.shatters = body.shatters
                state.bodies[i] = b
            } else {
                state.names.append(o.id)
                present.append(true)
                state.bodies.append(BodyState(
                    object: state.names.count - 1, piece: -1, kind: o.kind, shape: shape,
                    x: o.position.x * aspect, y: o.position.y, vx: body.velocity.x, vy: body.velocity.y,
                    angle: 0, omega: 0, mass: World.usableMass(body.mass), restitution: body.restitution, friction: body.friction,
                    gravityScale: body.gravity, depth: o.depth, shatters: body.shatters, seed: o.seed,
                    baseRotation: o.rotation, present: true, shattered: false, sleeping: false, stillTime: 0))
            }
        }
        // Shards belong to the scene while their object does: a hidden
        // object takes its debris with it.
        for i in state.bodies.indices {
            state.bodies[i].present = present[state.bodies[i].object]
        }
    }

    /// Steps from frame `frame` to `frame + 1`. Static colliders move in a
    /// straight line between their keyframed positions at the two frames,
    /// so a keyframed bat hits with its real speed.
    func advance(_ state: inout SimulationState, from a: PhysicsFrameInput, to b: PhysicsFrameInput,
                 frame: FrameIndex, impacts: inout [ImpactEvent]) {
        var ends: [ObjectID: PhysicsObjectInput] = [:]
        for o in b.objects where !o.isDynamic { ends[o.id] = o }
        var start: [Collider] = [], velocity: [(Double, Double)] = [], names: [ObjectID] = []
        for o in a.objects where !o.isDynamic && PhysicsShapes.isSolid(o.kind) {
            names.append(o.id)
            let x0 = o.position.x * aspect, y0 = o.position.y
            var v = (0.0, 0.0)
            if let e = ends[o.id], PhysicsShapes.isSolid(e.kind) {
                v = ((e.position.x * aspect - x0) * Double(fps), (e.position.y - y0) * Double(fps))
            }
            start.append(Collider(object: names.count - 1, shape: PhysicsShapes.shape(of: o.kind, size: o.size), x: x0, y: y0,
                                  vx: v.0, vy: v.1, depth: o.depth,
                                  restitution: o.body?.restitution, friction: o.body?.friction))
            velocity.append(v)
        }
        var colliders = start
        for step in 0..<substeps {
            let t = Double(step + 1) * dt
            for i in colliders.indices {
                colliders[i].x = start[i].x + velocity[i].0 * t
                colliders[i].y = start[i].y + velocity[i].1 * t
            }
            substep(&state, colliders, names, frame: frame, impacts: &impacts)
        }
        sync(&state, with: b)
    }

    // MARK: Substeps

    private func substep(_ state: inout SimulationState, _ colliders: [Collider], _ names: [ObjectID],
                         frame: FrameIndex, impacts: inout [ImpactEvent]) {
        let g = settings.gravity
        for i in state.bodies.indices where state.bodies[i].isAwake {
            state.bodies[i].vy += g * state.bodies[i].gravityScale * dt
        }

        var contacts = detect(state, colliders)
        wakeOrKeepSleeping(&state, contacts, colliders)
        if shatter(&state, contacts, colliders, frame: frame, impacts: &impacts) {
            contacts = detect(state, colliders)
        }
        contacts.removeAll { c in
            !state.bodies[c.a].isAwake && (c.b < 0 || !state.bodies[c.b].isAwake)
        }
        prepare(&contacts, state, colliders, names, frame: frame, impacts: &impacts)

        for _ in 0..<settings.solverIterations {
            for k in contacts.indices { solve(&contacts[k], &state) }
        }

        var touching = [Bool](repeating: false, count: state.bodies.count)
        for c in contacts {
            touching[c.a] = true
            if c.b >= 0 { touching[c.b] = true }
        }
        for i in state.bodies.indices where state.bodies[i].isAwake {
            var b = state.bodies[i]
            if touching[i], case .circle = b.shape {
                b.omega -= b.omega * min(1, (b.isShard ? World.shardRollingDamping : World.rollingDamping) * dt)
            }
            b.x += b.vx * dt
            b.y += b.vy * dt
            b.angle += b.omega * dt
            state.bodies[i] = b
        }

        project(&state, colliders)

        for i in state.bodies.indices where state.bodies[i].isAwake {
            var b = state.bodies[i]
            let speed2 = b.vx * b.vx + b.vy * b.vy
            if touching[i] && speed2 < World.sleepSpeed * World.sleepSpeed && abs(b.omega) < World.sleepSpin {
                b.stillTime += dt
                if b.stillTime >= World.sleepAfter {
                    b.sleeping = true
                    b.vx = 0; b.vy = 0; b.omega = 0
                }
            } else {
                b.stillTime = 0
            }
            state.bodies[i] = b
        }
    }

    private func sameLayer(_ a: Double, _ b: Double) -> Bool { abs(a - b) < World.layerTolerance }

    private func detect(_ state: SimulationState, _ colliders: [Collider]) -> [Contact] {
        var out: [Contact] = []
        let bodies = state.bodies
        for i in bodies.indices where bodies[i].isSimulated {
            let a = bodies[i]
            if let floor = settings.floor {
                let depth = a.y + a.shape.halfExtents.y - floor
                if depth > 0 {
                    out.append(Contact(a: i, b: -1, collider: -1, nx: 0, ny: 1, px: a.x, py: floor, depth: depth))
                }
            }
            for (k, c) in colliders.enumerated() where sameLayer(a.depth, c.depth) {
                if let t = touch(a.shape, a.x, a.y, c.shape, c.x, c.y) {
                    out.append(Contact(a: i, b: -1, collider: k, nx: t.nx, ny: t.ny, px: t.px, py: t.py, depth: t.depth))
                }
            }
            for j in (i + 1)..<bodies.count where bodies[j].isSimulated {
                let b = bodies[j]
                // Shards do not collide with each other: debris scatters
                // instead of piling, and the pair count stays small.
                if a.isShard && b.isShard { continue }
                if a.sleeping && b.sleeping { continue }
                guard sameLayer(a.depth, b.depth) else { continue }
                if let t = touch(a.shape, a.x, a.y, b.shape, b.x, b.y) {
                    out.append(Contact(a: i, b: j, collider: -1, nx: t.nx, ny: t.ny, px: t.px, py: t.py, depth: t.depth))
                }
            }
        }
        return out
    }

    /// A sleeping body wakes when something moving touches it or when it
    /// loses all support (the table it stood on left the shot).
    private func wakeOrKeepSleeping(_ state: inout SimulationState, _ contacts: [Contact], _ colliders: [Collider]) {
        var supported = [Bool](repeating: false, count: state.bodies.count)
        var wake = [Bool](repeating: false, count: state.bodies.count)
        for c in contacts {
            supported[c.a] = true
            if c.b >= 0 {
                supported[c.b] = true
                let a = state.bodies[c.a], b = state.bodies[c.b]
                if a.sleeping && b.isAwake { wake[c.a] = true }
                if b.sleeping && a.isAwake { wake[c.b] = true }
            } else if c.collider >= 0 {
                let k = colliders[c.collider]
                if k.vx != 0 || k.vy != 0 { wake[c.a] = true }
            }
        }
        for i in state.bodies.indices where state.bodies[i].isSimulated && state.bodies[i].sleeping {
            if wake[i] || !supported[i] {
                state.bodies[i].sleeping = false
                state.bodies[i].stillTime = 0
            }
        }
    }

    private func relativeNormalVelocity(_ c: Contact, _ state: SimulationState) -> (Double, Double, Double) {
        let a = state.bodies[c.a]
        let rax = c.px - a.x, ray = c.py - a.y
        var vx = -(a.vx - a.omega * ray), vy = -(a.vy + a.omega * rax)
        if c.b >= 0 {
            let b = state.bodies[c.b]
            let rbx = c.px - b.x, rby = c.py - b.y
            vx += b.vx - b.omega * rby
            vy += b.vy + b.omega * rbx
        } else {
            vx += c.staticVX; vy += c.staticVY
        }
        return (vx * c.nx + vy * c.ny, vx, vy)
    }

    /// Breaks every shattering object that hits something hard enough.
    private func shatter(_ state: inout SimulationState, _ contacts: [Contact], _ colliders: [Collider],
                         frame: FrameIndex, impacts: inout [ImpactEvent]) -> Bool {
        var broke = false
        for var c in contacts {
            if c.collider >= 0 { c.staticVX = colliders[c.collider].vx; c.staticVY = colliders[c.collider].vy }
            let (vn, _, _) = relativeNormalVelocity(c, state)
            guard -vn >= settings.shatterSpeed else { continue }
            for (index, sign) in [(c.a, 1.0), (c.b, -1.0)] where index >= 0 {
                let body = state.bodies[index]
                guard body.shatters, !body.isShard, !body.shattered, body.isAwake else { continue }
                state.bodies[index].shattered = true
                state.bodies.append(contentsOf: Debris.shards(of: body, impactSpeed: -vn,
                                                              normal: (c.nx * sign, c.ny * sign)))
                impacts.append(ImpactEvent(
                    localFrame: frame + 1, position: Point2(c.px / aspect, c.py), normal: Point2(c.nx * sign, c.ny * sign),
                    strength: -vn, object: state.name(body), kind: body.kind,
                    other: index == c.a ? (c.b >= 0 ? state.name(state.bodies[c.b]) : nil) : state.name(state.bodies[c.a]),
                    shattered: true))
                broke = true
            }
        }
        return broke
    }

    private func prepare(_ contacts: inout [Contact], _ state: SimulationState, _ colliders: [Collider],
                         _ names: [ObjectID], frame: FrameIndex, impacts: inout [ImpactEvent]) {
        for k in contacts.indices {
            var c = contacts[k]
            let a = state.bodies[c.a]
            var restitution = a.restitution, friction = a.friction
            if c.b >= 0 {
                let b = state.bodies[c.b]
                restitution = max(restitution, b.restitution)
                friction = (friction * b.friction).squareRoot()
            } else if c.collider >= 0 {
                let s = colliders[c.collider]
                c.staticVX = s.vx; c.staticVY = s.vy
                if let e = s.restitution { restitution = max(restitution, e) }
                if let f = s.friction { friction = (friction * f).squareRoot() }
            }
            let tx = -c.ny, ty = c.nx
            let rax = c.px - a.x, ray = c.py - a.y
            let ian = rax * c.ny - ray * c.nx, iat = rax * ty - ray * tx
            var kn = a.inverseMass + a.inverseInertia * ian * ian
            var kt = a.inverseMass + a.inverseInertia * iat * iat
            if c.b >= 0 {
                let b = state.bodies[c.b]
                let rbx = c.px - b.x, rby = c.py - b.y
                let ibn = rbx * c.ny - rby * c.nx, ibt = rbx * ty - rby * tx
                kn += b.inverseMass + b.inverseInertia * ibn * ibn
                kt += b.inverseMass + b.inverseInertia * ibt * ibt
            }
            c.normalMass = kn > 0 ? 1 / kn : 0
            c.tangentMass = kt > 0 ? 1 / kt : 0
            c.friction = friction
            let (vn, _, _) = relativeNormalVelocity(c, state)
            c.bias = vn < -settings.bounceThreshold ? -restitution * vn : 0
            contacts[k] = c

            // Debris clatter is not reported: only the objects themselves.
            if -vn >= settings.impactSpeed {
                let other: ObjectID? = c.b >= 0 ? state.name(state.bodies[c.b])
                    : c.collider >= 0 ? names[colliders[c.collider].object] : nil
                if !a.isShard {
                    impacts.append(ImpactEvent(
                        localFrame: frame + 1, position: Point2(c.px / aspect, c.py), normal: Point2(c.nx, c.ny),
                        strength: -vn, object: state.name(a), kind: a.kind, other: other, shattered: false))
                } else if c.b >= 0, !state.bodies[c.b].isShard {
                    let b = state.bodies[c.b]
                    impacts.append(ImpactEvent(
                        localFrame: frame + 1, position: Point2(c.px / aspect, c.py), normal: Point2(-c.nx, -c.ny),
                        strength: -vn, object: state.name(b), kind: b.kind, other: state.name(a), shattered: false))
                }
            }
        }
    }

    private func solve(_ c: inout Contact, _ state: inout SimulationState) {
        let (vn, _, _) = relativeNormalVelocity(c, state)
        let newN = max(c.jn + c.normalMass * (c.bias - vn), 0)
        let dn = newN - c.jn
        c.jn = newN
        apply(c, dn * c.nx, dn * c.ny, &state)

        let tx = -c.ny, ty = c.nx
        let (_, vx, vy) = relativeNormalVelocity(c, state)
        let vt = vx * tx + vy * ty
        let limit = c.friction * c.jn
        let newT = clamp(c.jt - c.tangentMass * vt, -limit, limit)
        let dj = newT - c.jt
        c.jt = newT
        apply(c, dj * tx, dj * ty, &state)
    }

    /// Applies impulse P at the contact: -P to A, +P to B.
    private func apply(_ c: Contact, _ px: Double, _ py: Double, _ state: inout SimulationState) {
        var a = state.bodies[c.a]
        let ima = a.inverseMass, iia = a.inverseInertia
        if ima > 0 {
            let rax = c.px - a.x, ray = c.py - a.y
            a.vx -= px * ima; a.vy -= py * ima
            a.omega -= iia * (rax * py - ray * px)
            state.bodies[c.a] = a
        }
        if c.b >= 0 {
            var b = state.bodies[c.b]
            let imb = b.inverseMass, iib = b.inverseInertia
            if imb > 0 {
                let rbx = c.px - b.x, rby = c.py - b.y
                b.vx += px * imb; b.vy += py * imb
                b.omega += iib * (rbx * py - rby * px)
                state.bodies[c.b] = b
            }
        }
    }

    /// Moves overlapping bodies apart without touching their velocities.
    private func project(_ state: inout SimulationState, _ colliders: [Collider]) {
        for c in detect(state, colliders) {
            let ima = state.bodies[c.a].inverseMass
            let imb = c.b >= 0 ? state.bodies[c.b].inverseMass : 0
            let total = ima + imb
            guard total > 0 else { continue }
            let push = max(c.depth - World.slop, 0) * World.correction / total
            guard push > 0 else { continue }
            state.bodies[c.a].x -= c.nx * push * ima
            state.bodies[c.a].y -= c.ny * push * ima
            if c.b >= 0 {
                state.bodies[c.b].x += c.nx * push * imb
                state.bodies[c.b].y += c.ny * push * imb
            }
        }
    }
}
