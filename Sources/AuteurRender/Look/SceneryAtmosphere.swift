import AuteurCore
import Foundation

// In front of the objects: weather veils, particles and flashes.
extension Scenery {
    func atmosphere(particles: [Particle], _ list: inout DisplayList) {
        let weather = environment.weather
        let outdoors = !environment.setting.isInterior
        let e = visible(0, margin: 0.3)
        let whole = Scenery.rect(e.x0, e.y0, e.x1, e.y1).map(Path.rect)

        if environment.setting == .underwater {
            // Water between the camera and everything: denser towards the deep.
            shade(&list, e.y0, e.y1, from: 0, to: 1, [
                (0, light.skyTop.withOpacity(0.04)), (1, light.skyHorizon.withOpacity(0.22)),
            ], depth: 0)
            motes(&list)
        }
        if outdoors, weather.kind == .fog {
            // Fog thickest around the horizon, where the most air lies between
            // the eye and the land; a veil everywhere lowers the contrast.
            let fog = LookTone.mix(LookTone.desaturate(light.skyHorizon, 0.5), lit(LookTone.srgb(0xd7dbe0)), 0.5)
            let i = Float(weather.intensity)
            shade(&list, e.y0, e.y1, from: 0, to: 1, [
                (0, fog.withOpacity(0.25 * i)), (Float(horizon) - 0.1, fog.withOpacity(0.55 * i + 0.1)),
                (Float(horizon) + 0.06, fog.withOpacity(0.65 * i + 0.1)), (1, fog.withOpacity(0.35 * i)),
            ], depth: 0)
        }
        if outdoors, weather.kind == .rain || weather.kind == .storm || weather.kind == .snow {
            // Falling rain or snow greys the air a little.
            let veil = weather.kind == .storm ? LookTone.srgb(0x141a26) : LookTone.desaturate(light.skyHorizon, 0.6)
            let a = weather.kind == .storm ? 0.18 + 0.2 * weather.intensity : 0.06 + 0.08 * weather.intensity
            fill(&list, whole, .solid(veil.withOpacity(Float(a))), depth: 0)
        }
        precipitation(particles, outdoors: outdoors, &list)
        let flash = lightning().flash
        if flash > 0 {
            fill(&list, whole, .solid(LookTone.srgb(0xdfe6ff, Float(0.38 * flash))), depth: 0)
        }
    }

    /// Particles drawn by kind. Many small shapes of one colour become one
    /// path; paths are split into vertical strips so each tile visits only
    /// the shapes near it.
    func precipitation(_ particles: [Particle], outdoors: Bool, _ list: inout DisplayList) {
        guard !particles.isEmpty else { return }
        let strips = 8
        // (kind bucket, opacity bucket, strip) -> builder
        var rain = [[PathBuilder]](repeating: [PathBuilder](repeating: PathBuilder(), count: strips), count: 2)
        var snow = [[PathBuilder]](repeating: [PathBuilder](repeating: PathBuilder(), count: strips), count: 2)
        var splash = PathBuilder(), sparks = PathBuilder(), sparkGlow = PathBuilder()
        var smoke: [Particle] = []
        func strip(_ x: Double) -> Int { max(0, min(strips - 1, Int(x * Double(strips)))) }
        let a = aspect
        for p in particles {
            let head = Scenery.pt(p.position.x * a, p.position.y), tail = Scenery.pt(p.tail.x * a, p.tail.y)
            switch p.kind {
            case .rain:
                guard outdoors else { continue }
                let d = head - tail
                let len = d.length
                guard len > 0 else { continue }
                let w = Float(p.radius)
                let nx = -d.y / len * w, ny = d.x / len * w
                rain[p.opacity < 0.5 ? 0 : 1][strip(p.position.x)].addPolygon([
                    Point(tail.x + nx * 0.4, tail.y + ny * 0.4), Point(head.x + nx, head.y + ny),
                    Point(head.x - nx, head.y - ny), Point(tail.x - nx * 0.4, tail.y - ny * 0.4),
                ])
            case .snow:
                guard outdoors else { continue }
                snow[p.opacity < 0.8 ? 0 : 1][strip(p.position.x)].addCircle(center: head, radius: Float(p.radius))
            case .splash:
                let r = p.radius
                if let box = Scenery.rect(Double(head.x) - r, Double(head.y) - r * 0.35, Double(head.x) + r, Double(head.y) + r * 0.35),
                   let ring = Path.ellipse(in: box).stroked(Stroke(width: Float(r * 0.15))) {
                    splash.addPath(ring)
                }
            case .spark:
                let d = head - tail
                if d.length > 1e-5, let line = Path.polygon([tail, head], closed: false) {
                    if let s = line.stroked(Stroke(width: Float(p.radius * 2), cap: .round)) { sparks.addPath(s) }
                    if let g = line.stroked(Stroke(width: Float(p.radius * 6), cap: .round)) { sparkGlow.addPath(g) }
                } else {
                    sparks.addCircle(center: head, radius: Float(p.radius))
                }
            case .smoke:
                smoke.append(p)
            }
        }
        // Rain catches the sky's light; at night it is only a glint.
        let rainColour = LookTone.scale(LookTone.mix(light.skyHorizon, LookTone.srgb(0xdfe8f2), 0.55), 0.4 + 0.6 * light.daylight)
        for (b, row) in rain.enumerated() {
            for s in row { fill(&list, s.finish(), .solid(rainColour.withOpacity(b == 0 ? 0.32 : 0.55)), depth: 0) }
        }
        let flake = lit(LookTone.srgb(0xfbfcff), key: 0.2)
        for (b, row) in snow.enumerated() {
            for s in row { fill(&list, s.finish(), .solid(flake.withOpacity(b == 0 ? 0.7 : 0.95)), depth: 0) }
        }
        fill(&list, splash.finish(), .solid(rainColour.withOpacity(0.3)), depth: 0)
        fill(&list, sparkGlow.finish(), .solid(LookTone.srgb(0xff8a2a, 0.35)), depth: 0)
        fill(&list, sparks.finish(), .solid(LookTone.srgb(0xfff0b0)), depth: 0)
        let grey = lit(LookTone.srgb(0x9c9a98))
        for p in smoke {
            let c = Scenery.pt(p.position.x * a, p.position.y)
            let r = Float(p.radius)
            fill(&list, Path.circle(center: c, radius: r), .radialGradient(center: c, radius: r, stops: LookTone.stops([
                (0, grey.withOpacity(Float(p.opacity))), (0.6, grey.withOpacity(Float(p.opacity) * 0.55)), (1, grey.withOpacity(0)),
            ])), depth: 0)
        }
    }

    /// Specks drifting up through the water.
    func motes(_ list: inout DisplayList) {
        let n = LookNoise("motes")
        var b = PathBuilder()
        for slot in slots(depth: 0, spacing: 0.08, reach: 0.05) {
            for k in 0..<2 {
                let id = slot * 2 + k
                let speed = 0.01 + 0.02 * n.unit(id, 1)
                var y = n.unit(id, 2) - seconds * speed
                y -= y.rounded(.down)
                let x = (Double(slot) + n.unit(id, 3)) * 0.08 + 0.01 * Scenery.wave(seconds * 0.2 + n.unit(id, 4))
                b.addCircle(center: Scenery.pt(x, y * 1.05), radius: Float(0.001 + 0.0015 * n.unit(id, 5)))
            }
        }
        fill(&list, b.finish(), .solid(LookTone.mix(light.skyTop, LookTone.srgb(0xffffff), 0.5).withOpacity(0.5)), depth: 0)
    }
}
