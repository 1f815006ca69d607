/// The operations a turn can apply to a project. Every way of changing a
/// scene (the JSON API, the planner, the terminal UI) goes through these,
/// so they are the scripting interface and the history's record at once.
///
/// In JSON an op is an object tagged by "op": `{"op": "relight",
/// "time_of_day": "sunset", "scope": {"frames": "48-95"}}`.
public enum Op: Hashable, Sendable {
    case add(AddObject)
    case remove(RemoveObject)
    case set(SetProperty)
    case replace(Replace)
    case relight(Relight)
    case weather(SetWeather)
    case restyle(Restyle)
    case setting(SetSetting)
    case camera(CameraMove)
    case retime(Retime)
    case resize(Resize)
    case extend(ShotLength)
    case trim(ShotLength)
    case addShot(AddShot)
    case bindAudio(BindAudio)
    case attach(Attach)
    case backdrop(SetBackdrop)
    case grade(SetGrade)
    case reseed(Reseed)

    public var name: String {
        switch self {
        case .add: return "add"
        case .remove: return "remove"
        case .set: return "set"
        case .replace: return "replace"
        case .relight: return "relight"
        case .weather: return "weather"
        case .restyle: return "restyle"
        case .setting: return "setting"
        case .camera: return "camera"
        case .retime: return "retime"
        case .resize: return "resize"
        case .extend: return "extend"
        case .trim: return "trim"
        case .addShot: return "add_shot"
        case .bindAudio: return "bind_audio"
        case .attach: return "attach"
        case .backdrop: return "backdrop"
        case .grade: return "grade"
        case .reseed: return "reseed"
        }
    }

    public static let names = ["add", "remove", "set", "replace", "relight", "weather", "restyle", "setting", "camera",
                               "retime", "resize", "extend", "trim", "add_shot", "bind_audio", "attach", "backdrop",
                               "grade", "reseed"]
}

/// Payloads list their fields so that a misspelt key ("colour") is an
/// error naming the key, not a silently ignored instruction.
public protocol OpPayload: Codable, Hashable, Sendable {
    associatedtype CodingKeys: CodingKey & CaseIterable
}

public struct AddObject: OpPayload {
    /// Generated from the kind ("car-1") when absent. An id already in the
    /// cast places that same object (one identity) in another shot.
    public var id: ObjectID?
    public var kind: CatalogKind?
    public var variant: String?
    public var color: RGBColor?
    public var label: String?
    public var size: Double?
    public var seed: UInt64?
    /// Shot to place it in; the last shot when absent.
    public var shot: ShotID?
    /// A still position, or a path of keyframes (shot-local frames).
    public var position: Point2?
    public var path: [Keyframe<Point2>]?
    public var scale: [Keyframe<Double>]?
    public var rotation: [Keyframe<Double>]?
    /// Keyframed opacity, 0...1, for fades.
    public var opacity: [Keyframe<Double>]?
    public var depth: Double?
    public var enter: FrameIndex?
    public var exit: FrameIndex?
    public var physics: PhysicsBody?

    public init(id: ObjectID? = nil, kind: CatalogKind? = nil, variant: String? = nil, color: RGBColor? = nil,
                label: String? = nil, size: Double? = nil, seed: UInt64? = nil, shot: ShotID? = nil,
                position: Point2? = nil, path: [Keyframe<Point2>]? = nil, scale: [Keyframe<Double>]? = nil,
                rotation: [Keyframe<Double>]? = nil, opacity: [Keyframe<Double>]? = nil, depth: Double? = nil,
                enter: FrameIndex? = nil, exit: FrameIndex? = nil, physics: PhysicsBody? = nil) {
        self.id = id; self.kind = kind; self.variant = variant; self.color = color; self.label = label
        self.size = size; self.seed = seed; self.shot = shot; self.position = position; self.path = path
        self.scale = scale; self.rotation = rotation; self.opacity = opacity; self.depth = depth; self.enter = enter
        self.exit = exit; self.physics = physics
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, variant, color, label, size, seed, shot, position, path, scale, rotation, opacity, depth, enter, exit, physics
    }
}

public struct RemoveObject: OpPayload {
    public var object: ObjectID
    /// With a scope the object is hidden there only; without, it leaves the project.
    public var scope: Scope?
    public init(object: ObjectID, scope: Scope? = nil) { self.object = object; self.scope = scope }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, scope }
}

public struct SetProperty: OpPayload {
    public enum Property: String, Codable, Sendable, CaseIterable {
        case color, label, size, position, depth
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
    }
    public var object: ObjectID
    public var property: Property
    /// A colour string, a label string, a size number, a point [x, y] or a depth number.
    public var value: PropertyValue
    public var shot: ShotID?
    public var scope: Scope?
    public var transition: Int?

    public init(object: ObjectID, property: Property, value: PropertyValue, shot: ShotID? = nil, scope: Scope? = nil, transition: Int? = nil) {
        self.object = object; self.property = property; self.value = value; self.shot = shot; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, property, value, shot, scope, transition }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        object = try c.decode(String.self, forKey: .object)
        property = try c.decode(Property.self, forKey: .property)
        shot = try c.decodeIfPresent(String.self, forKey: .shot)
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope)
        transition = try c.decodeIfPresent(Int.self, forKey: .transition)
        switch property {
        case .color: value = .color(try c.decode(RGBColor.self, forKey: .value))
        case .label: value = .text(try c.decode(String.self, forKey: .value))
        case .size, .depth: value = .number(try c.decode(Double.self, forKey: .value))
        case .position: value = .point(try c.decode(Point2.self, forKey: .value))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(object, forKey: .object)
        try c.encode(property, forKey: .property)
        switch value {
        case .color(let v): try c.encode(v, forKey: .value)
        case .text(let v): try c.encode(v, forKey: .value)
        case .number(let v): try c.encode(v, forKey: .value)
        case .point(let v): try c.encode(v, forKey: .value)
        }
        try c.encodeIfPresent(shot, forKey: .shot)
        try c.encodeIfPresent(scope, forKey: .scope)
        try c.encodeIfPresent(transition, forKey: .transition)
    }
}

public enum PropertyValue: Hashable, Sendable {
    case color(RGBColor), text(String), number(Double), point(Point2)
}

public struct Replace: OpPayload {
    public var object: ObjectID
    public var kind: CatalogKind?
    public var variant: String?
    public var scope: Scope?
    public var transition: Int?
    public init(object: ObjectID, kind: CatalogKind? = nil, variant: String? = nil, scope: Scope? = nil, transition: Int? = nil) {
        self.object = object; self.kind = kind; self.variant = variant; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, kind, variant, scope, transition }
}

public struct Relight: OpPayload {
    public var timeOfDay: TimeOfDay
    public var shot: ShotID?
    public var scope: Scope?
    public var transition: Int?
    public init(timeOfDay: TimeOfDay, shot: ShotID? = nil, scope: Scope? = nil, transition: Int? = nil) {
        self.timeOfDay = timeOfDay; self.shot = shot; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case timeOfDay = "time_of_day", shot, scope, transition }
}

public struct SetWeather: OpPayload {
    public var weather: Weather
    public var shot: ShotID?
    public var scope: Scope?
    public var transition: Int?
    public init(weather: Weather, shot: ShotID? = nil, scope: Scope? = nil, transition: Int? = nil) {
        self.weather = weather; self.shot = shot; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case weather, shot, scope, transition }
}

public struct Restyle: OpPayload {
    public var style: Style
    public var shot: ShotID?
    public var scope: Scope?
    public init(style: Style, shot: ShotID? = nil, scope: Scope? = nil) { self.style = style; self.shot = shot; self.scope = scope }
    public enum CodingKeys: String, CodingKey, CaseIterable { case style, shot, scope }
}

public struct SetSetting: OpPayload {
    public var setting: Setting
    public var shot: ShotID?
    public var scope: Scope?
    public init(setting: Setting, shot: ShotID? = nil, scope: Scope? = nil) { self.setting = setting; self.shot = shot; self.scope = scope }
    public enum CodingKeys: String, CodingKey, CaseIterable { case setting, shot, scope }
}

/// Camera moves are blocking, like an object's path: they write keyframes
/// into the shot's camera, so the framing holds after the move ends. Only
/// shake is an override, because a shake should stop when its frames end.
public struct CameraMove: OpPayload {
    public enum Move: String, Codable, Sendable, CaseIterable {
        case `static`, panLeft = "pan-left", panRight = "pan-right", tiltUp = "tilt-up", tiltDown = "tilt-down"
        case zoomIn = "zoom-in", zoomOut = "zoom-out", shake, follow, roll
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
    }
    public var move: Move
    public var shot: ShotID?
    /// Global frames the move spans; the whole shot when absent.
    public var frames: FrameRange?
    /// Pan and tilt: fraction of the frame; zoom: factor; shake: amplitude; roll: degrees.
    public var amount: Double?
    /// For follow: the object to keep in frame.
    public var target: ObjectID?
    public var easing: Easing?

    public init(move: Move, shot: ShotID? = nil, frames: FrameRange? = nil, amount: Double? = nil, target: ObjectID? = nil, easing: Easing? = nil) {
        self.move = move; self.shot = shot; self.frames = frames; self.amount = amount; self.target = target; self.easing = easing
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case move, shot, frames, amount, target, easing }
}

public struct Retime: OpPayload {
    /// The object whose motion is retimed; every object in the shot when absent.
    public var object: ObjectID?
    public var shot: ShotID?
    /// Playback speed of the motion: 2 is twice as fast.
    public var speed: Double?
    public var enter: FrameIndex?
    public var exit: FrameIndex?
    public init(object: ObjectID? = nil, shot: ShotID? = nil, speed: Double? = nil, enter: FrameIndex? = nil, exit: FrameIndex? = nil) {
        self.object = object; self.shot = shot; self.speed = speed; self.enter = enter; self.exit = exit
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, shot, speed, enter, exit }
}

public struct Resize: OpPayload {
    public var object: ObjectID
    public var factor: Double
    public var scope: Scope?
    public var transition: Int?
    public init(object: ObjectID, factor: Double, scope: Scope? = nil, transition: Int? = nil) {
        self.object = object; self.factor = factor; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, factor, scope, transition }
}

public struct ShotLength: OpPayload {
    /// The last shot when absent.
    public var shot: ShotID?
    public var frames: Int
    public init(shot: ShotID? = nil, frames: Int) { self.shot = shot; self.frames = frames }
    public enum CodingKeys: String, CodingKey, CaseIterable { case shot, frames }
}

public struct AddShot: OpPayload {
    public var id: ShotID?
    public var frames: Int?
    /// Starts from the previous shot's environment; these fields replace parts of it.
    public var setting: Setting?
    public var timeOfDay: TimeOfDay?
    public var weather: Weather?
    public var style: Style?
    /// Objects carried over from the previous shot, same identity and blocking.
    public var objects: [ObjectID]?
    public var after: ShotID?
    public init(id: ShotID? = nil, frames: Int? = nil, setting: Setting? = nil, timeOfDay: TimeOfDay? = nil, weather: Weather? = nil,
                style: Style? = nil, objects: [ObjectID]? = nil, after: ShotID? = nil) {
        self.id = id; self.frames = frames; self.setting = setting; self.timeOfDay = timeOfDay; self.weather = weather
        self.style = style; self.objects = objects; self.after = after
    }
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, frames, setting, timeOfDay = "time_of_day", weather, style, objects, after
    }
}

public struct BindAudio: OpPayload {
    public var object: ObjectID
    public var media: String
    public var property: AudioBinding.Property
    public var gain: Double?
    public init(object: ObjectID, media: String, property: AudioBinding.Property, gain: Double? = nil) {
        self.object = object; self.media = media; self.property = property; self.gain = gain
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, media, property, gain }
}

/// Records an attached media file in the scene (the bytes are in the store).
public struct Attach: OpPayload {
    public var hash: String
    public var name: String
    public var kind: Attachment.Kind
    public init(hash: String, name: String, kind: Attachment.Kind) { self.hash = hash; self.name = name; self.kind = kind }
    public enum CodingKeys: String, CodingKey, CaseIterable { case hash, name, kind }
}

public struct SetBackdrop: OpPayload {
    /// An attached image's hash; absent clears the backdrop.
    public var media: String?
    public var shot: ShotID?
    public var scope: Scope?
    public init(media: String?, shot: ShotID? = nil, scope: Scope? = nil) { self.media = media; self.shot = shot; self.scope = scope }
    public enum CodingKeys: String, CodingKey, CaseIterable { case media, shot, scope }
}

public struct SetGrade: OpPayload {
    /// Absent (with no `like`) clears the grade.
    public var grade: ColorGrade?
    /// "Make it look like ref.png": an attached image's hash. The session
    /// resolves it into a concrete `grade` (from the rendered frames' and the
    /// image's colour statistics) before the op is applied.
    public var like: String?
    public var shot: ShotID?
    public var scope: Scope?
    public var transition: Int?
    public init(grade: ColorGrade?, like: String? = nil, shot: ShotID? = nil, scope: Scope? = nil, transition: Int? = nil) {
        self.grade = grade; self.like = like; self.shot = shot; self.scope = scope; self.transition = transition
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case grade, like, shot, scope, transition }
}

/// A new take: new seeds for the objects in scope (every object, and the
/// project's effects seed, when unscoped).
public struct Reseed: OpPayload {
    public var object: ObjectID?
    /// Derived deterministically from the old seed when absent.
    public var seed: UInt64?
    public var scope: Scope?
    public init(object: ObjectID? = nil, seed: UInt64? = nil, scope: Scope? = nil) { self.object = object; self.seed = seed; self.scope = scope }
    public enum CodingKeys: String, CodingKey, CaseIterable { case object, seed, scope }
}

// MARK: - JSON

extension Op: Codable {
    struct TagKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let op = TagKey(stringValue: "op")
    }

    private static func decode<P: OpPayload>(_ type: P.Type, from decoder: Decoder, keys: KeyedDecodingContainer<TagKey>) throws -> P {
        let known = Set(P.CodingKeys.allCases.map(\.stringValue)).union(["op"])
        for key in keys.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(forKey: key, in: keys, debugDescription:
                "unknown field \"\(key.stringValue)\" (expected: \(P.CodingKeys.allCases.map(\.stringValue).joined(separator: ", ")))")
        }
        return try P(from: decoder)
    }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: TagKey.self)
        let tag = try keys.decode(String.self, forKey: .op)
        switch tag {
        case "add": self = .add(try Op.decode(AddObject.self, from: decoder, keys: keys))
        case "remove": self = .remove(try Op.decode(RemoveObject.self, from: decoder, keys: keys))
        case "set": self = .set(try Op.decode(SetProperty.self, from: decoder, keys: keys))
        case "replace": self = .replace(try Op.decode(Replace.self, from: decoder, keys: keys))
        case "relight": self = .relight(try Op.decode(Relight.self, from: decoder, keys: keys))
        case "weather": self = .weather(try Op.decode(SetWeather.self, from: decoder, keys: keys))
        case "restyle": self = .restyle(try Op.decode(Restyle.self, from: decoder, keys: keys))
        case "setting": self = .setting(try Op.decode(SetSetting.self, from: decoder, keys: keys))
        case "camera": self = .camera(try Op.decode(CameraMove.self, from: decoder, keys: keys))
        case "retime": self = .retime(try Op.decode(Retime.self, from: decoder, keys: keys))
        case "resize": self = .resize(try Op.decode(Resize.self, from: decoder, keys: keys))
        case "extend": self = .extend(try Op.decode(ShotLength.self, from: decoder, keys: keys))
        case "trim": self = .trim(try Op.decode(ShotLength.self, from: decoder, keys: keys))
        case "add_shot": self = .addShot(try Op.decode(AddShot.self, from: decoder, keys: keys))
        case "bind_audio": self = .bindAudio(try Op.decode(BindAudio.self, from: decoder, keys: keys))
        case "attach": self = .attach(try Op.decode(Attach.self, from: decoder, keys: keys))
        case "backdrop": self = .backdrop(try Op.decode(SetBackdrop.self, from: decoder, keys: keys))
        case "grade": self = .grade(try Op.decode(SetGrade.self, from: decoder, keys: keys))
        case "reseed": self = .reseed(try Op.decode(Reseed.self, from: decoder, keys: keys))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: keys, debugDescription:
                "unknown op \"\(tag)\" (known: \(Op.names.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var tag = encoder.container(keyedBy: TagKey.self)
        try tag.encode(name, forKey: .op)
        switch self {
        case .add(let p): try p.encode(to: encoder)
        case .remove(let p): try p.encode(to: encoder)
        case .set(let p): try p.encode(to: encoder)
        case .replace(let p): try p.encode(to: encoder)
        case .relight(let p): try p.encode(to: encoder)
        case .weather(let p): try p.encode(to: encoder)
        case .restyle(let p): try p.encode(to: encoder)
        case .setting(let p): try p.encode(to: encoder)
        case .camera(let p): try p.encode(to: encoder)
        case .retime(let p): try p.encode(to: encoder)
        case .resize(let p): try p.encode(to: encoder)
        case .extend(let p), .trim(let p): try p.encode(to: encoder)
        case .addShot(let p): try p.encode(to: encoder)
        case .bindAudio(let p): try p.encode(to: encoder)
        case .attach(let p): try p.encode(to: encoder)
        case .backdrop(let p): try p.encode(to: encoder)
        case .grade(let p): try p.encode(to: encoder)
        case .reseed(let p): try p.encode(to: encoder)
        }
    }
}
