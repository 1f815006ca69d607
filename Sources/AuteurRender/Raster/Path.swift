/// Which points a filled path covers where its outline crosses itself.
public enum FillRule: UInt8, Hashable, Sendable {
    /// Inside wherever the outline winds around the point at least once.
    case nonZero
    /// Inside wherever a ray from the point crosses the outline an odd number of times.
    case evenOdd
}

/// A shape outline: subpaths of lines and Bézier curves. Immutable, finite,
/// with at least one segment; build one with `PathBuilder`.
public struct Path: Hashable, Sendable {
    enum Verb: UInt8, Hashable, Sendable { case move, line, quad, cubic, close }

    let verbs: [Verb]
    let points: [Point]
    /// Bounds of every point, control points included (so conservative).
    public let minX: Float, minY: Float, maxX: Float, maxY: Float

    fileprivate init?(verbs: [Verb], points: [Point]) {
        guard verbs.contains(where: { $0 == .line || $0 == .quad || $0 == .cubic }),
              points.allSatisfy(\.isFinite) else { return nil }
        self.verbs = verbs
        self.points = points
        var lx = Float.infinity, ly = Float.infinity, hx = -Float.infinity, hy = -Float.infinity
        for p in points {
            lx = min(lx, p.x); ly = min(ly, p.y); hx = max(hx, p.x); hy = max(hy, p.y)
        }
        minX = lx; minY = ly; maxX = hx; maxY = hy
    }

    /// Nil for a path that is a point or a line (nothing to fill).
    public var bounds: Rect? { Rect(left: minX, top: minY, right: maxX, bottom: maxY) }

    /// Nil when the transform sends a point to infinity.
    public func transformed(by t: Transform) -> Path? {
        Path(verbs: verbs, points: points.map(t.map))
    }

    public static func rect(_ r: Rect) -> Path {
        var b = PathBuilder(); b.addRect(r); return b.finish()!
    }

    /// Nil for a radius that is not positive and finite.
    public static func circle(center: Point, radius: Float) -> Path? {
        var b = PathBuilder(); b.addCircle(center: center, radius: radius); return b.finish()
    }

    public static func ellipse(in r: Rect) -> Path {
        var b = PathBuilder(); b.addEllipse(in: r); return b.finish()!
    }

    public static func roundedRect(_ r: Rect, radius: Float) -> Path {
        var b = PathBuilder(); b.addRoundedRect(r, radius: radius); return b.finish()!
    }

    /// Nil for fewer than two points.
    public static func polygon(_ points: [Point], closed: Bool = true) -> Path? {
        var b = PathBuilder(); b.addPolygon(points, closed: closed); return b.finish()
    }

    /// A polyline approximation: each subpath becomes a list of points no
    /// farther than `tolerance` from the curve, in the path's own units.
    func flattened(tolerance: Float) -> [Contour] {
        var out: [Contour] = []
        var current: [Point] = []
        var start = Point.zero, last = Point.zero
        var pi = 0
        func flush(closed: Bool) {
            if !current.isEmpty { out.append(Contour(points: current, closed: closed)) }
            current = []
        }
        func add(_ p: Point) {
            // Drop repeats: zero-length steps have no direction to stroke.
            if let q = current.last, q == p { return }
            current.append(p)
        }
        for verb in verbs {
            switch verb {
            case .move:
                flush(closed: false)
                start = points[pi]; last = start; pi += 1
                current = [start]
            case .line:
                if current.isEmpty { current = [last] }
                last = points[pi]; pi += 1
                add(last)
            case .quad:
                if current.isEmpty { current = [last] }
                let p0 = last, p1 = points[pi], p2 = points[pi + 1]; pi += 2
                let dd = (p0 - p1 * 2 + p2).length
                let n = max(1, min(500, Int((0.25 * dd / tolerance).squareRoot().rounded(.up))))
                for i in 1...n {
                    let t = Float(i) / Float(n), u = 1 - t
                    add(i == n ? p2 : p0 * (u * u) + p1 * (2 * u * t) + p2 * (t * t))
                }
                last = p2
            case .cubic:
                if current.isEmpty { current = [last] }
                let p0 = last, p1 = points[pi], p2 = points[pi + 1], p3 = points[pi + 2]; pi += 3
                let dd = max((p0 - p1 * 2 + p2).length, (p1 - p2 * 2 + p3).length)
                let n = max(1, min(500, Int((0.75 * dd / tolerance).squareRoot().rounded(.up))))
                for i in 1...n {
                    let t = Float(i) / Float(n), u = 1 - t
                    let p = p0 * (u * u * u) + p1 * (3 * u * u * t) + p2 * (3 * u * t * t) + p3 * (t * t * t)
                    add(i == n ? p3 : p)
                }
                last = p3
            case .close:
                if current.count > 1, current.last == start { current.removeLast() }
                flush(closed: true)
                last = start
            }
        }
        flush(closed: false)
        return out
    }
}

/// One flattened subpath.
struct Contour {
    var points: [Point]
    var closed: Bool
}

/// Builds a `Path` from pen moves. Drawing before any `move` starts at the
/// origin; `finish()` is nil when nothing drawable was added.
public struct PathBuilder: Sendable {
    var verbs: [Path.Verb] = []
    var points: [Point] = []
    private var lastMove: Point?

    public init() {}

    public mutating func move(to p: Point) {
        // Consecutive moves keep only the last: an empty subpath draws nothing.
        if verbs.last == .move { points[points.count - 1] = p } else { verbs.append(.move); points.append(p) }
        lastMove = p
    }

    private mutating func ensureStarted() {
        if lastMove == nil { move(to: .zero) }
        if verbs.last == .close, let m = lastMove { move(to: m) }
    }

    public mutating func line(to p: Point) {
        ensureStarted(); verbs.append(.line); points.append(p)
    }

    public mutating func quad(to p: Point, control c: Point) {
        ensureStarted(); verbs.append(.quad); points.append(c); points.append(p)
    }

    public mutating func cubic(to p: Point, control1 c1: Point, control2 c2: Point) {
        ensureStarted(); verbs.append(.cubic); points.append(c1); points.append(c2); points.append(p)
    }

    public mutating func close() {
        guard let v = verbs.last, v != .move, v != .close else { return }
        verbs.append(.close)
    }

    public mutating func addRect(_ r: Rect) {
        move(to: Point(r.left, r.top))
        line(to: Point(r.right, r.top))
        line(to: Point(r.right, r.bottom))
        line(to: Point(r.left, r.bottom))
        close()
    }

    /// Four cubic quarter arcs; the constant puts each arc's midpoint on
    /// the circle, which keeps the radial error under 0.03%.
    public mutating func addEllipse(in r: Rect) {
        let k: Float = 0.5522847498
        let c = r.center, rx = r.width / 2, ry = r.height / 2
        move(to: Point(c.x + rx, c.y))
        cubic(to: Point(c.x, c.y + ry), control1: Point(c.x + rx, c.y + ry * k), control2: Point(c.x + rx * k, c.y + ry))
        cubic(to: Point(c.x - rx, c.y), control1: Point(c.x - rx * k, c.y + ry), control2: Point(c.x - rx, c.y + ry * k))
        cubic(to: Point(c.x, c.y - ry), control1: Point(c.x - rx, c.y - ry * k), control2: Point(c.x - rx * k, c.y - ry))
        cubic(to: Point(c.x + rx, c.y), control1: Point(c.x + rx * k, c.y - ry), control2: Point(c.x + rx, c.y - ry * k))
        close()
    }

    public mutating func addCircle(center: Point, radius: Float) {
        guard radius > 0, let r = Rect(left: center.x - radius, top: center.y - radius,
                                       right: center.x + radius, bottom: center.y + radius) else { return }
        addEllipse(in: r)
    }

    /// Corner radius is clamped to half the shorter side.
    public mutating func addRoundedRect(_ r: Rect, radius: Float) {
        let rad = max(0, min(radius.isFinite ? radius : 0, min(r.width, r.height) / 2))
        guard rad > 0 else { addRect(r); return }
        let k: Float = 0.5522847498 * rad
        let l = r.left, t = r.top, rt = r.right, b = r.bottom
        move(to: Point(l + rad, t))
        line(to: Point(rt - rad, t))
        cubic(to: Point(rt, t + rad), control1: Point(rt - rad + k, t), control2: Point(rt, t + rad - k))
        line(to: Point(rt, b - rad))
        cubic(to: Point(rt - rad, b), control1: Point(rt, b - rad + k), control2: Point(rt - rad + k, b))
        line(to: Point(l + rad, b))
        cubic(to: Point(l, b - rad), control1: Point(l + rad - k, b), control2: Point(l, b - rad + k))
        line(to: Point(l, t + rad))
        cubic(to: Point(l + rad, t), control1: Point(l, t + rad - k), control2: Point(l + rad - k, t))
        close()
    }

    public mutating func addPolygon(_ pts: [Point], closed: Bool = true) {
        guard pts.count >= 2 else { return }
        move(to: pts[0])
        for p in pts.dropFirst() { line(to: p) }
        if closed { close() }
    }

    public mutating func addPath(_ path: Path, transform: Transform = .identity) {
        var pi = 0
        for v in path.verbs {
            switch v {
            case .move: move(to: transform.map(path.points[pi])); pi += 1
            case .line: line(to: transform.map(path.points[pi])); pi += 1
            case .quad:
                quad(to: transform.map(path.points[pi + 1]), control: transform.map(path.points[pi])); pi += 2
            case .cubic:
                cubic(to: transform.map(path.points[pi + 2]), control1: transform.map(path.points[pi]),
                      control2: transform.map(path.points[pi + 1])); pi += 3
            case .close: close()
            }
        }
    }

    public var isEmpty: Bool { !verbs.contains { $0 != .move && $0 != .close } }

    public func finish() -> Path? {
        var v = verbs, p = points
        // A trailing move starts nothing.
        if v.last == .move { v.removeLast(); p.removeLast() }
        return Path(verbs: v, points: p)
    }
}
