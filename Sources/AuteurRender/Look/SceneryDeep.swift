import AuteurCore
import Foundation

// Space and underwater: no sky, no horizon to speak of.
extension Scenery {
    func space(_ list: inout DisplayList) {
        let e = visible(Scenery.starDepth)
        fill(&list, Scenery.rect(e.x0, e.y0, e.x1, e.y1).map(Path.rect), .solid(LookTone.srgb(0x02030a)), depth: Scenery.starDepth)
        // Two faint nebulae, each a squashed radial glow.
        for (i, (hex, fx, fy, r)) in [(UInt32(0x6b2d7a), 0.3, 0.3, 0.38), (UInt32(0x1f5a7a), 0.72, 0.22, 0.3)].enumerated() {
            let c = Scenery.pt(wx(fx), fy)
            let colour = LookTone.srgb(hex)
            let local = Transform.translation(-c.x, -c.y).scaled(1.6, 0.8).rotated(degrees: Float(-18 + 30 * i)).translated(c.x, c.y)
            if let disc = Path.circle(center: c, radius: Float(r)) {
                list.fill(disc, paint: .radialGradient(center: c, radius: Float(r), stops: LookTone.stops([
                    (0, colour.withOpacity(0.35)), (0.5, colour.withOpacity(0.12)), (1, colour.withOpacity(0)),
                ])), transform: local.then(transform(40)))
            }
        }
        stars(&list, region: Extent(x0: e.x0, x1: e.x1, y0: e.y0, y1: e.y1), strength: 1)
        // A planet low on the right, lit from the left, with a thin blue rim of air.
        let centre = Scenery.pt(wx(0.86), 1.05)
        let r: Float = 0.42
        let lightSide = Point(centre.x - r * 0.55, centre.y - r * 0.55)
        fill(&list, Path.circle(center: centre, radius: r), .radialGradient(center: lightSide, radius: r * 1.6, stops: LookTone.stops([
            (0, LookTone.srgb(0x6f9ccf)), (0.45, LookTone.srgb(0x2f5a8c)), (0.8, LookTone.srgb(0x0c1a30)), (1, LookTone.srgb(0x03060c)),
        ])), depth: 10)
        var rim = PathBuilder()
        rim.addCircle(center: centre, radius: r + 0.004)
        rim.addCircle(center: centre, radius: r - 0.002)
        if let ring = rim.finish() {
            list.fill(ring, paint: .radialGradient(center: lightSide, radius: r * 1.5, stops: LookTone.stops([
                (0.3, LookTone.srgb(0x9fd0ff, 0.8)), (0.8, LookTone.srgb(0x9fd0ff, 0)),
            ])), rule: .evenOdd, transform: transform(10))
        }
    }

    func underwater(_ list: inout DisplayList) {
        let n = LookNoise("underwater")
        let e = visible(20)
        let surface = light.skyTop, deep = light.skyHorizon
        shade(&list, e.y0, min(e.y1, 0.95), from: 0, to: 0.85,
              [(0, surface), (0.45, LookTone.mix(surface, deep, 0.65)), (1, LookTone.scale(deep, 0.8))], depth: 20)
        // The underside of the surface: a bright rippling strip at the top.
        let shimmer = ridge(depth: 6, step: 0.02, bottom: visible(6).y0 - 0.05, chunk: 30) { x in
            0.035 + 0.012 * Scenery.wave(x * 2.3 + self.seconds * 0.25) + 0.008 * n.value(x * 7 - self.seconds * 0.4)
        }
        fill(&list, shimmer, .solid(LookTone.mix(surface, LookTone.srgb(0xffffff), 0.35).withOpacity(0.6)), depth: 6)
        // Shafts of light from the surface, swaying slowly.
        let rayColour = LookTone.mix(surface, LookTone.srgb(0xffffff), 0.5)
        for slot in slots(depth: 4, spacing: 0.55, reach: 0.3) where n.unit(slot, 1) < 0.7 {
            let x = (Double(slot) + n.unit(slot, 2)) * 0.55
            let sway = 0.05 * Scenery.wave(seconds * 0.08 + n.unit(slot, 3))
            let w = 0.03 + 0.05 * n.unit(slot, 4)
            let reach = 0.55 + 0.25 * n.unit(slot, 5)
            let ray = Path.polygon([Scenery.pt(x - w / 2, 0), Scenery.pt(x + w / 2, 0),
                                    Scenery.pt(x + sway + w * 1.6 + 0.1, reach), Scenery.pt(x + sway - w * 0.4 + 0.1, reach)])
            fill(&list, ray, Scenery.vertical(0, reach, [(0, rayColour.withOpacity(Float(0.08 + 0.22 * light.daylight))), (1, rayColour.withOpacity(0))]), depth: 4)
        }
        // Distant rocks, then the sandy floor where things rest.
        let rocks = ridge(depth: 3, step: 0.012, bottom: 0.95) { x in
            0.7 - 0.12 * LookTone.smoothstep(0.5, 0.8, n.fractal(x * 1.7, octaves: 3, 6)) - 0.02 * n.value(x * 6, 7)
        }
        fill(&list, rocks, .solid(LookTone.mix(LookTone.scale(deep, 0.9), LookTone.srgb(0x1a3a48), 0.3)), depth: 3)
        let sand = lit(LookTone.srgb(0xd8c79a))
        rollingGround(&list, noise: n, crest: ground - 0.03, amplitude: 0.025, wavelength: 0.8,
                      far: LookTone.mix(sand, deep, 0.55), near: LookTone.mix(sand, deep, 0.25), depth: 0.3, k: 8)
        // Weed swaying from the floor.
        var weed = PathBuilder()
        for slot in slots(depth: 0.6, spacing: 0.5, reach: 0.1) where n.unit(slot, 9) < 0.6 {
            let x = (Double(slot) + n.unit(slot, 10)) * 0.5
            let height = 0.12 + 0.14 * n.unit(slot, 11)
            var pts: [Point] = []
            for s in 0...8 {
                let f = Double(s) / 8
                let bend = 0.03 * f * f * Scenery.wave(seconds * 0.3 + n.unit(slot, 12) + f * 0.5)
                pts.append(Scenery.pt(x + bend, ground - 0.01 - height * f))
            }
            if let p = Path.polygon(pts, closed: false), let s = p.stroked(Stroke(width: 0.008, join: .round, cap: .round)) {
                weed.addPath(s)
            }
        }
        fill(&list, weed.finish(), .solid(lit(LookTone.srgb(0x2f6a43))), depth: 0.6)
    }
}
