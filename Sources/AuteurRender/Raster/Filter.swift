/// A `ColorMatrix` laid out for the compositor, which keeps colour
/// premultiplied. The matrix is linear, so applying it to premultiplied
/// rgb equals applying it to straight rgb and premultiplying, except for
/// the offset, which must be scaled by alpha: hence the alpha column holds
/// the offsets. Clamping premultiplied rgb to 0...alpha is clamping
/// straight rgb to 0...1. Alpha itself is kept exactly.
struct ColorFilter: Hashable, Sendable {
    /// What each input channel (r, g, b, a) adds to the output (r, g, b, a).
    let red: SIMD4<Float>, green: SIMD4<Float>, blue: SIMD4<Float>, alpha: SIMD4<Float>

    /// Nil when the matrix is malformed or holds a non-finite value: such a
    /// filter would turn pixels into NaN, which encode as nothing sensible.
    init?(_ matrix: ColorMatrix) {
        let m = matrix.m, o = matrix.offset
        guard m.count == 9, o.count == 3, m.allSatisfy(\.isFinite), o.allSatisfy(\.isFinite) else { return nil }
        red = SIMD4(m[0], m[3], m[6], 0)
        green = SIMD4(m[1], m[4], m[7], 0)
        blue = SIMD4(m[2], m[5], m[8], 0)
        alpha = SIMD4(o[0], o[1], o[2], 1)
    }

    var isIdentity: Bool {
        red == SIMD4(1, 0, 0, 0) && green == SIMD4(0, 1, 0, 0) && blue == SIMD4(0, 0, 1, 0) && alpha == SIMD4(0, 0, 0, 1)
    }

    /// The filtered premultiplied colour. A pure function of the pixel, so
    /// a uniform tile filtered once agrees with the same pixels filtered one
    /// by one. Zero coefficients add exact zeros, so a channel the matrix
    /// copies is copied bit for bit.
    @inline(__always)
    func apply(_ p: SIMD4<Float>) -> SIMD4<Float> {
        let v = red * p.x + green * p.y + blue * p.z + alpha * p.w
        return pointwiseMin(pointwiseMax(v, .zero), SIMD4(repeating: p.w))
    }

    func digest(into h: inout ContentDigest) {
        for column in [red, green, blue, alpha] { for i in 0..<4 { h.add(column[i]) } }
    }
}
