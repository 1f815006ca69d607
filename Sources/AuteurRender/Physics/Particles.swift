import AuteurCore

// Particles are closed-form: each particle's state at frame f is a function
// of (seed, f) alone, never of earlier frames, so any frame (or any tile of
// one) can be drawn on its own, in any order, on any thread. Weather
// particles cycle: drop j of lane L falls over a fixed period, and each
// cycle re-draws its x from the cycle number, so the pattern never repeats
// visibly. Impact bursts and smoke are ballistic or drag curves from their
// birth time.

public enum ParticleKind: String, Hashable, Sendable, CaseIterable {
    case rain, snow, splash, spark, smoke
}

public struct Particle: Hashable, Sendable {
    public var kind: ParticleKind
    /// Frame coordinates of the particle (the head of a streak).
    public var position: Point2
    /// Frame coordinates of the streak's other end; equal to `position` for
    /// round particles.
    public var tail: Point2
    /// Frame heights: a streak's half width or a round particle's radius.
    public var radius: Double
    /// 0...1.
    public var opacity: Double
    /// Frame coordinates; covers everything the particle draws.
    public var bounds: Region
}

/// A steady column of smoke (a chimney, an exhaust, a smouldering wreck).
public struct SmokeSource: Hashable, Sendable {
    /// Frame coordinates.
    public var anchor: Point2
    public var startFrame: FrameIndex
    /// Last frame a puff is born on, if it stops.
    public var endFrame: FrameIndex?
    /// Puffs per second.
    public var rate: Double
    public var seed: UInt64

    public init(anchor: Point2, startFrame: FrameIndex = 0, endFrame: FrameIndex? = nil, rate: Double = 6, seed: UInt64 = 0) {
        self.anchor = anchor; self.startFrame = startFrame; self.endFrame = endFrame; self.rate = max(0.1, rate); self.seed = seed
    }
}

/// Every particle of one shot.
public struct ParticleField: Hashable, Sendable {
    public var seed: UInt64
    public var fps: Int
    public var aspect: Double
    /// The ground line (frame y), where rain splashes; nil for none.
    public var floor: Double?
    public var setting: Setting
    public var impacts: [ImpactEvent]
    public var smoke: [SmokeSource]

    public init(seed: UInt64, fps: Int, aspect: Double, floor: Double?, setting: Setting,
                impacts: [ImpactEvent] = [], smoke: [SmokeSource] = []) {
        self.seed = seed; self.fps = max(1, fps); self.aspect = aspect; self.floor = floor
        self.setting = setting; self.impacts = impacts; self.smoke = smoke
    }

    /// The field of shot `shot`, with bursts from `simulation`'s impacts.
    public init(project: Project, shot: Int, simulation: ShotSimulation? = nil, smoke: [SmokeSource] = []) {
        let s = project.shots[max(0, min(shot, project.shots.count - 1))]
        let settings = simulation?.settings ?? .standard(for: s.environment.setting)
        self.init(seed: Seeds.combine(project.seed, Seeds.hash("particles:" + s.id)), fps: project.canvas.fps,
                  aspect: project.canvas.aspect, floor: settings.floor, setting: s.environment.setting,
                  impacts: simulation?.impacts ?? [], smoke: smoke)
    }

    /// All particles at a shot-local frame, under the frame's weather.
    public func particles(atLocalFrame frame: FrameIndex, weather: Weather) -> [Particle] {
        var out: [Particle] = []
        emit(frame, weather, nil, &out)
        return out
    }

    /// Exactly the particles whose bounds intersect `rect` (edges touching
    /// count), in the same order as the full list; lanes and bursts that
    /// cannot reach the rect are skipped without being evaluated.
    public func particles(atLocalFrame frame: FrameIndex, weather: Weather, intersecting rect: Region) -> [Particle] {
        var out: [Particle] = []
        emit(frame, weather, rect, &out)
        return out
    }

    // MARK: Emission

    static func intersects(_ a: Region, _ b: Region) -> Bool {
        a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h
    }

    private func bounds(_ p: Point2, _ q: Point2, _ r: Double) -> Region {
        let rx = r / aspect
        let x0 = min(p.x, q.x) - rx, x1 = max(p.x, q.x) + rx
        let y0 = min(p.y, q.y) - r, y1 = max(p.y, q.y) + r
        return Region(x: x0, y: y0, w: x1 - x0, h: y1 - y0)
    }

    private func keep(_ p: Particle, _ rect: Region?, _ out: inout [Particle]) {
        if let rect, !Self.intersects(p.bounds, rect) { return }
        out.append(p)
    }

    private func emit(_ frame: FrameIndex, _ weather: Weather, _ rect: Region?, _ out: inout [Particle]) {
        let t = Double(frame) / Double(fps)
        if setting != .space && setting != .underwater {
            switch weather.kind {
            case .rain: precipitation(t, .rain, weather.intensity, wind: 0.1, rect, &out)
            case .storm: precipitation(t, .rain, min(1, weather.intensity * 1.5), wind: 0.6, rect, &out)
            case .snow: precipitation(t, .snow, weather.intensity, wind: 0, rect, &out)
            case .clear, .fog: break
            }
        }
        for e in impacts where e.localFrame <= frame { burst(e, frame, rect, &out) }
        for s in smoke { column(s, t, rect, &out) }
    }

    // Weather falls in vertical lanes that extend past the frame's sides, so
    // wind never leaves an edge empty and a tile only visits nearby lanes.
    static let lanes = 40
    static let laneStart = -0.15
    static let laneSpan = 1.3
    static let rainSpeed = 5.5...7.0
    static let rainTop = -0.12

    private func precipitation(_ t: Double, _ kind: ParticleKind, _ intensity: Double, wind: Double,
                               _ rect: Region?, _ out: inout [Particle]) {
        let rain = kind == .rain
        let perLane = Int((intensity * (rain ? 16 : 14)).rounded())
        guard perLane > 0 else { return }
        let laneWidth = Self.laneSpan / Double(Self.lanes)
        let streak = rain ? min(0.06, Self.rainSpeed.upperBound * 0.5 / Double(fps)) : 0
        let bottom = 1.12
        let longest = rain ? (bottom - Self.rainTop) / Self.rainSpeed.lowerBound : 0
        // How far, in frame widths, a particle can stray from its lane.
        let reach = (rain ? wind * longest + streak + 0.02 : 0.04) / aspect
        let salt = Seeds.hash(kind.rawValue)
        for lane in 0..<Self.lanes {
            let left = Self.laneStart + Double(lane) * laneWidth
            if let rect, left - reach > rect.x + rect.w || left + laneWidth + reach < rect.x { continue }
            for j in 0..<perLane {
                let h = Seeds.combine(Seeds.combine(seed, salt), UInt64(lane * 1024 + j))
                let speed = rain ? Self.rainSpeed.lowerBound + (Self.rainSpeed.upperBound - Self.rainSpeed.lowerBound) * PhysicsMath.unit(h ^ 1)
                                 : 0.1 + 0.08 * PhysicsMath.unit(h ^ 1)
                // Drops end spread over the ground plane below the horizon line.
                let end = floor.map { $0 + (1.02 - $0) * PhysicsMath.unit(h ^ 2) } ?? bottom
                let period = (end - Self.rainTop) / speed
                let tau = t + PhysicsMath.unit(h ^ 3) * period
                let cycles = (tau / period).rounded(.down)
                let local = tau - cycles * period
                let cycle = UInt64(bitPattern: Int64(cycles))
                let x0 = left + laneWidth * PhysicsMath.unit(Seeds.combine(h, cycle))
                let y = Self.rainTop + speed * local
                if rain {
                    let head = Point2(x0 + wind * local / aspect, y)
                    let k = streak / speed
                    let tail = Point2(head.x - wind * k / aspect, head.y - speed * k)
                    let r = 0.0015
                    keep(Particle(kind: .rain, position: head, tail: tail, radius: r, opacity: 0.35 + 0.3 * PhysicsMath.unit(h ^ 4),
                                  bounds: bounds(head, tail, r)), rect, &out)
                    let splashLife = 0.15
                    if floor != nil && local < splashLife {
                        let prev = left + laneWidth * PhysicsMath.unit(Seeds.combine(h, cycle &- 1)) + wind * period / aspect
                        let p = Point2(prev, end)
                        let age = local / splashLife
                        let r = 0.004 + 0.012 * age
                        keep(Particle(kind: .splash, position: p, tail: p, radius: r, opacity: 0.5 * (1 - age),
                                      bounds: bounds(p, p, r)), rect, &out)
                    }
                } else {
                    let amplitude = 0.015 + 0.02 * PhysicsMath.unit(h ^ 5)
                    let frequency = 0.2 + 0.3 * PhysicsMath.unit(h ^ 6)
                    let sway = amplitude * PhysicsMath.wave(frequency * tau + PhysicsMath.unit(h ^ 7))
                    let p = Point2(x0 + sway / aspect, y)
                    let r = 0.003 + 0.004 * PhysicsMath.unit(h ^ 4)
                    keep(Particle(kind: .snow, position: p, tail: p, radius: r, opacity: 0.6 + 0.4 * PhysicsMath.unit(h ^ 8),
                                  bounds: bounds(p, p, r)), rect, &out)
                }
            }
        }
    }

    /// What an impact throws up: a drink from a broken glass, sparks from
    /// metal, spray on water, dust anywhere else.
    private func burstKind(_ e: ImpactEvent) -> ParticleKind? {
        if e.shattered { return .splash }
        guard e.strength >= 0.6 else { return nil }
        if PhysicsShapes.isMetal(e.kind) && e.strength >= 1.0 { return .spark }
        if setting == .ocean || setting == .underwater { return .splash }
        return .smoke
    }

    private func burst(_ e: ImpactEvent, _ frame: FrameIndex, _ rect: Region?, _ out: inout [Particle]) {
        guard let kind = burstKind(e) else { return }
        let (maxLife, gravity, scale) = switch kind {
        case .spark: (0.5, 4.9, 0.8)
        case .splash: (0.6, 4.9, 0.5)
        default: (1.6, -0.05, 0.25)
        }
        let age = Double(frame - e.localFrame) / Double(fps)
        guard age < maxLife else { return }
        let strength = min(e.strength, 6)
        if let rect {
            let reach = strength * scale * maxLife + 0.5 * abs(gravity) * maxLife * maxLife + 0.1
            let area = Region(x: e.position.x - reach / aspect, y: e.position.y - reach, w: 2 * reach / aspect, h: 2 * reach)
            if !Self.intersects(area, rect) { return }
        }
        // Keyed by the event itself, not its index, so an unrelated new
        // impact earlier in the shot does not reshuffle this burst.
        var hasher = InputHasher(seed)
        hasher.add(e.localFrame); hasher.add(e.object); hasher.add(e.position); hasher.add(kind.rawValue)
        let count = switch kind {
        case .spark: 10 + Int(10 * min(1, strength / 4))
        case .splash: 8 + Int(8 * min(1, strength / 3))
        default: 5 + Int(5 * min(1, strength / 3))
        }
        for k in 0..<count {
            var g = SeededGenerator(seed: Seeds.combine(hasher.value, UInt64(k)))
            var d = PhysicsMath.unitVector(&g)
            let into = d.x * e.normal.x + d.y * e.normal.y
            if into > 0 { d = (d.x - 2 * into * e.normal.x, d.y - 2 * into * e.normal.y) }
            let speed = strength * scale * (0.3 + 0.7 * g.unit())
            let life = maxLife * (0.5 + 0.5 * g.unit())
            guard age < life else { continue }
            let fade = 1 - age / life
            let vx = d.x * speed, vy = d.y * speed
            switch kind {
            case .smoke:
                // Drag without exp: the puff slows as 1/(1 + 3t).
                let drift = age / (1 + 3 * age)
                let p = Point2(e.position.x + vx * drift / aspect, e.position.y + vy * drift + 0.5 * gravity * age * age)
                let r = 0.015 * (0.6 + 0.8 * g.unit()) * (1 + 3 * age / life) * min(1.5, 0.5 + strength / 2)
                keep(Particle(kind: .smoke, position: p, tail: p, radius: r, opacity: 0.45 * fade,
                              bounds: bounds(p, p, r)), rect, &out)
            default:
                let p = Point2(e.position.x + vx * age / aspect, e.position.y + vy * age + 0.5 * gravity * age * age)
                let blur = kind == .spark ? 0.025 : 0
                let tail = Point2(p.x - vx * blur / aspect, p.y - (vy + gravity * age) * blur)
                let r = kind == .spark ? 0.002 : 0.004 * (1 + age / life)
                keep(Particle(kind: kind, position: p, tail: tail, radius: r, opacity: fade,
                              bounds: bounds(p, tail, r)), rect, &out)
            }
        }
    }

    private func column(_ s: SmokeSource, _ t: Double, _ rect: Region?, _ out: inout [Particle]) {
        let maxLife = 2.5, rise = 0.15
        let start = Double(s.startFrame) / Double(fps)
        guard t >= start else { return }
        if let rect {
            let reach = 0.1 + 0.05 * maxLife
            let area = Region(x: s.anchor.x - reach / aspect, y: s.anchor.y - rise * maxLife - reach,
                              w: 2 * reach / aspect, h: rise * maxLife + 2 * reach)
            if !Self.intersects(area, rect) { return }
        }
        let first = max(0, Int(((t - maxLife - start) * s.rate).rounded(.up)))
        var last = Int(((t - start) * s.rate).rounded(.down))
        if let end = s.endFrame { last = min(last, Int(((Double(end) / Double(fps) - start) * s.rate).rounded(.down))) }
        guard first <= last else { return }
        for k in first...last {
            let birth = start + Double(k) / s.rate
            let age = t - birth
            var g = SeededGenerator(seed: Seeds.combine(Seeds.combine(seed, s.seed), UInt64(k)))
            let life = 1.5 + 1.0 * g.unit()
            guard age >= 0, age < life else { continue }
            let drift = (g.unit() - 0.5) * 0.1 * age + 0.02 * PhysicsMath.wave(0.3 * age + g.unit())
            let p = Point2(s.anchor.x + drift / aspect, s.anchor.y - rise * age)
            let r = 0.015 * (1 + 2.5 * age / life)
            keep(Particle(kind: .smoke, position: p, tail: p, radius: r, opacity: 0.4 * (1 - age / life),
                          bounds: bounds(p, p, r)), rect, &out)
        }
    }
}
