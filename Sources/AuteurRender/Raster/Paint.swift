import AuteurCore
import Foundation

/// A colour in linear light (not sRGB-encoded), straight alpha, 0...1.
/// Mixing and blending happen in linear light so that half of white over
/// black looks half as bright, as light does.
public struct LinearColor: Hashable, Sendable {
    public var red: Float, green: Float, blue: Float, alpha: Float

    public init(red: Float, green: Float, blue: Float, alpha: Float = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// Decodes an 8-bit sRGB colour (as written in a scene) to linear light.
    public init(_ srgb: RGBColor, opacity: Float = 1) {
        red = SRGB.decode[Int(srgb.r)]
        green = SRGB.decode[Int(srgb.g)]
        blue = SRGB.decode[Int(srgb.b)]
        alpha = opacity
    }

    public static let black = LinearColor(red: 0, green: 0, blue: 0)
    public static let white = LinearColor(red: 1, green: 1, blue: 1)
    public static let clear = LinearColor(red: 0, green: 0, blue: 0, alpha: 0)

    public func withOpacity(_ a: Float) -> LinearColor {
        LinearColor(red: red, green: green, blue: blue, alpha: alpha * a)
    }

    /// Clamped to 0...1 and premultiplied, as the compositor works.
    var premultiplied: SIMD4<Float> {
        func c(_ v: Float) -> Float { v.isFinite ? max(0, min(1, v)) : 0 }
        let a = c(alpha)
        return SIMD4(c(red) * a, c(green) * a, c(blue) * a, a)
    }
}

public struct GradientStop: Hashable, Sendable {
    /// Position along the gradient, 0...1.
    public var offset: Float
    public var color: LinearColor
    public init(_ offset: Float, _ color: LinearColor) { self.offset = offset; self.color = color }
}

/// What fills the covered pixels. Gradient and image geometry is in the
/// same units as the path it paints (it moves with the command's
/// transform). Outside its ends a gradient keeps its end colours (pad).
/// Colours are interpolated in linear light, premultiplied, so a fade to
/// transparent does not darken.
public enum Paint: Hashable, Sendable {
    case solid(LinearColor)
    case linearGradient(from: Point, to: Point, stops: [GradientStop])
    case radialGradient(center: Point, radius: Float, stops: [GradientStop])
    /// The image, its pixel space placed in the path's units by `transform`
    /// (then by the command's transform, like the path), sampled
    /// bilinearly in linear light; beyond its edges the edge pixels extend.
    case image(ImageTexture, transform: Transform)

    public static func color(_ c: RGBColor, opacity: Float = 1) -> Paint { .solid(LinearColor(c, opacity: opacity)) }
}

/// A paint resolved to device space, ready to evaluate at a pixel centre.
enum DevicePaint: Hashable, Sendable {
    case solid(SIMD4<Float>)
    /// t = dot(inverse(p) - origin, axis), axis pre-divided by its squared length.
    case linear(inverse: Transform, origin: Point, axis: Point, stops: GradientRamp)
    case radial(inverse: Transform, center: Point, inverseRadius: Float, stops: GradientRamp)
    /// `inverse` maps device space to image pixels.
    case image(inverse: Transform, texture: ImageTexture)

    /// Nil when the paint cannot be drawn (no stops, degenerate geometry).
    init?(_ paint: Paint, transform: Transform) {
        switch paint {
        case .solid(let c):
            self = .solid(c.premultiplied)
        case .linearGradient(let a, let b, let stops):
            guard let ramp = GradientRamp(stops) else { return nil }
            if let c = ramp.constant { self = .solid(c); return }
            let d = b - a, len2 = d.dot(d)
            guard a.isFinite, b.isFinite, len2 > 1e-12, len2.isFinite, let inv = transform.inverted() else { return nil }
            self = .linear(inverse: inv, origin: a, axis: d * (1 / len2), stops: ramp)
        case .radialGradient(let c, let r, let stops):
            guard let ramp = GradientRamp(stops) else { return nil }
            if let col = ramp.constant { self = .solid(col); return }
            guard c.isFinite, r > 0, r.isFinite, let inv = transform.inverted() else { return nil }
            self = .radial(inverse: inv, center: c, inverseRadius: 1 / r, stops: ramp)
        case .image(let texture, let placement):
            guard placement.isFinite, let inv = placement.then(transform).inverted() else { return nil }
            self = .image(inverse: inv, texture: texture)
        }
    }

    /// Alpha 1 at every pixel: a solid colour that is opaque (the
    /// rasteriser's own test), or a gradient whose stops all have alpha
    /// exactly 1, which interpolation keeps at exactly 1.
    var isOpaque: Bool {
        switch self {
        case .solid: return isOpaqueSolid
        case .linear(_, _, _, let stops), .radial(_, _, _, let stops): return stops.colors.allSatisfy { $0.w == 1 }
        case .image: return false
        }
    }

    var isOpaqueSolid: Bool {
        if case .solid(let c) = self { return c.w >= 1 }
        return false
    }

    /// The premultiplied colour at the centre of global pixel (x, y). Only
    /// the pixel's own coordinates enter, so any tiling gives the same value.
    @inline(__always)
    func color(x: Int, y: Int) -> SIMD4<Float> {
        switch self {
        case .solid(let c):
            return c
        case .linear(let inv, let o, let axis, let ramp):
            let p = inv.map(Point(Float(x) + 0.5, Float(y) + 0.5))
            return ramp.color(at: (p - o).dot(axis))
        case .radial(let inv, let c, let ir, let ramp):
            let p = inv.map(Point(Float(x) + 0.5, Float(y) + 0.5))
            return ramp.color(at: (p - c).length * ir)
        case .image(let inv, let texture):
            return texture.sample(inv.map(Point(Float(x) + 0.5, Float(y) + 0.5)))
        }
    }
}

/// Sorted gradient stops, premultiplied.
struct GradientRamp: Hashable, Sendable {
    let offsets: [Float]
    let colors: [SIMD4<Float>]

    init?(_ stops: [GradientStop]) {
        let valid = stops.filter { $0.offset.isFinite }
        guard !valid.isEmpty else { return nil }
        // Stable order keeps hard edges (two stops at one offset) as written.
        let sorted = valid.enumerated().sorted {
            $0.element.offset != $1.element.offset ? $0.element.offset < $1.element.offset : $0.offset < $1.offset
        }.map(\.element)
        offsets = sorted.map { max(0, min(1, $0.offset)) }
        colors = sorted.map { $0.color.premultiplied }
    }

    var constant: SIMD4<Float>? { colors.allSatisfy { $0 == colors[0] } ? colors[0] : nil }

    @inline(__always)
    func color(at t: Float) -> SIMD4<Float> {
        guard t.isFinite else { return colors[0] }
        if t <= offsets[0] { return colors[0] }
        let last = offsets.count - 1
        if t >= offsets[last] { return colors[last] }
        var i = 1
        while offsets[i] < t { i += 1 }
        let span = offsets[i] - offsets[i - 1]
        if span <= 0 { return colors[i] }
        let f = (t - offsets[i - 1]) / span
        return colors[i - 1] + (colors[i] - colors[i - 1]) * f
    }
}

/// sRGB transfer function tables.
enum SRGB {
    /// 8-bit sRGB code to linear light.
    static let decode: [Float] = (0..<256).map { i in
        let s = Double(i) / 255
        return Float(s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4))
    }

    /// Linear light in 1/65535 steps to the nearest 8-bit sRGB code. The
    /// step is fine enough that even the steep dark end rounds correctly,
    /// and 64 KiB stays in cache.
    static let encodeSteps = 65535
    static let encode: [UInt8] = (0...65535).map { i in
        let l = Double(i) / 65535
        let s = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8(max(0, min(255, (s * 255).rounded())))
    }
}
