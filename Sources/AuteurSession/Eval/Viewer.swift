import AuteurCore
import AuteurRender
import Foundation

/// Looks at a project the way a viewer does: through rendered frames. Facts
/// are checked on what is drawn (positions, colours, pixels), never on what
/// the planner meant to do.
final class Viewer {
    let project: Project
    let width: Int
    let height: Int
    let composer: FrameComposer
    let regenerator: Regenerator
    private var frames: [FrameIndex: ComposedFrame] = [:]
    private var images: [FrameIndex: FrameImage] = [:]

    init(_ project: Project, signals: AudioSignals, backdrops: [String: ImageTexture], width: Int = 256, height: Int = 144) {
        self.project = project
        self.width = width
        self.height = height
        composer = FrameComposer(project: project, width: width, height: height, signals: signals, backdrops: backdrops)
        regenerator = Regenerator(width: width, height: height)
    }

    func composed(_ f: FrameIndex) -> ComposedFrame {
        if let c = frames[f] { return c }
        let c = composer.compose(f)
        frames[f] = c
        return c
    }

    func image(_ f: FrameIndex) -> FrameImage {
        if let i = images[f] { return i }
        let i = regenerator.render(composed(f))
        images[f] = i
        return i
    }

    var frameRect: Rect { Rect(x: 0, y: 0, width: Float(width), height: Float(height))! }

    /// Objects of `kind` drawn in frame `f` (inside the frame, not transparent).
    func visible(_ kind: CatalogKind, in f: FrameIndex) -> [(state: ObjectState, bounds: Rect)] {
        composed(f).objects.compactMap { o in
            guard o.state.kind == kind, o.state.opacity > 0.05, let b = o.bounds,
                  b.right > 0, b.left < Float(width), b.bottom > 0, b.top < Float(height) else { return nil }
            return (o.state, b)
        }
    }

    /// Frames to look at: all of a short range, else an even sample.
    func sample(_ range: FrameRange, count: Int = 12) -> [FrameIndex] {
        if range.count <= count { return Array(range.start...range.end) }
        return (0..<count).map { range.start + $0 * (range.count - 1) / (count - 1) }
    }

    /// The pixels of object `id` in frame `f`: those that change when it is
    /// not drawn, leaving out its shadow (a darker copy of what is behind).
    func objectPixels(_ id: ObjectID, in f: FrameIndex) -> [SIMD3<Double>] {
        let with = image(f)
        var without = project
        without.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(f, f), objects: [id]), change: .visible(false)))
        let other = regenerator.render(FrameComposer(project: without, width: width, height: height, signals: composer.signals,
                                                     backdrops: [:], previous: composer).compose(f))
        var out: [SIMD3<Double>] = []
        for i in stride(from: 0, to: with.pixels.count, by: 4) {
            let a = SIMD3(Double(with.pixels[i]), Double(with.pixels[i + 1]), Double(with.pixels[i + 2]))
            let b = SIMD3(Double(other.pixels[i]), Double(other.pixels[i + 1]), Double(other.pixels[i + 2]))
            guard abs(a.x - b.x) + abs(a.y - b.y) + abs(a.z - b.z) > 12 else { continue }
            let la = Lab(srgb: a), lb = Lab(srgb: b)
            // A shadow darkens what is behind without changing its hue.
            if la.l < lb.l && hypot(la.a - lb.a, la.b - lb.b) < 6 { continue }
            out.append(a)
        }
        return out
    }

    /// The basic colour term most of the object's pixels are nearest to, as
    /// a viewer names it: adapted to the scene's light (von Kries on the
    /// ambient light, colour and level), so a white plane at sunset still
    /// reads as white and an orange fish underwater as orange.
    func mainColour(_ id: ObjectID, in f: FrameIndex) -> String? {
        let ambient = Look.lighting(for: project.evaluate(f, signals: composer.signals).environment).ambient
        // The eye adapts to both the colour and the level of the light.
        let white = SIMD3(Double(max(0.15, ambient.red)), Double(max(0.15, ambient.green)), Double(max(0.15, ambient.blue)))
        var votes: [String: Int] = [:]
        for p in objectPixels(id, in: f) { votes[Lab(srgb: Self.adapt(p, to: white)).basicTerm, default: 0] += 1 }
        return votes.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// Divides out the illuminant in linear light (chromatic adaptation).
    static func adapt(_ srgb: SIMD3<Double>, to white: SIMD3<Double>) -> SIMD3<Double> {
        func lin(_ v: Double) -> Double { let s = v / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        func enc(_ c: Double) -> Double { let v = max(0, min(1, c)); return 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055) }
        return SIMD3(enc(lin(srgb.x) / white.x), enc(lin(srgb.y) / white.y), enc(lin(srgb.z) / white.z))
    }

    /// Mean CIELAB colour over sampled frames.
    func meanLab(_ frames: [FrameIndex]) -> Lab {
        var sum = SIMD3<Double>(0, 0, 0), n = 0.0
        for f in frames {
            let px = image(f).pixels
            for i in stride(from: 0, to: px.count, by: 16) {
                let l = Lab(srgb: SIMD3(Double(px[i]), Double(px[i + 1]), Double(px[i + 2])))
                sum += SIMD3(l.l, l.a, l.b); n += 1
            }
        }
        return Lab(l: sum.x / n, a: sum.y / n, b: sum.z / n)
    }

    /// Mean squared difference of two frames, per channel value.
    static func distance(_ a: FrameImage, _ b: FrameImage) -> Double {
        var s = 0.0
        for i in 0..<a.pixels.count where i % 4 != 3 {
            let d = Double(a.pixels[i]) - Double(b.pixels[i])
            s += d * d
        }
        return s / Double(a.pixels.count * 3 / 4)
    }

    /// Which of `candidates` frame `f` looks most like: each candidate is the
    /// same frame drawn with one property forced to that value.
    func nearest<T>(_ f: FrameIndex, among candidates: [(T, Change)]) -> (T, Double)? {
        let actual = image(f)
        var best: (T, Double)?
        for (value, change) in candidates {
            var variant = project
            variant.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(f, f)), change: change))
            let img = regenerator.render(FrameComposer(project: variant, width: width, height: height, signals: composer.signals,
                                                       backdrops: [:], previous: composer).compose(f))
            let d = Self.distance(actual, img)
            if best == nil || d < best!.1 { best = (value, d) }
        }
        return best
    }
}

/// CIELAB (D65) from 8-bit sRGB, and the eleven basic colour terms.
struct Lab {
    var l: Double, a: Double, b: Double

    init(l: Double, a: Double, b: Double) { self.l = l; self.a = a; self.b = b }

    init(srgb c: SIMD3<Double>) {
        func lin(_ v: Double) -> Double { let s = v / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        let r = lin(c.x), g = lin(c.y), bl = lin(c.z)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * bl
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        l = 116 * f(y) - 16
        a = 500 * (f(x) - f(y))
        b = 200 * (f(y) - f(z))
    }

    func distance(_ o: Lab) -> Double { ((l - o.l) * (l - o.l) + (a - o.a) * (a - o.a) + (b - o.b) * (b - o.b)).squareRoot() }

    static let terms: [(String, Lab)] = ["black", "white", "red", "green", "yellow", "blue", "brown", "purple", "pink", "orange", "gray"].map {
        let c = RGBColor.named[$0]!
        return ($0, Lab(srgb: SIMD3(Double(c.r), Double(c.g), Double(c.b))))
    }

    var basicTerm: String { Lab.terms.min { distance($0.1) < distance($1.1) }!.0 }
}
