/// Per-frame values of attached audio tracks (an RMS envelope in 0...1,
/// keyed by the attachment's content hash), computed by the media layer.
/// A plain value, so that evaluation stays pure.
public struct AudioSignals: Sendable, Equatable {
    public var envelopes: [String: [Float]]
    public init(envelopes: [String: [Float]] = [:]) { self.envelopes = envelopes }
    public static let none = AudioSignals()

    public func level(_ media: String, at frame: FrameIndex) -> Double {
        guard let e = envelopes[media], frame >= 0, frame < e.count else { return 0 }
        return Double(min(1, max(0, e[frame])))
    }
}

public struct CameraState: Hashable, Sendable {
    public var center: Point2
    public var zoom: Double
    public var roll: Double
    public var shake: Double
    public init(center: Point2 = Point2(0.5, 0.5), zoom: Double = 1, roll: Double = 0, shake: Double = 0) {
        self.center = center; self.zoom = zoom; self.roll = roll; self.shake = shake
    }
}

/// An object as it is in one frame, after blocking, edits and audio.
public struct ObjectState: Hashable, Sendable {
    public var id: ObjectID
    public var kind: CatalogKind
    public var variant: String
    public var color: RGBColor
    public var label: String?
    public var position: Point2
    /// Height as a fraction of the frame height, all multipliers applied.
    public var size: Double
    public var rotation: Double
    public var depth: Double
    /// 0 (invisible) to 1.
    public var opacity: Double = 1
    /// How open the mouth is, 0...1 (people only; 0 elsewhere).
    public var mouth: Double
    public var seed: UInt64
    public var physics: PhysicsBody?

    public init(id: ObjectID, kind: CatalogKind, variant: String, color: RGBColor, label: String? = nil, position: Point2,
                size: Double, rotation: Double = 0, depth: Double = 0, opacity: Double = 1, mouth: Double = 0, seed: UInt64,
                physics: PhysicsBody? = nil) {
        self.id = id; self.kind = kind; self.variant = variant; self.color = color; self.label = label; self.position = position
        self.size = size; self.rotation = rotation; self.depth = depth; self.opacity = opacity; self.mouth = mouth
        self.seed = seed; self.physics = physics
    }
}

/// A part of the frame that looks different because of a region-scoped edit.
public struct RegionLook: Hashable, Sendable {
    public var region: Region
    public var environment: Environment
    public init(region: Region, environment: Environment) { self.region = region; self.environment = environment }
}

/// Everything the renderer needs to draw one frame, and nothing more.
public struct FrameState: Hashable, Sendable {
    public var frame: FrameIndex
    public var shot: Int
    public var shotID: ShotID
    public var localFrame: FrameIndex
    public var canvas: Canvas
    /// Seed for the frame's effects (particles, shake); derived, never random.
    public var seed: UInt64
    public var environment: Environment
    public var regionLooks: [RegionLook]
    public var camera: CameraState
    /// Back to front.
    public var objects: [ObjectState]

    public func object(_ id: ObjectID) -> ObjectState? { objects.first { $0.id == id } }
}

extension Project {
    /// The state of `frame`. Pure and total: any frame number gives a state
    /// (frames outside the sequence are clamped to its ends).
    public func evaluate(_ frame: FrameIndex, signals: AudioSignals = .none) -> FrameState {
        let frame = max(0, min(frame, max(0, totalFrames - 1)))
        let (shotIndex, local) = locate(frame)
        let shot = shots[shotIndex]
        var environment = shot.environment
        var regionLooks: [RegionLook] = []
        var camera = CameraState(
            center: shot.camera.position.value(at: local, fallback: Point2(0.5, 0.5)),
            zoom: shot.camera.zoom.value(at: local, fallback: 1),
            roll: shot.camera.roll.value(at: local, fallback: 0),
            shake: shot.camera.shake.value(at: local, fallback: 0))

        var objects: [ObjectState] = []
        for placement in shot.placements where placement.isAlive(atLocal: local) {
            guard let m = member(placement.object) else { continue }
            objects.append(ObjectState(
                id: m.id, kind: m.kind, variant: m.variant, color: m.color, label: m.label,
                position: placement.position.value(at: local, fallback: m.kind.restingPosition(size: m.size)),
                size: m.size * placement.scale.value(at: local, fallback: 1),
                rotation: placement.rotation.value(at: local, fallback: 0),
                depth: placement.depth, opacity: min(1, max(0, placement.opacity.value(at: local, fallback: 1))),
                mouth: 0, seed: m.seed, physics: placement.physics))
        }
        var visible = [Bool](repeating: true, count: objects.count)

        for edit in edits {
            let w = edit.weight(at: frame)
            guard w > 0 else { continue }
            let scope = edit.scope
            if edit.change.isObjectChange {
                for i in objects.indices {
                    if let only = scope.objects, !only.contains(objects[i].id) { continue }
                    if let r = scope.region, !r.contains(objects[i].position) { continue }
                    Self.apply(edit.change, weight: w, to: &objects[i], visible: &visible[i])
                }
            } else if case .shake(let amount) = edit.change {
                camera.shake += (amount - camera.shake) * w
            } else if let region = scope.region {
                if let k = regionLooks.firstIndex(where: { $0.region == region }) {
                    Self.apply(edit.change, weight: w, to: &regionLooks[k].environment)
                } else {
                    var look = RegionLook(region: region, environment: environment)
                    Self.apply(edit.change, weight: w, to: &look.environment)
                    regionLooks.append(look)
                }
            } else {
                // A whole-frame change reaches regions edited earlier too.
                Self.apply(edit.change, weight: w, to: &environment)
                for k in regionLooks.indices { Self.apply(edit.change, weight: w, to: &regionLooks[k].environment) }
            }
        }

        var shown: [ObjectState] = []
        for (i, var o) in objects.enumerated() where visible[i] {
            for binding in member(o.id)?.audio ?? [] {
                let level = signals.level(binding.media, at: frame) * binding.gain
                switch binding.property {
                case .mouth: o.mouth = min(1, max(0, level))
                case .scale: o.size *= 1 + 0.5 * level
                case .height: o.position.y -= 0.15 * level
                }
            }
            shown.append(o)
        }
        if let follow = shot.camera.follow, let target = shown.first(where: { $0.id == follow }) {
            camera.center.x = target.position.x
        }
        // Back to front; equal depths keep cast order, so drawing is stable.
        let order = Dictionary(uniqueKeysWithValues: cast.enumerated().map { ($1.id, $0) })
        shown.sort { a, b in
            a.depth != b.depth ? a.depth > b.depth : (order[a.id] ?? 0) < (order[b.id] ?? 0)
        }
        return FrameState(frame: frame, shot: shotIndex, shotID: shot.id, localFrame: local, canvas: canvas,
                          seed: Seeds.frame(frame, projectSeed: seed), environment: environment,
                          regionLooks: regionLooks, camera: camera, objects: shown)
    }

    /// Discrete properties switch half-way through a transition; continuous
    /// ones blend.
    static func apply(_ change: Change, weight w: Double, to o: inout ObjectState, visible: inout Bool) {
        switch change {
        case .color(let c): o.color = o.color.mixed(with: c, w)
        case .kind(let k, let v):
            if w >= 0.5 {
                // As an unscoped replace does: keep the size relative to the kind.
                o.size = o.size / o.kind.defaultSize * k.defaultSize
                o.kind = k
                o.variant = v
            }
        case .label(let l): if w >= 0.5 { o.label = l }
        case .scale(let s): o.size *= 1 + (s - 1) * w
        case .visible(let v): if w >= 0.5 { visible = v }
        case .seed(let s): if w >= 0.5 { o.seed = s }
        default: break
        }
    }

    static func apply(_ change: Change, weight w: Double, to e: inout Environment) {
        switch change {
        case .timeOfDay(let t): e.timeOfDay = e.timeOfDay.interpolated(to: t, w)
        case .weather(let target):
            if e.weather.kind == target.kind {
                e.weather.intensity += (target.intensity - e.weather.intensity) * w
            } else if w < 0.5 {
                // Crossfade through clear skies rather than mixing two kinds.
                e.weather.intensity *= 1 - 2 * w
            } else {
                e.weather = Weather(target.kind, intensity: target.intensity * (2 * w - 1))
            }
        case .style(let s): if w >= 0.5 { e.style = s }
        case .setting(let s): if w >= 0.5 { e.setting = s }
        case .backdrop(let b): if w >= 0.5 { e.backdrop = b }
        case .grade(let g): e.grade = (e.grade ?? .identity).mixed(with: g, w)
        default: break
        }
    }
}
