import AuteurCore
import Foundation

/// Light by time of day, setting and weather.
enum LookLight {
    /// The sky and light at one anchor hour. Sky colours are sRGB picked by
    /// eye; ambient and key are linear multipliers.
    struct Key {
        var hours: Double
        var top: LinearColor, middle: LinearColor, horizon: LinearColor
        var ambient: LinearColor, key: LinearColor
        /// How much the stars show, 0...1.
        var stars: Double
    }

    static func c(_ r: Float, _ g: Float, _ b: Float) -> LinearColor { LinearColor(red: r, green: g, blue: b) }
    static func s(_ hex: UInt32) -> LinearColor { LookTone.srgb(hex) }

    /// Anchors through the day. Dawn is pale and peachy under a cool blue;
    /// dusk is deep indigo over a rose afterglow, darker than dawn because
    /// the eye reads it as the light going.
    static let keys: [Key] = [
        Key(hours: 0.0, top: s(0x040818), middle: s(0x0d1734), horizon: s(0x24345c),
            ambient: c(0.10, 0.12, 0.22), key: c(0.30, 0.36, 0.52), stars: 1),
        Key(hours: 4.6, top: s(0x050a1c), middle: s(0x101a3a), horizon: s(0x283860),
            ambient: c(0.11, 0.13, 0.23), key: c(0.30, 0.36, 0.52), stars: 1),
        Key(hours: 5.4, top: s(0x1a2550), middle: s(0x3d4275), horizon: s(0x8a6c88),
            ambient: c(0.24, 0.23, 0.34), key: c(0.55, 0.42, 0.45), stars: 0.45),
        Key(hours: 6.0, top: s(0x46649e), middle: s(0x9c93b8), horizon: s(0xf6b79a),
            ambient: c(0.55, 0.50, 0.56), key: c(1.00, 0.62, 0.45), stars: 0.08),
        Key(hours: 7.2, top: s(0x5d8fcc), middle: s(0xa9c2dc), horizon: s(0xf5d9b8),
            ambient: c(0.78, 0.75, 0.74), key: c(1.00, 0.80, 0.60), stars: 0),
        Key(hours: 9.0, top: s(0x4a8edb), middle: s(0x86b7e6), horizon: s(0xc6e0f2),
            ambient: c(0.92, 0.93, 0.96), key: c(1.00, 0.93, 0.82), stars: 0),
        Key(hours: 12.0, top: s(0x2d74d6), middle: s(0x6aa6e6), horizon: s(0xb3d8f6),
            ambient: c(1.00, 1.00, 1.00), key: c(1.00, 0.98, 0.94), stars: 0),
        Key(hours: 15.5, top: s(0x3a7fd0), middle: s(0x7eb2e2), horizon: s(0xd3e0e6),
            ambient: c(0.97, 0.94, 0.88), key: c(1.00, 0.89, 0.72), stars: 0),
        Key(hours: 17.4, top: s(0x4a77b8), middle: s(0x9fb1cc), horizon: s(0xf6cf92),
            ambient: c(0.90, 0.77, 0.60), key: c(1.00, 0.72, 0.40), stars: 0),
        Key(hours: 18.5, top: s(0x334a8c), middle: s(0xb0668a), horizon: s(0xff8845),
            ambient: c(0.78, 0.52, 0.40), key: c(1.00, 0.48, 0.22), stars: 0),
        Key(hours: 19.5, top: s(0x171c48), middle: s(0x4c3766), horizon: s(0xb0586e),
            ambient: c(0.30, 0.24, 0.36), key: c(0.50, 0.30, 0.36), stars: 0.35),
        Key(hours: 20.6, top: s(0x0a1030), middle: s(0x182350), horizon: s(0x33406e),
            ambient: c(0.14, 0.15, 0.27), key: c(0.30, 0.36, 0.52), stars: 0.85),
    ]

    /// The blended anchor for `hours` (any real number, taken modulo 24).
    static func key(at hours: Double) -> Key {
        var h = hours.truncatingRemainder(dividingBy: 24)
        if h < 0 { h += 24 }
        var i = keys.count - 1
        for (k, key) in keys.enumerated() where key.hours <= h { i = k }
        let a = keys[i], b = keys[(i + 1) % keys.count]
        var span = b.hours - a.hours
        if span <= 0 { span += 24 }
        var into = h - a.hours
        if into < 0 { into += 24 }
        let t = LookTone.smoothstep(0, 1, into / span)
        let m = LookTone.mix
        return Key(hours: h, top: m(a.top, b.top, t), middle: m(a.middle, b.middle, t), horizon: m(a.horizon, b.horizon, t),
                   ambient: m(a.ambient, b.ambient, t), key: m(a.key, b.key, t), stars: a.stars + (b.stars - a.stars) * t)
    }

    static let sunrise = 5.8, sunset = 19.1
    static let moonrise = 19.3, moonset = 6.2
    /// How high the sun reaches above the horizon at its highest, in frame heights.
    static let arcHeight = 0.5

    /// Where a body on a daily arc stands: frame x from left (rising) to
    /// right (setting), and its elevation, 0 at the horizon, 1 at the top.
    static func arc(_ hours: Double, rise: Double, set: Double) -> (x: Double, elevation: Double) {
        var span = set - rise
        if span <= 0 { span += 24 }
        var into = hours - rise
        if into < 0 { into += 24 }
        if into > 24 - 1e-9 { into -= 24 }
        let f = into / span
        let x = 0.1 + 0.76 * f
        // Below the horizon the body sinks after setting and climbs back
        // before rising, so elevation is continuous around the clock.
        let below = min(f - 1, 24 / span - f)
        let e = f <= 1 ? sin(Double.pi * f) : -min(1, below * 3)
        return (x, e)
    }

    /// How overcast the weather makes the sky, 0 (clear) to 1.
    static func overcast(_ w: Weather) -> Double {
        let base: Double = switch w.kind {
        case .clear: 0
        case .rain: 0.7
        case .storm: 0.95
        case .snow: 0.6
        case .fog: 0.55
        }
        return base * (0.55 + 0.45 * w.intensity)
    }

    static func lighting(for environment: Environment) -> Lighting {
        let hours = environment.timeOfDay.hours
        let k = key(at: hours)
        let sun = arc(hours, rise: sunrise, set: sunset)
        let moon = arc(hours, rise: moonrise, set: moonset)
        let horizon = 0.62
        let daylight = max(0, min(1, (sun.elevation + 0.12) / 0.62))

        // Light comes from whichever body is up; in the twilight between,
        // the sky itself lights the scene and shadows all but vanish.
        let sunUp = sun.elevation > -0.03
        let body = sunUp ? sun : moon
        let elevation = max(0.02, body.elevation)
        let angle = elevation * 70 * Double.pi / 180
        let shadowDirection = max(-1, min(1, (0.5 - body.x) * 2.4))
        let shadowLength = max(0.2, min(3, 1 / tan(angle)))
        var shadowOpacity: Double
        if sunUp {
            shadowOpacity = 0.25 + 0.3 * LookTone.smoothstep(0, 0.5, sun.elevation)
        } else if moon.elevation > 0 {
            shadowOpacity = 0.2 * LookTone.smoothstep(0, 0.3, moon.elevation)
        } else {
            shadowOpacity = 0.1
        }
        // In twilight the shadow fades out with the sun rather than snapping.
        if sunUp { shadowOpacity *= LookTone.smoothstep(-0.02, 0.08, sun.elevation) * 0.85 + 0.15 }

        var light = Lighting(
            skyTop: k.top, skyHorizon: k.horizon, ambient: k.ambient, key: k.key,
            sunPosition: sunUp ? Point2(sun.x, horizon - arcHeight * sun.elevation)
                               : Point2(moon.x, horizon - 0.45 * moon.elevation),
            sunVisible: sunUp, moonVisible: !sunUp && moon.elevation > -0.03,
            starsVisible: k.stars > 0.05, shadowDirection: shadowDirection, shadowLength: shadowLength,
            shadowOpacity: shadowOpacity, daylight: daylight)

        switch environment.setting {
        case .studio, .office, .kitchen:
            return interior(light, setting: environment.setting)
        case .underwater:
            return underwater(light)
        case .space:
            return space(light)
        default:
            break
        }
        let cover = overcast(environment.weather)
        if cover > 0 {
            let grey = LookTone.srgb(0x9aa3ad)
            let dim = 1 - 0.45 * cover
            light.skyTop = LookTone.scale(LookTone.mix(LookTone.desaturate(light.skyTop, cover), LookTone.scale(grey, 0.6 * light.daylight + 0.08), cover * 0.8), dim)
            light.skyHorizon = LookTone.scale(LookTone.mix(LookTone.desaturate(light.skyHorizon, cover), LookTone.scale(grey, 0.85 * light.daylight + 0.1), cover * 0.8), dim)
            light.ambient = LookTone.scale(LookTone.desaturate(light.ambient, cover * 0.6), 1 - 0.35 * cover)
            light.key = LookTone.scale(light.key, 1 - 0.85 * cover)
            light.shadowOpacity *= 1 - 0.9 * cover
            light.sunVisible = light.sunVisible && cover < 0.5
            light.moonVisible = light.moonVisible && cover < 0.5
            light.starsVisible = light.starsVisible && cover < 0.4
        }
        return light
    }

    /// Lamps light a room: steady and a little warmer at night. The sky
    /// colours stay those of outside, for the view through a window.
    static func interior(_ outside: Lighting, setting: Setting) -> Lighting {
        var l = outside
        let night = 1 - outside.daylight
        let lamp = setting == .studio ? c(1.0, 0.99, 0.97) : LookTone.mix(c(1.0, 0.98, 0.94), c(1.0, 0.86, 0.66), night)
        l.ambient = setting == .studio ? c(1.0, 1.0, 1.0) : LookTone.scale(lamp, 0.97 - 0.12 * night)
        l.key = lamp
        l.sunPosition = Point2(0.35, 0.05)
        l.sunVisible = false; l.moonVisible = false; l.starsVisible = false
        // Ceiling lights: short soft shadows cast a little to the right.
        l.shadowDirection = 0.25; l.shadowLength = 0.3; l.shadowOpacity = 0.35
        return l
    }

    static func underwater(_ outside: Lighting) -> Lighting {
        var l = outside
        let day = 0.1 + 0.9 * outside.daylight
        l.skyTop = LookTone.scale(s(0x4fc0c8), day)
        l.skyHorizon = LookTone.scale(s(0x0b4a66), day)
        l.ambient = LookTone.scale(c(0.55, 0.80, 0.82), 0.35 + 0.55 * outside.daylight)
        l.key = LookTone.scale(c(0.70, 0.95, 0.92), day)
        l.sunPosition = Point2(0.5, -0.2)
        l.sunVisible = false; l.moonVisible = false; l.starsVisible = false
        l.shadowDirection = 0; l.shadowLength = 0.2; l.shadowOpacity = 0.15
        return l
    }

    static func space(_ outside: Lighting) -> Lighting {
        var l = outside
        l.skyTop = c(0, 0, 0)
        l.skyHorizon = s(0x05060d)
        l.ambient = c(0.32, 0.33, 0.40)
        l.key = c(1, 0.98, 0.95)
        // A hard light from a star off to the left.
        l.sunPosition = Point2(-0.3, 0.3)
        l.sunVisible = false; l.moonVisible = false; l.starsVisible = true
        l.shadowDirection = 1; l.shadowLength = 0.8; l.shadowOpacity = 0.6
        l.daylight = 0.3
        return l
    }
}
