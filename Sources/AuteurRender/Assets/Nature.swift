import AuteurCore
import Foundation

/// Plants, terrain, buildings and the sky's bodies.
extension AssetPen {
    var bark: Tint { hex(0x6e4a2c) }
    var stemGreen: Tint { hex(0x2f7a34) }

    // MARK: Tree

    mutating func tree() {
        switch variant {
        case "pine": pine()
        case "palm": palm()
        case "birch": birch()
        default: oak()
        }
    }

    /// A canopy of overlapping puffs around (cx, cy), seeded layout.
    private mutating func puffs(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, count: Int, size: Float) -> [(Float, Float, Float, Float)] {
        var out: [(Float, Float, Float, Float)] = [(cx, cy, rx * 0.62, ry * 0.62)]
        for i in 0..<count {
            let a = Float(i) / Float(count) * 2 * .pi + vary(-0.3, 0.3)
            let d = vary(0.5, 0.72)
            let r = size * vary(0.75, 1.1)
            let x = cx + cos(a) * (rx - r) * d / 0.72, y = cy + sin(a) * (ry - r) * d / 0.72
            out.append((x, y, r, r))
        }
        return out
    }

    private mutating func oak() {
        let lean = vary(-0.05, 0.05)
        let trunkTop: Float = -0.05
        part(poly([(-0.08, 0.5), (0.08, 0.5), (0.05 + lean, trunkTop), (-0.05 + lean, trunkTop)]), bark, weight: .silhouette)
        var branches: [[XY]] = []
        let n = Int(vary(3, 5.99))
        for i in 0..<n {
            let side: Float = i % 2 == 0 ? -1 : 1
            let y0 = vary(-0.02, 0.14)
            branches.append([(lean * 0.5, y0), (side * vary(0.12, 0.28), vary(-0.32, -0.12))])
        }
        ink(lines(branches), width: 0.035, bark)
        let canopy = puffs(0, -0.22, 0.46, 0.3, count: Int(vary(6, 9.99)), size: 0.17)
        part(ovals(canopy.map { ($0.0, $0.1 + 0.04, $0.2, $0.3) }), tone(0.7), weight: nil)
        body(ovals(canopy))
        mark(ovals(canopy.prefix(4).map { ($0.0 - 0.03, $0.1 - 0.05, $0.2 * 0.5, $0.3 * 0.45) }), tone(1.2), alpha: 0.7)
    }

    private mutating func pine() {
        part(box(-0.05, 0.34, 0.05, 0.5), bark, weight: .silhouette)
        let tiers = Int(vary(3, 4.99))
        var shapes: [[XY]] = []
        let width = vary(0.3, 0.38)
        for i in 0..<tiers {
            let t = Float(i) / Float(tiers)
            let top = -0.5 + t * 0.62, bottom = top + 0.34 + 0.06 * t
            let w = width * (0.5 + 0.5 * (t + 1 / Float(tiers)))
            shapes.append([(0, top), (w, bottom), (w * 0.5, bottom - 0.03), (0, bottom), (-w * 0.5, bottom - 0.03), (-w, bottom)])
        }
        body(polys(shapes))
        mark(polys(shapes.map { s in [(0, s[0].1 + 0.05), (s[1].0 * 0.95, s[1].1), (s[2].0, s[2].1)] }), tone(0.7), alpha: 0.8)
    }

    private mutating func palm() {
        let lean = vary(-0.16, 0.16)
        let top = Point(lean, -0.28)
        let trunkColor = hex(0x9a7a50)
        ink(curve([(0, 0.5), (lean * 0.2, 0.1), (top.x, top.y)]), width: 0.07, trunkColor, weight: .silhouette)
        var rings: [[XY]] = []
        for i in 1..<7 {
            let t = Float(i) / 7
            let x = lean * t * t, y = 0.5 - 0.78 * t
            rings.append([(x - 0.035, y), (x + 0.035, y - 0.02)])
        }
        ink(lines(rings), width: 0.01, trunkColor * 0.6)
        let fronds = Int(vary(6, 8.99))
        var leaves: [[XY]] = []
        for i in 0..<fronds {
            let a = -.pi + Float(i) / Float(fronds - 1) * .pi + vary(-0.15, 0.15)
            let len = vary(0.3, 0.42)
            let droop: Float = 0.12
            let tip = (top.x + cos(a) * len, top.y + sin(a) * len * 0.7 + droop)
            let mid = (top.x + cos(a) * len * 0.5, top.y + sin(a) * len * 0.5)
            let n = (-sin(a) * 0.06, cos(a) * 0.06)
            leaves.append([(top.x, top.y), (mid.0 + n.0, mid.1 + n.1), tip, (mid.0 - n.0 * 0.3, mid.1 - n.1 * 0.3 + 0.03)])
        }
        body(polys(leaves))
        mark(ovals([(top.x - 0.03, top.y + 0.03, 0.035, 0.035), (top.x + 0.03, top.y + 0.04, 0.035, 0.035)]), hex(0x5a3a1a))
    }

    private mutating func birch() {
        let canopy = puffs(0, -0.2, 0.36, 0.32, count: Int(vary(5, 7.99)), size: 0.13)
        part(box(-0.045, -0.2, 0.045, 0.5), hex(0xeeebe2), weight: .silhouette)
        var marks: [(Float, Float, Float, Float)] = []
        for _ in 0..<6 {
            let y = vary(-0.05, 0.46), x = vary(-0.03, 0.0)
            marks.append((x, y, x + vary(0.02, 0.05), y + 0.015))
        }
        mark(boxes(marks), hex(0x2a2a2a))
        body(ovals(canopy), tone: 1.05)
        mark(ovals(canopy.prefix(3).map { ($0.0 + 0.02, $0.1 + 0.03, $0.2 * 0.6, $0.3 * 0.5) }), tone(0.75), alpha: 0.7)
    }

    // MARK: Flower

    mutating func flower() {
        let stemTop: Float = variant == "sunflower" ? -0.2 : -0.22
        let sway = vary(-0.04, 0.04)
        ink(curve([(0, 0.5), (sway, 0.1), (0, stemTop)]), width: variant == "sunflower" ? 0.045 : 0.03, stemGreen)
        let leafY = vary(0.1, 0.25)
        part(polys([[(0, leafY + 0.1), (-0.14, leafY - 0.02), (-0.2, leafY - 0.1), (-0.06, leafY)],
                    [(0, leafY + 0.16), (0.14, leafY + 0.06), (0.2, leafY - 0.02), (0.06, leafY + 0.08)]]), stemGreen, weight: .detail)
        switch variant {
        case "daisy":
            let n = Int(vary(11, 15.99))
            let r = vary(0.17, 0.2)
            var petals: [[XY]] = []
            for i in 0..<n {
                let a = Float(i) / Float(n) * 2 * .pi
                let c = cos(a), s = sin(a)
                petals.append([(c * 0.04 - s * 0.025, -0.3 + s * 0.04 + c * 0.025), (c * r, -0.3 + s * r),
                               (c * 0.04 + s * 0.025, -0.3 + s * 0.04 - c * 0.025)])
            }
            body(polys(petals.map { p in [p[0], ((p[0].0 + p[1].0) / 2 - (p[1].1 + 0.3) * 0.15, (p[0].1 + p[1].1) / 2 + p[1].0 * 0.15), p[1],
                                         ((p[2].0 + p[1].0) / 2 + (p[1].1 + 0.3) * 0.15, (p[2].1 + p[1].1) / 2 - p[1].0 * 0.15), p[2]] }))
            part(circle(0, -0.3, 0.06), hex(0xf2c230), weight: .detail)
        case "sunflower":
            let n = Int(vary(14, 19.99))
            let r = vary(0.24, 0.27)
            body(star(0, -0.26, points: n, outer: r, inner: 0.11, turn: vary(0, 0.3)))
            part(circle(0, -0.26, 0.12), hex(0x5a3a1a), weight: .detail)
            var seeds: [(Float, Float, Float, Float)] = []
            for i in 0..<12 {
                let a = Float(i) * 2.4, d = 0.025 * Float(i).squareRoot()
                seeds.append((cos(a) * d, -0.26 + sin(a) * d, 0.012, 0.012))
            }
            mark(ovals(seeds), hex(0x3a2410))
        default:
            let open = vary(0.0, 0.05)
            body(blob([(-0.17 - open, -0.46), (-0.02, -0.36), (0.17 + open, -0.46), (0.15, -0.24), (0.0, -0.16), (-0.15, -0.24)], tension: 0.7))
            body(blob([(-0.07, -0.5), (0.07, -0.5), (0.1, -0.28), (0.0, -0.2), (-0.1, -0.28)], tension: 0.7), tone: 0.85, weight: .detail)
        }
    }

    // MARK: Rock

    mutating func rock() {
        if variant == "pebble" {
            let ry = vary(0.24, 0.32)
            body(oval(0, 0.5 - ry, 0.5, ry))
            var specks: [(Float, Float, Float, Float)] = []
            for _ in 0..<Int(vary(6, 10)) {
                let a = vary(0, 2 * .pi), d = vary(0, 0.7)
                specks.append((cos(a) * d * 0.45, 0.5 - ry + sin(a) * d * ry * 0.8, 0.02, 0.015))
            }
            mark(ovals(specks), tone(0.6))
            mark(oval(-0.18, 0.5 - ry * 1.5, 0.14, ry * 0.2), Tint(1, 1, 1), alpha: 0.3)
            return
        }
        let n = Int(vary(8, 11.99))
        var pts: [XY] = []
        for i in 0..<n {
            let a = Float(i) / Float(n) * 2 * .pi + .pi
            let r = vary(0.4, 0.5)
            pts.append((cos(a) * r, min(0.5, sin(a) * r * 0.9 + 0.05)))
        }
        body(blob(pts, tension: 0.55))
        mark(blob([pts[0], pts[1], pts[2], (0, 0)], tension: 0.4), tone(1.18), alpha: 0.7)
        let cx = vary(-0.15, 0.1)
        ink(lines([[(cx, -0.28), (cx + 0.05, -0.2), (cx + 0.02, -0.12), (cx + 0.08, -0.04)]]), width: 0.015, tone(0.5))
    }

    // MARK: House

    mutating func house() {
        let roofColor = pick([hex(0xa84a32), hex(0x4a5058), hex(0x6a4a3a), hex(0x8a3a2a)])
        let window = mix(glassTint, hex(0xffd98a), 1 - daylight)
        switch variant {
        case "townhouse":
            body(box(-0.42, -0.42, 0.42, 0.5))
            part(box(-0.46, -0.5, 0.46, vary(-0.42, -0.38)), tone(0.65), weight: .silhouette)
            var panes: [(Float, Float, Float, Float)] = []
            for row in 0..<3 {
                for col in 0..<3 where !(row == 2 && col == 1) {
                    let x = -0.32 + Float(col) * 0.24, y = -0.32 + Float(row) * 0.26
                    panes.append((x, y, x + 0.14, y + 0.17))
                }
            }
            part(boxes(panes), window, weight: .detail)
            ink(muntins(panes, cross: false), width: 0.012, hex(0xf4f4f0))
            part(box(-0.08, 0.24, 0.08, 0.46, round: 0.02), pick([hex(0x2a3a6a), hex(0x1e1e22), hex(0x6a1a1a)]), weight: .detail)
            part(box(-0.14, 0.46, 0.14, 0.5), hex(0x9a9a94), weight: .detail)
        case "cabin":
            body(box(-0.5, -0.06, 0.5, 0.5))
            let logs: [Float] = (1..<6).map { -0.06 + Float($0) * 0.093 }
            ink(rails(logs, from: -0.5, to: 0.5), width: 0.012, tone(0.55))
            var ends: [(Float, Float, Float, Float)] = []
            for y in logs { ends.append((-0.5, y + 0.04, 0.035, 0.035)); ends.append((0.5, y + 0.04, 0.035, 0.035)) }
            mark(ovals(ends), tone(0.75))
            part(poly([(-0.64, 0.0), (0, -0.5), (0.64, 0.0), (0.54, 0.02), (0, -0.38), (-0.54, 0.02)]), pick([hex(0x2e4a34), roofColor]), weight: .silhouette)
            part(poly([(-0.5, -0.0), (0, -0.4), (0.5, 0.0)]), tone(0.8), weight: nil)
            part(box(0.08, 0.16, 0.3, 0.5), wood * 0.7, weight: .detail)
            let wx = vary(-0.4, -0.3)
            part(box(wx, 0.1, wx + 0.22, 0.28), window, weight: .detail)
            part(box(0.26, -0.42, 0.36, -0.16), hex(0x7a7670), weight: .detail)
        default:
            let wallTop = vary(-0.12, -0.04)
            part(box(0.2, -0.44, 0.32, -0.2), pick([hex(0x8a4a32), hex(0x7a7670)]), weight: .silhouette)
            body(box(-0.5, wallTop, 0.5, 0.5))
            part(poly([(-0.62, wallTop + 0.02), (0, -0.5), (0.62, wallTop + 0.02)]), roofColor, weight: .silhouette)
            let doorX = vary(-0.12, 0.06)
            part(box(doorX, 0.18, doorX + 0.16, 0.5, round: 0.02), pick([wood * 0.8, hex(0x2a4a7a), hex(0x6a1a1a)]), weight: .detail)
            mark(circle(doorX + 0.12, 0.35, 0.015), chrome)
            let panes: [(Float, Float, Float, Float)] = [(-0.4, 0.08, -0.2, 0.28), (0.26, 0.08, 0.42, 0.28)]
            part(boxes(panes), window, weight: .detail)
            ink(muntins(panes, cross: true), width: 0.014, hex(0xf4f4f0))
        }
    }

    // MARK: Mountain

    mutating func mountain() {
        func ridge(_ peakX: Float, _ peakY: Float, _ halfWidth: Float) -> [XY] {
            [(peakX - halfWidth, 0.5), (peakX - halfWidth * 0.45, peakY + (0.5 - peakY) * 0.45), (peakX - halfWidth * 0.2, peakY + 0.08),
             (peakX, peakY), (peakX + halfWidth * 0.25, peakY + 0.1), (peakX + halfWidth * 0.55, peakY + (0.5 - peakY) * 0.5), (peakX + halfWidth, 0.5)]
        }
        func snow(_ peakX: Float, _ peakY: Float, _ halfWidth: Float) -> [XY] {
            let d = (0.5 - peakY) * 0.28
            let w = halfWidth * 0.2 * d / 0.2
            return [(peakX, peakY), (peakX + w * 0.9, peakY + d * 0.9), (peakX + w * 0.4, peakY + d * 0.7), (peakX, peakY + d),
                    (peakX - w * 0.4, peakY + d * 0.75), (peakX - w * 0.8, peakY + d)]
        }
        if variant == "range" {
            let peaks: [(Float, Float, Float)] = [(vary(-0.7, -0.5), vary(-0.25, -0.1), 0.5), (vary(0.4, 0.6), vary(-0.3, -0.15), 0.55),
                                                  (vary(-0.1, 0.1), -0.5, 0.7)]
            body(polys(Array(peaks.prefix(2)).map { ridge($0.0, $0.1, $0.2) }), tone: 0.8)
            body(poly(ridge(peaks[2].0, peaks[2].1, peaks[2].2)))
            mark(polys(peaks.map { snow($0.0, $0.1, $0.2) }), hex(0xf6f8fa))
        } else {
            let px = vary(-0.15, 0.15)
            let shape = ridge(px, -0.5, 1.0)
            body(poly(shape))
            mark(poly([shape[3], shape[4], shape[5], shape[6], (px + 0.2, 0.5)]), tone(0.72), alpha: 0.8)
            mark(poly(snow(px, -0.5, 1.0)), hex(0xf6f8fa))
        }
    }

    // MARK: Sky

    mutating func cloud() {
        let storm = variant == "storm"
        let bottom: Float = storm ? 0.1 : vary(0.3, 0.42)
        let top: Float = -0.5
        var puffs: [(Float, Float, Float, Float)] = [(0, bottom - 0.16, 0.82, 0.16)]
        let n = Int(vary(4, 6.99))
        for i in 0..<n {
            let t = (Float(i) + 0.5) / Float(n)
            let x = -0.7 + 1.4 * t
            let hump = 1 - abs(t - 0.5) * 1.6
            let r = (bottom - top) * (0.3 + 0.3 * hump) * vary(0.85, 1.05)
            puffs.append((x, bottom - r, r, r))
        }
        let t: Float = storm ? 0.62 : 1
        part(ovals(puffs.map { ($0.0, $0.1 + 0.05, $0.2, $0.3) }), tone(t * 0.78), weight: nil)
        body(ovals(puffs), tone: t)
        if storm {
            let x = vary(-0.3, 0.2)
            glow(poly([(x, bottom - 0.02), (x + 0.14, bottom - 0.02), (x + 0.06, bottom + 0.16), (x + 0.16, bottom + 0.16),
                       (x - 0.02, 0.5), (x + 0.03, bottom + 0.24), (x - 0.06, bottom + 0.24)]), hex(0xffe060))
            var rain: [[XY]] = []
            for i in 0..<9 {
                let rx = -0.7 + Float(i) * 0.17 + vary(-0.03, 0.03)
                if abs(rx - x - 0.05) < 0.12 { continue }
                let ry = bottom + vary(0.04, 0.12)
                rain.append([(rx, ry), (rx - 0.05, ry + 0.2)])
            }
            ink(lines(rain), width: 0.018, hex(0x8aa6c8), alpha: 0.8)
        }
    }

    mutating func sun() {
        let rays = Int(vary(9, 14.99))
        if style != .blueprint {
            rawFill(circle(0, 0, 0.5), .radialGradient(center: .zero, radius: 0.5, stops: [
                GradientStop(0.5, color(base, 0.45)), GradientStop(1, color(base, 0))]))
        }
        if let burst = star(0, 0, points: rays, outer: vary(0.44, 0.5), inner: 0.34, turn: vary(0, 1)) {
            edge(burst, weight: .detail, of: base)
            glow(burst, base * 0.95)
        }
        edge(circle(0, 0, 0.34)!, weight: .silhouette, of: base)
        let core = mix(base, Tint(1, 1, 1), 0.2)
        rawFill(circle(0, 0, 0.34), .radialGradient(center: Point(-0.08, -0.08), radius: 0.3, stops: [
            GradientStop(0, color(style == .blueprint ? Tint(1, 1, 1) : core, style == .blueprint ? 0.3 : 1)),
            GradientStop(1, color(style == .blueprint ? Tint(1, 1, 1) : base, style == .blueprint ? 0.2 : 1))]))
    }

    mutating func moon() {
        let glowC = mix(base, Tint(1, 1, 1), 0.2)
        if style != .blueprint {
            rawFill(circle(0, 0, 0.5), .radialGradient(center: .zero, radius: 0.5, stops: [
                GradientStop(0.7, color(glowC, 0.25)), GradientStop(1, color(glowC, 0))]))
        }
        if variant == "crescent" {
            // The lit sliver: the outer circle's left arc from tip to tip,
            // back along the left arc of the shadowing circle.
            let r: Float = 0.38, off = vary(0.14, 0.2)
            let ri = r * 0.92
            let xi = (r * r - ri * ri + off * off) / (2 * off)
            let yi = max(0.01, r * r - xi * xi).squareRoot()
            let a0 = atan2(-yi, xi), a1 = atan2(yi, xi)
            let outer = arc(0, 0, r, from: a0, to: a1 - 2 * .pi, steps: 28)
            let ia0 = atan2(yi, xi - off), ia1 = atan2(-yi, xi - off)
            let inner = arc(off, 0, ri, from: ia0, to: ia1 < ia0 ? ia1 + 2 * .pi : ia1, steps: 28)
            edge(poly(outer + inner)!, weight: .silhouette, of: base)
            glow(poly(outer + inner), base)
            return
        }
        edge(circle(0, 0, 0.38)!, weight: .silhouette, of: base)
        glow(circle(0, 0, 0.38), base)
        var craters: [(Float, Float, Float, Float)] = []
        for _ in 0..<Int(vary(4, 7.99)) {
            let a = vary(0, 2 * .pi), d = vary(0, 0.26), r = vary(0.03, 0.08)
            craters.append((cos(a) * d, sin(a) * d, r, r))
        }
        glow(ovals(craters), base * 0.8, alpha: 0.8)
    }

    mutating func starKind() {
        if style != .blueprint {
            rawFill(circle(0, 0, 0.5), .radialGradient(center: .zero, radius: 0.5, stops: [
                GradientStop(0.2, color(base, 0.35)), GradientStop(1, color(base, 0))]))
        }
        if variant == "twinkle" {
            func sparkle(_ cx: Float, _ cy: Float, _ r: Float) -> Path? {
                var b = PathBuilder()
                let k = r * 0.12
                b.move(to: Point(cx, cy - r))
                b.quad(to: Point(cx + r, cy), control: Point(cx + k, cy - k))
                b.quad(to: Point(cx, cy + r), control: Point(cx + k, cy + k))
                b.quad(to: Point(cx - r, cy), control: Point(cx - k, cy + k))
                b.quad(to: Point(cx, cy - r), control: Point(cx - k, cy - k))
                b.close()
                return b.finish()
            }
            let main = sparkle(0, 0, 0.48)
            if let main { edge(main, weight: .silhouette, of: base) }
            glow(main, base)
            let a = vary(0, 2 * .pi)
            glow(sparkle(cos(a) * 0.3, sin(a) * 0.3, 0.1), mix(base, Tint(1, 1, 1), 0.4))
            glow(circle(0, 0, 0.06), mix(base, Tint(1, 1, 1), 0.7))
            return
        }
        let inner = vary(0.19, 0.23)
        let turn = vary(-0.08, 0.08)
        let shape = star(0, 0.03, points: 5, outer: 0.48, inner: inner, turn: turn)
        if let shape { edge(shape, weight: .silhouette, of: base) }
        glow(shape, base)
        glow(star(-0.03, 0.0, points: 5, outer: 0.24, inner: inner * 0.5, turn: turn), mix(base, Tint(1, 1, 1), 0.45), alpha: 0.7)
    }
}
