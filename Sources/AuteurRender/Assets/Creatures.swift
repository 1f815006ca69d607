import AuteurCore
import Foundation

/// People and animals. People face the camera (so the mouth shows);
/// animals are side-on, facing right.
extension AssetPen {
    // MARK: Person

    mutating func person() {
        let child = variant == "child"
        let headR: Float = child ? 0.1 : 0.072
        let headY: Float = -0.5 + headR + 0.012
        let shoulderY = headY + headR + (child ? 0.05 : 0.06)
        let hipY: Float = child ? 0.14 : 0.06
        let shoulderW: Float = child ? vary(0.1, 0.12) : vary(0.12, 0.15)
        let skinC = pick(skin)
        let hair = pick([hex(0x1e1612), hex(0x5a3820), hex(0xc8a060), hex(0x8a3a1a), hex(0x9a9a9a), hex(0x2a1a10)])
        let trousers = pick([tone(0.55), hex(0x34456a), hex(0x2a2a2e), tone(0.7), hex(0x6a5a44)])
        let shoes = hex(0x1e1e20)
        // Legs, then arms behind the torso, then the torso, then the head.
        let legW: Float = child ? 0.06 : 0.07
        shaded(polys([[(-shoulderW * 0.85, hipY - 0.02), (-0.005, hipY - 0.02), (-0.01, 0.47), (-legW - 0.01, 0.47)],
                      [(0.005, hipY - 0.02), (shoulderW * 0.85, hipY - 0.02), (legW + 0.01, 0.47), (0.01, 0.47)]]), trousers)
        part(ovals([(-legW / 2 - 0.02, 0.475, legW * 0.75, 0.028), (legW / 2 + 0.02, 0.475, legW * 0.75, 0.028)]), shoes, weight: .detail)
        let handY = hipY + (child ? 0.0 : 0.04)
        ink(lines([[(-shoulderW + 0.02, shoulderY + 0.03), (-shoulderW - 0.035, handY)],
                   [(shoulderW - 0.02, shoulderY + 0.03), (shoulderW + 0.035, handY)]]), width: child ? 0.05 : 0.055, tone(0.9), weight: .silhouette)
        part(ovals([(-shoulderW - 0.037, handY + 0.03, 0.025, 0.03), (shoulderW + 0.037, handY + 0.03, 0.025, 0.03)]), skinC, weight: .detail)
        body(rounded([(-shoulderW, shoulderY, 0.04), (shoulderW, shoulderY, 0.04), (shoulderW * 0.86, hipY + 0.02, 0.01), (-shoulderW * 0.86, hipY + 0.02, 0.01)]))
        // Collar: a V of skin at the neck.
        part(poly([(-0.03, shoulderY - 0.005), (0.03, shoulderY - 0.005), (0, shoulderY + 0.04)]), skinC, weight: nil)
        part(box(-0.022, headY + headR * 0.7, 0.022, shoulderY + 0.005), skinC * 0.9, weight: nil)
        // Hair: long hair falls behind the head; every style caps it.
        let longHair = rng.next() % 3 == 1 || (child && chance(0.5))
        if longHair {
            part(box(-headR * 1.12, headY - headR * 0.6, headR * 1.12, headY + headR * (child ? 1.1 : 1.5), round: headR), hair, weight: .detail)
        }
        part(circle(0, headY, headR), skinC, weight: .silhouette)
        var hairPts = arc(0, headY, headR * 1.06, from: .pi * 1.0, to: .pi * 2.0, steps: 12)
        hairPts.append((headR * 0.9, headY - headR * 0.3))
        hairPts.append((0, headY - headR * 0.62))
        hairPts.append((-headR * 0.9, headY - headR * 0.2))
        part(poly(hairPts), hair, weight: .detail)
        // Eyes and mouth: the mouth opens with `mouth`, 0 closed to 1 wide.
        let eyeY = headY - headR * 0.05
        mark(ovals([(-headR * 0.36, eyeY, headR * 0.1, headR * 0.13), (headR * 0.36, eyeY, headR * 0.1, headR * 0.13)]), hex(0x1a1410))
        let m = Float(max(0, min(1, object.mouth.isFinite ? object.mouth : 0)))
        let mouthY = headY + headR * 0.48
        if m < 0.04 {
            ink(curve([(-headR * 0.32, mouthY - headR * 0.04), (0, mouthY + headR * 0.06), (headR * 0.32, mouthY - headR * 0.04)]),
                width: headR * 0.1, hex(0x5a2018))
        } else {
            let h = headR * (0.08 + 0.36 * m), w = headR * (0.28 + 0.08 * m)
            mark(oval(0, mouthY + h * 0.4, w, h), hex(0x3a0c0c))
            if m > 0.3 { mark(oval(0, mouthY + h * 0.9, w * 0.6, h * 0.35), hex(0xc8505a)) }
        }
    }

    /// Every other leg of `xs` (pair 0: the far legs, 1: the near ones) as straight strokes.
    private func legLines(_ xs: [Float], pair: Int, top: Float, bottom: Float, slant: Float) -> Path? {
        var out: [[XY]] = []
        for (i, x) in xs.enumerated() where i % 2 == pair { out.append([(x, top), (x + slant, bottom)]) }
        return lines(out)
    }

    // MARK: Dog

    mutating func dog() {
        let collar = pick([hex(0xd62828), hex(0x255fd6), hex(0x2e9e3a), hex(0xf2d02a)])
        let dark = tone(0.7)
        switch variant {
        case "dachshund":
            let legs: [Float] = [-0.44, -0.32, 0.2, 0.32]
            ink(legLines(legs, pair: 0, top: 0.16, bottom: 0.46, slant: 0), width: 0.08, dark)
            ink(curve([(-0.56, 0.0), (-0.66, -0.06), (-0.7, -0.04)]), width: 0.05, tone(0.9), weight: .silhouette)
            body(blob([(-0.6, 0.04), (-0.4, -0.08), (0.2, -0.08), (0.36, 0.02), (0.3, 0.24), (-0.4, 0.24), (-0.6, 0.16)], tension: 0.8))
            ink(legLines(legs, pair: 1, top: 0.16, bottom: 0.46, slant: 0.02), width: 0.08, tone(0.95), weight: .silhouette)
            dogHead(at: Point(0.42, -0.1), r: 0.13, snout: 0.2, ears: .floppy, collar: collar)
        case "retriever":
            let legs: [Float] = [-0.34, -0.2, 0.2, 0.32]
            ink(legLines(legs, pair: 0, top: 0.04, bottom: 0.46, slant: 0), width: 0.09, dark)
            body(blob([(-0.5, -0.05), (-0.58, -0.28), (-0.66, -0.2), (-0.56, 0.0)], tension: 0.8), tone: 0.95)
            body(blob([(-0.52, -0.1), (0.2, -0.16), (0.36, -0.04), (0.26, 0.14), (-0.3, 0.14), (-0.52, 0.06)], tension: 0.8))
            ink(legLines(legs, pair: 1, top: 0.04, bottom: 0.46, slant: 0.02), width: 0.09, tone(0.95), weight: .silhouette)
            dogHead(at: Point(0.42, -0.24), r: 0.15, snout: 0.18, ears: .floppy, collar: collar)
        default:
            let legs: [Float] = [-0.3, -0.18, 0.16, 0.28]
            ink(legLines(legs, pair: 0, top: 0.0, bottom: 0.46, slant: 0), width: 0.1, dark)
            ink(lines([[(-0.4, -0.1), (-0.5, -0.36)]]), width: 0.06, tone(0.95), weight: .silhouette)
            body(rounded([(-0.44, -0.16, 0.08), (0.3, -0.2, 0.1), (0.36, 0.12, 0.08), (-0.42, 0.12, 0.08)]))
            ink(legLines(legs, pair: 1, top: 0.0, bottom: 0.46, slant: 0.01), width: 0.1, tone(0.95), weight: .silhouette)
            dogHead(at: Point(0.4, -0.24), r: 0.15, snout: 0.16, ears: .pointed, collar: collar)
            // The terrier's beard.
            part(poly([(0.5, -0.16), (0.66, -0.16), (0.6, -0.05), (0.52, -0.07)]), tone(0.85), weight: nil)
        }
    }

    private enum Ears { case floppy, pointed }

    private mutating func dogHead(at point: Point, r: Float, snout: Float, ears: Ears, collar: Tint) {
        // Each take holds its head a little higher or lower.
        let c = Point(point.x, point.y + vary(-0.03, 0.03))
        part(box(c.x - r * 0.9, c.y + r * 0.5, c.x + r * 0.5, c.y + r * 0.8, round: 0.02), collar, weight: .detail)
        let earShape: [XY]
        switch ears {
        case .pointed:
            earShape = [(c.x - r * 0.5, c.y - r * 0.5), (c.x - r * 0.4, c.y - r * 1.7), (c.x + r * 0.2, c.y - r * 0.7)]
            body(blob([(c.x - r, c.y), (c.x, c.y - r), (c.x + r * 0.8, c.y - r * 0.5), (c.x + r + snout, c.y - r * 0.2),
                       (c.x + r + snout, c.y + r * 0.45), (c.x, c.y + r * 0.8)], tension: 0.7))
            body(poly(earShape), tone: 0.8, weight: .detail)
        case .floppy:
            earShape = [(c.x - r * 0.4, c.y - r * 0.7), (c.x + r * 0.1, c.y - r * 0.6), (c.x - r * 0.2, c.y + r * 1.1), (c.x - r * 0.7, c.y + r * 0.8)]
            body(blob([(c.x - r, c.y), (c.x, c.y - r), (c.x + r * 0.8, c.y - r * 0.5), (c.x + r + snout, c.y - r * 0.1),
                       (c.x + r + snout, c.y + r * 0.45), (c.x, c.y + r * 0.8)], tension: 0.7))
            body(blob(earShape, tension: 0.8), tone: 0.72, weight: .detail)
        }
        mark(circle(c.x + r * 0.35, c.y - r * 0.25, r * 0.14), hex(0x141010))
        mark(oval(c.x + r + snout - r * 0.08, c.y - r * 0.05, r * 0.16, r * 0.13), hex(0x141010))
        ink(curve([(c.x + r * 0.7, c.y + r * 0.35), (c.x + r + snout * 0.6, c.y + r * 0.42), (c.x + r + snout - r * 0.1, c.y + r * 0.3)]),
            width: r * 0.06, hex(0x2a1a14))
    }

    // MARK: Cat

    mutating func cat() {
        let longhair = variant == "longhair"
        let eye = pick([hex(0x7ac83a), hex(0xe8b830), hex(0x4a9ad6)])
        let dark = tone(0.72)
        let legs: [Float] = [-0.3, -0.2, 0.16, 0.26]
        ink(legLines(legs, pair: 0, top: 0.1, bottom: 0.47, slant: 0), width: 0.075, dark)
        let tailTip = (vary(-0.6, -0.5), vary(-0.48, -0.36))
        ink(curve([(-0.34, 0.0), (-0.52, -0.06), (-0.5, -0.25), tailTip]), width: longhair ? 0.12 : 0.06, tone(0.95), weight: .silhouette)
        var bodyPts: [XY] = [(-0.42, 0.0), (-0.24, -0.2), (0.16, -0.2), (0.32, -0.06), (0.24, 0.2), (-0.32, 0.2)]
        if longhair {
            // A ragged coat: bump the outline out between its points.
            var ragged: [XY] = []
            for i in 0..<bodyPts.count {
                let a = bodyPts[i], b = bodyPts[(i + 1) % bodyPts.count]
                ragged.append(a)
                let mx = (a.0 + b.0) / 2, my = (a.1 + b.1) / 2
                ragged.append((mx * 1.08, my * 1.15 + (my < 0 ? -0.02 : 0.02)))
            }
            bodyPts = ragged
        }
        body(blob(bodyPts, tension: longhair ? 0.6 : 0.8))
        ink(legLines(legs, pair: 1, top: 0.1, bottom: 0.47, slant: 0.01), width: 0.075, tone(0.95), weight: .silhouette)
        if !longhair && chance(0.6) {
            ink(lines([[(-0.2, -0.13), (-0.16, -0.02)], [(-0.06, -0.14), (-0.03, -0.02)], [(0.08, -0.14), (0.1, -0.03)]]), width: 0.03, tone(0.65))
        }
        let c = Point(0.36, -0.22), r: Float = 0.15
        body(polys([[(c.x - r * 0.8, c.y - r * 0.3), (c.x - r * 0.65, c.y - r * 1.45), (c.x - r * 0.05, c.y - r * 0.8)],
                    [(c.x + r * 0.1, c.y - r * 0.85), (c.x + r * 0.6, c.y - r * 1.45), (c.x + r * 0.85, c.y - r * 0.3)]]), weight: .silhouette)
        body(longhair ? star(c.x, c.y, points: 9, outer: r * 1.12, inner: r * 0.95) : circle(c.x, c.y, r))
        mark(polys([[(c.x - r * 0.62, c.y - r * 0.55), (c.x - r * 0.55, c.y - r * 1.1), (c.x - r * 0.2, c.y - r * 0.75)],
                    [(c.x + r * 0.22, c.y - r * 0.78), (c.x + r * 0.55, c.y - r * 1.1), (c.x + r * 0.65, c.y - r * 0.55)]]), hex(0xe8a0a8), alpha: 0.8)
        mark(ovals([(c.x - r * 0.1, c.y - r * 0.1, r * 0.2, r * 0.15), (c.x + r * 0.5, c.y - r * 0.1, r * 0.18, r * 0.15)]), eye)
        mark(ovals([(c.x - r * 0.08, c.y - r * 0.1, r * 0.05, r * 0.14), (c.x + r * 0.52, c.y - r * 0.1, r * 0.05, r * 0.14)]), hex(0x101010))
        mark(poly([(c.x + r * 0.75, c.y + r * 0.25), (c.x + r * 0.95, c.y + r * 0.25), (c.x + r * 0.85, c.y + r * 0.38)]), hex(0xd8707a))
        ink(lines([[(c.x + r * 0.9, c.y + r * 0.4), (c.x + r * 1.8, c.y + r * 0.2)], [(c.x + r * 0.9, c.y + r * 0.45), (c.x + r * 1.8, c.y + r * 0.6)],
                   [(c.x + r * 0.6, c.y + r * 0.4), (c.x - r * 0.3, c.y + r * 0.25)]]), width: 0.008, hex(0xf4f4f0), alpha: 0.8)
    }

    // MARK: Bird

    mutating func bird() {
        let beakC = pick([hex(0xf2a020), hex(0xe8c030), hex(0x3a3030)])
        switch variant {
        case "gull":
            // In flight: an M of long wings over a slim body.
            let lift = vary(-0.45, -0.32)
            body(blob([(-0.06, -0.02), (-0.3, lift), (-0.64, lift + 0.12), (-0.34, lift + 0.06), (-0.1, 0.06)], tension: 0.5), tone: 0.95, weight: .silhouette)
            body(blob([(0.06, -0.02), (0.3, lift), (0.64, lift + 0.12), (0.34, lift + 0.06), (0.1, 0.06)], tension: 0.5), tone: 0.95, weight: .silhouette)
            mark(polys([[(-0.64, lift + 0.12), (-0.5, lift + 0.04), (-0.48, lift + 0.1)], [(0.64, lift + 0.12), (0.5, lift + 0.04), (0.48, lift + 0.1)]]), hex(0x1e1e22))
            body(blob([(-0.4, 0.08), (-0.1, -0.02), (0.3, -0.02), (0.44, 0.06), (0.3, 0.14), (-0.1, 0.14)], tension: 0.8))
            part(poly([(0.44, 0.04), (0.6, 0.08), (0.44, 0.1)]), hex(0xf2c020), weight: .detail)
            mark(circle(0.36, 0.04, 0.018), hex(0x101010))
            part(poly([(-0.38, 0.08), (-0.56, 0.02), (-0.56, 0.16)]), tone(0.9), weight: .detail)
        case "crow":
            ink(lines([[(0.0, 0.28), (-0.02, 0.47)], [(0.1, 0.28), (0.1, 0.47)]]), width: 0.025, hex(0x2a2a2a))
            let tail = vary(0.56, 0.64)
            body(poly([(-0.3, 0.1), (-tail, 0.28), (-tail + 0.02, 0.36), (-0.22, 0.22)]), tone: 0.85, weight: .silhouette)
            body(blob([(-0.34, 0.12), (-0.1, -0.12), (0.2, -0.14), (0.3, 0.06), (0.12, 0.3), (-0.18, 0.28)], tension: 0.8))
            body(blob([(-0.28, 0.06), (0.0, -0.06), (0.12, 0.08), (-0.1, 0.22)], tension: 0.9), tone: 0.75, weight: .detail)
            body(circle(0.28, -0.2, 0.13))
            part(poly([(0.36, -0.26), (0.62, -0.18), (0.38, -0.14)]), pick([hex(0x2a2a2e), hex(0x4a4a4e)]), weight: .detail)
            mark(circle(0.3, -0.24, 0.025), hex(0xe8e8e8))
            mark(circle(0.305, -0.24, 0.014), hex(0x101010))
        default:
            let plump = vary(0.24, 0.3)
            ink(lines([[(0.0, 0.2), (-0.02, 0.47)], [(0.1, 0.2), (0.12, 0.47)]]), width: 0.025, hex(0x6a4a30))
            body(poly([(-0.24, 0.05), (-0.6, -0.06), (-0.62, 0.06), (-0.26, 0.16)]), tone: 0.8, weight: .silhouette)
            body(oval(0, 0.04, 0.32, plump))
            part(oval(0.04, 0.12, 0.2, plump * 0.6), mix(base, Tint(1, 1, 1), 0.45), weight: nil)
            body(blob([(-0.28, -0.02), (0.0, -0.12), (0.12, 0.02), (-0.1, 0.16)], tension: 0.9), tone: 0.78, weight: .detail)
            body(circle(0.26, -0.2, 0.16))
            part(poly([(0.38, -0.24), (0.54, -0.18), (0.38, -0.13)]), beakC, weight: .detail)
            mark(circle(0.3, -0.24, 0.028), hex(0x101010))
        }
    }

    // MARK: Fish

    mutating func fish() {
        switch variant {
        case "shark":
            let belly = hex(0xf0f0ec)
            let fin = vary(-0.1, 0.06)
            body(poly([(fin - 0.08, -0.14), (fin + 0.06, -0.5), (fin + 0.22, -0.14)]), weight: .silhouette)
            body(poly([(-0.7, 0.0), (-0.9, -0.4), (-0.82, 0.02), (-0.88, 0.3)]), tone: 0.9, weight: .silhouette)
            body(blob([(-0.76, 0.0), (-0.3, -0.16), (0.4, -0.16), (0.9, 0.0), (0.4, 0.16), (-0.3, 0.12)], tension: 0.7))
            part(blob([(-0.5, 0.06), (0.3, 0.08), (0.82, 0.04), (0.4, 0.15), (-0.3, 0.12)], tension: 0.6), belly, weight: nil)
            body(poly([(0.08, 0.08), (-0.14, 0.36), (0.22, 0.12)]), tone: 0.85, weight: .detail)
            ink(lines([[(0.42, -0.06), (0.4, 0.06)], [(0.36, -0.06), (0.34, 0.06)], [(0.3, -0.06), (0.28, 0.06)]]), width: 0.012, tone(0.5))
            mark(circle(0.62, -0.04, 0.025), hex(0x101010))
            ink(curve([(0.6, 0.08), (0.74, 0.07), (0.84, 0.03)]), width: 0.012, hex(0x2a1a1a))
        case "goldfish":
            let tail = vary(0.3, 0.42)
            body(blob([(-0.3, 0.0), (-0.84, -tail), (-0.66, 0.0), (-0.86, tail)], tension: 0.6), tone: 1.1, weight: .silhouette)
            body(poly([(0.0, -0.22), (0.2, -0.42), (0.34, -0.22)]), tone: 0.9, weight: .detail)
            body(oval(0.12, 0.0, 0.46, 0.3))
            body(blob([(0.1, 0.12), (0.0, 0.36), (0.22, 0.2)], tension: 0.8), tone: 0.9, weight: .detail)
            var scales: [[XY]] = []
            for i in 0..<4 { scales.append(arc(-0.1 + Float(i) * 0.12, 0.0, 0.08, from: -0.9, to: 0.9, steps: 4)) }
            ink(lines(scales), width: 0.012, tone(0.75))
            mark(circle(0.4, -0.06, 0.05), hex(0xf4f4f0))
            mark(circle(0.41, -0.06, 0.03), hex(0x101010))
        default:
            let stripe = pick([hex(0xf4f4f0), hex(0x1e1e22)])
            body(poly([(-0.44, 0.0), (-0.86, -0.3), (-0.78, 0.0), (-0.86, 0.3)]), tone: 0.85, weight: .silhouette)
            body(blob([(-0.2, -0.3), (0.1, -0.5), (0.3, -0.3)], tension: 0.6), tone: 0.85, weight: .detail)
            body(blob([(-0.2, 0.3), (0.1, 0.5), (0.3, 0.3)], tension: 0.6), tone: 0.85, weight: .detail)
            let rx: Float = 0.56, ry: Float = 0.38
            body(oval(0.04, 0, rx, ry))
            let s1 = vary(-0.3, -0.15), s2 = vary(0.12, 0.24)
            mark(polys([ovalBand(0.04, 0, rx, ry, from: s1, to: s1 + 0.09), ovalBand(0.04, 0, rx, ry, from: s2, to: s2 + 0.07)]), stripe, alpha: 0.9)
            mark(circle(0.38, -0.08, 0.05), hex(0xf4f4f0))
            mark(circle(0.39, -0.08, 0.03), hex(0x101010))
        }
    }
}
