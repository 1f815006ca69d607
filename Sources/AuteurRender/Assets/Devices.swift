import AuteurCore
import Foundation

/// Devices and diagram pieces: the explainer's vocabulary. These write
/// their label on themselves.
extension AssetPen {
    /// A screen showing a wallpaper in the object's colour, so a "red
    /// laptop" still reads red, with a few seeded windows on it.
    private mutating func screen(_ l: Float, _ t: Float, _ r: Float, _ b: Float, round rad: Float) {
        // Lightening towards white would turn red wallpaper pink: vary the
        // brightness only, and the direction of the sweep per take.
        let top = mix(base, Tint(1, 1, 1), 0.08), bottom = base * 0.6
        let sweep = vary(0, 1)
        rawFill(box(l, t, r, b, round: rad), .linearGradient(from: Point(l + (r - l) * sweep, t), to: Point(r - (r - l) * sweep, b), stops: [
            GradientStop(0, color(style == .blueprint ? Tint(1, 1, 1) : top, style == .blueprint ? 0.15 : 1)),
            GradientStop(1, color(style == .blueprint ? Tint(1, 1, 1) : bottom, style == .blueprint ? 0.1 : 1))]))
    }

    mutating func laptop() {
        if variant == "closed" {
            let skew = vary(0.08, 0.14)
            let lid: [XY] = [(-0.66 + skew, -0.16), (0.7 - skew * 1.5, -0.16), (0.7, 0.3), (-0.66, 0.3)]
            body(poly([(-0.66, 0.3), (0.7, 0.3), (0.7, 0.38), (-0.66, 0.38)]), tone: 0.6)
            body(poly(lid))
            mark(oval(0.02, 0.07, 0.07, 0.04), tone(1.3), alpha: 0.8)
            ink(lines([[(-0.2, 0.34), (0.2, 0.34)]]), width: 0.012, tone(0.4))
            return
        }
        let tilt = vary(-0.02, 0.02)
        body(poly([(-0.56, 0.2), (0.56, 0.2), (0.7, 0.42), (-0.7, 0.42)]), tone: 0.95)
        body(box(-0.7, 0.42, 0.7, 0.48, round: 0.02), tone: 0.7, weight: .detail)
        // Keyboard and trackpad on the deck.
        var keys: [(Float, Float, Float, Float)] = []
        for row in 0..<3 {
            let y = 0.235 + Float(row) * 0.045
            let inset = 0.44 + Float(row) * 0.035
            var x = -inset
            while x + 0.07 < inset { keys.append((x, y, x + 0.065, y + 0.03)); x += 0.08 }
        }
        mark(boxes(keys), tone(0.45), alpha: 0.9)
        mark(box(-0.14, 0.375, 0.14, 0.41, round: 0.01), tone(0.8))
        body(box(-0.56 + tilt, -0.5, 0.56 + tilt, 0.2, round: 0.04))
        screen(-0.5 + tilt, -0.44, 0.5 + tilt, 0.14, round: 0.015)
        if let t = labelText {
            text(t, center: Point(tilt, -0.15), maxWidth: 0.86, maxSize: 0.2, Tint(1, 1, 1))
        } else {
            let w = vary(0.3, 0.5), h = vary(0.2, 0.3)
            mark(box(-0.4 + tilt, -0.36, -0.4 + w + tilt, -0.36 + h, round: 0.02), Tint(1, 1, 1), alpha: 0.75)
        }
    }

    mutating func phone() {
        body(box(-0.25, -0.5, 0.25, 0.5, round: 0.07))
        screen(-0.215, -0.46, 0.215, 0.46, round: 0.05)
        mark(box(-0.06, -0.44, 0.06, -0.41, round: 0.015), hex(0x101014))
        if let t = labelText {
            text(t, center: Point(0, -0.1), maxWidth: 0.38, maxSize: 0.12, Tint(1, 1, 1))
        }
        var icons: [(Float, Float, Float, Float)] = []
        let rows = labelText == nil ? Int(vary(3, 5.99)) : 2
        for row in 0..<rows {
            for col in 0..<3 {
                let x = -0.16 + Float(col) * 0.12, y = (labelText == nil ? -0.34 : 0.08) + Float(row) * 0.12
                icons.append((x, y, x + 0.08, y + 0.08))
            }
        }
        mark(boxes(icons, round: 0.02), Tint(1, 1, 1), alpha: 0.7)
        mark(box(-0.09, 0.41, 0.09, 0.425, round: 0.007), Tint(1, 1, 1), alpha: 0.8)
    }

    mutating func server() {
        let led = [hex(0x30e060), hex(0xffb020), hex(0x40a0ff)]
        if variant == "tower" {
            body(box(-0.22, -0.48, 0.22, 0.46, round: 0.03))
            part(box(-0.2, -0.46, 0.16, 0.44, round: 0.02), tone(0.8), weight: .detail)
            mark(boxes([(-0.16, -0.4, 0.12, -0.34), (-0.16, -0.3, 0.12, -0.24)], round: 0.01), hex(0x1e1e22))
            glow(circle(-0.02, -0.14, 0.035), pick(led))
            var vents: [[XY]] = []
            for i in 0..<6 {
                let y = 0.06 + Float(i) * 0.06
                vents.append([(-0.14, y), (0.1, y)])
            }
            ink(lines(vents), width: 0.015, tone(0.5))
            mark(boxes([(-0.2, 0.46, -0.1, 0.5), (0.1, 0.46, 0.2, 0.5)]), hex(0x1e1e22))
            if let t = labelText { text(t, center: Point(-0.02, -0.04), maxWidth: 0.32, maxSize: 0.08, contrast(on: base * 0.8)) }
            return
        }
        body(box(-0.25, -0.5, 0.25, 0.5, round: 0.02))
        let units = Int(vary(5, 7.99))
        let top: Float = labelText == nil ? -0.44 : -0.34
        let h = (0.44 - top) / Float(units)
        part(boxes((0..<units).map { i in (-0.21, top + Float(i) * h + 0.012, 0.21, top + Float(i + 1) * h - 0.012) }, round: 0.01), tone(0.62), weight: .detail)
        var leds: [(Float, Float, Float, Float)] = []
        var colors: [Int] = []
        for i in 0..<units {
            let y = top + (Float(i) + 0.5) * h
            leds.append((0.15, y, 0.018, 0.018))
            colors.append(chance(0.75) ? 0 : 1)
        }
        glow(ovals(leds.enumerated().filter { colors[$0.offset] == 0 }.map(\.element)), led[0])
        glow(ovals(leds.enumerated().filter { colors[$0.offset] == 1 }.map(\.element)), led[1])
        ink(lines((0..<units).map { i in
            let y = top + (Float(i) + 0.5) * h
            return [(-0.16, y), (0.06, y)]
        }), width: 0.012, tone(0.4))
        if let t = labelText { text(t, center: Point(0, -0.42), maxWidth: 0.42, maxSize: 0.1, contrast(on: base)) }
    }

    mutating func database() {
        let rx: Float = 0.4, ry = vary(0.1, 0.13)
        let top: Float = -0.5 + ry, bottom: Float = 0.5 - ry
        var b = PathBuilder()
        b.move(to: Point(-rx, top))
        b.line(to: Point(-rx, bottom))
        for p in arc(0, bottom, rx, from: .pi, to: 0, steps: 16).dropFirst() {
            b.line(to: Point(p.0, bottom + (p.1 - bottom) * ry / rx))
        }
        b.line(to: Point(rx, top))
        b.close()
        body(b.finish())
        let bands = Int(vary(2, 3.99))
        ink(lines((1...bands).map { i in
            let y = top + (bottom - top) * Float(i) / Float(bands + 1)
            return arc(0, 0, rx, from: .pi, to: 0, steps: 16).map { ($0.0, y + $0.1 * ry / rx) }
        }), width: 0.018, tone(0.6))
        body(oval(0, top, rx, ry), tone: 1.2, weight: .silhouette)
        if let t = labelText { text(t, center: Point(0, (top + bottom) / 2 + 0.08), maxWidth: 0.66, maxSize: 0.2, contrast(on: base)) }
    }

    mutating func arrow() {
        let shaft = vary(0.1, 0.14), head = vary(0.34, 0.44)
        var labelCenter = Point(-0.15, -0.5)
        if variant == "curved" {
            // An arc rising from the lower left, its head following the tangent.
            let pts = arc(0, 1.05, 1.1, from: .pi * 1.22, to: .pi * 1.62, steps: 20)
            ink(curve(pts), width: shaft * 2, base, cap: .butt, weight: .silhouette)
            let end = pts[pts.count - 1], prev = pts[pts.count - 2]
            let dx = end.0 - prev.0, dy = end.1 - prev.1
            let l = (dx * dx + dy * dy).squareRoot()
            let ux = dx / l, uy = dy / l
            let len: Float = 0.5
            body(poly([(end.0 - uy * head, end.1 + ux * head), (end.0 + ux * len, end.1 + uy * len), (end.0 + uy * head, end.1 - ux * head)]))
            labelCenter = Point(-0.1, -0.35)
        } else {
            body(poly([(-1.0, -shaft), (0.4, -shaft), (0.4, -head), (1.0, 0), (0.4, head), (0.4, shaft), (-1.0, shaft)]))
        }
        if let t = labelText {
            text(t, center: Point(labelCenter.x, labelCenter.y - 0.3), maxWidth: 1.8, maxSize: 0.5, tone(0.75))
        }
    }

    mutating func labelKind() {
        let t = labelText ?? "Label"
        guard let font = Assets.font else { return }
        let em: Float = 0.56
        let width = font.width(of: t, size: em)
        if variant == "badge" {
            let pad: Float = 0.34, dot = vary(0.09, 0.14)
            let w = width + 2 * pad + dot * 2.2
            body(box(-w / 2, -0.42, w / 2, 0.42, round: 0.42))
            mark(circle(-w / 2 + pad + dot * 0.5, 0, dot), contrast(on: base), alpha: 0.9)
            text(t, center: Point(dot * 1.1, 0), maxWidth: width, maxSize: em, contrast(on: base))
        } else {
            text(t, center: Point(0, -0.06), maxWidth: width, maxSize: em, lit(base))
            let u = vary(0.3, 0.5)
            mark(box(-width / 2, 0.3, -width / 2 + width * u, 0.36, round: 0.03), base)
        }
    }
}
