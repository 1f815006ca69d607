/// Identifies an object across the whole project: the same id in two shots
/// is the same thing (same kind, variant, colour, seed).
public typealias ObjectID = String
public typealias ShotID = String

/// A point in frame coordinates: x from 0 (left edge) to 1 (right edge),
/// y from 0 (top edge) to 1 (bottom edge) of the default camera's view.
/// The same convention as a selected region, so selections and objects
/// compare directly.
public struct Point2: Interpolatable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    public func interpolated(to other: Point2, _ t: Double) -> Point2 {
        Point2(x + (other.x - x) * t, y + (other.y - y) * t)
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let v = try c.decode([Double].self)
        guard v.count == 2, v.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a point [x, y]")
        }
        self.init(v[0], v[1])
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode([x, y])
    }
}

/// A rectangle in the same normalised frame coordinates as `Point2`.
public struct Region: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Double, y: Double, w: Double, h: Double
    public init(x: Double, y: Double, w: Double, h: Double) { self.x = x; self.y = y; self.w = w; self.h = h }
    enum CodingKeys: String, CodingKey, CaseIterable { case x, y, w, h }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(x: try c.decode(Double.self, forKey: .x), y: try c.decode(Double.self, forKey: .y),
                  w: try c.decode(Double.self, forKey: .w), h: try c.decode(Double.self, forKey: .h))
    }
    public func contains(_ p: Point2) -> Bool { p.x >= x && p.x <= x + w && p.y >= y && p.y <= y + h }
    public var description: String { "\(x),\(y),\(w),\(h)" }
    public func validated() throws -> Region {
        guard [x, y, w, h].allSatisfy(\.isFinite), w > 0, h > 0, x >= 0, y >= 0, x + w <= 1.000001, y + h <= 1.000001 else {
            throw AuteurError.invalid("a region must lie inside the frame with positive width and height, got \(self)")
        }
        return self
    }
}

public struct Canvas: Hashable, Sendable, Codable {
    public var width: Int
    public var height: Int
    public var fps: Int

    public static let limits = (minSide: 16, maxWidth: 4096, maxHeight: 2160, fps: 24...120, maxSeconds: 120)

    public init(width: Int = 1280, height: Int = 720, fps: Int = 24) {
        self.width = width; self.height = height; self.fps = fps
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case width, height, fps }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(width: try c.decode(Int.self, forKey: .width), height: try c.decode(Int.self, forKey: .height),
                  fps: try c.decode(Int.self, forKey: .fps))
    }

    public func validate() throws {
        guard width >= Canvas.limits.minSide, height >= Canvas.limits.minSide,
              width <= Canvas.limits.maxWidth, height <= Canvas.limits.maxHeight else {
            throw AuteurError.invalid("canvas \(width)x\(height) is outside 16x16 to 4096x2160")
        }
        guard width % 2 == 0, height % 2 == 0 else {
            throw AuteurError.invalid("canvas \(width)x\(height) must have even width and height")
        }
        guard Canvas.limits.fps.contains(fps) else {
            throw AuteurError.invalid("frame rate \(fps) is outside 24 to 120 fps")
        }
    }

    public var maxFrames: Int { Canvas.limits.maxSeconds * fps }
    public var aspect: Double { Double(width) / Double(height) }
}

/// How an object takes part in a shot's physics simulation.
public struct PhysicsBody: Hashable, Sendable, Codable {
    /// A dynamic body falls and collides; a static one only gets hit.
    public var dynamic: Bool
    public var mass: Double
    /// Bounciness, 0 (dead) to 1 (perfectly elastic).
    public var restitution: Double
    public var friction: Double
    /// Initial velocity in frame heights per second, y down.
    public var velocity: Point2
    /// Breaks into debris on a hard impact (glass, bottles).
    public var shatters: Bool
    /// Gravity multiplier; negative values are how "fall upward" is stylised.
    public var gravity: Double

    public init(dynamic: Bool = true, mass: Double = 1, restitution: Double = 0.6, friction: Double = 0.3,
                velocity: Point2 = Point2(0, 0), shatters: Bool = false, gravity: Double = 1) {
        self.dynamic = dynamic; self.mass = mass; self.restitution = restitution; self.friction = friction
        self.velocity = velocity; self.shatters = shatters; self.gravity = gravity
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case dynamic, mass, restitution, friction, velocity, shatters, gravity }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(dynamic: try c.decodeIfPresent(Bool.self, forKey: .dynamic) ?? true,
                  mass: try c.decodeIfPresent(Double.self, forKey: .mass) ?? 1,
                  restitution: try c.decodeIfPresent(Double.self, forKey: .restitution) ?? 0.6,
                  friction: try c.decodeIfPresent(Double.self, forKey: .friction) ?? 0.3,
                  velocity: try c.decodeIfPresent(Point2.self, forKey: .velocity) ?? Point2(0, 0),
                  shatters: try c.decodeIfPresent(Bool.self, forKey: .shatters) ?? false,
                  gravity: try c.decodeIfPresent(Double.self, forKey: .gravity) ?? 1)
        guard mass > 0 else { throw DecodingError.dataCorruptedError(forKey: .mass, in: c, debugDescription: "mass must be positive") }
        guard (0...1).contains(restitution) else {
            throw DecodingError.dataCorruptedError(forKey: .restitution, in: c, debugDescription: "restitution must be between 0 and 1")
        }
        guard friction >= 0 else { throw DecodingError.dataCorruptedError(forKey: .friction, in: c, debugDescription: "friction must be 0 or more") }
    }
}

/// What an attached audio track drives on an object.
public struct AudioBinding: Hashable, Sendable, Codable {
    public enum Property: String, Codable, Sendable, CaseIterable {
        case mouth, scale, height
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
    }
    /// Content hash of the attached audio.
    public var media: String
    public var property: Property
    /// How strongly the envelope moves the property.
    public var gain: Double

    public init(media: String, property: Property, gain: Double = 1) {
        self.media = media; self.property = property; self.gain = gain
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case media, property, gain }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(media: try c.decode(String.self, forKey: .media),
                  property: try c.decode(Property.self, forKey: .property),
                  gain: try c.decodeIfPresent(Double.self, forKey: .gain) ?? 1)
    }
}

/// An object's identity, shared by every shot it appears in.
public struct CastMember: Hashable, Sendable, Codable {
    public var id: ObjectID
    public var kind: CatalogKind
    public var variant: String
    public var color: RGBColor
    public var label: String?
    /// Height as a fraction of the frame height at zoom 1.
    public var size: Double
    public var seed: UInt64
    public var audio: [AudioBinding]

    public init(id: ObjectID, kind: CatalogKind, variant: String? = nil, color: RGBColor? = nil, label: String? = nil,
                size: Double? = nil, seed: UInt64, audio: [AudioBinding] = []) {
        self.id = id
        self.kind = kind
        self.variant = variant ?? kind.defaultVariant
        self.color = color ?? kind.defaultColor
        self.label = label
        self.size = size ?? kind.defaultSize
        self.seed = seed
        self.audio = audio
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, kind, variant, color, label, size, seed, audio }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(CatalogKind.self, forKey: .kind)
        self.init(id: try c.decode(String.self, forKey: .id), kind: kind,
                  variant: try c.decodeIfPresent(String.self, forKey: .variant),
                  color: try c.decodeIfPresent(RGBColor.self, forKey: .color),
                  label: try c.decodeIfPresent(String.self, forKey: .label),
                  size: try c.decodeIfPresent(Double.self, forKey: .size),
                  seed: try c.decode(UInt64.self, forKey: .seed),
                  audio: try c.decodeIfPresent([AudioBinding].self, forKey: .audio) ?? [])
    }
}

/// Where and when an object appears in one shot: its blocking.
public struct Placement: Hashable, Sendable, Codable {
    public var object: ObjectID
    /// The object's centre over the shot, keyed on shot-local frames.
    public var position: Track<Point2>
    /// Multiplies the identity's size: growing reads as coming toward camera.
    public var scale: Track<Double>
    /// Degrees, clockwise.
    public var rotation: Track<Double>
    /// 0 (invisible) to 1; keyframed for fades.
    public var opacity: Track<Double>
    /// Parallax layer: 0 is the stage, larger is farther away.
    public var depth: Double
    /// First and last shot-local frame the object is visible in, if limited.
    public var enter: FrameIndex?
    public var exit: FrameIndex?
    public var physics: PhysicsBody?

    public init(object: ObjectID, position: Track<Point2>, scale: Track<Double> = Track(), rotation: Track<Double> = Track(),
                opacity: Track<Double> = Track(), depth: Double = 0, enter: FrameIndex? = nil, exit: FrameIndex? = nil,
                physics: PhysicsBody? = nil) {
        self.object = object; self.position = position; self.scale = scale; self.rotation = rotation; self.opacity = opacity
        self.depth = depth; self.enter = enter; self.exit = exit; self.physics = physics
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case object, position, scale, rotation, opacity, depth, enter, exit, physics }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(object: try c.decode(String.self, forKey: .object),
                  position: try c.decodeIfPresent(Track<Point2>.self, forKey: .position) ?? Track(),
                  scale: try c.decodeIfPresent(Track<Double>.self, forKey: .scale) ?? Track(),
                  rotation: try c.decodeIfPresent(Track<Double>.self, forKey: .rotation) ?? Track(),
                  opacity: try c.decodeIfPresent(Track<Double>.self, forKey: .opacity) ?? Track(),
                  depth: try c.decodeIfPresent(Double.self, forKey: .depth) ?? 0,
                  enter: try c.decodeIfPresent(Int.self, forKey: .enter),
                  exit: try c.decodeIfPresent(Int.self, forKey: .exit),
                  physics: try c.decodeIfPresent(PhysicsBody.self, forKey: .physics))
    }

    public func isAlive(atLocal frame: FrameIndex) -> Bool {
        if let e = enter, frame < e { return false }
        if let x = exit, frame > x { return false }
        return true
    }
}

public struct Camera: Hashable, Sendable, Codable {
    /// Centre of the view, in frame coordinates of the default view.
    public var position: Track<Point2>
    public var zoom: Track<Double>
    /// Degrees, clockwise.
    public var roll: Track<Double>
    /// Shake amplitude as a fraction of the frame height.
    public var shake: Track<Double>
    /// Keeps this object centred horizontally, if set.
    public var follow: ObjectID?

    public init(position: Track<Point2> = Track(), zoom: Track<Double> = Track(), roll: Track<Double> = Track(),
                shake: Track<Double> = Track(), follow: ObjectID? = nil) {
        self.position = position; self.zoom = zoom; self.roll = roll; self.shake = shake; self.follow = follow
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case position, zoom, roll, shake, follow }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(position: try c.decodeIfPresent(Track<Point2>.self, forKey: .position) ?? Track(),
                  zoom: try c.decodeIfPresent(Track<Double>.self, forKey: .zoom) ?? Track(),
                  roll: try c.decodeIfPresent(Track<Double>.self, forKey: .roll) ?? Track(),
                  shake: try c.decodeIfPresent(Track<Double>.self, forKey: .shake) ?? Track(),
                  follow: try c.decodeIfPresent(String.self, forKey: .follow))
    }
}

/// One continuous piece of the sequence between two cuts.
public struct Shot: Hashable, Sendable, Codable {
    public var id: ShotID
    public var frames: Int
    public var environment: Environment
    public var camera: Camera
    public var placements: [Placement]

    public init(id: ShotID, frames: Int, environment: Environment = Environment(), camera: Camera = Camera(),
                placements: [Placement] = []) {
        self.id = id; self.frames = frames; self.environment = environment; self.camera = camera; self.placements = placements
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, frames, environment, camera, placements }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), frames: try c.decode(Int.self, forKey: .frames),
                  environment: try c.decodeIfPresent(Environment.self, forKey: .environment) ?? Environment(),
                  camera: try c.decodeIfPresent(Camera.self, forKey: .camera) ?? Camera(),
                  placements: try c.decodeIfPresent([Placement].self, forKey: .placements) ?? [])
    }
}

/// An attached media file, by content hash; the bytes live in the project store.
public struct Attachment: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case audio, image
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
    }
    public var hash: String
    public var name: String
    public var kind: Kind
    public init(hash: String, name: String, kind: Kind) { self.hash = hash; self.name = name; self.kind = kind }
}

/// The whole film: canvas, cast, shots in order, and the scoped edits
/// layered over them.
public struct Project: Hashable, Sendable, Codable {
    public static let formatVersion = 1

    public var format: Int
    public var canvas: Canvas
    public var seed: UInt64
    public var cast: [CastMember]
    public var shots: [Shot]
    public var edits: [ScopedEdit]
    public var attachments: [Attachment]

    /// A new project: one empty shot in a studio at noon.
    public init(canvas: Canvas = Canvas(), seconds: Double = 6, seed: UInt64 = 1) {
        self.format = Project.formatVersion
        self.canvas = canvas
        self.seed = seed
        self.cast = []
        self.shots = [Shot(id: "shot-1", frames: max(1, Int((seconds * Double(canvas.fps)).rounded())))]
        self.edits = []
        self.attachments = []
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case format, canvas, seed, cast, shots, edits, attachments }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        guard format <= Project.formatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription: "scene format \(format) is newer than this Auteur understands (\(Project.formatVersion))")
        }
        canvas = try c.decode(Canvas.self, forKey: .canvas)
        seed = try c.decode(UInt64.self, forKey: .seed)
        cast = try c.decodeIfPresent([CastMember].self, forKey: .cast) ?? []
        shots = try c.decode([Shot].self, forKey: .shots)
        edits = try c.decodeIfPresent([ScopedEdit].self, forKey: .edits) ?? []
        attachments = try c.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
    }

    public var totalFrames: Int { shots.reduce(0) { $0 + $1.frames } }
    public var seconds: Double { Double(totalFrames) / Double(canvas.fps) }

    public func member(_ id: ObjectID) -> CastMember? { cast.first { $0.id == id } }
    public func memberIndex(_ id: ObjectID) -> Int? { cast.firstIndex { $0.id == id } }
    public func shotIndex(_ id: ShotID) -> Int? { shots.firstIndex { $0.id == id } }

    /// First global frame of each shot.
    public var shotStarts: [FrameIndex] {
        var starts: [FrameIndex] = []
        var t = 0
        for s in shots { starts.append(t); t += s.frames }
        return starts
    }

    /// The shot that holds a global frame, and the frame within it.
    /// Frames past the end belong to the last frame of the last shot.
    public func locate(_ frame: FrameIndex) -> (shot: Int, local: FrameIndex) {
        var t = 0
        for (i, s) in shots.enumerated() {
            if frame < t + s.frames { return (i, max(0, frame - t)) }
            t += s.frames
        }
        let last = max(0, shots.count - 1)
        return (last, max(0, (shots.last?.frames ?? 1) - 1))
    }

    public func frameRange(ofShot index: Int) -> FrameRange {
        let start = shotStarts[index]
        return FrameRange(start, start + shots[index].frames - 1)
    }

    public var allFrames: FrameRange { FrameRange(0, max(0, totalFrames - 1)) }

    /// Checks every rule a saved project must satisfy; the message names the first broken one.
    public func validate() throws {
        try canvas.validate()
        guard !shots.isEmpty else { throw AuteurError.invalid("a project needs at least one shot") }
        guard totalFrames <= canvas.maxFrames else {
            throw AuteurError.invalid("the sequence is \(String(format: "%.2f", seconds)) s long; the limit is \(Canvas.limits.maxSeconds) s")
        }
        var shotIDs = Set<ShotID>()
        for s in shots {
            guard s.frames >= 1 else { throw AuteurError.invalid("shot \(s.id) has no frames") }
            guard shotIDs.insert(s.id).inserted else { throw AuteurError.invalid("two shots are called \(s.id)") }
            var placed = Set<ObjectID>()
            for p in s.placements {
                guard member(p.object) != nil else { throw AuteurError.invalid("shot \(s.id) places unknown object \(p.object)") }
                guard placed.insert(p.object).inserted else { throw AuteurError.invalid("shot \(s.id) places \(p.object) twice") }
            }
            if let f = s.camera.follow, member(f) == nil { throw AuteurError.invalid("shot \(s.id) follows unknown object \(f)") }
        }
        var ids = Set<ObjectID>()
        for m in cast {
            guard !m.id.isEmpty else { throw AuteurError.invalid("an object has an empty id") }
            guard ids.insert(m.id).inserted else { throw AuteurError.invalid("two objects are called \(m.id)") }
            guard m.kind.variants.contains(m.variant) else {
                throw AuteurError.invalid("\(m.kind.rawValue) has no variant \(m.variant) (known: \(m.kind.variants.joined(separator: ", ")))")
            }
            guard m.size > 0, m.size <= 10, m.size.isFinite else { throw AuteurError.invalid("object \(m.id) has size \(m.size); sizes are in (0, 10]") }
            for b in m.audio where !attachments.contains(where: { $0.hash == b.media && $0.kind == .audio }) {
                throw AuteurError.invalid("object \(m.id) is bound to audio \(b.media), which is not attached")
            }
        }
        for e in edits { try e.validate(in: self) }
        for s in shots {
            if let b = s.environment.backdrop, !attachments.contains(where: { $0.hash == b && $0.kind == .image }) {
                throw AuteurError.invalid("shot \(s.id) uses backdrop \(b), which is not an attached image")
            }
        }
    }
}
