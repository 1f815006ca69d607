import CFreeType
import Synchronization

/// A font read through FreeType, giving text as ordinary `Path`s so labels
/// are filled, blurred and tiled exactly like every other shape.
///
/// Glyph outlines are read once, unhinted and unscaled (font units), and
/// cached: hinting would snap to a pixel grid that moves with the label,
/// and unscaled outlines serve every size. FreeType faces are not
/// thread-safe, so every FreeType call happens under one lock.
public final class Font: Sendable {
    public static let dejaVuSansPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    public static let dejaVuSansBoldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

    /// Design units per em: font units times size / unitsPerEm is pixels.
    public let unitsPerEm: Float
    /// Height above the baseline, in ems (positive).
    public let ascent: Float
    /// Depth below the baseline, in ems (positive).
    public let descent: Float

    private struct Glyph {
        /// In font units, y down, origin on the baseline. Nil for blank glyphs (space).
        let outline: Path?
        let advance: Float
    }

    private struct Face: ~Copyable {
        let library: OpaquePointer
        let face: FT_Face
        var glyphs: [UInt32: Glyph] = [:]
        var indices: [Unicode.Scalar: UInt32] = [:]
        let hasKerning: Bool
    }

    private let face: Mutex<Face>

    public init(path: String) throws(RasterError) {
        var lib: FT_Library?
        var err = FT_Init_FreeType(&lib)
        guard err == 0, let library = lib else { throw .fontUnreadable(path: path, freetypeError: err) }
        var f: FT_Face?
        err = FT_New_Face(library, path, 0, &f)
        guard err == 0, let face = f, face.pointee.units_per_EM > 0 else {
            FT_Done_FreeType(library)
            throw .fontUnreadable(path: path, freetypeError: err == 0 ? -1 : err)
        }
        let upem = Float(face.pointee.units_per_EM)
        unitsPerEm = upem
        ascent = Float(face.pointee.ascender) / upem
        descent = -Float(face.pointee.descender) / upem
        let kerning = face.pointee.face_flags & FT_Long(FT_FACE_FLAG_KERNING) != 0
        self.face = Mutex(Face(library: library, face: face, hasKerning: kerning))
    }

    /// DejaVu Sans, regular or bold, from the Debian fonts-dejavu-core package.
    public static func dejaVuSans(bold: Bool = false) throws(RasterError) -> Font {
        try Font(path: bold ? dejaVuSansBoldPath : dejaVuSansPath)
    }

    deinit {
        face.withLock { f in
            FT_Done_Face(f.face)
            FT_Done_FreeType(f.library)
        }
    }

    /// The outline of `text` on one line, `size` pixels per em, with the
    /// left end of the baseline at `origin`. Nil when nothing would show
    /// (empty, only spaces, or a size that is not positive and finite).
    /// Control characters are skipped; missing characters show the font's
    /// missing-glyph box.
    public func path(for text: String, size: Float, origin: Point = .zero) -> Path? {
        guard size > 0, size.isFinite, origin.isFinite else { return nil }
        let scale = size / unitsPerEm
        var builder = PathBuilder()
        layout(text) { glyph, penX in
            if let outline = glyph.outline {
                builder.addPath(outline, transform: Transform.scale(scale, scale)
                    .translated(origin.x + penX * scale, origin.y))
            }
        }
        return builder.finish()
    }

    /// The advance width of `text` at `size` pixels per em, kerning included.
    public func width(of text: String, size: Float) -> Float {
        var end: Float = 0
        layout(text) { glyph, penX in end = penX + glyph.advance }
        return end * size / unitsPerEm
    }

    /// Places glyphs along the baseline in font units.
    private func layout(_ text: String, _ place: (Glyph, Float) -> Void) {
        let scalars = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let placed: [(Glyph, Float)] = face.withLock { f in
            var out: [(Glyph, Float)] = []
            var pen: Float = 0
            var previous: UInt32?
            for s in scalars {
                let index = Font.glyphIndex(s, &f)
                if let p = previous, f.hasKerning {
                    var delta = FT_Vector()
                    if FT_Get_Kerning(f.face, p, index, FT_UInt(FT_KERNING_UNSCALED.rawValue), &delta) == 0 {
                        pen += Float(delta.x)
                    }
                }
                let glyph = Font.glyph(index, &f)
                out.append((glyph, pen))
                pen += glyph.advance
                previous = index
            }
            return out
        }
        for (g, x) in placed { place(g, x) }
    }

    private static func glyphIndex(_ s: Unicode.Scalar, _ f: inout Face) -> UInt32 {
        if let i = f.indices[s] { return i }
        let i = UInt32(FT_Get_Char_Index(f.face, FT_ULong(s.value)))
        f.indices[s] = i
        return i
    }

    private static func glyph(_ index: UInt32, _ f: inout Face) -> Glyph {
        if let g = f.glyphs[index] { return g }
        var g = Glyph(outline: nil, advance: 0)
        if FT_Load_Glyph(f.face, index, Int32(FT_LOAD_NO_SCALE)) == 0, let slot = f.face.pointee.glyph {
            g = Glyph(outline: decompose(&slot.pointee.outline), advance: Float(slot.pointee.advance.x))
        }
        f.glyphs[index] = g
        return g
    }

    /// Walks FreeType's outline into a PathBuilder, flipping y so the path
    /// is y-down like the frame.
    private static func decompose(_ outline: inout FT_Outline) -> Path? {
        final class Sink { var builder = PathBuilder() }
        var funcs = FT_Outline_Funcs(
            move_to: { to, user in
                let s = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
                s.builder.close()
                s.builder.move(to: Point(Float(to!.pointee.x), -Float(to!.pointee.y)))
                return 0
            },
            line_to: { to, user in
                let s = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
                s.builder.line(to: Point(Float(to!.pointee.x), -Float(to!.pointee.y)))
                return 0
            },
            conic_to: { c, to, user in
                let s = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
                s.builder.quad(to: Point(Float(to!.pointee.x), -Float(to!.pointee.y)),
                               control: Point(Float(c!.pointee.x), -Float(c!.pointee.y)))
                return 0
            },
            cubic_to: { c1, c2, to, user in
                let s = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
                s.builder.cubic(to: Point(Float(to!.pointee.x), -Float(to!.pointee.y)),
                                control1: Point(Float(c1!.pointee.x), -Float(c1!.pointee.y)),
                                control2: Point(Float(c2!.pointee.x), -Float(c2!.pointee.y)))
                return 0
            },
            shift: 0, delta: 0)
        let s = Sink()
        let err = withExtendedLifetime(s) {
            FT_Outline_Decompose(&outline, &funcs, Unmanaged.passUnretained(s).toOpaque())
        }
        guard err == 0 else { return nil }
        s.builder.close()
        return s.builder.finish()
    }
}
