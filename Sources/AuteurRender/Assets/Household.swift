import AuteurCore
import Foundation

/// Balls, boxes, glassware and furniture.
extension AssetPen {
    /// Round shading laid over a flat disc: a highlight towards the light
    /// and a darker rim, so patterned balls still look round.
    private mutating func sphereShade(_ cx: Float, _ cy: Float, _ r: Float) {
        guard style != .blueprint else { return }
        let d = lightDirection
        let hx = cx - d.x * r * 0.4, hy = cy - d.y * r * 0.4
        rawFill(circle(cx, cy, r), .radialGradient(center: Point(hx, hy), radius: r * 1.45, stops: [
            GradientStop(0, color(Tint(1, 1, 1), 0.32 * (0.4 + keyBoost * 2))),
            GradientStop(0.45, color(Tint(1, 1, 1), 0)),
            GradientStop(0.8, color(Tint(0, 0, 0), 0.05)),
            GradientStop(1, color(Tint(0, 0, 0), 0.3)),
        ]))
    }

    // MARK: Ball

    mutating func ball() {
        let r: Float = 0.5
        switch variant {
        case "beach":
            part(circle(0, 0, r), base, weight: .silhouette)
            let turn = vary(0, .pi / 3)
            let second = pick([hex(0xf2d02a), hex(0x2a8ad6), hex(0x2e9e3a), hex(0xf2841d)])
            var white: [[XY]] = [], other: [[XY]] = []
            for i in 0..<6 where i % 2 == 1 {
                let a0 = turn + Float(i) * .pi / 3, a1 = a0 + .pi / 3
                // Wedges bow a little, as the panels of an inflated ball do.
                let wedge = [(Float(0), Float(0))] + arc(0, 0, r * 0.98, from: a0 + 0.12, to: a1 + 0.12, steps: 8)
                if i == 3 { other.append(wedge) } else { white.append(wedge) }
            }
            mark(polys(white), hex(0xf6f6f2))
            mark(polys(other), second)
            mark(circle(0, 0, r * 0.12), hex(0xf6f6f2))
            sphereShade(0, 0, r)
        case "soccer":
            part(circle(0, 0, r), base, weight: .silhouette)
            let patch = contrast(on: base)
            let spin = vary(0, 2 * .pi / 5)
            var patches: [[XY]] = []
            func pentagon(_ cx: Float, _ cy: Float, _ s: Float, _ turn: Float) -> [XY] {
                (0..<5).map { i in
                    let a = turn + Float(i) * 2 * .pi / 5 - .pi / 2
                    return (cx + s * cos(a), cy + s * sin(a))
                }
            }
            patches.append(pentagon(0, 0, r * 0.26, spin))
            for i in 0..<5 {
                let a = spin + Float(i) * 2 * .pi / 5 - .pi / 2
                // Outer patches are cut by the rim: keep them inside the disc.
                let pts = pentagon(cos(a) * r * 0.78, sin(a) * r * 0.78, r * 0.2, a + .pi / 2)
                patches.append(pts.map { p in
                    let l = (p.0 * p.0 + p.1 * p.1).squareRoot()
                    return l > r * 0.97 ? (p.0 * r * 0.97 / l, p.1 * r * 0.97 / l) : p
                })
            }
            mark(polys(patches), patch)
            var seams: [[XY]] = []
            for i in 0..<5 {
                let a = spin + Float(i) * 2 * .pi / 5 - .pi / 2
                seams.append([(cos(a) * r * 0.26, sin(a) * r * 0.26), (cos(a) * r * 0.58, sin(a) * r * 0.58)])
            }
            ink(lines(seams), width: 0.012, patch, alpha: 0.7)
            sphereShade(0, 0, r)
        default:
            body(circle(0, 0, r))
            let d = lightDirection
            mark(oval(-d.x * r * 0.42, -d.y * r * 0.42, r * vary(0.12, 0.2), r * 0.1), Tint(1, 1, 1), alpha: 0.45)
        }
    }

    // MARK: Box

    /// A box in three-quarter view: front, top and side faces.
    mutating func crate() {
        let depth = vary(0.16, 0.24)
        let front = (l: Float(-0.5), t: -0.5 + depth, r: 0.5 - depth, b: Float(0.5))
        let topFace: [XY] = [(front.l, front.t), (front.l + depth, -0.5), (0.5, -0.5), (front.r, front.t)]
        let sideFace: [XY] = [(front.r, front.t), (0.5, -0.5), (0.5, 0.5 - depth), (front.r, 0.5)]
        let frontPath = box(front.l, front.t, front.r, front.b)
        switch variant {
        case "crate":
            body(frontPath)
            part(poly(topFace), tone(1.18), weight: .silhouette)
            part(poly(sideFace), tone(0.72), weight: .silhouette)
            let w: Float = 0.09
            // Frame boards and a diagonal brace: a crate, not a box.
            body(polys([[(front.l, front.t), (front.r, front.t), (front.r, front.t + w), (front.l, front.t + w)],
                        [(front.l, front.b - w), (front.r, front.b - w), (front.r, front.b), (front.l, front.b)],
                        [(front.l, front.t), (front.l + w, front.t), (front.l + w, front.b), (front.l, front.b)],
                        [(front.r - w, front.t), (front.r, front.t), (front.r, front.b), (front.r - w, front.b)],
                        [(front.l + w, front.b - w - 0.06), (front.r - w - 0.06, front.t + w), (front.r - w, front.t + w),
                         (front.r - w, front.t + w + 0.06), (front.l + w + 0.06, front.b - w), (front.l + w, front.b - w)]]), tone: 0.7, weight: .detail)
            let planks = Int(vary(3, 5))
            ink(lines((1..<planks).map { i in
                let y = front.t + (front.b - front.t) * Float(i) / Float(planks)
                return [(front.l + w, y), (front.r - w, y)]
            }), width: 0.01, tone(0.5))
            mark(ovals([(front.l + w / 2, front.t + w / 2, 0.015, 0.015), (front.r - w / 2, front.t + w / 2, 0.015, 0.015),
                        (front.l + w / 2, front.b - w / 2, 0.015, 0.015), (front.r - w / 2, front.b - w / 2, 0.015, 0.015)]), hex(0x3a3a3a))
        case "gift":
            body(frontPath)
            part(poly(topFace), tone(1.18), weight: .silhouette)
            part(poly(sideFace), tone(0.72), weight: .silhouette)
            let ribbon = pick([hex(0xf2d040), hex(0xf4f4f0), base.x > base.z ? hex(0x2a5fd6) : hex(0xd62828)])
            let mid = (front.l + front.r) / 2, rw: Float = 0.07
            let topMid = mid + depth / 2
            part(polys([[(mid - rw, front.t), (mid + rw, front.t), (mid + rw, front.b), (mid - rw, front.b)],
                        [(front.r, (front.t + front.b) / 2 - rw), (0.5, (front.t + front.b) / 2 - depth - rw),
                         (0.5, (front.t + front.b) / 2 - depth + rw), (front.r, (front.t + front.b) / 2 + rw)],
                        [(mid - rw, front.t), (mid + rw, front.t), (mid + depth + rw, -0.5), (mid + depth - rw, -0.5)]]), ribbon)
            let by = (front.t - 0.5) / 2
            part(ovals([(topMid - 0.12, by - 0.06, 0.13, 0.08), (topMid + 0.12, by - 0.06, 0.13, 0.08)]), ribbon * 0.9, weight: .detail)
            mark(circle(topMid, by - 0.03, 0.05), ribbon * 0.8)
        default:
            body(frontPath)
            part(poly(topFace), tone(1.18), weight: .silhouette)
            part(poly(sideFace), tone(0.72), weight: .silhouette)
            // Packing tape across the flaps and down the front.
            let tape = hex(0xd9c48e)
            let mid = (front.l + front.r) / 2
            part(polys([[(mid - 0.05, front.t), (mid + 0.05, front.t), (mid + 0.05, front.t + vary(0.14, 0.22)), (mid - 0.05, front.t + 0.18)],
                        [(mid - 0.05, front.t), (mid + 0.05, front.t), (mid + depth + 0.05, -0.5), (mid + depth - 0.05, -0.5)]]), tape, alpha: 0.9, weight: nil)
            ink(lines([[(front.l + depth / 2, (front.t - 0.5) / 2), (mid - 0.05 + depth / 2, (front.t - 0.5) / 2)]]), width: 0.01, tone(0.6))
        }
        if let t = labelText {
            let y: Float = variant == "gift" ? front.t + (front.b - front.t) * 0.75 : (front.t + front.b) / 2 + 0.04
            text(t, center: Point((front.l + front.r) / 2, y), maxWidth: (front.r - front.l) * 0.82, maxSize: 0.24, contrast(on: base))
        }
    }

    // MARK: Glass and bottle

    mutating func glass() {
        let rim = hex(0xffffff)
        if variant == "wine" {
            let bowl = vary(-0.02, 0.06)
            if chance(0.5) {
                part(blob([(-0.2, -0.2), (0.2, -0.2), (0.12, bowl - 0.04), (-0.12, bowl - 0.04)], tension: 0.6), base * 0.55, alpha: 0.85, weight: nil)
            }
            part(blob([(-0.27, -0.48), (0.27, -0.48), (0.22, -0.12), (0.0, bowl), (-0.22, -0.12)], tension: 0.9), base, alpha: 0.55, weight: .silhouette)
            ink(lines([[(0, bowl), (0, 0.44)]]), width: 0.035, base, alpha: 0.8, weight: .detail)
            part(oval(0, 0.45, 0.2, 0.045), base, alpha: 0.8, weight: .detail)
            ink(oval(0, -0.48, 0.27, 0.03), width: 0.012, base * 0.6, alpha: 0.8)
            ink(curve([(-0.2, -0.38), (-0.2, -0.22), (-0.12, -0.1)]), width: 0.025, rim, alpha: 0.6)
        } else {
            let top = vary(0.26, 0.3), bottom = vary(0.2, 0.24)
            if chance(0.6) {
                // Water up to a seeded level, following the tapered walls.
                let level = vary(-0.2, 0.2)
                let halfWidth = top + (bottom - top) * (level + 0.48) / 0.96 - 0.03
                part(poly([(-halfWidth, level), (halfWidth, level), (bottom - 0.03, 0.4), (-bottom + 0.03, 0.4)]), base * 0.7, alpha: 0.7, weight: nil)
            }
            part(rounded([(-top, -0.48, 0.02), (top, -0.48, 0.02), (bottom, 0.48, 0.05), (-bottom, 0.48, 0.05)]), base, alpha: 0.55, weight: .silhouette)
            part(box(-bottom + 0.01, 0.38, bottom - 0.01, 0.47, round: 0.04), base * 0.8, alpha: 0.8, weight: nil)
            ink(oval(0, -0.48, top, 0.035), width: 0.012, base * 0.6, alpha: 0.8)
            ink(lines([[(-top + 0.07, -0.38), (-bottom + 0.06, 0.3)]]), width: 0.03, rim, alpha: 0.6)
        }
    }

    mutating func bottle() {
        let w = vary(0.14, 0.17)
        if variant == "soda" {
            let outline: [XY] = [(0.05, -0.46), (0.06, -0.3), (w, -0.1), (w * 0.78, 0.08), (w, 0.3), (w * 0.95, 0.48),
                                 (-w * 0.95, 0.48), (-w, 0.3), (-w * 0.78, 0.08), (-w, -0.1), (-0.06, -0.3), (-0.05, -0.46)]
            body(blob(outline, tension: 0.7))
            let band = pick([hex(0xf4f4f0), hex(0xd62828), hex(0x1e1e22)])
            part(box(-w * 0.82, 0.1, w * 0.82, 0.24), band, weight: .detail)
            part(box(-0.065, -0.5, 0.065, -0.44, round: 0.015), pick([hex(0xc82020), chrome, hex(0x2a2a2e)]), weight: .detail)
            ink(curve([(-w * 0.6, -0.06), (-w * 0.5, 0.02), (-w * 0.6, 0.08)]), width: 0.02, Tint(1, 1, 1), alpha: 0.5)
            ink(lines([[(-w * 0.62, 0.28), (-w * 0.64, 0.42)]]), width: 0.02, Tint(1, 1, 1), alpha: 0.5)
        } else {
            let shoulder = vary(-0.16, -0.08)
            body(rounded([(-0.05, -0.5, 0.01), (0.05, -0.5, 0.01), (0.05, -0.26, 0.02), (w, shoulder, 0.08), (w, 0.5, 0.03),
                          (-w, 0.5, 0.03), (-w, shoulder, 0.08), (-0.05, -0.26, 0.02)]))
            part(box(-0.06, -0.5, 0.06, -0.34, round: 0.01), pick([hex(0x5a1018), hex(0xc8a040), hex(0x1e1e22)]), weight: .detail)
            let labelTop = vary(0.04, 0.1)
            part(box(-w, labelTop, w, labelTop + 0.22), hex(0xf0e6cc), weight: .detail)
            mark(box(-w * 0.6, labelTop + 0.06, w * 0.6, labelTop + 0.09), hex(0x5a1018))
            ink(lines([[(-w * 0.6, shoulder + 0.04), (-w * 0.6, labelTop - 0.04)], [(-w * 0.6, labelTop + 0.26), (-w * 0.6, 0.44)]]),
                width: 0.02, Tint(1, 1, 1), alpha: 0.45)
        }
    }

    // MARK: Table

    mutating func table() {
        let thick = vary(0.08, 0.12)
        switch variant {
        case "desk":
            let ped = vary(0.24, 0.34)
            body(box(-0.72, -0.38, -0.6, 0.5), tone: 0.8, weight: .silhouette)
            body(box(ped, -0.38, 0.74, 0.5), tone: 0.92, weight: .silhouette)
            let drawers = Int(vary(3, 4.99))
            let h = 0.88 / Float(drawers)
            ink(lines((1..<drawers).map { i in [(ped, -0.38 + h * Float(i)), (0.74, -0.38 + h * Float(i))] }), width: 0.012, tone(0.5))
            mark(boxes((0..<drawers).map { i in
                let y = -0.38 + h * (Float(i) + 0.5)
                return ((ped + 0.74) / 2 - 0.07, y - 0.015, (ped + 0.74) / 2 + 0.07, y + 0.015)
            }, round: 0.01), chrome)
            body(box(-0.8, -0.5, 0.8, -0.5 + thick, round: 0.02))
        case "round":
            body(box(-0.06, -0.36, 0.06, 0.4), tone: 0.8, weight: .silhouette)
            body(oval(0, 0.44, vary(0.3, 0.4), 0.06), tone: 0.85, weight: .silhouette)
            body(rounded([(-0.78, -0.42, 0.06), (0.78, -0.42, 0.06), (0.78, -0.42 + thick, 0.04), (-0.78, -0.42 + thick, 0.04)]), tone: 0.8)
            body(oval(0, -0.42, 0.78, 0.08), tone: 1.1)
        default:
            let legW = vary(0.06, 0.09), inset = vary(0.04, 0.1)
            body(boxes([(-0.62 + inset, -0.4, -0.62 + inset + legW, 0.42), (0.62 - inset - legW, -0.4, 0.62 - inset, 0.42)]), tone: 0.62, weight: .detail)
            body(box(-0.74, -0.5 + thick, 0.74, -0.5 + thick + 0.09), tone: 0.82, weight: .detail)
            body(boxes([(-0.78 + inset, -0.4, -0.78 + inset + legW, 0.5), (0.78 - inset - legW, -0.4, 0.78 - inset, 0.5)]), tone: 0.9, weight: .silhouette)
            body(box(-0.8, -0.5, 0.8, -0.5 + thick, round: 0.02))
        }
    }

    // MARK: Chair

    mutating func chair() {
        switch variant {
        case "office":
            let casters: [Float] = [-0.3, -0.1, 0.12, 0.3]
            var spokes: [[XY]] = []
            for x in casters { spokes.append([(0, 0.36), (x, 0.44)]) }
            ink(lines(spokes), width: 0.04, hex(0x2a2a2e))
            part(ovals(casters.map { ($0, 0.46, 0.04, 0.04) }), hex(0x1a1a1c), weight: .detail)
            ink(lines([[(0, 0.08), (0, 0.38)]]), width: 0.05, chrome)
            let backTop = vary(-0.5, -0.38)
            body(rounded([(-0.36, backTop, 0.1), (-0.16, backTop + 0.02, 0.08), (-0.2, 0.0, 0.04), (-0.34, 0.02, 0.04)]))
            body(box(-0.34, -0.02, 0.36, 0.1, round: 0.05))
            ink(curve([(-0.16, -0.16), (0.14, -0.16), (0.16, -0.1), (0.14, -0.02)]), width: 0.04, hex(0x2a2a2e))
        case "armchair":
            let legs = hex(0x5a3a20)
            ink(lines([[(-0.3, 0.36), (-0.32, 0.5)], [(0.3, 0.36), (0.32, 0.5)]]), width: 0.05, legs)
            let backTop = vary(-0.5, -0.4)
            body(rounded([(-0.38, backTop, 0.14), (0.0, backTop + 0.04, 0.12), (0.04, 0.1, 0.04), (-0.38, 0.12, 0.06)]), tone: 0.85)
            body(box(-0.36, 0.04, 0.38, 0.38, round: 0.08), tone: 0.9)
            body(box(-0.2, 0.0, 0.36, 0.16, round: 0.07))
            body(rounded([(0.08, -0.14, 0.1), (0.38, -0.14, 0.1), (0.38, 0.34, 0.06), (0.08, 0.34, 0.06)]), tone: 1.05)
        default:
            // Three-quarter view: the back turned a little towards us, so its
            // spindles show between the top rail and the seat.
            let lean = vary(-0.05, -0.02)
            let wood = base
            ink(lines([[(-0.16, 0.06), (-0.16, 0.46)], [(0.2, 0.06), (0.2, 0.46)]]), width: 0.05, wood * 0.6)
            body(poly([(-0.3, 0.5), (-0.24, 0.5), (-0.24, 0.04), (-0.3 + lean - 0.02, -0.5), (-0.36 + lean, -0.5), (-0.3, 0.04)]), tone: 0.95)
            body(poly([(0.02, 0.04), (0.08, 0.04), (0.06 + lean, -0.4), (0.0 + lean, -0.4)]), tone: 0.8, weight: .detail)
            let spindles = Int(vary(2, 3.99))
            var rods: [[XY]] = []
            for i in 1...spindles {
                let t = Float(i) / Float(spindles + 1)
                let x = -0.27 + 0.31 * t
                rods.append([(x, 0.0), (x + lean, -0.38)])
            }
            ink(lines(rods), width: 0.03, wood * 0.85)
            body(poly([(-0.36 + lean, -0.5), (0.08 + lean, -0.46), (0.08 + lean, -0.36), (-0.36 + lean, -0.4)]), tone: 0.9, weight: .detail)
            body(poly([(-0.34, 0.0), (0.36, 0.0), (0.36, 0.07), (-0.34, 0.07)]))
            body(box(0.26, 0.06, 0.32, 0.5), tone: 0.95)
            ink(lines([[(-0.24, 0.3), (0.26, 0.3)]]), width: 0.03, wood * 0.75)
        }
    }

    // MARK: Lamp

    /// A soft pool of light around a bulb, stronger in the dark.
    private mutating func halo(_ cx: Float, _ cy: Float, _ r: Float, _ c: Tint) {
        guard style != .blueprint else { return }
        let a = 0.15 + 0.4 * (1 - daylight)
        rawFill(circle(cx, cy, r), .radialGradient(center: Point(cx, cy), radius: r, stops: [
            GradientStop(0, color(c, a)), GradientStop(1, color(c, 0))]))
    }

    mutating func lamp() {
        let light = hex(0xffe7a0)
        switch variant {
        case "desk":
            let elbow = Point(vary(0.1, 0.16), vary(-0.02, 0.06))
            body(oval(-0.02, 0.46, 0.16, 0.045))
            ink(lines([[(-0.02, 0.44), (elbow.x, elbow.y)], [(elbow.x, elbow.y), (-0.06, -0.3)]]), width: 0.035, tone(0.85), weight: .silhouette)
            mark(ovals([(elbow.x, elbow.y, 0.03, 0.03), (-0.06, -0.3, 0.03, 0.03)]), hex(0x3a3c40))
            halo(0.14, -0.2, 0.18, light)
            glow(oval(0.12, -0.24, 0.05, 0.04), light)
            body(poly([(-0.1, -0.36), (-0.02, -0.48), (0.26, -0.28), (0.2, -0.16), (0.06, -0.22)]))
        case "floor":
            let shadeTop = vary(-0.5, -0.46)
            body(oval(0, 0.46, 0.15, 0.04), tone: 0.6)
            ink(lines([[(0, -0.26), (0, 0.45)]]), width: 0.025, tone(0.6))
            halo(0, -0.26, 0.2, light)
            glow(oval(0, -0.26, 0.12, 0.03), light)
            body(rounded([(-0.1, shadeTop, 0.01), (0.1, shadeTop, 0.01), (0.17, -0.26, 0.01), (-0.17, -0.26, 0.01)]))
        default:
            let arm = chance(0.5)
            body(poly([(-0.08, 0.5), (0.08, 0.5), (0.05, 0.38), (-0.05, 0.38)]), tone: 0.85)
            ink(lines([[(0, -0.3), (0, 0.4)]]), width: vary(0.04, 0.06), tone(1), weight: .silhouette)
            if arm { ink(curve([(0, -0.2), (0.06, -0.3), (0.0, -0.33)]), width: 0.02, tone(0.9)) }
            halo(0, -0.36, 0.22, light)
            glow(poly([(-0.07, -0.42), (0.07, -0.42), (0.05, -0.3), (-0.05, -0.3)]), light)
            body(poly([(-0.11, -0.42), (0.0, -0.5), (0.11, -0.42)]), tone: 0.9)
            body(box(-0.07, -0.31, 0.07, -0.28, round: 0.01), tone: 0.9, weight: .detail)
            ink(lines([[(-0.07, -0.42), (-0.05, -0.3)], [(0.07, -0.42), (0.05, -0.3)]]), width: 0.012, tone(0.9))
        }
    }
}
