import AuteurCore
import Foundation

/// Procedural vector art for every catalog kind.
///
/// Each kind is drawn from its variant, its colour and its seed alone, in
/// a local unit box (see `AssetPen`), then placed by the object's position,
/// size, rotation and depth through the stage's camera. The object's colour
/// is the colour of its largest surfaces; secondary parts (glass, tyres,
/// trim) stay small so the object reads as the colour it was given. The
/// seed varies a take: proportions within a range, secondary hues, the
/// layout of branches and details.
public enum Assets {
    /// DejaVu Sans, read once; labels are skipped if the font is missing
    /// rather than failing a whole frame.
    static let font: Font? = try? Font.dejaVuSans()

    /// Draws one object: its ground contact shadow, the body, its details
    /// and its label, lit by the stage's light, with the style's lines.
    public static func paint(_ object: ObjectState, stage: Stage, into list: inout DisplayList) {
        _ = draw(object, stage: stage, into: &list)
    }

    /// Draws the shards of a shattered object (glass, bottle) from physics.
    public static func paint(debris: [DebrisPiece], of object: ObjectState, stage: Stage, into list: inout DisplayList) {
        guard !debris.isEmpty else { return }
        var pen = AssetPen(object: object, stage: stage, list: DisplayList(width: 1, height: 1)!, measuring: false)
        swap(&pen.list, &list)
        drawDebris(debris, pen: &pen, stage: stage)
        swap(&pen.list, &list)
    }

    /// Device-space bounds of what `paint` draws for the object; nil when it
    /// draws nothing. Computed by running the same drawing code without
    /// rasterising, so it always covers the drawing (outlines, glows,
    /// shadow and label included).
    public static func bounds(of object: ObjectState, stage: Stage) -> Rect? {
        var pen = AssetPen(object: object, stage: stage, list: DisplayList(width: 1, height: 1)!, measuring: true)
        drawAll(&pen, stage: stage)
        return pen.measuredBounds
    }

    /// Paints and returns how many draw commands the object took.
    @discardableResult
    static func draw(_ object: ObjectState, stage: Stage, into list: inout DisplayList) -> Int {
        var pen = AssetPen(object: object, stage: stage, list: DisplayList(width: 1, height: 1)!, measuring: false)
        // Swapping lends the caller's list to the pen without copying its commands.
        swap(&pen.list, &list)
        drawAll(&pen, stage: stage)
        swap(&pen.list, &list)
        return pen.commandCount
    }

    private static func drawAll(_ pen: inout AssetPen, stage: Stage) {
        guard pen.px > 0, pen.px.isFinite, pen.transform.isFinite else { return }
        contactShadow(&pen, stage: stage)
        pen.drawKind()
        caption(&pen, stage: stage)
    }

    /// Kinds whose label is written on a face of their own; the rest get a caption.
    static func writesOwnLabel(_ kind: CatalogKind) -> Bool {
        switch kind {
        case .box, .server, .database, .label, .laptop, .phone, .arrow: return true
        default: return false
        }
    }

    // MARK: Shadow

    /// The ground contact shadow: a soft ellipse at the object's base,
    /// stretched along the light's shadow direction, fading as the object
    /// rises above the ground line.
    private static func contactShadow(_ pen: inout AssetPen, stage: Stage) {
        let kind = pen.object.kind
        guard kind.isGrounded, kind != .mountain, kind != .arrow, kind != .label,
              pen.style != .blueprint else { return }
        let light = stage.lighting
        let opacity = Float(max(0, min(1, light.shadowOpacity)))
        guard opacity > 0.01 else { return }
        let size = max(0, pen.object.size)
        let (hw, hh) = PhysicsShapes.shape(of: kind, size: size).halfExtents
        let r = pen.object.rotation * .pi / 180
        let c = abs(cos(r)), s = abs(sin(r))
        let halfWidth = hw * c + hh * s
        let base = pen.object.position.y + hw * s + hh * c
        let height = stage.ground - base
        let fade = Float(max(0, min(1, 1 - max(0, height) / (0.6 * size))))
        guard fade > 0.01 else { return }
        let direction = max(-1, min(1, light.shadowDirection.isFinite ? light.shadowDirection : 0))
        let length = max(0, min(3, light.shadowLength.isFinite ? light.shadowLength : 0)) * size * 0.5
        let cx = pen.object.position.x * stage.aspect + direction * length / 2
        let rx = halfWidth * 1.02 + length / 2
        let ry = max(0.06 * size, 0.004) * (1 + 0.3 * length / max(size, 1e-6))
        guard rx > 0, ry > 0, let disc = Path.circle(center: .zero, radius: 1) else { return }
        let saved = pen.transform
        // A unit disc stretched into the shadow's ellipse: its radial
        // gradient stretches with it, so the shadow is soft without a blur
        // (a blurred shape costs several times more per pixel).
        pen.transform = Transform.scale(Float(rx), Float(ry))
            .translated(Float(cx), Float(base))
            .then(stage.transform(depth: pen.object.depth))
        let strength = opacity * fade * 0.6
        let shade = LinearColor(red: 0.02, green: 0.02, blue: 0.03, alpha: strength)
        pen.rawFill(disc, .radialGradient(center: .zero, radius: 1, stops: [
            GradientStop(0, shade), GradientStop(0.55, shade.withOpacity(0.7)), GradientStop(1, shade.withOpacity(0))]))
        pen.transform = saved
    }

    // MARK: Caption

    /// A readable tag above the object, upright whatever the object's
    /// rotation: white text on a dark translucent pill.
    private static func caption(_ pen: inout AssetPen, stage: Stage) {
        let object = pen.object
        guard let text = object.label?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
              !writesOwnLabel(object.kind), let font = Assets.font else { return }
        let size = max(0, object.size)
        let (hw, hh) = PhysicsShapes.shape(of: object.kind, size: size).halfExtents
        let r = object.rotation * .pi / 180
        let top = object.position.y - (hw * abs(sin(r)) + hh * abs(cos(r))) * 1.08
        // Sized to the object, but never below legibility nor absurdly large.
        let em = Float(max(0.03, min(0.06, size * 0.2)))
        let width = font.width(of: text, size: em)
        let pad = em * 0.45
        let cx = Float(object.position.x * stage.aspect)
        let bottom = Float(top) - em * 0.25
        let saved = pen.transform
        pen.transform = stage.transform(depth: object.depth)
        let pill = Rect(left: cx - width / 2 - pad, top: bottom - em * 1.35, right: cx + width / 2 + pad, bottom: bottom)
        if let pill {
            if pen.style == .blueprint {
                pen.rawStroke(Path.roundedRect(pill, radius: em * 0.5), width: em * 0.06,
                              .solid(pen.color(Tint(1, 1, 1), 0.9)))
            } else {
                pen.rawFill(Path.roundedRect(pill, radius: em * 0.5), .solid(LinearColor(red: 0.01, green: 0.01, blue: 0.015, alpha: 0.62)))
            }
            let origin = Point(cx - width / 2, pill.center.y + 0.365 * em)
            pen.rawFill(font.path(for: text, size: em, origin: origin), .solid(.white))
        }
        pen.transform = saved
    }

    // MARK: Debris

    private static func drawDebris(_ debris: [DebrisPiece], pen: inout AssetPen, stage: Stage) {
        let world = stage.transform(depth: pen.object.depth)
        let glassy = pen.object.kind == .glass
        let fillAlpha: Float = glassy ? 0.55 : 0.92
        for piece in debris {
            guard piece.outline.count >= 3 else { continue }
            let r = piece.rotation * .pi / 180
            let c = cos(r), s = sin(r)
            let cx = piece.position.x * stage.aspect, cy = piece.position.y
            let pts = piece.outline.map { p in
                Point(Float(cx + p.x * c - p.y * s), Float(cy + p.x * s + p.y * c))
            }
            guard let path = Path.polygon(pts) else { continue }
            pen.transform = world
            let tint = pen.base
            if pen.style == .blueprint {
                pen.rawFill(path, .solid(pen.color(tint, 0.25)))
                pen.rawStroke(path, width: 1.2 / max(1, stage.unit(depth: pen.object.depth)),
                              .solid(pen.color(Tint(1, 1, 1), 0.9)))
                continue
            }
            pen.rawFill(path, .solid(pen.color(pen.lit(tint), fillAlpha)))
            // A bright rim on one edge is what makes a shard read as glass.
            if let edge = Path.polygon([pts[0], pts[1]], closed: false) {
                let w = max(0.8, min(2.5, Float(piece.radius) * 0.18 * stage.unit(depth: pen.object.depth)))
                pen.rawStroke(edge, width: w / max(1, stage.unit(depth: pen.object.depth)),
                              .solid(pen.color(Tint(1, 1, 1), 0.8)))
            }
        }
    }
}
