/// Where and when an edit applies: a frame range (or every frame) crossed
/// with the whole frame, a set of objects, or a rectangular region.
public struct Scope: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Global frames; nil means the whole sequence.
    public var frames: FrameRange?
    /// Objects the edit is limited to; nil means not limited by object.
    public var objects: [ObjectID]?
    /// A region of the frame; nil means the whole frame.
    public var region: Region?

    public init(frames: FrameRange? = nil, objects: [ObjectID]? = nil, region: Region? = nil) {
        self.frames = frames; self.objects = objects; self.region = region
    }

    public static let everything = Scope()

    enum CodingKeys: String, CodingKey, CaseIterable { case frames, objects, region }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(frames: try c.decodeIfPresent(FrameRange.self, forKey: .frames),
                  objects: try c.decodeIfPresent([ObjectID].self, forKey: .objects),
                  region: try c.decodeIfPresent(Region.self, forKey: .region))
    }

    public var isEverything: Bool { frames == nil && objects == nil && region == nil }

    public func contains(frame: FrameIndex) -> Bool { frames?.contains(frame) ?? true }

    public var description: String {
        var parts: [String] = []
        if let f = frames { parts.append("frames \(f)") }
        if let o = objects { parts.append(o.joined(separator: ", ")) }
        if let r = region { parts.append("region \(r)") }
        return parts.isEmpty ? "everything" : parts.joined(separator: "; ")
    }
}

/// The property an edit sets. Object properties apply to objects (in the
/// scope's object set or region); environment and camera properties apply
/// to the frame, or within the region only.
public enum Change: Hashable, Sendable, Codable {
    case color(RGBColor)
    case kind(CatalogKind, variant: String)
    case label(String)
    /// Multiplies the object's size.
    case scale(Double)
    case visible(Bool)
    case seed(UInt64)
    case timeOfDay(TimeOfDay)
    case weather(Weather)
    case style(Style)
    case setting(Setting)
    case backdrop(String?)
    case grade(ColorGrade)
    /// Camera shake amplitude as a fraction of the frame height.
    case shake(Double)

    public var isObjectChange: Bool {
        switch self {
        case .color, .kind, .label, .scale, .visible, .seed: return true
        default: return false
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case property, color, kind, variant, label, scale, visible, seed, timeOfDay = "time_of_day", weather, style, setting, backdrop, grade, shake
    }

    public var propertyName: String {
        switch self {
        case .color: return "color"
        case .kind: return "kind"
        case .label: return "label"
        case .scale: return "scale"
        case .visible: return "visible"
        case .seed: return "seed"
        case .timeOfDay: return "time_of_day"
        case .weather: return "weather"
        case .style: return "style"
        case .setting: return "setting"
        case .backdrop: return "backdrop"
        case .grade: return "grade"
        case .shake: return "shake"
        }
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let property = try c.decode(String.self, forKey: .property)
        switch property {
        case "color": self = .color(try c.decode(RGBColor.self, forKey: .color))
        case "kind":
            let k = try c.decode(CatalogKind.self, forKey: .kind)
            self = .kind(k, variant: try c.decodeIfPresent(String.self, forKey: .variant) ?? k.defaultVariant)
        case "label": self = .label(try c.decode(String.self, forKey: .label))
        case "scale": self = .scale(try c.decode(Double.self, forKey: .scale))
        case "visible": self = .visible(try c.decode(Bool.self, forKey: .visible))
        case "seed": self = .seed(try c.decode(UInt64.self, forKey: .seed))
        case "time_of_day": self = .timeOfDay(try c.decode(TimeOfDay.self, forKey: .timeOfDay))
        case "weather": self = .weather(try c.decode(Weather.self, forKey: .weather))
        case "style": self = .style(try c.decode(Style.self, forKey: .style))
        case "setting": self = .setting(try c.decode(Setting.self, forKey: .setting))
        case "backdrop": self = .backdrop(try c.decodeIfPresent(String.self, forKey: .backdrop))
        case "grade": self = .grade(try c.decode(ColorGrade.self, forKey: .grade))
        case "shake": self = .shake(try c.decode(Double.self, forKey: .shake))
        default:
            throw DecodingError.dataCorruptedError(forKey: .property, in: c, debugDescription: "unknown property \"\(property)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(propertyName, forKey: .property)
        switch self {
        case .color(let v): try c.encode(v, forKey: .color)
        case .kind(let k, let v): try c.encode(k, forKey: .kind); try c.encode(v, forKey: .variant)
        case .label(let v): try c.encode(v, forKey: .label)
        case .scale(let v): try c.encode(v, forKey: .scale)
        case .visible(let v): try c.encode(v, forKey: .visible)
        case .seed(let v): try c.encode(v, forKey: .seed)
        case .timeOfDay(let v): try c.encode(v, forKey: .timeOfDay)
        case .weather(let v): try c.encode(v, forKey: .weather)
        case .style(let v): try c.encode(v, forKey: .style)
        case .setting(let v): try c.encode(v, forKey: .setting)
        case .backdrop(let v): try c.encode(v, forKey: .backdrop)
        case .grade(let v): try c.encode(v, forKey: .grade)
        case .shake(let v): try c.encode(v, forKey: .shake)
        }
    }
}

/// A non-destructive edit: a change that holds only inside its scope,
/// layered over the base scene. Later edits win over earlier ones.
public struct ScopedEdit: Hashable, Sendable, Codable {
    public var scope: Scope
    public var change: Change
    /// Frames over which the change fades in at the start of the scope and
    /// out at its end. The fade stays inside the scope.
    public var transition: Int

    public init(scope: Scope, change: Change, transition: Int = 0) {
        self.scope = scope; self.change = change; self.transition = max(0, transition)
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case scope, change, transition }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(scope: try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .everything,
                  change: try c.decode(Change.self, forKey: .change),
                  transition: try c.decodeIfPresent(Int.self, forKey: .transition) ?? 0)
    }

    /// How much of the change shows at `frame`: 0 outside the scope, ramping
    /// to 1 within `transition` frames of the scope's ends.
    public func weight(at frame: FrameIndex) -> Double {
        guard scope.contains(frame: frame) else { return 0 }
        guard transition > 0, let r = scope.frames else { return 1 }
        let fromStart = Double(frame - r.start + 1) / Double(transition + 1)
        let toEnd = Double(r.end - frame + 1) / Double(transition + 1)
        return min(1, fromStart, toEnd)
    }

    func validate(in project: Project) throws {
        if let objects = scope.objects {
            for o in objects where project.member(o) == nil {
                throw AuteurError.invalid("an edit is scoped to unknown object \(o)")
            }
        }
        if let r = scope.region { _ = try r.validated() }
        switch change {
        case .kind(let k, let v):
            guard k.variants.contains(v) else { throw AuteurError.invalid("\(k.rawValue) has no variant \(v)") }
        case .scale(let s):
            guard s > 0, s.isFinite else { throw AuteurError.invalid("scale must be positive, got \(s)") }
        case .shake(let a):
            guard a >= 0, a <= 1 else { throw AuteurError.invalid("shake must be between 0 and 1, got \(a)") }
        case .backdrop(let b?):
            guard project.attachments.contains(where: { $0.hash == b && $0.kind == .image }) else {
                throw AuteurError.invalid("backdrop \(b) is not an attached image")
            }
        default: break
        }
    }
}
