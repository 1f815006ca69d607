import Foundation

/// Path builders for the asset painters, in local units. They take plain
/// coordinate pairs so that a drawing reads like its sketch.
extension AssetPen {
    typealias XY = (Float, Float)

    func oval(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float) -> Path? {
        guard let r = Rect(left: cx - rx, top: cy - ry, right: cx + rx, bottom: cy + ry) else { return nil }
        return Path.ellipse(in: r)
    }

    func circle(_ cx: Float, _ cy: Float, _ r: Float) -> Path? { oval(cx, cy, r, r) }

    func box(_ l: Float, _ t: Float, _ r: Float, _ b: Float, round rad: Float = 0) -> Path? {
        guard let rect = Rect(left: l, top: t, right: r, bottom: b) else { return nil }
        return rad > 0 ? Path.roundedRect(rect, radius: rad) : Path.rect(rect)
    }

    func poly(_ pts: [XY], closed: Bool = true) -> Path? {
        Path.polygon(pts.map { Point($0.0, $0.1) }, closed: closed)
    }

    /// Several closed polygons as one path (one draw command).
    func polys(_ shapes: [[XY]]) -> Path? {
        var b = PathBuilder()
        for s in shapes where s.count >= 3 { b.addPolygon(s.map { Point($0.0, $0.1) }) }
        return b.finish()
    }

    /// Several ellipses as one path: (cx, cy, rx, ry).
    func ovals(_ list: [(Float, Float, Float, Float)]) -> Path? {
        var b = PathBuilder()
        for o in list {
            if let r = Rect(left: o.0 - o.2, top: o.1 - o.3, right: o.0 + o.2, bottom: o.1 + o.3) { b.addEllipse(in: r) }
        }
        return b.finish()
    }

    /// Several rectangles as one path: (left, top, right, bottom).
    func boxes(_ list: [(Float, Float, Float, Float)], round rad: Float = 0) -> Path? {
        var b = PathBuilder()
        for o in list {
            guard let r = Rect(left: o.0, top: o.1, right: o.2, bottom: o.3) else { continue }
            if rad > 0 { b.addRoundedRect(r, radius: rad) } else { b.addRect(r) }
        }
        return b.finish()
    }

    /// A smooth closed outline through `pts` (Catmull-Rom as cubics).
    func blob(_ pts: [XY], tension: Float = 1) -> Path? {
        guard pts.count >= 3 else { return nil }
        var b = PathBuilder()
        spline(&b, pts, closed: true, tension: tension)
        return b.finish()
    }

    /// A smooth open line through `pts`.
    func curve(_ pts: [XY], tension: Float = 1) -> Path? {
        guard pts.count >= 2 else { return nil }
        var b = PathBuilder()
        spline(&b, pts, closed: false, tension: tension)
        return b.finish()
    }

    /// Several open polylines (each at least two points) as one path.
    func lines(_ list: [[XY]]) -> Path? {
        var b = PathBuilder()
        for l in list where l.count >= 2 { b.addPolygon(l.map { Point($0.0, $0.1) }, closed: false) }
        return b.finish()
    }

    func spline(_ b: inout PathBuilder, _ pts: [XY], closed: Bool, tension: Float) {
        let p = pts.map { Point($0.0, $0.1) }
        let n = p.count
        func at(_ i: Int) -> Point {
            closed ? p[(i + n) % n] : p[max(0, min(n - 1, i))]
        }
        b.move(to: p[0])
        let segments = closed ? n : n - 1
        let k = tension / 6
        for i in 0..<segments {
            let p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2)
            b.cubic(to: p2, control1: p1 + (p2 - p0) * k, control2: p2 - (p3 - p1) * k)
        }
        if closed { b.close() }
    }

    /// A star or burst: `count` points alternating between two radii.
    func star(_ cx: Float, _ cy: Float, points count: Int, outer: Float, inner: Float, turn: Float = 0) -> Path? {
        var pts: [XY] = []
        for i in 0..<(2 * count) {
            let a = turn + Float(i) * .pi / Float(count) - .pi / 2
            let r = i % 2 == 0 ? outer : inner
            pts.append((cx + r * cos(a), cy + r * sin(a)))
        }
        return poly(pts)
    }

    /// Points on a circular arc, angles in radians (0 = right, clockwise on screen).
    func arc(_ cx: Float, _ cy: Float, _ r: Float, from a0: Float, to a1: Float, steps: Int = 16) -> [XY] {
        (0...steps).map { i in
            let a = a0 + (a1 - a0) * Float(i) / Float(steps)
            return (cx + r * cos(a), cy + r * sin(a))
        }
    }

    /// A polygon whose corners are rounded: each point is (x, y, radius).
    /// Radii are clamped to half of the neighbouring edges.
    func rounded(_ pts: [(Float, Float, Float)]) -> Path? {
        guard pts.count >= 3 else { return nil }
        let p = pts.map { Point($0.0, $0.1) }
        let n = p.count
        var b = PathBuilder()
        for i in 0..<n {
            let prev = p[(i + n - 1) % n], cur = p[i], next = p[(i + 1) % n]
            let d0 = cur - prev, d1 = next - cur
            let l0 = d0.length, l1 = d1.length
            let r = min(pts[i].2, l0 / 2, l1 / 2)
            if r <= 0 || l0 == 0 || l1 == 0 {
                if i == 0 { b.move(to: cur) } else { b.line(to: cur) }
                continue
            }
            let a = cur - d0 * (r / l0), c = cur + d1 * (r / l1)
            if i == 0 { b.move(to: a) } else { b.line(to: a) }
            b.quad(to: c, control: cur)
        }
        b.close()
        return b.finish()
    }

    /// The part of ellipse (cx, cy, rx, ry) between x0 and x1: stripes on round bodies.
    func ovalBand(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from x0: Float, to x1: Float, steps: Int = 8) -> [XY] {
        let a = max(cx - rx, min(x0, x1)), b = min(cx + rx, max(x0, x1))
        guard b > a else { return [] }
        func half(_ x: Float) -> Float {
            let u = (x - cx) / rx
            return ry * max(0, 1 - u * u).squareRoot()
        }
        var top: [XY] = [], bottom: [XY] = []
        for i in 0...steps {
            let x = a + (b - a) * Float(i) / Float(steps)
            top.append((x, cy - half(x)))
            bottom.append((x, cy + half(x)))
        }
        return top + bottom.reversed()
    }

    /// Horizontal lines at each y from x0 to x1, as one path.
    func rails(_ ys: [Float], from x0: Float, to x1: Float) -> Path? {
        var out: [[XY]] = []
        for y in ys { out.append([(x0, y), (x1, y)]) }
        return lines(out)
    }

    /// Window bars: a vertical (and optionally a horizontal) bar through each pane.
    func muntins(_ panes: [(Float, Float, Float, Float)], cross: Bool) -> Path? {
        var out: [[XY]] = []
        for p in panes {
            let mx: Float = (p.0 + p.2) / 2, my: Float = (p.1 + p.3) / 2
            out.append([(mx, p.1), (mx, p.3)])
            if cross { out.append([(p.0, my), (p.2, my)]) }
        }
        return lines(out)
    }
}
