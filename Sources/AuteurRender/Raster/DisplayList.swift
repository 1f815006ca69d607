import AuteurCore

/// One line of a flattened outline in 24.8 fixed-point device pixels,
/// stored top to bottom; `winding` keeps the original direction.
struct Edge: Hashable, Sendable {
    var x0: Int32, y0: Int32, x1: Int32, y1: Int32
    var winding: Int32
    var minX: Int32 { min(x0, x1) }
    var maxX: Int32 { max(x0, x1) }
}

/// The edges of one closed subpath and their bounds (24.8 fixed point).
/// A closed outline wholly to the left of a tile adds zero winding to
/// every row of it (its covers cancel exactly, being integers between
/// shared vertices), so the rasteriser can skip it without changing a bit.
struct ContourSpan: Hashable, Sendable {
    var start: Int, end: Int
    var minX: Int32, maxX: Int32, minY: Int32, maxY: Int32
}

/// How a soft edge is made: three box filters whose offsets come from the
/// SVG approximation of a Gaussian (three boxes of width d, d odd; or two
/// shifted boxes of width d and one of d+1, d even).
struct BoxBlur: Hashable, Sendable {
    /// Each pass averages the samples from x+lo to x+hi.
    let passes: [(lo: Int, hi: Int)]
    /// How far the blur reaches before (left/top) and after (right/bottom).
    let before: Int, after: Int

    /// Sigma is clamped to `DisplayList.maxBlur`; nil when too small to show.
    init?(sigma: Float) {
        guard sigma.isFinite, sigma >= 0.5 else { return nil }
        let s = Double(min(sigma, DisplayList.maxBlur))
        let d = Int((s * 3 * (2 * Double.pi).squareRoot() / 4 + 0.5).rounded(.down))
        guard d >= 2 else { return nil }
        if d % 2 == 1 {
            let r = (d - 1) / 2
            passes = [(-r, r), (-r, r), (-r, r)]
        } else {
            let h = d / 2
            passes = [(-h, h - 1), (-h + 1, h), (-h, h)]
        }
        before = passes.reduce(0) { $0 - $1.lo }
        after = passes.reduce(0) { $0 + $1.hi }
    }

    static func == (a: BoxBlur, b: BoxBlur) -> Bool {
        a.passes.elementsEqual(b.passes) { $0.lo == $1.lo && $0.hi == $1.hi }
    }
    func hash(into h: inout Hasher) {
        for p in passes { h.combine(p.lo); h.combine(p.hi) }
    }
}

/// One shape to paint, or one colour filter, resolved to device space.
/// Immutable once built.
public struct DrawCommand: Hashable, Sendable {
    /// Every pixel this command can change, already clipped to the frame
    /// and to any clip rectangle. Conservative: it includes the antialiased
    /// rim and the blur's reach. The rasteriser writes nothing outside it,
    /// which is what makes a clip exact.
    public let bounds: IntRect
    /// A digest of everything the command draws, stable across runs and
    /// machines (unlike `hashValue`), for keying cached patches.
    public let fingerprint: UInt64
    let edges: [Edge]
    let contours: [ContourSpan]
    let rule: FillRule
    let paint: DevicePaint
    let blur: BoxBlur?
    /// Set for a filter: it recolours `bounds` and has no outline or paint.
    let filter: ColorFilter?
    /// Set when the outline is one rectangle with whole-pixel corners and
    /// no blur: its coverage is then exactly full inside and zero outside
    /// under either fill rule, so the rasteriser can skip scan conversion.
    let pixelRect: IntRect?
    /// The premultiplied colour of a solid paint, kept apart so the
    /// rasteriser's commonest case reads it without copying the paint.
    let solid: SIMD4<Float>?
    /// Set when the command paints every pixel of this rectangle with an
    /// opaque colour: full coverage and alpha exactly 1, so over(s, 1, d) is
    /// s whatever d was, and what lies beneath there cannot show.
    let opaqueRect: IntRect?

    init(bounds: IntRect, fingerprint: UInt64, edges: [Edge], contours: [ContourSpan], rule: FillRule,
         paint: DevicePaint, blur: BoxBlur?, filter: ColorFilter?) {
        self.bounds = bounds; self.fingerprint = fingerprint; self.edges = edges; self.contours = contours
        self.rule = rule; self.paint = paint; self.blur = blur; self.filter = filter
        pixelRect = filter == nil && blur == nil ? DrawCommand.pixelRect(edges) : nil
        if filter == nil, case .solid(let c) = paint { solid = c } else { solid = nil }
        opaqueRect = pixelRect.flatMap { paint.isOpaque ? $0.intersection(bounds) : nil }
    }

    /// The rectangle two edges enclose when they are its vertical sides,
    /// on pixel boundaries, with opposite directions: every row of cells
    /// between them then accumulates one whole unit of winding, and no cell
    /// gets a partial area, which is exactly what the scan converter would
    /// compute for them.
    private static func pixelRect(_ edges: [Edge]) -> IntRect? {
        guard edges.count == 2 else { return nil }
        let a = edges[0], b = edges[1]
        guard a.x0 == a.x1, b.x0 == b.x1, a.x0 != b.x0, a.y0 == b.y0, a.y1 == b.y1, a.winding == -b.winding else { return nil }
        for v in [a.x0, b.x0, a.y0, a.y1] where v & 255 != 0 { return nil }
        let left = Int(min(a.x0, b.x0) >> 8), right = Int(max(a.x0, b.x0) >> 8)
        return IntRect(x: left, y: Int(a.y0 >> 8), width: right - left, height: Int((a.y1 - a.y0) >> 8))
    }

    /// The same drawing limited to `bounds`; the caller supplies a
    /// fingerprint that accounts for the narrowing.
    func narrowed(to bounds: IntRect, fingerprint: UInt64) -> DrawCommand {
        DrawCommand(bounds: bounds, fingerprint: fingerprint, edges: edges, contours: contours,
                    rule: rule, paint: paint, blur: blur, filter: filter)
    }
}

/// The draw commands for one frame, in painting order (later on top).
/// Every method that adds a command returns whether anything was added:
/// degenerate geometry, an empty paint or a shape outside the frame adds
/// nothing and is not an error.
public struct DisplayList: Hashable, Sendable {
    /// The whole frame, origin at the top left.
    public let frame: IntRect
    public private(set) var commands: [DrawCommand] = []

    /// Device-space flattening tolerance: curves stay within this many
    /// pixels of the true outline. Chords cut inside a curve, so a coarse
    /// tolerance visibly shrinks small circles; at 0.05 a radius-5 disc
    /// loses about 1% of its area.
    public static let tolerance: Float = 0.05
    /// Larger blurs are clamped; past this a shadow is a tint, and the
    /// per-patch cost grows with the square of the reach.
    public static let maxBlur: Float = 64

    /// Nil for a frame that is empty or larger than 16384 pixels a side.
    public init?(width: Int, height: Int) {
        guard width <= 16384, height <= 16384, let f = IntRect(x: 0, y: 0, width: width, height: height) else { return nil }
        frame = f
    }

    /// Fills the whole frame.
    @discardableResult
    public mutating func clear(_ color: LinearColor) -> Bool {
        let r = Rect(x: Float(frame.x), y: Float(frame.y), width: Float(frame.width), height: Float(frame.height))!
        return fill(.rect(r), paint: .solid(color))
    }

    /// Fills `path` (in its own units, placed by `transform`). A `blur`
    /// sigma in device pixels softens the edge as if the filled shape had
    /// been blurred with a Gaussian.
    @discardableResult
    public mutating func fill(_ path: Path, paint: Paint, rule: FillRule = .nonZero,
                              transform: Transform = .identity, blur: Float = 0) -> Bool {
        guard transform.isFinite, let device = path.transformed(by: transform),
              let p = DevicePaint(paint, transform: transform) else { return false }
        return add(device, rule: rule, paint: p, blur: BoxBlur(sigma: blur))
    }

    /// Strokes `path`; the width is in the path's units, so it scales with
    /// `transform`.
    @discardableResult
    public mutating func stroke(_ path: Path, _ stroke: Stroke, paint: Paint,
                                transform: Transform = .identity, blur: Float = 0) -> Bool {
        guard transform.isFinite else { return false }
        let scale = transform.maxScale
        guard scale > 0, scale.isFinite,
              let outline = path.stroked(stroke, tolerance: DisplayList.tolerance / scale) else { return false }
        return fill(outline, paint: paint, rule: .nonZero, transform: transform, blur: blur)
    }

    /// A soft drop shadow: the shape, moved by `offset` device pixels and
    /// blurred by `blur` sigma, in `color`. Add it before the shape.
    @discardableResult
    public mutating func shadow(of path: Path, transform: Transform = .identity, offset: Point,
                                blur: Float, color: LinearColor, rule: FillRule = .nonZero) -> Bool {
        fill(path, paint: .solid(color), rule: rule, transform: transform.translated(offset.x, offset.y), blur: blur)
    }

    /// Fills the image's own rectangle (0, 0, width, height in image
    /// pixels) placed by `transform`: a backdrop (see
    /// `ImageTexture.transform(covering:)`) or a sprite.
    @discardableResult
    public mutating func image(_ texture: ImageTexture, transform: Transform = .identity, blur: Float = 0) -> Bool {
        let r = Rect(x: 0, y: 0, width: Float(texture.width), height: Float(texture.height))!
        return fill(.rect(r), paint: .image(texture, transform: .identity), transform: transform, blur: blur)
    }

    /// Recolours what is already drawn inside `rect` (the whole frame when
    /// nil) with `matrix`, in painting order: commands added later are not
    /// affected. Works on linear-light colour; alpha is kept, and the
    /// result is clamped to 0...1. Adds nothing for the identity matrix
    /// (so a grade at strength 0 costs nothing), a matrix with a non-finite
    /// value, or a rectangle outside the frame.
    @discardableResult
    public mutating func filter(_ matrix: ColorMatrix, in rect: IntRect? = nil) -> Bool {
        guard let f = ColorFilter(matrix), !f.isIdentity else { return false }
        return add(f, in: rect)
    }

    /// Adds a filter command whatever its matrix (tests use this to check
    /// that the identity really changes nothing).
    mutating func add(_ f: ColorFilter, in rect: IntRect?) -> Bool {
        guard let b = (rect ?? frame).intersection(frame) else { return false }
        var h = ContentDigest()
        h.add(Int64(0x46494c54))  // "FILT": a filter never collides with an outline's digest
        f.digest(into: &h)
        h.add(Int64(b.x)); h.add(Int64(b.y)); h.add(Int64(b.width)); h.add(Int64(b.height))
        commands.append(DrawCommand(bounds: b, fingerprint: h.value, edges: [], contours: [], rule: .nonZero,
                                    paint: .solid(.zero), blur: nil, filter: f))
        return true
    }

    /// Adds an already-built command on top (for example one kept from an
    /// earlier frame), clipped to this frame.
    public mutating func append(_ command: DrawCommand) {
        guard let b = command.bounds.intersection(frame) else { return }
        commands.append(command.narrowed(to: b, fingerprint: command.fingerprint))
    }

    /// Adds `command` on top, drawing only inside `rect`: pixels outside
    /// are untouched and pixels inside are exactly as without the clip
    /// (coverage still comes from the whole outline and the whole blur).
    /// False when the clip leaves nothing to draw.
    ///
    /// The clip is kept as narrowed `bounds`, and the fingerprint changes
    /// whenever the clip removes pixels the command could draw; a clip that
    /// contains the whole command changes neither.
    @discardableResult
    public mutating func append(_ command: DrawCommand, clippedTo rect: IntRect) -> Bool {
        guard let framed = command.bounds.intersection(frame),
              let b = framed.intersection(rect) else { return false }
        var fingerprint = command.fingerprint
        if b != framed {
            var h = ContentDigest()
            h.add(Int64(0x434c4950))  // "CLIP"
            h.add(fingerprint)
            h.add(Int64(b.x)); h.add(Int64(b.y)); h.add(Int64(b.width)); h.add(Int64(b.height))
            fingerprint = h.value
        }
        commands.append(command.narrowed(to: b, fingerprint: fingerprint))
        return true
    }

    /// Adds commands built earlier for a frame of this size, as they are.
    mutating func append(reused commands: ArraySlice<DrawCommand>) {
        self.commands.append(contentsOf: commands)
    }

    /// Adds another list's commands on top, clipped to this frame.
    public mutating func append(contentsOf other: DisplayList) {
        for c in other.commands { append(c) }
    }

    /// Adds another list's commands on top, each drawing only inside
    /// `rect`: how a look scoped to a region ("sunset on the left half")
    /// is laid over the frame. Filters in `other` are clipped too.
    public mutating func append(contentsOf other: DisplayList, clippedTo rect: IntRect) {
        for c in other.commands { append(c, clippedTo: rect) }
    }

    /// A digest of everything that can change the pixels of `tile`: the
    /// tile itself and the commands whose bounds meet it, in order. Equal
    /// digests mean the tile's bytes can be reused.
    public func fingerprint(of tile: IntRect) -> UInt64 {
        var h = ContentDigest()
        h.add(Int64(tile.x)); h.add(Int64(tile.y)); h.add(Int64(tile.width)); h.add(Int64(tile.height))
        for c in commands where c.bounds.intersects(tile) { h.add(c.fingerprint) }
        return h.value
    }

    private mutating func add(_ path: Path, rule: FillRule, paint: DevicePaint, blur: BoxBlur?) -> Bool {
        var edges: [Edge] = []
        var contours: [ContourSpan] = []
        let limit = Float(IntRect.coordinateLimit)
        func fixed(_ v: Float) -> Int32 { Int32((max(-limit, min(limit, v)) * 256).rounded()) }
        for contour in path.flattened(tolerance: DisplayList.tolerance) where contour.points.count >= 2 {
            let pts = contour.points.map { (fixed($0.x), fixed($0.y)) }
            let start = edges.count
            // Filling treats every subpath as closed.
            for i in 0..<pts.count {
                let a = pts[i], b = pts[(i + 1) % pts.count]
                if a.1 == b.1 { continue }
                edges.append(a.1 < b.1 ? Edge(x0: a.0, y0: a.1, x1: b.0, y1: b.1, winding: 1)
                                       : Edge(x0: b.0, y0: b.1, x1: a.0, y1: a.1, winding: -1))
            }
            guard edges.count > start else { continue }
            var span = ContourSpan(start: start, end: edges.count, minX: .max, maxX: .min, minY: .max, maxY: .min)
            for e in edges[start...] {
                span.minX = min(span.minX, e.minX); span.maxX = max(span.maxX, e.maxX)
                span.minY = min(span.minY, e.y0); span.maxY = max(span.maxY, e.y1)
            }
            contours.append(span)
        }
        guard !edges.isEmpty else { return false }
        var lx = Int32.max, ly = Int32.max, hx = Int32.min, hy = Int32.min
        for e in edges {
            lx = min(lx, e.minX); hx = max(hx, e.maxX); ly = min(ly, e.y0); hy = max(hy, e.y1)
        }
        let x0 = Int(lx >> 8) - (blur?.after ?? 0), y0 = Int(ly >> 8) - (blur?.after ?? 0)
        let x1 = Int((hx + 255) >> 8) + (blur?.before ?? 0), y1 = Int((hy + 255) >> 8) + (blur?.before ?? 0)
        guard let box = IntRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0),
              let bounds = box.intersection(frame) else { return false }

        var h = ContentDigest()
        h.add(Int64(rule.rawValue))
        // Each end point as one word, and the winding.
        func point(_ x: Int32, _ y: Int32) -> UInt64 { UInt64(UInt32(bitPattern: x)) << 32 | UInt64(UInt32(bitPattern: y)) }
        for e in edges { h.add(point(e.x0, e.y0)); h.add(point(e.x1, e.y1)); h.add(e.winding) }
        paint.digest(into: &h)
        if let b = blur { for p in b.passes { h.add(Int64(p.lo)); h.add(Int64(p.hi)) } }
        commands.append(DrawCommand(bounds: bounds, fingerprint: h.value, edges: edges, contours: contours,
                                    rule: rule, paint: paint, blur: blur, filter: nil))
        return true
    }
}

/// A 64-bit running digest for content keys, fixed by its definition (the
/// same on every run and platform): a word is folded in with SplitMix64's
/// finaliser, a byte with an FNV-1a step. Composing hashes every edge of
/// every outline; folded byte by byte (FNV-1a, eight dependent multiplies a
/// word), the edges of a 240-frame 1080p film cost a re-export 0.1 s more
/// CPU than folded a word at a time (0.73 s against 0.63 s).
struct ContentDigest {
    private(set) var value: UInt64 = 0xcbf29ce484222325
    mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100000001b3 }
    mutating func add(_ v: UInt64) { value = Seeds.mix(value ^ v) }
    mutating func add(_ v: Int64) { add(UInt64(bitPattern: v)) }
    mutating func add(_ v: Int32) { add(Int64(v)) }
    mutating func add(_ v: Float) { add(UInt64(v.bitPattern)) }
}

extension DevicePaint {
    func digest(into h: inout ContentDigest) {
        func add(_ c: SIMD4<Float>) { for i in 0..<4 { h.add(c[i]) } }
        func add(_ t: Transform) { for v in [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty] { h.add(v) } }
        func add(_ r: GradientRamp) {
            h.add(Int64(r.offsets.count))
            for (o, c) in zip(r.offsets, r.colors) { h.add(o); add(c) }
        }
        switch self {
        case .solid(let c): h.add(Int64(0)); add(c)
        case .linear(let inv, let o, let axis, let r):
            h.add(Int64(1)); add(inv); h.add(o.x); h.add(o.y); h.add(axis.x); h.add(axis.y); add(r)
        case .radial(let inv, let c, let ir, let r):
            h.add(Int64(2)); add(inv); h.add(c.x); h.add(c.y); h.add(ir); add(r)
        case .image(let inv, let texture):
            // The content hash stands for the bytes; the size is added so
            // that a caller-supplied hash cannot alias two shapes of image.
            h.add(Int64(3)); add(inv)
            h.add(Int64(texture.width)); h.add(Int64(texture.height)); h.add(texture.contentHash)
        }
    }
}
