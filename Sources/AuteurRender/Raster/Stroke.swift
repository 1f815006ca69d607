import Foundation

public enum LineJoin: UInt8, Hashable, Sendable { case miter, round, bevel }
public enum LineCap: UInt8, Hashable, Sendable { case butt, round, square }

/// How to outline a path. Width is in the path's own units.
public struct Stroke: Hashable, Sendable {
    public var width: Float
    public var join: LineJoin
    public var cap: LineCap
    /// Past this ratio of miter length to width, a miter join is bevelled.
    public var miterLimit: Float

    public init(width: Float, join: LineJoin = .miter, cap: LineCap = .butt, miterLimit: Float = 4) {
        self.width = width; self.join = join; self.cap = cap; self.miterLimit = miterLimit
    }
}

extension Path {
    /// The outline of the area the stroke paints, to be filled non-zero.
    /// `tolerance` bounds the flattening error in this path's units.
    /// Nil for a width that is not positive and finite, or when nothing
    /// would be painted (a lone point with butt caps).
    public func stroked(_ stroke: Stroke, tolerance: Float = 0.2) -> Path? {
        guard stroke.width > 0, stroke.width.isFinite, tolerance > 0 else { return nil }
        var stroker = Stroker(style: stroke, tolerance: tolerance)
        for contour in flattened(tolerance: tolerance) {
            stroker.add(contour)
        }
        return stroker.builder.finish()
    }
}

/// Offsets each side of a polyline by half the width, joins the segments
/// on the outer side of each turn, and passes through the vertex on the
/// inner side. The inner loops that leaves wind the same way as the body,
/// so a non-zero fill paints the union without seams.
private struct Stroker {
    let style: Stroke
    let half: Float
    let tolerance: Float
    var builder = PathBuilder()

    init(style: Stroke, tolerance: Float) {
        self.style = style
        self.half = style.width / 2
        self.tolerance = tolerance
    }

    mutating func add(_ contour: Contour) {
        var pts = contour.points
        if contour.closed, pts.count > 2, pts.first == pts.last { pts.removeLast() }
        if pts.count == 1 {
            dot(at: pts[0])
            return
        }
        if contour.closed, pts.count >= 3 {
            closedOutline(pts)
        } else {
            openOutline(pts)
        }
    }

    /// A zero-length subpath: round and square caps still show a mark.
    private mutating func dot(at p: Point) {
        switch style.cap {
        case .butt: return
        case .round:
            var ring = [p + Point(half, 0)]
            arc(around: p, from: Point(half, 0), sweep: 2 * .pi, into: &ring)
            builder.addPolygon(ring)
        case .square:
            if let r = Rect(left: p.x - half, top: p.y - half, right: p.x + half, bottom: p.y + half) {
                builder.addRect(r)
            }
        }
    }

    private func normal(_ a: Point, _ b: Point) -> Point {
        let d = b - a
        let len = d.length
        return Point(-d.y / len, d.x / len)
    }

    private mutating func openOutline(_ pts: [Point]) {
        let n = pts.count
        var left: [Point] = [], right: [Point] = []
        let n0 = normal(pts[0], pts[1])
        left.append(pts[0] + n0 * half)
        right.append(pts[0] - n0 * half)
        for i in 1..<(n - 1) {
            join(at: pts[i], prev: pts[i - 1], next: pts[i + 1], side: 1, into: &left)
            join(at: pts[i], prev: pts[i - 1], next: pts[i + 1], side: -1, into: &right)
        }
        let nl = normal(pts[n - 2], pts[n - 1])
        left.append(pts[n - 1] + nl * half)
        right.append(pts[n - 1] - nl * half)

        var outline = left
        cap(at: pts[n - 1], normal: nl, forward: Point(nl.y, -nl.x), into: &outline)
        outline.append(contentsOf: right.reversed())
        cap(at: pts[0], normal: n0 * -1, forward: Point(-n0.y, n0.x), into: &outline)
        builder.addPolygon(outline)
    }

    private mutating func closedOutline(_ pts: [Point]) {
        let n = pts.count
        var left: [Point] = [], right: [Point] = []
        for i in 0..<n {
            let prev = pts[(i + n - 1) % n], next = pts[(i + 1) % n]
            join(at: pts[i], prev: prev, next: next, side: 1, into: &left)
            join(at: pts[i], prev: prev, next: next, side: -1, into: &right)
        }
        // Opposite orientations make the ring between the two outlines the inside.
        builder.addPolygon(left)
        builder.addPolygon(right.reversed())
    }

    /// Appends the offset points on one side (`side` +1 or -1) at a vertex.
    private func join(at p: Point, prev: Point, next: Point, side: Float, into out: inout [Point]) {
        let n0 = normal(prev, p) * side, n1 = normal(p, next) * side
        let a = p + n0 * half, b = p + n1 * half
        let d0 = p - prev, d1 = next - p
        let turn = d0.cross(d1) * side
        let straight = abs(d0.cross(d1)) <= 1e-6 * d0.length * d1.length && d0.dot(d1) > 0
        if straight {
            out.append(a)
            return
        }
        if turn > 0 {
            // Inner side of the turn. Where both segments are long enough,
            // stop at the point where the two offset edges cross: a loop
            // there would be counted twice by the area rasteriser and
            // darken the inner rim. Otherwise route through the vertex
            // itself, which stays correct for any segment length.
            let c = n0.dot(n1)
            if 1 + c > 1e-6 {
                let back = half * ((1 - c) / (1 + c)).squareRoot()
                if back <= 0.5 * min(d0.length, d1.length) {
                    out.append(p + (n0 + n1) * (half / (1 + c)))
                    return
                }
            }
            out.append(a); out.append(p); out.append(b)
            return
        }
        out.append(a)
        switch style.join {
        case .bevel:
            break
        case .miter:
            // Miter length over width is 1/cos(theta/2), theta the turn angle.
            let cosHalf = ((1 + n0.dot(n1)) / 2).squareRoot()
            if cosHalf > 0, 1 / cosHalf <= style.miterLimit {
                let m = (n0 + n1) * (1 / (2 * cosHalf * cosHalf))
                out.append(p + m * half)
            }
        case .round:
            let sweep = atan2(n0.cross(n1), n0.dot(n1))
            arc(around: p, from: n0 * half, sweep: sweep, into: &out)
        }
        out.append(b)
    }

    private func cap(at p: Point, normal n: Point, forward f: Point, into out: inout [Point]) {
        switch style.cap {
        case .butt:
            break
        case .square:
            out.append(p + n * half + f * half)
            out.append(p - n * half + f * half)
        case .round:
            // From +n round through +f to -n; `f` is n turned a quarter the same way.
            let sweep: Float = n.cross(f) > 0 ? .pi : -.pi
            arc(around: p, from: n * half, sweep: sweep, into: &out)
        }
    }

    /// Interior points of an arc of radius `|from|`, endpoints excluded.
    private func arc(around c: Point, from v: Point, sweep: Float, into out: inout [Point]) {
        let r = v.length
        guard r > 0 else { return }
        let step = 2 * acos(max(-1, min(1, 1 - tolerance / r)))
        let count = max(2, min(256, Int((abs(sweep) / max(step, 1e-3)).rounded(.up))))
        let base = atan2(v.y, v.x)
        for i in 1..<count {
            let a = base + sweep * Float(i) / Float(count)
            out.append(Point(c.x + r * cos(a), c.y + r * sin(a)))
        }
    }
}
