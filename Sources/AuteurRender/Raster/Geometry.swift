import Foundation

/// A point in device pixels (or a path's own units before its transform):
/// x to the right, y down, matching frame coordinates scaled to the canvas.
public struct Point: Hashable, Sendable {
    public var x: Float
    public var y: Float
    public init(_ x: Float, _ y: Float) { self.x = x; self.y = y }
    public init(x: Float, y: Float) { self.x = x; self.y = y }

    public static let zero = Point(0, 0)
    public var isFinite: Bool { x.isFinite && y.isFinite }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (a: Point, s: Float) -> Point { Point(a.x * s, a.y * s) }
    func dot(_ b: Point) -> Float { x * b.x + y * b.y }
    func cross(_ b: Point) -> Float { x * b.y - y * b.x }
    var length: Float { (x * x + y * y).squareRoot() }
}

/// A rectangle with finite edges and positive width and height.
public struct Rect: Hashable, Sendable {
    public let left: Float, top: Float, right: Float, bottom: Float

    /// Nil when an edge is not finite or the rectangle has no area.
    public init?(left: Float, top: Float, right: Float, bottom: Float) {
        guard left.isFinite, top.isFinite, right.isFinite, bottom.isFinite,
              right > left, bottom > top else { return nil }
        self.left = left; self.top = top; self.right = right; self.bottom = bottom
    }

    public init?(x: Float, y: Float, width: Float, height: Float) {
        self.init(left: x, top: y, right: x + width, bottom: y + height)
    }

    public var width: Float { right - left }
    public var height: Float { bottom - top }
    public var center: Point { Point((left + right) / 2, (top + bottom) / 2) }

    /// The smallest pixel rectangle that contains this one.
    public var roundedOut: IntRect? {
        let lo = Float(-IntRect.coordinateLimit), hi = Float(IntRect.coordinateLimit)
        let l = Int(max(lo, min(hi, left.rounded(.down))))
        let t = Int(max(lo, min(hi, top.rounded(.down))))
        let r = Int(max(lo, min(hi, right.rounded(.up))))
        let b = Int(max(lo, min(hi, bottom.rounded(.up))))
        return IntRect(x: l, y: t, width: r - l, height: b - t)
    }
}

/// A rectangle of whole pixels, non-empty: a tile, a frame, a bounding box.
public struct IntRect: Hashable, Sendable, CustomStringConvertible {
    public let x: Int, y: Int, width: Int, height: Int

    /// Coordinates beyond this are never pixels of a frame; keeping them in
    /// range keeps every product of coordinates inside Int32 fixed point.
    static let coordinateLimit = 1 << 20

    /// Nil for an empty or absurd rectangle.
    public init?(x: Int, y: Int, width: Int, height: Int) {
        let lim = IntRect.coordinateLimit
        guard width > 0, height > 0, abs(x) <= lim, abs(y) <= lim,
              width <= 2 * lim, height <= 2 * lim else { return nil }
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var area: Int { width * height }
    public var description: String { "\(x),\(y) \(width)x\(height)" }

    public func intersection(_ other: IntRect) -> IntRect? {
        let l = max(x, other.x), t = max(y, other.y)
        let r = min(maxX, other.maxX), b = min(maxY, other.maxY)
        return IntRect(x: l, y: t, width: r - l, height: b - t)
    }

    public func intersects(_ other: IntRect) -> Bool { intersection(other) != nil }

    public func contains(_ other: IntRect) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    public func union(_ other: IntRect) -> IntRect {
        let l = min(x, other.x), t = min(y, other.y)
        return IntRect(x: l, y: t, width: max(maxX, other.maxX) - l, height: max(maxY, other.maxY) - t)!
    }

    /// Grows every side by `d` pixels.
    public func outset(by d: Int) -> IntRect {
        IntRect(x: x - d, y: y - d, width: width + 2 * d, height: height + 2 * d) ?? self
    }

    /// Splits this rectangle into a grid of tiles of at most `width` x
    /// `height`, row by row; edge tiles are smaller. Empty for a size < 1.
    public func tiles(width tw: Int, height th: Int) -> [IntRect] {
        guard tw > 0, th > 0 else { return [] }
        var out: [IntRect] = []
        out.reserveCapacity(((width + tw - 1) / tw) * ((height + th - 1) / th))
        var ty = y
        while ty < maxY {
            var tx = x
            let h = min(th, maxY - ty)
            while tx < maxX {
                out.append(IntRect(x: tx, y: ty, width: min(tw, maxX - tx), height: h)!)
                tx += tw
            }
            ty += th
        }
        return out
    }
}

/// An affine map: x' = sx*x + kx*y + tx, y' = ky*x + sy*y + ty.
public struct Transform: Hashable, Sendable {
    public var sx: Float, ky: Float, kx: Float, sy: Float, tx: Float, ty: Float

    public init(sx: Float, ky: Float, kx: Float, sy: Float, tx: Float, ty: Float) {
        self.sx = sx; self.ky = ky; self.kx = kx; self.sy = sy; self.tx = tx; self.ty = ty
    }

    public static let identity = Transform(sx: 1, ky: 0, kx: 0, sy: 1, tx: 0, ty: 0)

    public static func translation(_ x: Float, _ y: Float) -> Transform {
        Transform(sx: 1, ky: 0, kx: 0, sy: 1, tx: x, ty: y)
    }

    public static func scale(_ x: Float, _ y: Float) -> Transform {
        Transform(sx: x, ky: 0, kx: 0, sy: y, tx: 0, ty: 0)
    }

    /// Clockwise on screen (y points down), like `Placement.rotation`.
    public static func rotation(degrees: Float) -> Transform {
        let r = Double(degrees) * .pi / 180
        let c = Float(cos(r)), s = Float(sin(r))
        return Transform(sx: c, ky: s, kx: -s, sy: c, tx: 0, ty: 0)
    }

    /// Applies `self` first, then `next`.
    public func then(_ next: Transform) -> Transform {
        Transform(sx: next.sx * sx + next.kx * ky,
                  ky: next.ky * sx + next.sy * ky,
                  kx: next.sx * kx + next.kx * sy,
                  sy: next.ky * kx + next.sy * sy,
                  tx: next.sx * tx + next.kx * ty + next.tx,
                  ty: next.ky * tx + next.sy * ty + next.ty)
    }

    public func translated(_ x: Float, _ y: Float) -> Transform { then(.translation(x, y)) }
    public func scaled(_ x: Float, _ y: Float) -> Transform { then(.scale(x, y)) }
    public func rotated(degrees: Float) -> Transform { then(.rotation(degrees: degrees)) }

    public func map(_ p: Point) -> Point {
        Point(sx * p.x + kx * p.y + tx, ky * p.x + sy * p.y + ty)
    }

    public var isFinite: Bool { [sx, ky, kx, sy, tx, ty].allSatisfy(\.isFinite) }

    /// Nil when the map squashes the plane onto a line or a point.
    public func inverted() -> Transform? {
        let det = Double(sx) * Double(sy) - Double(kx) * Double(ky)
        guard isFinite, det.isFinite, abs(det) > 1e-12 else { return nil }
        let inv = 1 / det
        let a = Float(Double(sy) * inv), b = Float(-Double(ky) * inv)
        let c = Float(-Double(kx) * inv), d = Float(Double(sx) * inv)
        let t = Transform(sx: a, ky: b, kx: c, sy: d,
                          tx: Float(-(Double(a) * Double(tx) + Double(c) * Double(ty))),
                          ty: Float(-(Double(b) * Double(tx) + Double(d) * Double(ty))))
        return t.isFinite ? t : nil
    }

    /// The largest factor by which the map stretches a length; curves are
    /// flattened finer by this much so they stay smooth on screen.
    var maxScale: Float {
        // The Frobenius norm bounds the largest singular value from above.
        (sx * sx + ky * ky + kx * kx + sy * sy).squareRoot()
    }
}
