import AuteurCore
import Foundation

/// Linear-light RGB, the colour maths of the asset painters.
typealias Tint = SIMD3<Float>

/// The drawing context of one object. Drawing code works in a *local unit
/// box*: the object is 1 unit tall, centred on the origin, x to the right
/// (the way it faces), y down; its width is the height times the aspect of
/// its collision box (`PhysicsShapes`), so what is drawn matches what
/// collides.
///
/// Every part goes through a handful of verbs (`body`, `part`, `ink`,
/// `mark`, `text`) so that lighting and the style's line treatment are
/// decided here, once, and kind painters only say what a part *is*.
///
/// A pen either paints into a display list or only measures: `bounds(of:)`
/// runs the very same drawing code in measuring mode, so the bounds can
/// never drift from what is drawn.
struct AssetPen {
    enum Weight { case silhouette, detail }

    var list: DisplayList
    let measuring: Bool
    /// Device-space box of everything drawn so far (measuring mode only).
    private(set) var reach: (l: Float, t: Float, r: Float, b: Float) = (.infinity, .infinity, -.infinity, -.infinity)
    private(set) var commandCount = 0
    /// A blueprint line waiting for the fill it goes over.
    private var pendingLine: (Path, Float, Paint)?

    /// Local units to device pixels.
    var transform: Transform
    /// Device pixels per local unit (the object's height on screen).
    let px: Float
    let style: Style
    let object: ObjectState
    let variant: String
    /// The object's own colour, linear light.
    let base: Tint
    /// Ambient light with its tint halved, so lighting shades a colour
    /// without changing which colour it reads as.
    let ambient: Tint
    /// How much brighter the key-lit side is, 0 at night to about 0.3.
    let keyBoost: Float
    /// The direction light travels across the object, in local units
    /// (from the lit side to the shaded side).
    let lightDirection: Point
    /// 0 at night to 1 at noon: lamps and windows glow more in the dark.
    let daylight: Float
    var rng: SeededGenerator

    init(object: ObjectState, stage: Stage, list: DisplayList, measuring: Bool) {
        self.object = object
        self.list = list
        self.measuring = measuring
        style = stage.environment.style
        let kind = object.kind
        variant = kind.variants.contains(object.variant) ? object.variant : kind.defaultVariant
        let size = Float(max(0, object.size))
        let world = Transform.scale(size, size)
            .rotated(degrees: Float(object.rotation))
            .translated(Float(object.position.x * stage.aspect), Float(object.position.y))
        transform = world.then(stage.transform(depth: object.depth))
        px = stage.unit(depth: object.depth) * size
        base = AssetPen.linear(object.color)

        let l = stage.lighting
        let a = Tint(l.ambient.red, l.ambient.green, l.ambient.blue)
        let lum = AssetPen.luminance(a)
        ambient = (a + Tint(repeating: lum)) * 0.5
        daylight = Float(max(0, min(1, l.daylight.isFinite ? l.daylight : 1)))
        keyBoost = 0.3 * max(0, min(1, AssetPen.luminance(Tint(l.key.red, l.key.green, l.key.blue))))
        // Light comes from the side opposite the shadows, and from above.
        let sx = Float(max(-1, min(1, l.shadowDirection.isFinite ? l.shadowDirection : 0)))
        let r = -Double(object.rotation) * .pi / 180
        let c = Float(cos(r)), s = Float(sin(r))
        let d = Point(sx * 0.8, 1)
        let n = d.length
        lightDirection = Point((c * d.x - s * d.y) / n, (s * d.x + c * d.y) / n)
        rng = SeededGenerator(seed: Seeds.combine(object.seed, Seeds.hash("asset." + kind.rawValue + "." + variant)))
    }

    // MARK: Randomness

    /// A uniform number in lo...hi from the object's seed: one "take".
    mutating func vary(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(rng.unit())
    }

    mutating func chance(_ p: Double) -> Bool { rng.unit() < p }

    mutating func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }

    // MARK: Colour

    static func linear(_ c: RGBColor) -> Tint {
        let l = LinearColor(c)
        return Tint(l.red, l.green, l.blue)
    }

    func hex(_ v: UInt32) -> Tint {
        AssetPen.linear(RGBColor(UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)))
    }

    static func luminance(_ c: Tint) -> Float { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }

    func mix(_ a: Tint, _ b: Tint, _ t: Float) -> Tint { a + (b - a) * t }

    /// The object's colour scaled in brightness (tone < 1 darker).
    func tone(_ t: Float) -> Tint { base * t }

    /// A colour that reads on top of `c`: near-white on dark, near-black on light.
    func contrast(on c: Tint) -> Tint {
        AssetPen.luminance(c) > 0.3 ? hex(0x1c1c22) : hex(0xf8f8f4)
    }

    func lit(_ c: Tint) -> Tint { c * ambient }

    func color(_ c: Tint, _ alpha: Float = 1) -> LinearColor {
        LinearColor(red: c.x, green: c.y, blue: c.z, alpha: alpha)
    }

    /// The object's colour pushed to full brightness: the tube colour of neon.
    var neonTint: Tint {
        let m = max(base.x, base.y, base.z)
        guard m > 0.02 else { return Tint(0.6, 0.8, 1) }
        let c = base / m
        // Greys glow white-blue rather than dull grey.
        let spread = m - min(base.x, base.y, base.z)
        return spread < 0.05 * m ? Tint(0.7, 0.85, 1) : c
    }

    // MARK: Low level

    /// Pixels on screen to local units, clamped to a range of pixel widths.
    func pixels(_ fraction: Float, min lo: Float, max hi: Float) -> Float {
        guard px > 0 else { return fraction }
        return Swift.max(lo, Swift.min(hi, fraction * px)) / px
    }

    private mutating func measure(_ path: Path, outset: Float) {
        let corners = [Point(path.minX, path.minY), Point(path.maxX, path.minY),
                       Point(path.minX, path.maxY), Point(path.maxX, path.maxY)].map(transform.map)
        for c in corners {
            reach.l = min(reach.l, c.x - outset); reach.r = max(reach.r, c.x + outset)
            reach.t = min(reach.t, c.y - outset); reach.b = max(reach.b, c.y + outset)
        }
    }

    /// The measured box, nil when nothing was drawn.
    var measuredBounds: Rect? {
        Rect(left: reach.l.rounded(.down) - 1, top: reach.t.rounded(.down) - 1,
             right: reach.r.rounded(.up) + 1, bottom: reach.b.rounded(.up) + 1)
    }

    /// A blur's reach in device pixels: three box passes of about 1.9 sigma.
    private static func blurReach(_ sigma: Float) -> Float { sigma >= 0.5 ? 3 * sigma + 2 : 0 }

    mutating func rawFill(_ path: Path?, _ paint: Paint, rule: FillRule = .nonZero, blur: Float = 0) {
        guard let path, px > 0 else { return }
        if measuring {
            measure(path, outset: AssetPen.blurReach(blur))
        } else if list.fill(path, paint: paint, rule: rule, transform: transform, blur: blur) {
            commandCount += 1
        }
        if let (line, w, p) = pendingLine {
            pendingLine = nil
            rawStroke(line, width: w, p)
        }
    }

    mutating func rawStroke(_ path: Path?, width: Float, _ paint: Paint, cap: LineCap = .round,
                            join: LineJoin = .round, blur: Float = 0) {
        guard let path, px > 0, width > 0 else { return }
        if measuring {
            // A miter can reach further than half the width; round joins never do.
            let half = width / 2 * (join == .miter ? 4 : 1)
            measure(path, outset: half * transform.maxScale + AssetPen.blurReach(blur))
        } else if list.stroke(path, Stroke(width: width, join: join, cap: cap), paint: paint,
                              transform: transform, blur: blur) {
            commandCount += 1
        }
    }

    // MARK: The verbs of drawing

    /// The object's main surface, in its colour (times `tone`), shaded
    /// across by the key light and outlined as the style says.
    mutating func body(_ path: Path?, tone t: Float = 1, weight: Weight? = .silhouette) {
        shaded(path, base * t, weight: weight)
    }

    /// A surface in any colour, shaded like the body.
    mutating func shaded(_ path: Path?, _ c: Tint, weight: Weight? = .silhouette) {
        guard let path else { return }
        if let weight { edge(path, weight: weight, of: c) }
        if style == .blueprint {
            rawFill(path, .solid(color(c, 0.28)))
        } else {
            let l = lit(c)
            let hi = l * (1 + keyBoost), lo = l * 0.74
            let cx = (path.minX + path.maxX) / 2, cy = (path.minY + path.maxY) / 2
            let ext = max(path.maxX - path.minX, path.maxY - path.minY) / 2
            let d = lightDirection
            if ext > 0 {
                rawFill(path, .linearGradient(from: Point(cx - d.x * ext, cy - d.y * ext),
                                              to: Point(cx + d.x * ext, cy + d.y * ext),
                                              stops: [GradientStop(0, color(hi)), GradientStop(0.5, color(l)),
                                                      GradientStop(1, color(lo))]))
            }
        }
    }

    /// A flat part in colour `c` (lit by the ambient light only).
    mutating func part(_ path: Path?, _ c: Tint, alpha: Float = 1, weight: Weight? = .detail) {
        guard let path else { return }
        if let weight { edge(path, weight: weight, of: c) }
        if style == .blueprint {
            rawFill(path, .solid(color(c, 0.22 * alpha)))
        } else {
            rawFill(path, .solid(color(lit(c), alpha)))
        }
    }

    /// A part that gives light (lamps, screens, headlights): not darkened by
    /// the ambient light, never outlined.
    mutating func glow(_ path: Path?, _ c: Tint, alpha: Float = 1) {
        guard let path else { return }
        rawFill(path, .solid(style == .blueprint ? color(Tint(1, 1, 1), 0.5 * alpha) : color(c, alpha)))
    }

    /// A small mark (eyes, rivets, LEDs): flat, no outline, white in blueprint.
    mutating func mark(_ path: Path?, _ c: Tint, alpha: Float = 1) {
        guard let path else { return }
        if style == .blueprint {
            rawFill(path, .solid(color(Tint(1, 1, 1), 0.85 * alpha)))
        } else {
            rawFill(path, .solid(color(lit(c), alpha)))
        }
    }

    /// A drawn line that is part of the object (a pole, a spoke, a stem);
    /// `width` in local units. Silhouette lines get the style's outline
    /// under them.
    mutating func ink(_ path: Path?, width: Float, _ c: Tint, alpha: Float = 1,
                      cap: LineCap = .round, weight: Weight? = nil) {
        guard let path else { return }
        if style == .blueprint {
            rawStroke(path, width: min(width, pixels(0.012, min: 0.8, max: 2.5)), .solid(color(Tint(1, 1, 1), 0.9)), cap: cap)
            return
        }
        if let weight, let (w, paint, blur) = lineTreatment(weight, of: c) {
            if style == .neon {
                rawStroke(path, width: width + w, paint, cap: cap, blur: blur)
            } else {
                rawStroke(path, width: width + 2 * w, paint, cap: cap)
            }
        }
        rawStroke(path, width: width, .solid(color(lit(c), alpha)), cap: cap)
    }

    /// The style's line for a part's edge: width in local units, paint, blur.
    private func lineTreatment(_ weight: Weight, of c: Tint) -> (Float, Paint, Float)? {
        let strong = weight == .silhouette
        switch style {
        case .natural:
            guard strong else { return nil }
            return (pixels(0.012, min: 0.6, max: 2), .solid(color(lit(c) * 0.42, 0.75)), 0)
        case .noir:
            return (pixels(strong ? 0.03 : 0.018, min: strong ? 1.4 : 0.9, max: strong ? 6 : 3.5),
                    .solid(color(hex(0x0a0a0c))), 0)
        case .pastel:
            guard strong else { return nil }
            return (pixels(0.024, min: 1, max: 4), .solid(color(mix(c, Tint(1, 1, 1), 0.7), 0.9)), 0)
        case .sepia:
            return (pixels(strong ? 0.022 : 0.014, min: strong ? 1 : 0.7, max: strong ? 4 : 2.5),
                    .solid(color(hex(0x4a2e16), strong ? 1 : 0.8)), 0)
        case .neon:
            guard strong else { return nil }
            return (pixels(0.05, min: 2, max: 8), .solid(color(neonTint)), min(6, max(1, 0.025 * px)))
        case .blueprint:
            return (pixels(strong ? 0.014 : 0.01, min: strong ? 0.9 : 0.7, max: strong ? 2.5 : 2),
                    .solid(color(Tint(1, 1, 1), strong ? 0.95 : 0.75)), 0)
        }
    }

    /// The style's edge around a part, drawn *before* the part's fill:
    /// twice as wide, so the half outside shows at the intended width, and
    /// shapes made of overlapping pieces (canopies, clouds) keep only
    /// their outer edge. Blueprint is a line drawing over a translucent
    /// fill, so its lines go on top, every piece outlined.
    mutating func edge(_ path: Path, weight: Weight, of c: Tint) {
        guard let (w, paint, blur) = lineTreatment(weight, of: c) else { return }
        switch style {
        case .blueprint:
            pendingLine = (path, w, paint)
        case .neon:
            // A soft tube under a sharp core reads as a glowing line.
            rawStroke(path, width: 2 * w, paint, blur: blur)
            rawStroke(path, width: 2 * pixels(0.012, min: 0.8, max: 2.5), .solid(color(mix(neonTint, Tint(1, 1, 1), 0.55))))
        default:
            rawStroke(path, width: 2 * w, paint)
        }
    }

    /// `text` centred on `center`, as large as fits `maxWidth` and `maxSize`
    /// (both local units), in `c` (never darkened: text must stay readable).
    mutating func text(_ text: String, center: Point, maxWidth: Float, maxSize: Float, _ c: Tint) {
        guard let font = Assets.font, !text.isEmpty, maxWidth > 0, maxSize > 0 else { return }
        let unitWidth = font.width(of: text, size: 1)
        guard unitWidth > 0 else { return }
        let size = min(maxSize, maxWidth / unitWidth)
        let w = unitWidth * size
        // Centre the capital height (about 0.73 em in DejaVu Sans) on the point.
        let origin = Point(center.x - w / 2, center.y + 0.365 * size)
        let ink = style == .blueprint ? Tint(1, 1, 1) : c
        rawFill(font.path(for: text, size: size, origin: origin), .solid(color(ink)))
    }
}
