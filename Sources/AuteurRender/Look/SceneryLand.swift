import AuteurCore
import Foundation

// Outdoor settings: terrain layers from far (hazy, solid) to near (the
// ground plane at depth 0 where objects stand, one gradient).
extension Scenery {
    /// The ground plane from `top` down past the bottom of the frame, lit
    /// and hazier towards the horizon.
    func groundPlane(_ list: inout DisplayList, top: Double, far: LinearColor, near: LinearColor, depth: Double = 0) {
        let e = visible(depth)
        shade(&list, top, max(e.y1, top + 0.01), from: top, to: 1.0, [(0, far), (0.45, LookTone.mix(far, near, 0.7)), (1, near)], depth: depth)
    }

    /// A rolling ground plane whose top edge undulates, then shaded down to `near`.
    func rollingGround(_ list: inout DisplayList, noise: LookNoise, crest: Double, amplitude: Double, wavelength: Double,
                       far: LinearColor, near: LinearColor, depth: Double = 0, k: UInt64 = 9) {
        // The undulating rim is one solid shape; below its lowest point the
        // shading continues in bands.
        let e = visible(depth)
        let stops: [(Float, LinearColor)] = [(0, far), (0.4, LookTone.mix(far, near, 0.6)), (1, near)]
        let rim = LookTone.mix(far, near, 0.4 * amplitude / max(0.01, 1 - crest + amplitude))
        let path = ridge(depth: depth, step: 0.015, bottom: crest + 0.004) { x in
            crest - amplitude * noise.fractal(x / wavelength, octaves: 3, k)
        }
        fill(&list, path, .solid(rim), depth: depth)
        shade(&list, crest, max(e.y1, crest + 0.1), from: crest - amplitude, to: 1.0, stops, depth: depth)
    }

    // MARK: Desert

    func desert(_ list: inout DisplayList) {
        let n = LookNoise("desert")
        let rock = lit(LookTone.srgb(0xb8674a), key: 0.1)
        let sand = lit(LookTone.srgb(0xe3bb80), key: 0.15)
        // Buttes on the horizon: flat tops from a thresholded noise.
        let mesas = ridge(depth: 6, step: 0.008, bottom: horizon + 0.1) { x in
            let v = n.fractal(x * 1.6 + 2.8, octaves: 2, 1)
            let butte = LookTone.smoothstep(0.58, 0.62, v) * (0.07 + 0.03 * n.value(x * 3, 2))
            return self.horizon - 0.012 - butte - 0.01 * n.value(x * 9, 3)
        }
        fill(&list, mesas, .solid(hazed(rock, 0.5)), depth: 6)
        let far = ridge(depth: 3, step: 0.012, bottom: horizon + 0.12) { x in
            self.horizon + 0.012 - 0.035 * n.fractal(x * 2.2, octaves: 2, 4)
        }
        fill(&list, far, .solid(hazed(LookTone.scale(sand, 0.92), 0.3)), depth: 3)
        // Dune faces turned from the light: a darker band under each far crest.
        let shade = ridge(depth: 3, step: 0.012, bottom: horizon + 0.12) { x in
            self.horizon + 0.03 - 0.02 * n.fractal(x * 2.2 + 0.35, octaves: 2, 4)
        }
        fill(&list, shade, .solid(hazed(LookTone.scale(sand, 0.74), 0.25)), depth: 3)
        rollingGround(&list, noise: n, crest: horizon + 0.05, amplitude: 0.04, wavelength: 0.7,
                      far: hazed(sand, 0.12), near: LookTone.scale(LookTone.mix(sand, rock, 0.25), 0.88), depth: 0.5, k: 5)
        // Wind ripples in the foreground sand: a few long thin curves.
        var ripples = PathBuilder()
        let e = visible(0)
        for i in 0..<6 {
            let y = ground + 0.02 + Double(i) * 0.03
            let x0 = e.x0 + (e.x1 - e.x0) * n.unit(i, 6) * 0.4
            let len = 0.4 + 0.5 * n.unit(i, 7)
            var pts: [Point] = []
            for s in 0...12 {
                let x = x0 + len * Double(s) / 12
                pts.append(Scenery.pt(x, y + 0.006 * Scenery.wave(x * 1.3 + n.unit(i, 8))))
            }
            if let p = Path.polygon(pts, closed: false), let o = p.stroked(Stroke(width: Float(0.002 + 0.0006 * Double(i)), cap: .round)) {
                ripples.addPath(o)
            }
        }
        fill(&list, ripples.finish(), .solid(LookTone.scale(sand, 0.72).withOpacity(0.45)), depth: 0)
    }

    // MARK: Water

    /// Open water from `top` (the horizon) to `bottom`: a gradient that
    /// reflects the sky, swells, ripple dashes that drift with time and a
    /// glitter path under the sun or moon.
    func water(_ list: inout DisplayList, top: Double, bottom: Double, depth: Double) {
        let n = LookNoise("water")
        let deep = lit(LookTone.srgb(0x15608f), key: 0.05)
        let skyward = LookTone.mix(LookTone.mix(light.skyHorizon, light.skyTop, 0.3), deep, 0.5)
        shade(&list, top, bottom, from: top, to: max(bottom, top + 0.05),
              [(0, skyward), (0.35, LookTone.mix(skyward, deep, 0.6)), (1, LookTone.scale(deep, 0.85))], depth: depth)
        let e = visible(depth)
        let rows = 26
        let bright = LookTone.mix(LookTone.mix(light.skyHorizon, light.skyTop, 0.3), LookTone.srgb(0xffffff), 0.25)
        let dark = LookTone.scale(deep, 0.7)
        let bodyX = wx(light.sunPosition.x)
        let bodyUp = (light.sunVisible || light.moonVisible) && light.sunPosition.y < horizon + 0.01
        let glitterColour = light.sunVisible ? LookTone.mix(light.key, LookTone.srgb(0xffffff), 0.4) : LookTone.srgb(0xdfe6f5)
        var builders = [PathBuilder](repeating: PathBuilder(), count: 6)
        for row in 0..<rows {
            let f = Double(row + 1) / Double(rows)
            let y = top + (bottom - top) * pow(f, 1.7)
            guard y < e.y1 + 0.02 else { break }
            let spacing = 0.035 + 0.12 * f
            let length = 0.012 + 0.07 * f
            let thick = 0.0012 + 0.005 * f
            let shift = seconds * (0.01 + 0.04 * f) * (row % 2 == 0 ? 1 : -0.6)
            let k0 = Int(((e.x0 - shift) / spacing).rounded(.down)) - 1, k1 = Int(((e.x1 - shift) / spacing).rounded(.up)) + 1
            guard k1 > k0 else { continue }
            let group = (row * 3) / rows
            for k in k0...k1 {
                let id = row * 100_003 + k
                let v = n.unit(id, 1)
                let cx = (Double(k) + n.unit(id, 2)) * spacing + shift + 0.01 * Scenery.wave(seconds * 0.4 + v)
                let jy = y + thick * 2 * (n.unit(id, 3) - 0.5)
                let len = length * (0.5 + n.unit(id, 4))
                var glitter = false
                if bodyUp {
                    let spread = 0.03 + 0.22 * f
                    let d = abs(cx - bodyX) / spread
                    glitter = d < 1 && n.unit(id, 5) > d * 0.8 && Scenery.wave(seconds * 0.8 + v * 3) > -0.3
                }
                guard glitter || v < 0.55 else { continue }
                let b = glitter ? 4 + min(1, group) : (v < 0.3 ? group : 3)
                builders[b].addPolygon([Scenery.pt(cx - len / 2, jy), Scenery.pt(cx, jy - thick / 2),
                                        Scenery.pt(cx + len / 2, jy), Scenery.pt(cx, jy + thick / 2)])
            }
        }
        let colours: [LinearColor] = [bright.withOpacity(0.35), bright.withOpacity(0.4), bright.withOpacity(0.45),
                                      dark.withOpacity(0.35), glitterColour.withOpacity(0.8), glitterColour.withOpacity(0.9)]
        for (i, b) in builders.enumerated() { fill(&list, b.finish(), .solid(colours[i]), depth: depth) }
    }

    func ocean(_ list: inout DisplayList) {
        water(&list, top: horizon, bottom: 1.05, depth: 0)
        // Long swells: soft darker bands that roll towards the viewer.
        let n = LookNoise("swell")
        let deep = lit(LookTone.srgb(0x174b69))
        let e = visible(0)
        var swells = PathBuilder()
        for i in 0..<5 {
            let phase = (Double(i) + seconds * 0.12).truncatingRemainder(dividingBy: 5) / 5
            let y = horizon + (1.02 - horizon) * pow(phase, 1.6)
            let h = 0.004 + 0.03 * phase
            var top: [Point] = [], bottom: [Point] = []
            var x = (e.x0 / 0.05).rounded(.down) * 0.05
            while x <= e.x1 + 0.05 {
                let wob = h * 0.6 * (n.value(x * 3 + Double(i) * 7) - 0.5)
                top.append(Scenery.pt(x, y - h / 2 + wob))
                bottom.append(Scenery.pt(x, y + h / 2 + wob * 0.5))
                x += 0.05
            }
            swells.addPolygon(top + bottom.reversed())
        }
        fill(&list, swells.finish(), .solid(deep.withOpacity(0.22)), depth: 0)
    }

    // MARK: Beach

    func beach(_ list: inout DisplayList) {
        let n = LookNoise("beach")
        // A headland far off to one side gives the sea a shore to belong to.
        let headland = ridge(depth: 5, step: 0.01, bottom: horizon + 0.02) { x in
            let reach = LookTone.smoothstep(0.25, -0.35, x)
            return self.horizon + 0.004 - reach * (0.03 + 0.05 * n.fractal(x * 4, octaves: 2))
        }
        fill(&list, headland, .solid(hazed(lit(LookTone.srgb(0x4f7a5a)), 0.45)), depth: 5)
        let shore = horizon + 0.095
        water(&list, top: horizon, bottom: shore + 0.03, depth: 0.3)
        // The wash: wet sand that the foam edge slides over and back.
        let wash = 0.012 * Scenery.wave(seconds * 0.18)
        let wetTop = shore + wash
        let wet = lit(LookTone.srgb(0xb39a74), key: 0.1)
        let dry = lit(LookTone.srgb(0xeed5a4), key: 0.15)
        let wetPath = ridge(depth: 0.2, step: 0.02, bottom: shore + 0.06) { x in
            wetTop + 0.006 * (n.value(x * 4 + self.seconds * 0.05, 1) - 0.5)
        }
        fill(&list, wetPath, Scenery.vertical(wetTop, shore + 0.05, [(0, LookTone.mix(wet, light.skyHorizon, 0.25)), (1, wet)]), depth: 0.2)
        var foam = PathBuilder()
        let e = visible(0.2)
        var x = (e.x0 / 0.02).rounded(.down) * 0.02
        var line: [Point] = []
        while x <= e.x1 + 0.02 {
            line.append(Scenery.pt(x, wetTop + 0.006 * (n.value(x * 4 + seconds * 0.05, 1) - 0.5)))
            x += 0.02
        }
        if let p = Path.polygon(line, closed: false), let s = p.stroked(Stroke(width: 0.005, join: .round, cap: .round)) {
            foam.addPath(s)
        }
        fill(&list, foam.finish(), .solid(lit(LookTone.srgb(0xffffff)).withOpacity(0.75)), depth: 0.2)
        rollingGround(&list, noise: n, crest: shore + 0.04, amplitude: 0.012, wavelength: 0.9,
                      far: LookTone.mix(dry, wet, 0.3), near: LookTone.scale(dry, 0.93), depth: 0, k: 3)
    }

    // MARK: City

    func city(_ list: inout DisplayList) {
        let night = 1 - light.daylight
        if night > 0.3 {
            // Street light glowing back off the air above the city.
            let glow = LookTone.srgb(0xd98a4a)
            shade(&list, horizon - 0.3, horizon + 0.05, from: horizon - 0.3, to: horizon, [
                (0, glow.withOpacity(0)), (1, glow.withOpacity(Float(0.22 * night))),
            ], depth: Scenery.skyDepth)
        }
        skyline(&list, depth: 4, spacing: 0.07, base: horizon + 0.02, tallest: 0.2, colour: hazed(lit(LookTone.srgb(0x7d8ea6)), 0.45),
                windows: nil, salt: 1)
        let lamp = LookTone.srgb(0xffd98a)
        let glass = LookTone.mix(LookTone.mix(light.skyTop, light.skyHorizon, 0.5), LookTone.srgb(0x1d2633), 0.45)
        skyline(&list, depth: 1.8, spacing: 0.13, base: horizon + 0.03, tallest: 0.38, colour: lit(LookTone.srgb(0x4a5568)),
                windows: night > 0.5 ? lamp : glass, salt: 2)
        // Pavement, kerb and road.
        let concrete = lit(LookTone.srgb(0xa7a6a1), key: 0.1)
        let asphalt = lit(LookTone.srgb(0x3b3e45), key: 0.05)
        groundPlane(&list, top: horizon + 0.02, far: LookTone.scale(concrete, 0.92), near: concrete, depth: 0.15)
        let kerb = horizon + 0.085
        fill(&list, band(kerb, kerb + 0.008, depth: 0.1), .solid(LookTone.scale(concrete, 1.1)), depth: 0.1)
        groundPlane(&list, top: kerb + 0.008, far: LookTone.mix(asphalt, light.skyHorizon, 0.12), near: LookTone.scale(asphalt, 0.85))
        // Lane markings.
        let e = visible(0)
        var dashes = PathBuilder()
        let y = 0.93
        var k = Int((e.x0 / 0.3).rounded(.down))
        while Double(k) * 0.3 < e.x1 {
            if let r = Scenery.rect(Double(k) * 0.3, y, Double(k) * 0.3 + 0.16, y + 0.012) { dashes.addRect(r) }
            k += 1
        }
        fill(&list, dashes.finish(), .solid(lit(LookTone.srgb(0xe9e4d2)).withOpacity(0.85)), depth: 0)
        streetLamps(&list, night: night)
    }

    /// A row of buildings standing on `base`; with `windows`, each gets a
    /// grid of lit windows (at night) or glass bands (by day).
    func skyline(_ list: inout DisplayList, depth: Double, spacing: Double, base: Double, tallest: Double,
                 colour: LinearColor, windows: LinearColor?, salt: UInt64) {
        let n = LookNoise("city")
        let night = light.daylight < 0.5
        var blocks = PathBuilder()
        var panes = PathBuilder()
        for slot in slots(depth: depth, spacing: spacing, reach: spacing) {
            let id = slot &* 31 &+ Int(salt)
            let w = spacing * (0.75 + 0.5 * n.unit(id, salt))
            let x = Double(slot) * spacing - (w - spacing) / 2
            let h = tallest * (0.3 + 0.7 * pow(n.unit(id, salt + 10), 1.3))
            let top = horizon - h
            // Bodies reach well below the street, which hides their feet at any zoom.
            guard let body = Scenery.rect(x, top, x + w, base + 0.15) else { continue }
            blocks.addRect(body)
            let style = n.unit(id, salt + 20)
            if style < 0.25, let crown = Scenery.rect(x + w * 0.3, top - 0.015, x + w * 0.7, top + 0.001) {
                blocks.addRect(crown)
            } else if style < 0.4 {
                blocks.addPolygon([Scenery.pt(x + w * 0.48, top - 0.05), Scenery.pt(x + w * 0.52, top - 0.05),
                                   Scenery.pt(x + w * 0.55, top + 0.001), Scenery.pt(x + w * 0.45, top + 0.001)])
            }
            guard windows != nil else { continue }
            let floors = Int(h / 0.028)
            let cols = max(2, Int(w / 0.022))
            let cw = w / Double(cols)
            for f in 0..<floors {
                let fy = top + 0.015 + Double(f) * 0.028
                guard fy + 0.014 < base - 0.01 else { break }
                if night {
                    for c in 0..<cols where n.unit(id * 977 + f * 31 + c, salt + 30) < 0.38 {
                        if let r = Scenery.rect(x + Double(c) * cw + cw * 0.25, fy, x + Double(c + 1) * cw - cw * 0.25, fy + 0.014) {
                            panes.addRect(r)
                        }
                    }
                } else if let r = Scenery.rect(x + cw * 0.25, fy + 0.002, x + w - cw * 0.25, fy + 0.012) {
                    panes.addRect(r)
                }
            }
        }
        fill(&list, blocks.finish(), .solid(colour), depth: depth)
        if let windows {
            fill(&list, panes.finish(), .solid(windows.withOpacity(night ? 0.95 : 0.7)), depth: depth)
        }
    }

    func streetLamps(_ list: inout DisplayList, night: Double) {
        let depth = 0.6
        let spacing = 1.1
        let iron = lit(LookTone.srgb(0x2b2f36))
        var posts = PathBuilder()
        var heads: [Point] = []
        for slot in slots(depth: depth, spacing: spacing, reach: 0.1) {
            let x = Double(slot) * spacing + 0.35
            let foot = horizon + 0.075, top = horizon - 0.2
            if let pole = Scenery.rect(x - 0.004, top, x + 0.004, foot) { posts.addRect(pole) }
            if let arm = Scenery.rect(x, top, x + 0.05, top + 0.006) { posts.addRect(arm) }
            if let head = Scenery.rect(x + 0.035, top + 0.004, x + 0.065, top + 0.014) { posts.addRoundedRect(head, radius: 0.004) }
            heads.append(Scenery.pt(x + 0.05, top + 0.016))
        }
        fill(&list, posts.finish(), .solid(iron), depth: depth)
        guard night > 0.3 else { return }
        let glow = LookTone.srgb(0xffd58a)
        for h in heads {
            let r: Float = 0.09
            fill(&list, Path.circle(center: h, radius: r), .radialGradient(center: h, radius: r, stops: LookTone.stops([
                (0, glow.withOpacity(Float(0.7 * night))), (0.25, glow.withOpacity(Float(0.25 * night))), (1, glow.withOpacity(0)),
            ])), depth: depth)
        }
    }

    // MARK: Forest

    /// A line of conifers: one spiky silhouette, tree by tree from slots.
    func treeLine(_ list: inout DisplayList, depth: Double, base: Double, height: Double, spacing: Double,
                  colour: LinearColor, salt: UInt64) {
        let n = LookNoise("trees")
        let path = ridge(depth: depth, step: spacing / 4, bottom: base + 0.15, chunk: 32) { x in
            let slot = (x / spacing).rounded(.down)
            let f = x / spacing - slot
            let h = height * (0.6 + 0.4 * n.unit(Int(slot), salt))
            let tip = 1 - abs(f * 2 - 1)
            return base - h * (0.25 + 0.75 * tip) - 0.02 * n.value(x * 3, salt + 1)
        }
        fill(&list, path, .solid(colour), depth: depth)
    }

    func forest(_ list: inout DisplayList) {
        let n = LookNoise("forest")
        let pine = lit(LookTone.srgb(0x2c5a3c), key: 0.05)
        let hills = ridge(depth: 6, step: 0.015, bottom: horizon + 0.1) { x in
            self.horizon - 0.03 - 0.06 * n.fractal(x * 1.4, octaves: 3)
        }
        fill(&list, hills, .solid(hazed(pine, 0.62)), depth: 6)
        treeLine(&list, depth: 3.5, base: horizon + 0.01, height: 0.09, spacing: 0.03, colour: hazed(pine, 0.38), salt: 1)
        treeLine(&list, depth: 1.8, base: horizon + 0.05, height: 0.17, spacing: 0.055, colour: hazed(LookTone.scale(pine, 0.8), 0.16), salt: 2)
        let floor = lit(LookTone.srgb(0x5d6b36), key: 0.1)
        rollingGround(&list, noise: n, crest: horizon + 0.07, amplitude: 0.015, wavelength: 0.6,
                      far: hazed(LookTone.scale(floor, 0.9), 0.1), near: LookTone.mix(floor, LookTone.srgb(0x4a3b26), 0.3), depth: 0.3)
        // Big trunks framing the clearing, with a dark canopy above.
        let bark = lit(LookTone.srgb(0x4a3526))
        var trunks = PathBuilder()
        for slot in slots(depth: 0.8, spacing: 1.25, reach: 0.1) {
            let x = Double(slot) * 1.25 + 0.1 + 0.15 * n.unit(slot, 5)
            let w = 0.06 + 0.03 * n.unit(slot, 6)
            trunks.addPolygon([Scenery.pt(x - w * 0.4, -0.1), Scenery.pt(x + w * 0.4, -0.1),
                               Scenery.pt(x + w * 0.55, horizon + 0.1), Scenery.pt(x + w * 0.9, horizon + 0.115),
                               Scenery.pt(x - w * 0.9, horizon + 0.115), Scenery.pt(x - w * 0.55, horizon + 0.1)])
        }
        fill(&list, trunks.finish(), .solid(bark), depth: 0.8)
        let e = visible(1.2)
        let canopy = ridge(depth: 1.2, step: 0.02, bottom: e.y0 - 0.05, chunk: 30) { x in
            0.06 + 0.07 * n.fractal(x * 3, octaves: 3, 7)
        }
        fill(&list, canopy, .solid(LookTone.scale(pine, 0.55)), depth: 1.2)
    }

    // MARK: Snowfield, meadow, mountains

    func snowfield(_ list: inout DisplayList) {
        let n = LookNoise("snowfield")
        let snow = lit(LookTone.srgb(0xf3f6fa), key: 0.1)
        let shadow = lit(LookTone.srgb(0xb7c8e2))
        mountainRange(&list, depth: 6, base: horizon + 0.02, height: 0.2, rock: LookTone.srgb(0x93a2bb), snowline: 0.7, haze: 0.5, salt: 1)
        let hills = ridge(depth: 2.5, step: 0.015, bottom: horizon + 0.12) { x in
            self.horizon + 0.01 - 0.04 * n.fractal(x * 1.5, octaves: 3, 2)
        }
        fill(&list, hills, .solid(hazed(LookTone.mix(snow, shadow, 0.45), 0.2)), depth: 2.5)
        treeLine(&list, depth: 2.5, base: horizon + 0.035, height: 0.05, spacing: 0.05,
                 colour: hazed(lit(LookTone.srgb(0x2a4236)), 0.3), salt: 7)
        rollingGround(&list, noise: n, crest: horizon + 0.045, amplitude: 0.02, wavelength: 0.8,
                      far: LookTone.mix(snow, shadow, 0.25), near: LookTone.mix(snow, shadow, 0.55), depth: 0.3, k: 3)
        // Drifts: pale crescents catching the light.
        var drifts = PathBuilder()
        for slot in slots(depth: 0, spacing: 0.6, reach: 0.2) {
            let x = Double(slot) * 0.6 + 0.3 * n.unit(slot, 4)
            let y = ground + 0.03 + 0.12 * n.unit(slot, 5)
            let w = 0.15 + 0.15 * n.unit(slot, 6)
            var b = PathBuilder()
            b.move(to: Scenery.pt(x - w / 2, y))
            b.quad(to: Scenery.pt(x + w / 2, y), control: Scenery.pt(x, y - 0.035))
            b.quad(to: Scenery.pt(x - w / 2, y), control: Scenery.pt(x, y - 0.012))
            b.close()
            if let p = b.finish() { drifts.addPath(p) }
        }
        fill(&list, drifts.finish(), .solid(LookTone.scale(snow, 1.05).withOpacity(0.8)), depth: 0)
    }

    func meadow(_ list: inout DisplayList) {
        let n = LookNoise("meadow")
        let grass = lit(LookTone.srgb(0x79b84a), key: 0.15)
        let far = ridge(depth: 5, step: 0.015, bottom: horizon + 0.1) { x in
            self.horizon - 0.02 - 0.06 * n.fractal(x * 1.1, octaves: 3, 1)
        }
        fill(&list, far, .solid(hazed(LookTone.mix(grass, LookTone.srgb(0x3f7a6a), 0.5), 0.55)), depth: 5)
        let mid = ridge(depth: 2.2, step: 0.015, bottom: horizon + 0.12) { x in
            self.horizon + 0.015 - 0.045 * n.fractal(x * 1.6, octaves: 3, 2)
        }
        fill(&list, mid, .solid(hazed(LookTone.scale(grass, 0.85), 0.25)), depth: 2.2)
        // Round trees dotted along the near hills.
        var crowns = PathBuilder()
        var stems = PathBuilder()
        for slot in slots(depth: 2.2, spacing: 0.45, reach: 0.1) where n.unit(slot, 3) < 0.55 {
            let x = (Double(slot) + n.unit(slot, 4)) * 0.45
            let y = horizon + 0.015 - 0.045 * n.fractal(x * 1.6, octaves: 3, 2) + 0.004
            let r = 0.014 + 0.012 * n.unit(slot, 5)
            if let s = Scenery.rect(x - 0.002, y - r, x + 0.002, y) { stems.addRect(s) }
            crowns.addCircle(center: Scenery.pt(x, y - r * 1.6), radius: Float(r))
            crowns.addCircle(center: Scenery.pt(x - r * 0.6, y - r * 1.2), radius: Float(r * 0.7))
            crowns.addCircle(center: Scenery.pt(x + r * 0.6, y - r * 1.2), radius: Float(r * 0.7))
        }
        fill(&list, stems.finish(), .solid(hazed(lit(LookTone.srgb(0x5a4330)), 0.25)), depth: 2.2)
        fill(&list, crowns.finish(), .solid(hazed(lit(LookTone.srgb(0x3e7a34)), 0.22)), depth: 2.2)
        rollingGround(&list, noise: n, crest: horizon + 0.05, amplitude: 0.03, wavelength: 1.0,
                      far: hazed(grass, 0.1), near: LookTone.scale(LookTone.mix(grass, LookTone.srgb(0x4f8a2c), 0.5), 0.9), depth: 0.3, k: 6)
        // Wild flowers scattered through the foreground grass, three colours.
        let e = visible(0)
        let colours = [LookTone.srgb(0xf6f1e4), LookTone.srgb(0xf2c230), LookTone.srgb(0xd9577c)]
        var flowers = [PathBuilder](repeating: PathBuilder(), count: 3)
        let cell = 0.05
        let c0 = Int((e.x0 / cell).rounded(.down)), c1 = Int((e.x1 / cell).rounded(.up))
        if c1 > c0 {
            for c in c0...c1 {
                for k in 0..<3 {
                    let id = c * 7 + k
                    let y = horizon + 0.09 + (1.0 - horizon - 0.09) * pow(n.unit(id, 10), 0.7)
                    let x = (Double(c) + n.unit(id, 11)) * cell
                    let r = 0.0015 + 0.004 * (y - horizon) / (1 - horizon)
                    flowers[Int(n.unit(id, 12) * 3)].addCircle(center: Scenery.pt(x, y), radius: Float(r))
                }
            }
        }
        for (i, f) in flowers.enumerated() { fill(&list, f.finish(), .solid(lit(colours[i]).withOpacity(0.9)), depth: 0) }
    }

    /// A range of peaks with snow above `snowline` (a fraction of its height).
    func mountainRange(_ list: inout DisplayList, depth: Double, base: Double, height: Double, rock: LinearColor,
                       snowline: Double, haze: Double, salt: UInt64) {
        let n = LookNoise("mountains")
        let crest: (Double) -> Double = { x in
            base - height * (0.25 + 0.75 * n.ridged(x * 1.3, octaves: 4, salt))
        }
        let rockColour = hazed(lit(rock, key: 0.1), haze)
        fill(&list, ridge(depth: depth, step: 0.006, bottom: horizon + 0.15, chunk: 40, crest), .solid(rockColour), depth: depth)
        // Snow caps: from the crest down to a ragged snowline.
        let line = base - height * (0.25 + 0.75 * snowline)
        var caps = PathBuilder()
        let e = visible(depth, margin: 0.02)
        let step = 0.006
        var run: [(Double, Double, Double)] = []
        func flush() {
            if run.count >= 2 {
                caps.addPolygon(run.map { Scenery.pt($0.0, $0.1) } + run.reversed().map { Scenery.pt($0.0, $0.2) })
            }
            run = []
        }
        var k = Int((e.x0 / step).rounded(.down))
        while Double(k) * step < e.x1 {
            let x = Double(k) * step
            let y = crest(x)
            let bottom = line + 0.02 * (n.value(x * 25, salt + 9) - 0.5) + (line - y) * 0.25
            if y < bottom { run.append((x, y, bottom)) } else { flush() }
            k += 1
        }
        flush()
        let snow = hazed(lit(LookTone.srgb(0xf4f7fb), key: 0.15), haze * 0.8)
        fill(&list, caps.finish(), .solid(snow), depth: depth)
    }

    func mountains(_ list: inout DisplayList) {
        let n = LookNoise("alps")
        mountainRange(&list, depth: 7, base: horizon + 0.02, height: 0.5, rock: LookTone.srgb(0x6f7c98), snowline: 0.5, haze: 0.32, salt: 1)
        mountainRange(&list, depth: 3.5, base: horizon + 0.03, height: 0.26, rock: LookTone.srgb(0x4f5868), snowline: 0.75, haze: 0.15, salt: 2)
        let conifer = lit(LookTone.srgb(0x2f5a3e), key: 0.05)
        let foothills = ridge(depth: 1.6, step: 0.015, bottom: horizon + 0.12) { x in
            self.horizon + 0.02 - 0.06 * n.fractal(x * 1.3, octaves: 3, 3)
        }
        fill(&list, foothills, .solid(hazed(conifer, 0.18)), depth: 1.6)
        let alpine = lit(LookTone.srgb(0x86ad52), key: 0.15)
        rollingGround(&list, noise: n, crest: horizon + 0.055, amplitude: 0.025, wavelength: 0.9,
                      far: hazed(alpine, 0.1), near: LookTone.scale(alpine, 0.82), depth: 0.3, k: 4)
    }
}
