import AuteurCore
import Foundation

// The sky of outdoor settings: gradient, stars, sun or moon, clouds and
// lightning. Far layers barely follow the camera (large depths).
extension Scenery {
    static let skyDepth = 30.0
    static let starDepth = 60.0
    static let cloudDepth = 8.0

    func sky(_ list: inout DisplayList) {
        // The gradient only needs to reach a little below the horizon, where
        // the terrain takes over: every pixel of it costs a gradient lookup.
        let e = visible(Scenery.skyDepth)
        let bottom = min(e.y1, horizon + 0.08 + abs(stage.camera.roll) / 90)
        shade(&list, e.y0, bottom, from: 0, to: horizon, [(0, light.skyTop), (0.55, skyMiddle), (1, light.skyHorizon)],
              depth: Scenery.skyDepth)
        stars(&list, region: nil)
        sunAndMoon(&list)
        clouds(&list)
        lightningBolt(&list)
    }

    /// Stars on a fixed grid of cells, so they stay put as the camera
    /// moves; grouped by brightness into a few paths. `region` limits them
    /// (world units at the star depth); nil keeps them above the horizon.
    func stars(_ list: inout DisplayList, region: Extent?, strength: Double? = nil) {
        let strength = strength ?? starStrength
        guard strength > 0.01 else { return }
        let e = visible(Scenery.starDepth)
        let limit = region ?? Extent(x0: e.x0, x1: e.x1, y0: e.y0, y1: horizon - 0.04)
        let noise = LookNoise("stars")
        let cell = 0.12
        var buckets = [PathBuilder](repeating: PathBuilder(), count: 3)
        let cx0 = Int((max(e.x0, limit.x0) / cell).rounded(.down)), cx1 = Int((min(e.x1, limit.x1) / cell).rounded(.up))
        let cy0 = Int((max(e.y0, limit.y0) / cell).rounded(.down)), cy1 = Int((min(e.y1, limit.y1) / cell).rounded(.up))
        guard cx1 >= cx0, cy1 >= cy0 else { return }
        for cy in cy0...cy1 {
            for cx in cx0...cx1 {
                let id = cx &* 7919 &+ cy &* 104_729
                for k in 0..<3 {
                    let x = (Double(cx) + noise.unit(id, UInt64(k * 4))) * cell
                    let y = (Double(cy) + noise.unit(id, UInt64(k * 4 + 1))) * cell
                    guard x >= limit.x0, x <= limit.x1, y >= limit.y0, y <= limit.y1 else { continue }
                    let m = noise.unit(id, UInt64(k * 4 + 2))
                    let bucket = m < 0.6 ? 0 : m < 0.9 ? 1 : 2
                    let r = [0.0011, 0.0016, 0.0024][bucket]
                    buckets[bucket].addCircle(center: Scenery.pt(x, y), radius: Float(r))
                }
            }
        }
        // Fainter stars go first; low stars fade into the horizon glow by their opacity.
        let colours = [LookTone.srgb(0xc9d4ff), LookTone.srgb(0xf4f1ff), LookTone.srgb(0xfff6e0)]
        for (i, b) in buckets.enumerated() {
            let a = Float(strength) * [0.45, 0.7, 0.95][i]
            fill(&list, b.finish(), .solid(colours[i].withOpacity(a)), depth: Scenery.starDepth)
        }
    }

    func sunAndMoon(_ list: inout DisplayList) {
        let p = light.sunPosition
        let centre = Scenery.pt(wx(p.x), p.y)
        // Low sun: bigger, redder glow, more of it hugging the horizon.
        let low = 1 - LookTone.smoothstep(0.05, 0.35, horizon - p.y)
        if light.sunVisible {
            let rim = LookTone.mix(LookTone.srgb(0xfff4d6), light.key, 0.35 + 0.55 * low)
            let core = LookTone.mix(LookTone.srgb(0xfffdf4), rim, 0.55 * low)
            let r = 0.07 + 0.1 * low
            let glow = LookTone.mix(light.key, light.skyHorizon, 0.2)
            // The glow is a circle in a frame stretched sideways about the sun,
            // and stops at the horizon, below which the land hides it anyway.
            let stretch = Float(1 + 0.6 * low)
            let local = Transform.translation(-centre.x, 0).scaled(stretch, 1).translated(centre.x, 0)
            let fade = Float(1 - overcast)
            if let halo = Scenery.rect(Double(centre.x) - r, Double(centre.y) - r, Double(centre.x) + r,
                                       min(Double(centre.y) + r, horizon + 0.01)) {
                list.fill(.rect(halo), paint: .radialGradient(center: centre, radius: Float(r), stops: LookTone.stops([
                    (0, glow.withOpacity(Float(0.55 + 0.2 * low) * fade)), (0.35, glow.withOpacity(Float(0.18 + 0.1 * low) * fade)),
                    (1, glow.withOpacity(0)),
                ])), transform: local.then(transform(Scenery.skyDepth)))
            }
            let disc = 0.032
            fill(&list, Path.circle(center: centre, radius: Float(disc)),
                 .radialGradient(center: centre, radius: Float(disc), stops: LookTone.stops([(0, core), (0.7, core), (1, rim)])),
                 depth: Scenery.skyDepth)
        }
        if light.moonVisible {
            let r = 0.026
            let moonlight = LookTone.srgb(0xe9eef8)
            let halo = Path.circle(center: centre, radius: Float(r * 4))
            fill(&list, halo, .radialGradient(center: centre, radius: Float(r * 4), stops: LookTone.stops([
                (0.2, moonlight.withOpacity(0.14)), (1, moonlight.withOpacity(0)),
            ])), depth: Scenery.skyDepth)
            fill(&list, Path.circle(center: centre, radius: Float(r)), .solid(moonlight), depth: Scenery.skyDepth)
            // A few maria, so the disc reads as the moon and not a lamp.
            var maria = PathBuilder()
            for (dx, dy, rr) in [(-0.3, -0.25, 0.32), (0.25, 0.05, 0.26), (-0.1, 0.35, 0.2)] {
                maria.addCircle(center: Scenery.pt(Double(centre.x) + dx * r, Double(centre.y) + dy * r), radius: Float(rr * r))
            }
            fill(&list, maria.finish(), .solid(LookTone.srgb(0xaeb7c9, 0.55)), depth: Scenery.skyDepth)
        }
    }

    // MARK: Clouds

    /// Clouds in slots along a drifting strip: a few fair-weather puffs in
    /// clear weather, a low grey deck when it rains or snows.
    func clouds(_ list: inout DisplayList) {
        let noise = LookNoise("clouds:" + environment.setting.rawValue)
        let drift = seconds * 0.012
        let spacing = 0.6
        let range = slots(depth: Scenery.cloudDepth, spacing: spacing, reach: 0.3, offset: drift)
        let dark = LookTone.mix(light.skyTop, light.skyHorizon, 0.4)
        let sunlit = lit(LookTone.srgb(0xffffff), key: 0.25)
        let top = LookTone.mix(sunlit, light.skyHorizon, 0.15 + 0.6 * (1 - light.daylight))
        let underside = LookTone.mix(LookTone.mix(skyMiddle, light.skyHorizon, 0.6), LookTone.scale(top, 0.75), 0.35)
        let chance = overcast > 0 ? 0.9 : 0.7
        for slot in range {
            guard noise.unit(slot, 1) < chance else { continue }
            let x = (Double(slot) + 0.2 + 0.6 * noise.unit(slot, 2)) * spacing + drift
            let y = 0.1 + 0.22 * noise.unit(slot, 3)
            let w = 0.22 + 0.22 * noise.unit(slot, 4) * (overcast > 0 ? 1.8 : 1)
            let h = w * (0.28 + 0.12 * noise.unit(slot, 5))
            // Fair-weather clouds keep out of the way of the sun and moon.
            if overcast == 0, light.sunVisible || light.moonVisible,
               abs(wx(light.sunPosition.x) - x) < w / 2 + 0.08, abs(light.sunPosition.y - y) < h + 0.08 { continue }
            var b = PathBuilder()
            let puffs = 4 + Int(noise.unit(slot, 6) * 3)
            for k in 0..<puffs {
                let f = (Double(k) + 0.5) / Double(puffs)
                let bulge = 1 - abs(f * 2 - 1)
                let r = h * (0.35 + 0.45 * bulge) * (0.8 + 0.4 * noise.unit(slot * 16 + k, 7))
                let cx = x - w / 2 + w * f
                let cy = y + h * 0.5 - r * 0.9
                b.addCircle(center: Scenery.pt(cx, cy), radius: Float(r))
            }
            if let base = Scenery.rect(x - w / 2 - h * 0.1, y + h * 0.05, x + w / 2 + h * 0.1, y + h * 0.5) {
                b.addRoundedRect(base, radius: Float(h * 0.22))
            }
            let cTop = overcast > 0 ? LookTone.mix(top, dark, 0.5 * overcast) : top
            let cBottom = overcast > 0 ? LookTone.mix(underside, LookTone.scale(dark, 0.6), overcast) : underside
            fill(&list, b.finish(), Scenery.vertical(y - h * 0.6, y + h * 0.5, [
                (0, cTop.withOpacity(0.96)), (0.55, LookTone.mix(cTop, cBottom, 0.4).withOpacity(0.96)), (1, cBottom.withOpacity(0.96)),
            ]), depth: Scenery.cloudDepth)
        }
        if overcast > 0 { cloudDeck(&list) }
    }

    /// A heavy sky: two wavy bands of cloud hanging from the top of the frame.
    func cloudDeck(_ list: inout DisplayList) {
        let noise = LookNoise("deck")
        let heavy = environment.weather.kind == .storm ? 1.0 : 0.6
        let base = LookTone.mix(light.skyTop, LookTone.srgb(0x30343c), 0.25 * heavy)
        for layer in 0..<2 {
            let depth = Scenery.cloudDepth + Double(1 - layer) * 4
            let drift = seconds * (0.008 + 0.006 * Double(layer))
            let e = visible(depth)
            let lowest = 0.12 + 0.1 * Double(layer) * overcast
            let path = ridge(depth: depth, step: 0.02, bottom: e.y0 - 0.05, chunk: 30) { x in
                lowest + 0.1 * noise.fractal((x - drift) * 2.2, octaves: 3, UInt64(layer))
            }
            // The ridge closes upwards: its "bottom" is the top of the frame.
            let shade = LookTone.scale(base, 0.85 - 0.15 * Double(layer))
            fill(&list, path, .solid(LookTone.mix(shade, light.skyHorizon, 0.15 * Double(layer)).withOpacity(0.92)), depth: depth)
        }
    }

    // MARK: Lightning

    /// A strike's brightness at this moment (0...1) and, while the bolt
    /// shows, its seed. Strikes fall in windows of a few seconds at times
    /// fixed by the window number, so every frame agrees on them.
    func lightning() -> (flash: Double, bolt: UInt64?) {
        guard environment.weather.kind == .storm, !environment.setting.isInterior,
              environment.setting != .space, environment.setting != .underwater else { return (0, nil) }
        let noise = LookNoise("lightning")
        let window = 3.2
        let w = Int((seconds / window).rounded(.down))
        var flash = 0.0
        var bolt: UInt64?
        for k in (w - 1)...w {
            guard noise.unit(k, 1) < 0.45 + 0.5 * environment.weather.intensity else { continue }
            let strike = (Double(k) + 0.1 + 0.7 * noise.unit(k, 2)) * window
            let dt = seconds - strike
            guard dt >= 0, dt < 0.5 else { continue }
            // A bright stroke, a quick fade, a dimmer return stroke.
            let first = dt < 0.07 ? 1.0 : max(0, 1 - (dt - 0.07) / 0.1)
            let second = dt >= 0.16 && dt < 0.4 ? 0.6 * (1 - (dt - 0.16) / 0.24) : 0
            let jitter = 0.85 + 0.15 * PhysicsMath.unit(stage.seed)
            flash = max(flash, max(first, second) * jitter)
            if dt < 0.24 { bolt = Seeds.combine(noise.seed, UInt64(bitPattern: Int64(k))) }
        }
        return (flash, bolt)
    }

    func lightningBolt(_ list: inout DisplayList) {
        guard let seed = lightning().bolt else { return }
        var g = SeededGenerator(seed: seed)
        let e = visible(Scenery.cloudDepth)
        var x = e.x0 + 0.2 + (e.x1 - e.x0 - 0.4) * g.unit()
        var y = 0.1
        var pts = [Scenery.pt(x, y)]
        while y < horizon - 0.02 {
            y += 0.03 + 0.04 * g.unit()
            x += (g.unit() - 0.5) * 0.08
            pts.append(Scenery.pt(x, min(y, horizon - 0.02)))
        }
        guard let path = Path.polygon(pts, closed: false),
              let core = path.stroked(Stroke(width: 0.004, join: .round, cap: .round)),
              let glow = path.stroked(Stroke(width: 0.018, join: .round, cap: .round)) else { return }
        fill(&list, glow, .solid(LookTone.srgb(0xb9c8ff, 0.35)), depth: Scenery.cloudDepth)
        fill(&list, core, .solid(LookTone.srgb(0xf4f6ff)), depth: Scenery.cloudDepth)
    }
}
