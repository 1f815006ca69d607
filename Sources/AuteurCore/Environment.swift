public enum Setting: String, Codable, Sendable, CaseIterable {
    case desert, beach, city, forest, ocean, space, studio, snowfield, meadow, mountains, office, underwater, kitchen

    public var isInterior: Bool { self == .studio || self == .office || self == .kitchen }
    public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
}

/// Time of day: a named preset or a clock time. Presets are anchored to
/// clock hours so that lighting can be interpolated between any two.
public enum TimeOfDay: Hashable, Sendable, Codable, CustomStringConvertible {
    case preset(Preset)
    /// Hours since midnight, 0 ..< 24.
    case clock(Double)

    public enum Preset: String, Codable, Sendable, CaseIterable {
        case dawn, morning, noon, afternoon, sunset, dusk, night
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }

        public var hours: Double {
            switch self {
            case .dawn: return 6.0
            case .morning: return 9.0
            case .noon: return 12.0
            case .afternoon: return 15.5
            case .sunset: return 18.5
            case .dusk: return 19.5
            case .night: return 23.0
            }
        }
    }

    public var hours: Double {
        switch self {
        case .preset(let p): return p.hours
        case .clock(let h): return h
        }
    }

    /// The preset whose anchor is nearest on the 24 h circle.
    public var nearestPreset: Preset {
        let h = hours
        func circular(_ a: Double) -> Double { let d = abs(a - h).truncatingRemainder(dividingBy: 24); return min(d, 24 - d) }
        // Deep night hours (before dawn) belong to night.
        if h < 5 || h >= 21.5 { return .night }
        return Preset.allCases.min { circular($0.hours) < circular($1.hours) }!
    }

    public init?(text: String) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let p = Preset(rawValue: t) { self = .preset(p); return }
        let parts = t.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        self = .clock(Double(h) + Double(m) / 60)
    }

    public var description: String {
        switch self {
        case .preset(let p): return p.rawValue
        case .clock(let h):
            let total = Int((h * 60).rounded()) % (24 * 60)
            let hh = total / 60, mm = total % 60
            return (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let v = TimeOfDay(text: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected dawn, morning, noon, afternoon, sunset, dusk, night or a clock time like \"18:45\", got \"\(text)\"")
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Interpolates on the 24 h circle along the shorter way.
    public func interpolated(to other: TimeOfDay, _ t: Double) -> TimeOfDay {
        if t <= 0 { return self }
        if t >= 1 { return other }
        var d = other.hours - hours
        if d > 12 { d -= 24 }
        if d < -12 { d += 24 }
        var h = hours + d * t
        if h < 0 { h += 24 }
        if h >= 24 { h -= 24 }
        return .clock(h)
    }
}

public struct Weather: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case clear, rain, snow, fog, storm
        public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
    }
    public var kind: Kind
    /// 0 (none) to 1 (heaviest).
    public var intensity: Double

    public init(_ kind: Kind, intensity: Double = 0.6) {
        self.kind = kind
        self.intensity = kind == .clear ? 0 : min(1, max(0, intensity))
    }

    public static let clear = Weather(.clear)

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, intensity }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let intensity = try c.decodeIfPresent(Double.self, forKey: .intensity) ?? 0.6
        guard intensity >= 0, intensity <= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .intensity, in: c, debugDescription: "intensity must be between 0 and 1")
        }
        self.init(kind, intensity: intensity)
    }
}

public enum Style: String, Codable, Sendable, CaseIterable {
    case natural, noir, pastel, neon, sepia, blueprint
    public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }
}

/// A colour grade: a 3x3 matrix and an offset applied to linear RGB,
/// `out = matrix * (in - sourceMean) + targetMean`, folded into one affine map.
/// `strength` mixes it with the ungraded image.
public struct ColorGrade: Hashable, Sendable, Codable {
    /// Row-major 3x3.
    public var matrix: [Double]
    public var offset: [Double]
    public var strength: Double
    /// The attached image the grade was computed from, if any (content hash).
    public var reference: String?

    public init(matrix: [Double], offset: [Double], strength: Double = 1, reference: String? = nil) {
        self.matrix = matrix
        self.offset = offset
        self.strength = strength
        self.reference = reference
    }

    public static let identity = ColorGrade(matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1], offset: [0, 0, 0])

    enum CodingKeys: String, CodingKey, CaseIterable { case matrix, offset, strength, reference }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        matrix = try c.decode([Double].self, forKey: .matrix)
        offset = try c.decodeIfPresent([Double].self, forKey: .offset) ?? [0, 0, 0]
        strength = try c.decodeIfPresent(Double.self, forKey: .strength) ?? 1
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        guard matrix.count == 9, matrix.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(forKey: .matrix, in: c, debugDescription: "a grade matrix has 9 finite numbers")
        }
        guard offset.count == 3, offset.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(forKey: .offset, in: c, debugDescription: "a grade offset has 3 finite numbers")
        }
        guard strength >= 0, strength <= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .strength, in: c, debugDescription: "strength must be between 0 and 1")
        }
    }

    public func mixed(with other: ColorGrade, _ t: Double) -> ColorGrade {
        ColorGrade(matrix: zip(matrix, other.matrix).map { $0 + ($1 - $0) * t },
                   offset: zip(offset, other.offset).map { $0 + ($1 - $0) * t },
                   strength: strength + (other.strength - strength) * t,
                   reference: t < 0.5 ? reference : other.reference)
    }
}

/// Everything about where and when a shot takes place.
public struct Environment: Hashable, Sendable, Codable {
    public var setting: Setting
    public var timeOfDay: TimeOfDay
    public var weather: Weather
    public var style: Style
    /// Content hash of an attached image drawn behind everything, if any.
    public var backdrop: String?
    public var grade: ColorGrade?

    public init(setting: Setting = .studio, timeOfDay: TimeOfDay = .preset(.noon), weather: Weather = .clear,
                style: Style = .natural, backdrop: String? = nil, grade: ColorGrade? = nil) {
        self.setting = setting
        self.timeOfDay = timeOfDay
        self.weather = weather
        self.style = style
        self.backdrop = backdrop
        self.grade = grade
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case setting, timeOfDay = "time_of_day", weather, style, backdrop, grade }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        setting = try c.decodeIfPresent(Setting.self, forKey: .setting) ?? .studio
        timeOfDay = try c.decodeIfPresent(TimeOfDay.self, forKey: .timeOfDay) ?? .preset(.noon)
        weather = try c.decodeIfPresent(Weather.self, forKey: .weather) ?? .clear
        style = try c.decodeIfPresent(Style.self, forKey: .style) ?? .natural
        backdrop = try c.decodeIfPresent(String.self, forKey: .backdrop)
        grade = try c.decodeIfPresent(ColorGrade.self, forKey: .grade)
    }
}
