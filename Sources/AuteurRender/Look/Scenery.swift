import AuteurCore
import Foundation

/// One frame's scenery painter: the stage, its light, and the geometry
/// helpers every setting shares. All shapes are in world units (x = frame
/// x * aspect, y = frame y) and placed at a depth for parallax.
struct Scenery {
    let stage: Stage
    let light: Lighting
    let environment: Environment
    let aspect: Double
    /// Local time in seconds, for what moves by itself.
    let seconds: Double
    let horizon: Double
    let ground: Double
    /// How overcast the weather makes the sky, 0...1.
    let overcast: Double

    init(_ stage: Stage) {
        self.stage = stage
        light = stage.lighting
        environment = stage.environment
        aspect = stage.aspect
        seconds = stage.seconds
        horizon = stage.horizon
        ground = stage.ground
        overcast = environment.setting.isInterior ? 0 : LookLight.overcast(environment.weather)
    }

    // MARK: Placement

    func transform(_ depth: Double) -> Transform { stage.transform(depth: depth) }

    /// The world rectangle the frame shows at `depth`, grown by `margin`.
    struct Extent { var x0: Double, x1: Double, y0: Double, y1: Double }

    func visible(_ depth: Double, margin: Double = 0.05) -> Extent {
        guard let inv = transform(depth).inverted() else { return Extent(x0: 0, x1: aspect, y0: 0, y1: 1) }
        let w = Float(stage.width), h = Float(stage.height)
        let corners = [Point(0, 0), Point(w, 0), Point(0, h), Point(w, h)].map(inv.map)
        let xs = corners.map { Double($0.x) }, ys = corners.map { Double($0.y) }
        return Extent(x0: xs.min()! - margin, x1: xs.max()! + margin, y0: ys.min()! - margin, y1: ys.max()! + margin)
    }

    /// World x of a frame x.
    func wx(_ frameX: Double) -> Double { frameX * aspect }

    static func pt(_ x: Double, _ y: Double) -> Point { Point(Float(x), Float(y)) }

    static func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Rect? {
        Rect(left: Float(x0), top: Float(y0), right: Float(x1), bottom: Float(y1))
    }

    func fill(_ list: inout DisplayList, _ path: Path?, _ paint: Paint, depth: Double) {
        guard let path else { return }
        list.fill(path, paint: paint, transform: transform(depth))
    }

    /// A vertical gradient between world heights `y0` and `y1`.
    static func vertical(_ y0: Double, _ y1: Double, _ stops: [(Float, LinearColor)]) -> Paint {
        .linearGradient(from: pt(0, y0), to: pt(0, y1), stops: LookTone.stops(stops))
    }

    /// A rectangle spanning the visible width at `depth` from `y0` to `y1`.
    func band(_ y0: Double, _ y1: Double, depth: Double) -> Path? {
        let e = visible(depth)
        return Scenery.rect(e.x0, y0, e.x1, y1).map(Path.rect)
    }

    /// A terrain silhouette: `height(x)` is the world y of the crest at
    /// world x, sampled every `step` at fixed world positions (so a pan
    /// reveals the same land), closed down to `bottom`. Split into chunks
    /// so a tile only visits the outline near it.
    func ridge(depth: Double, step: Double, bottom: Double, chunk: Int = 24, _ height: (Double) -> Double) -> Path? {
        let e = visible(depth, margin: step * 2)
        let first = Int((e.x0 / step).rounded(.down)), last = Int((e.x1 / step).rounded(.up))
        guard last > first else { return nil }
        var b = PathBuilder()
        var i = first
        while i < last {
            let end = min(last, i + chunk)
            var pts: [Point] = []
            pts.reserveCapacity(end - i + 3)
            for k in i...end {
                let x = Double(k) * step
                pts.append(Scenery.pt(x, height(x)))
            }
            pts.append(Scenery.pt(Double(end) * step, bottom))
            pts.append(Scenery.pt(Double(i) * step, bottom))
            b.addPolygon(pts)
            i = end
        }
        return b.finish()
    }

    /// Indices of slots of width `spacing` whose props may show at `depth`
    /// (props reach `reach` beyond their slot).
    func slots(depth: Double, spacing: Double, reach: Double = 0, offset: Double = 0) -> ClosedRange<Int> {
        let e = visible(depth)
        let a = Int(((e.x0 - reach - offset) / spacing).rounded(.down))
        let b = Int(((e.x1 + reach - offset) / spacing).rounded(.up))
        return a...max(a, b)
    }

    // MARK: Smooth gradients, cheaply

    enum Axis { case vertical, horizontal }

    /// A gradient across a big area, drawn as solid bands one device pixel
    /// row (or column) aligned, each as wide as the gradient stays within
    /// one 8-bit sRGB level. It looks the same as a gradient (the frame is
    /// 8-bit anyway), but a solid fill costs the rasteriser a store per
    /// pixel where a gradient costs an evaluation, and the sky and the
    /// ground are most of the frame. `across` is the extent on the other
    /// axis; the ramp runs from `from` to `to` along `axis` and pads beyond.
    /// A rolled camera tilts the bands off the pixel grid, so then it falls
    /// back to one true gradient.
    func bands(_ list: inout DisplayList, axis: Axis, span: ClosedRange<Double>, across: ClosedRange<Double>,
               from: Double, to: Double, stops: [(Float, LinearColor)], depth: Double) {
        let t = transform(depth)
        let vertical = axis == .vertical
        func rect(_ a: Double, _ b: Double) -> Path? {
            (vertical ? Scenery.rect(across.lowerBound, a, across.upperBound, b)
                      : Scenery.rect(a, across.lowerBound, b, across.upperBound)).map(Path.rect)
        }
        guard t.kx == 0, t.ky == 0, span.upperBound > span.lowerBound else {
            let paint: Paint = .linearGradient(from: vertical ? Scenery.pt(0, from) : Scenery.pt(from, 0),
                                               to: vertical ? Scenery.pt(0, to) : Scenery.pt(to, 0), stops: LookTone.stops(stops))
            fill(&list, rect(span.lowerBound, span.upperBound), paint, depth: depth)
            return
        }
        // World position <-> device pixel along the axis.
        let scale = Double(vertical ? t.sy : t.sx), offset = Double(vertical ? t.ty : t.tx)
        func device(_ w: Double) -> Double { w * scale + offset }
        func world(_ d: Double) -> Double { (d - offset) / scale }
        let limit = Double(vertical ? stage.height : stage.width)
        let d0 = max(-1, device(span.lowerBound)), d1 = min(limit + 1, device(span.upperBound))
        guard d1 > d0 else { return }
        let sorted = stops.sorted { $0.0 < $1.0 }
        func colour(_ w: Double) -> LinearColor {
            let f = Float(to == from ? 0 : (w - from) / (to - from))
            if f <= sorted[0].0 { return sorted[0].1 }
            for i in 1..<sorted.count where f <= sorted[i].0 {
                let a = sorted[i - 1], b = sorted[i]
                return LookTone.mix(a.1, b.1, b.0 > a.0 ? Double((f - a.0) / (b.0 - a.0)) : 1)
            }
            return sorted[sorted.count - 1].1
        }
        func level(_ c: LinearColor) -> SIMD4<Int32> {
            func e(_ v: Float) -> Int32 {
                let x = Double(max(0, min(1, v)))
                return Int32(((x <= 0.0031308 ? x * 12.92 : 1.055 * pow(x, 1 / 2.4) - 0.055) * 255).rounded())
            }
            return SIMD4(e(c.red), e(c.green), e(c.blue), Int32((max(0, min(1, c.alpha)) * 255).rounded()))
        }
        var start = d0
        var startLevel = level(colour(world(d0)))
        var row = d0.rounded(.down) + 1
        while start < d1 {
            // Grow the band row by row while every channel stays within a level.
            var end = min(d1, row)
            while end < d1 {
                let next = min(d1, end + 1)
                let l = level(colour(world(next)))
                if abs(l.x - startLevel.x) > 1 || abs(l.y - startLevel.y) > 1 || abs(l.z - startLevel.z) > 1 || abs(l.w - startLevel.w) > 1 { break }
                end = next
            }
            let c = colour(world((start + end) / 2))
            fill(&list, rect(world(start), world(end)), .solid(c), depth: depth)
            start = end
            row = end + 1
            startLevel = level(colour(world(start)))
        }
    }

    /// Vertical bands across the whole visible width at `depth`.
    func shade(_ list: inout DisplayList, _ y0: Double, _ y1: Double, from: Double, to: Double,
               _ stops: [(Float, LinearColor)], depth: Double) {
        let e = visible(depth)
        bands(&list, axis: .vertical, span: y0...max(y0, y1), across: e.x0...e.x1, from: from, to: to, stops: stops, depth: depth)
    }

    // MARK: Colour

    /// A surface lit by the ambient light, with `keyShare` of the key light added.
    func lit(_ albedo: LinearColor, key keyShare: Double = 0) -> LinearColor {
        let l = LookTone.add(light.ambient, light.key, keyShare * light.daylight)
        return LookTone.lit(albedo, l)
    }

    /// Aerial perspective: far things take on the colour of the sky at the horizon.
    func hazed(_ c: LinearColor, _ amount: Double) -> LinearColor {
        LookTone.mix(c, light.skyHorizon, min(1, amount + overcast * 0.3))
    }

    /// The sky colour between top and horizon, for skies and reflections.
    var skyMiddle: LinearColor {
        let clear = LookLight.key(at: environment.timeOfDay.hours).middle
        let grey = LookTone.mix(light.skyTop, light.skyHorizon, 0.5)
        return LookTone.mix(clear, grey, min(1, overcast * 1.6))
    }

    /// How visible the stars are, 0...1.
    var starStrength: Double {
        guard light.starsVisible else { return 0 }
        return LookLight.key(at: environment.timeOfDay.hours).stars * max(0, 1 - overcast * 2.5)
    }

    /// A smooth periodic wave in -1...1 with period 1, for sway and ripples.
    static func wave(_ cycles: Double) -> Double { PhysicsMath.wave(cycles) }
}
