/// An sRGB colour, 8 bits a channel, written "#rrggbb" in JSON. People's
/// names for colours ("red", "navy") are accepted when decoding.
public struct RGBColor: Hashable, Sendable, Codable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
    }

    /// A hex code or a colour name from `RGBColor.named`.
    public init?(text: String) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if let c = RGBColor.named[t] { self = c; return }
        guard let c = RGBColor(hex: t) else { return nil }
        self = c
    }

    public var hex: String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for v in [r, g, b] {
            out.append(digits[Int(v >> 4)])
            out.append(digits[Int(v & 0xf)])
        }
        return out
    }

    public var description: String { hex }

    /// Mixes in sRGB component space; rounding keeps the result deterministic.
    public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(a) + (Double(b) - Double(a)) * t).rounded())))
        }
        return RGBColor(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let color = RGBColor(text: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a colour such as \"#ff0000\" or \"red\", got \"\(text)\"")
        }
        self = color
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }

    /// Prototypes for the eleven basic colour terms, plus common extras.
    /// The basic ones are chosen to sit clearly inside their CIELAB region.
    public static let named: [String: RGBColor] = [
        "black": RGBColor(0x1a, 0x1a, 0x1a),
        "white": RGBColor(0xf5, 0xf5, 0xf5),
        "red": RGBColor(0xd6, 0x28, 0x28),
        "green": RGBColor(0x2e, 0x9e, 0x3a),
        "yellow": RGBColor(0xf2, 0xd0, 0x2a),
        "blue": RGBColor(0x25, 0x5f, 0xd6),
        "brown": RGBColor(0x7a, 0x4a, 0x22),
        "purple": RGBColor(0x7d, 0x3c, 0xb5),
        "pink": RGBColor(0xf2, 0x8c, 0xb8),
        "orange": RGBColor(0xf2, 0x84, 0x1d),
        "gray": RGBColor(0x88, 0x88, 0x88),
        "grey": RGBColor(0x88, 0x88, 0x88),
        "silver": RGBColor(0xc0, 0xc0, 0xc8),
        "gold": RGBColor(0xd4, 0xaf, 0x37),
        "navy": RGBColor(0x1b, 0x2a, 0x6b),
        "teal": RGBColor(0x1f, 0x8a, 0x8a),
        "cyan": RGBColor(0x2a, 0xc8, 0xe0),
        "magenta": RGBColor(0xd0, 0x2a, 0xb8),
        "beige": RGBColor(0xe0, 0xd2, 0xb0),
        "maroon": RGBColor(0x70, 0x1c, 0x1c),
    ]
}
