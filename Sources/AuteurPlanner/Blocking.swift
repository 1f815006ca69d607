import AuteurCore

/// Where things stand and how they move, in frame coordinates. This is the
/// planner's staging: geometry only, written so that what the renderer
/// draws reads as what was asked (a car "driving left to right" has a
/// path whose on-screen x grows; a ball that "drops" is a physics body that
/// starts above the ground line).
struct Blocking: Sendable, Equatable {
    var position: Point2?
    var path: [Keyframe<Point2>]?
    var scale: [Keyframe<Double>]?
    var rotation: [Keyframe<Double>]?
    var depth: Double?
    var physics: PhysicsBody?

    /// The centre at the first frame, for placing things next to it.
    var start: Point2 { path?.first?.value ?? position ?? Point2(0.5, 0.5) }
}

/// The stage of one shot: where the ground is, how long the shot runs.
struct Stage: Sendable {
    var setting: Setting
    var frames: Int
    var fps: Int
    var aspect: Double

    /// The renderer's ground line (its physics floor too); none in space
    /// or underwater, where things float.
    var groundY: Double? { setting == .space || setting == .underwater ? nil : 0.8 }

    /// Gravity of the renderer's physics in frame heights per second squared
    /// (earth gravity for a frame about two metres tall). The planner needs it
    /// only to stage stylised motion, such as a fall upward that stays in frame.
    static let gravity = 4.9

    var seconds: Double { Double(frames) / Double(max(1, fps)) }
    var lastFrame: Int { max(0, frames - 1) }

    static func isSky(_ kind: CatalogKind) -> Bool { !kind.isGrounded }

    /// Drawn width over height, for spacing things side by side.
    static func aspectRatio(_ kind: CatalogKind) -> Double {
        switch kind {
        case .car: return 2.2
        case .truck: return 2.4
        case .bus: return 2.8
        case .bicycle, .table: return 1.6
        case .boat, .mountain, .arrow: return 2
        case .plane, .label: return 2.5
        case .rocket, .bottle, .lamp, .server: return 0.4
        case .glass, .tree: return 0.6
        case .box, .ball, .rock, .sun, .moon, .star: return 1
        case .chair: return 0.75
        case .flower: return 0.4
        case .house: return 1.2
        case .cloud: return 1.8
        case .person: return 0.4
        case .dog, .laptop: return 1.4
        case .cat, .bird: return 1.2
        case .fish: return 1.8
        case .phone: return 0.5
        case .database: return 0.8
        }
    }

    /// Half the drawn width, in frame widths.
    func halfWidth(_ kind: CatalogKind, size: Double) -> Double { size * Stage.aspectRatio(kind) / aspect / 2 }

    /// The centre height at which a thing rests: on the ground, in the sky,
    /// or mid-frame when nothing holds it up.
    func restingY(_ kind: CatalogKind, size: Double, lane: Int = 0) -> Double {
        if Stage.isSky(kind) {
            let base: Double
            switch kind {
            case .cloud: base = 0.16
            case .sun, .moon: base = 0.2
            case .star: base = 0.14
            case .plane: base = 0.26
            default: base = 0.3
            }
            return base + Double(lane) * 0.09
        }
        guard let ground = groundY else {
            // Underwater, things that do not swim rest on the sea bed.
            if setting == .underwater && kind != .fish { return 0.9 - size / 2 }
            return 0.5 + Double(lane) * 0.1
        }
        // Nearer lanes sit a little lower on screen.
        return min(0.98 - size / 2, ground - size / 2 + Double(lane) * 0.05)
    }

    // MARK: Standing still

    func still(_ kind: CatalogKind, size: Double, x: Double, y: Double? = nil, lane: Int = 0) -> Blocking {
        Blocking(position: Point2(clampX(x), y ?? restingY(kind, size: size, lane: lane)))
    }

    func clampX(_ x: Double) -> Double { min(0.94, max(0.06, x)) }

    // MARK: Travelling

    /// Across the frame: the span grows with pace, and several travellers
    /// are spread so that none hides another.
    func travel(_ kind: CatalogKind, size: Double, direction: Direction, pace: Double, lane: Int, lanes: Int,
                rolls: Bool, hops: Bool = false, baseY: Double? = nil) -> Blocking {
        let span = min(0.8, 0.35 + 0.35 * pace)
        let shift = (Double(lane) - Double(lanes - 1) / 2) * min(0.09, 0.3 / Double(max(1, lanes)))
        let y = baseY ?? restingY(kind, size: size, lane: Stage.isSky(kind) ? lane : lane % 3)
        var a = Point2(clampX(0.5 - span / 2 + shift), y)
        var b = Point2(clampX(0.5 + span / 2 + shift), y)
        if direction == .rightToLeft { swap(&a.x, &b.x) }
        var blocking = Blocking(path: [Keyframe(0, a), Keyframe(lastFrame, b)])
        if hops { blocking.path = hopPath(from: a, to: b, height: max(0.08, size * 0.8)) }
        if rolls {
            // Rolling without slipping: one turn per circumference travelled.
            let distance = abs(b.x - a.x) * aspect
            let turns = distance / (Double.pi * max(0.02, size))
            let degrees = 360 * turns * (direction == .rightToLeft ? -1 : 1)
            blocking.rotation = [Keyframe(0, 0), Keyframe(lastFrame, degrees)]
        }
        return blocking
    }

    /// Up or down the frame: launches accelerate, moons rise steadily.
    func vertical(_ kind: CatalogKind, size: Double, up: Bool, pace: Double, x: Double) -> Blocking {
        let low: Double, high: Double
        if Stage.isSky(kind) {
            low = 0.62; high = 0.2
        } else {
            low = groundY.map { $0 - size / 2 } ?? 0.72
            high = max(size / 2 + 0.04, 0.12 + size / 2 - 0.1 * min(1, pace))
        }
        let easing: Easing = (!Stage.isSky(kind) && up) ? .easeIn : .easeInOut
        let a = Point2(clampX(x), up ? low : high), b = Point2(clampX(x), up ? high : low)
        return Blocking(path: [Keyframe(0, a, easing: easing), Keyframe(lastFrame, b)])
    }

    /// Toward the camera: it grows and its base comes down the frame.
    func approach(_ kind: CatalogKind, size: Double, x: Double, toward: Bool, pace: Double) -> Blocking {
        let grow = toward ? min(2.6, 1.5 + 0.5 * pace) : max(0.35, 0.6 - 0.15 * pace)
        let base0 = groundY ?? 0.7
        let y0 = restingY(kind, size: size)
        let end = min(0.95 / size, grow)
        let bottom1 = toward ? min(0.98, base0 + 0.1) : base0 - 0.06
        let y1 = Stage.isSky(kind) ? y0 : bottom1 - size * end / 2
        return Blocking(path: [Keyframe(0, Point2(clampX(x), y0)), Keyframe(lastFrame, Point2(clampX(x), y1))],
                        scale: [Keyframe(0, 1), Keyframe(lastFrame, end)])
    }

    func hopPath(from a: Point2, to b: Point2, height: Double) -> [Keyframe<Point2>] {
        let hopFrames = max(4, fps / 2)
        var keys: [Keyframe<Point2>] = []
        var f = 0
        var up = false
        while f < lastFrame {
            let t = Double(f) / Double(max(1, lastFrame))
            let p = a.interpolated(to: b, t)
            keys.append(Keyframe(f, Point2(p.x, up ? p.y - height : p.y), easing: .easeInOut))
            up.toggle()
            f += hopFrames / 2
        }
        keys.append(Keyframe(lastFrame, b))
        return keys
    }

    func spin(_ blocking: Blocking, pace: Double) -> Blocking {
        var b = blocking
        let turns = max(1, (seconds * 0.5 * pace).rounded())
        b.rotation = [Keyframe(0, 0), Keyframe(lastFrame, 360 * turns)]
        return b
    }

    func pulse(_ blocking: Blocking) -> Blocking {
        var b = blocking
        let beat = max(2, fps / 2)
        var keys: [Keyframe<Double>] = []
        var f = 0, big = false
        while f <= lastFrame {
            keys.append(Keyframe(f, big ? 1.25 : 1, easing: .easeInOut))
            big.toggle()
            f += beat / 2
        }
        b.scale = keys
        return b
    }

    func grow(_ blocking: Blocking, to factor: Double) -> Blocking {
        var b = blocking
        b.scale = [Keyframe(0, 1, easing: .easeInOut), Keyframe(lastFrame, factor)]
        return b
    }

    // MARK: Physics

    /// A body the renderer's simulation drops: it starts above the ground
    /// line so that it visibly falls, and bounces with restitution.
    func drop(_ kind: CatalogKind, size: Double, x: Double, fromY: Double? = nil, bounce: Bool, shatters: Bool,
              sideways: Double = 0) -> Blocking {
        // High enough that the landing is fast: a shattering body needs
        // well over a metre per second at impact.
        let top = fromY ?? max(size / 2 + 0.05, 0.22)
        let restitution = bounce ? 0.7 : (shatters ? 0.1 : 0.25)
        return Blocking(position: Point2(clampX(x), top),
                        physics: PhysicsBody(dynamic: true, mass: 1, restitution: restitution, friction: 0.3,
                                             velocity: Point2(sideways, 0), shatters: shatters, gravity: 1))
    }

    /// "Falls upward": reversed gravity, scaled so that the rise ends near
    /// the top of the frame at the end of the shot instead of leaving it.
    func fallUpward(from start: Point2, size: Double) -> Blocking {
        let rise = max(0.1, start.y - (size / 2 + 0.05))
        let t = max(0.5, seconds)
        let scale = -(2 * rise / (t * t)) / Stage.gravity
        return Blocking(position: start,
                        physics: PhysicsBody(dynamic: true, mass: 1, restitution: 0.2, friction: 0.3, velocity: Point2(0, 0),
                                             shatters: false, gravity: max(-1, scale)))
    }
}
