import AuteurCore

/// Colour arithmetic for the look, in linear light.
enum LookTone {
    /// A colour picked by eye as 0xRRGGBB sRGB.
    static func srgb(_ hex: UInt32, _ alpha: Float = 1) -> LinearColor {
        LinearColor(RGBColor(UInt8(hex >> 16 & 0xff), UInt8(hex >> 8 & 0xff), UInt8(hex & 0xff)), opacity: alpha)
    }

    static func mix(_ a: LinearColor, _ b: LinearColor, _ t: Double) -> LinearColor {
        let f = Float(max(0, min(1, t)))
        return LinearColor(red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
                           blue: a.blue + (b.blue - a.blue) * f, alpha: a.alpha + (b.alpha - a.alpha) * f)
    }

    static func scale(_ c: LinearColor, _ s: Double) -> LinearColor {
        let f = Float(s)
        return LinearColor(red: c.red * f, green: c.green * f, blue: c.blue * f, alpha: c.alpha)
    }

    /// A surface of colour `albedo` under `light` (channel by channel).
    static func lit(_ albedo: LinearColor, _ light: LinearColor) -> LinearColor {
        LinearColor(red: albedo.red * light.red, green: albedo.green * light.green,
                    blue: albedo.blue * light.blue, alpha: albedo.alpha)
    }

    static func add(_ a: LinearColor, _ b: LinearColor, _ s: Double = 1) -> LinearColor {
        let f = Float(s)
        return LinearColor(red: a.red + b.red * f, green: a.green + b.green * f, blue: a.blue + b.blue * f, alpha: a.alpha)
    }

    static func luminance(_ c: LinearColor) -> Float { 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue }

    /// Towards grey of the same luminance by `t`.
    static func desaturate(_ c: LinearColor, _ t: Double) -> LinearColor {
        let l = luminance(c)
        return mix(c, LinearColor(red: l, green: l, blue: l, alpha: c.alpha), t)
    }

    static func smoothstep(_ e0: Double, _ e1: Double, _ x: Double) -> Double {
        let t = max(0, min(1, (x - e0) / (e1 - e0)))
        return t * t * (3 - 2 * t)
    }

    static func stops(_ pairs: [(Float, LinearColor)]) -> [GradientStop] {
        pairs.map { GradientStop($0.0, $0.1) }
    }
}

/// Smooth seeded noise along one axis, and per-slot random numbers, so
/// terrain and props are functions of world position alone.
struct LookNoise {
    let seed: UInt64

    init(_ name: String) { seed = Seeds.hash("look:" + name) }

    /// Uniform in [0, 1) for integer lattice point `i` and channel `k`.
    func unit(_ i: Int, _ k: UInt64 = 0) -> Double {
        let h = Seeds.combine(Seeds.combine(seed, k), UInt64(bitPattern: Int64(i)))
        return Double(h >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Value noise in [0, 1], smooth (C1) between lattice points.
    func value(_ x: Double, _ k: UInt64 = 0) -> Double {
        let i = x.rounded(.down)
        let f = x - i, u = f * f * (3 - 2 * f)
        let a = unit(Int(i), k), b = unit(Int(i) + 1, k)
        return a + (b - a) * u
    }

    /// Octaves of value noise, each half as strong and twice as fine, in [0, 1].
    func fractal(_ x: Double, octaves: Int, _ k: UInt64 = 0) -> Double {
        var sum = 0.0, amp = 1.0, norm = 0.0, freq = 1.0
        for o in 0..<octaves {
            sum += value(x * freq + Double(o) * 17.31, k &+ UInt64(o)) * amp
            norm += amp; amp *= 0.5; freq *= 2
        }
        return sum / norm
    }

    /// Ridged octaves (sharp crests, as mountains have), in [0, 1].
    func ridged(_ x: Double, octaves: Int, _ k: UInt64 = 0) -> Double {
        var sum = 0.0, amp = 1.0, norm = 0.0, freq = 1.0
        for o in 0..<octaves {
            let v = 1 - abs(value(x * freq + Double(o) * 9.7, k &+ UInt64(o)) * 2 - 1)
            sum += v * v * amp
            norm += amp; amp *= 0.5; freq *= 2.1
        }
        return sum / norm
    }
}
