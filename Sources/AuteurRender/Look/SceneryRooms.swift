import AuteurCore
import Foundation

// Interiors: a studio with a seamless backdrop, an office and a kitchen.
// Walls are solid fills (free wherever they cover a whole tile); the view
// through a window follows the time of day outside.
extension Scenery {
    static let wallDepth = 0.5

    /// A frame-coordinate rectangle in world units.
    func frameRect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Rect? {
        Scenery.rect(wx(x0), y0, wx(x1), y1)
    }

    func studio(_ list: inout DisplayList) {
        let e = visible(Scenery.wallDepth, margin: 0.2)
        let centre = Scenery.pt(wx(0.5), 0.48)
        // Seamless paper lit by a soft key behind the subject, falling off
        // to the edges; one radial gradient is the whole wall.
        let paper = lit(LookTone.srgb(0xc9d0d9))
        shade(&list, e.y0, e.y1, from: 0, to: 0.62, [
            (0, LookTone.scale(paper, 0.62)), (0.75, LookTone.scale(paper, 1.1)), (1, LookTone.scale(paper, 1.12)),
        ], depth: Scenery.wallDepth)
        // The light falls off towards the sides.
        let dark = LookTone.srgb(0x1c2028)
        let c = Double(centre.x)
        for side in [-1.0, 1.0] {
            let inner = c + side * 0.3 * aspect, outer = c + side * 0.75 * aspect
            let edge = side < 0 ? e.x0 : e.x1
            bands(&list, axis: .horizontal, span: min(inner, edge)...max(inner, edge), across: e.y0...e.y1, from: inner, to: outer,
                  stops: [(0, dark.withOpacity(0)), (1, dark.withOpacity(0.42))], depth: Scenery.wallDepth)
        }
        // The cove where the paper curves into the floor: lighter where it
        // turns towards the lights, then a gentle darkening towards the camera.
        let floor = LookTone.srgb(0x4a505c)
        shade(&list, 0.6, max(e.y1, 1.01), from: 0.6, to: 1.0, [
            (0, LookTone.srgb(0xffffff, 0)), (0.3, LookTone.srgb(0xffffff, 0.1)), (0.45, floor.withOpacity(0.05)), (1, floor.withOpacity(0.35)),
        ], depth: 0.2)
    }

    /// The view through a window: sky, a low distant skyline, glass and frame.
    func window(_ list: inout DisplayList, _ r: Rect, frame: LinearColor, depth: Double, blinds: Bool) {
        let n = LookNoise("window")
        let glass = Double(r.top)...Double(r.bottom)
        fill(&list, .rect(r), Scenery.vertical(glass.lowerBound, glass.upperBound, [(0, light.skyTop), (1, light.skyHorizon)]), depth: depth)
        // Buildings across the street, clipped to the pane by construction.
        let night = light.daylight < 0.5
        var blocks = PathBuilder(), lights = PathBuilder()
        var x = Double(r.left)
        var k = 0
        while x < Double(r.right) {
            let w = 0.04 + 0.05 * n.unit(k, 1)
            let top = Double(r.bottom) - (Double(r.bottom) - Double(r.top)) * (0.15 + 0.4 * n.unit(k, 2))
            let x1 = min(Double(r.right), x + w)
            if let b = Scenery.rect(x, top, x1, Double(r.bottom)) { blocks.addRect(b) }
            if night {
                var y = top + 0.012
                while y < Double(r.bottom) - 0.01 {
                    var wx = x + 0.006
                    while wx + 0.006 < x1 {
                        if n.unit(Int(y * 1000) * 131 + Int(wx * 1000), 3) < 0.35, let l = Scenery.rect(wx, y, wx + 0.005, y + 0.007) { lights.addRect(l) }
                        wx += 0.011
                    }
                    y += 0.016
                }
            }
            x = x1 + 0.002
            k += 1
        }
        let building = LookTone.mix(LookTone.scale(light.skyHorizon, 0.55), LookTone.srgb(0x3a4150), 0.5)
        fill(&list, blocks.finish(), .solid(building), depth: depth)
        fill(&list, lights.finish(), .solid(LookTone.srgb(0xffd98a, 0.9)), depth: depth)
        // Reflection on the glass: a pale diagonal sheen.
        let sheen = Path.polygon([Scenery.pt(Double(r.left) + Double(r.width) * 0.15, Double(r.top)),
                                  Scenery.pt(Double(r.left) + Double(r.width) * 0.4, Double(r.top)),
                                  Scenery.pt(Double(r.left) + Double(r.width) * 0.1, Double(r.bottom)),
                                  Scenery.pt(Double(r.left), Double(r.bottom)), Scenery.pt(Double(r.left), Double(r.bottom) - Double(r.height) * 0.4)])
        fill(&list, sheen, .solid(LookTone.srgb(0xffffff, 0.07)), depth: depth)
        var bars = PathBuilder()
        let t: Float = 0.012
        if blinds {
            var y = r.top
            while y < r.top + r.height * 0.3 {
                bars.addRect(Rect(left: r.left, top: y, right: r.right, bottom: y + 0.008)!)
                y += 0.014
            }
        }
        // Frame: four sides, a mullion and a transom.
        bars.addRect(Rect(left: r.left - t, top: r.top - t, right: r.right + t, bottom: r.top)!)
        bars.addRect(Rect(left: r.left - t, top: r.bottom, right: r.right + t, bottom: r.bottom + t * 1.6)!)
        bars.addRect(Rect(left: r.left - t, top: r.top, right: r.left, bottom: r.bottom)!)
        bars.addRect(Rect(left: r.right, top: r.top, right: r.right + t, bottom: r.bottom)!)
        bars.addRect(Rect(left: r.center.x - t / 2, top: r.top, right: r.center.x + t / 2, bottom: r.bottom)!)
        bars.addRect(Rect(left: r.left, top: r.center.y - t / 2, right: r.right, bottom: r.center.y + t / 2)!)
        fill(&list, bars.finish(), .solid(frame), depth: depth)
    }

    func office(_ list: inout DisplayList) {
        let d = Scenery.wallDepth
        let e = visible(d, margin: 0.2)
        let wall = lit(LookTone.srgb(0xd8d3c8))
        fill(&list, Scenery.rect(e.x0, e.y0, e.x1, 0.95).map(Path.rect), .solid(wall), depth: d)
        shade(&list, e.y0, 0.22, from: 0, to: 0.22, [(0, LookTone.srgb(0x000000, 0.16)), (1, LookTone.srgb(0x000000, 0))], depth: d)
        let trim = lit(LookTone.srgb(0xf1f0ec))
        for (a, b) in [(0.05, 0.29), (0.71, 0.95)] {
            if let r = frameRect(a, 0.13, b, 0.56) { window(&list, r, frame: trim, depth: d, blinds: true) }
        }
        // A whiteboard with a chart and notes on it.
        if let board = frameRect(0.37, 0.2, 0.63, 0.47), let inner = frameRect(0.375, 0.208, 0.625, 0.462) {
            fill(&list, .rect(board), .solid(lit(LookTone.srgb(0xa3a8b0))), depth: d)
            fill(&list, .rect(inner), .solid(lit(LookTone.srgb(0xf7f8f8))), depth: d)
            var chart: [Point] = []
            for i in 0...6 {
                let f = Double(i) / 6
                chart.append(Scenery.pt(wx(0.4 + 0.11 * f), 0.42 - 0.14 * f + 0.03 * Scenery.wave(f * 2.2)))
            }
            if let p = Path.polygon(chart, closed: false)?.stroked(Stroke(width: 0.004, join: .round, cap: .round)) {
                fill(&list, p, .solid(lit(LookTone.srgb(0x2f62c8))), depth: d)
            }
            var notes = PathBuilder()
            for i in 0..<5 {
                let y = 0.25 + Double(i) * 0.035
                let len = 0.06 + 0.04 * LookNoise("notes").unit(i)
                if let r = frameRect(0.535, y, 0.535 + len / aspect, y + 0.006) { notes.addRect(r) }
            }
            fill(&list, notes.finish(), .solid(lit(LookTone.srgb(0x50545c)).withOpacity(0.8)), depth: d)
            if let ring = Path.circle(center: Scenery.pt(wx(0.47), 0.28), radius: 0.02)?.stroked(Stroke(width: 0.003)) {
                fill(&list, ring, .solid(lit(LookTone.srgb(0xc8383c))), depth: d)
            }
        }
        fill(&list, band(0.725, 0.75, depth: 0.1), .solid(lit(LookTone.srgb(0x8e8a84))), depth: 0.1)
        let carpet = lit(LookTone.srgb(0x6d7584))
        groundPlane(&list, top: 0.75, far: LookTone.scale(carpet, 0.82), near: carpet, depth: 0.1)
    }

    func kitchen(_ list: inout DisplayList) {
        let d = Scenery.wallDepth
        let e = visible(d, margin: 0.2)
        let wall = lit(LookTone.srgb(0xefe3cb))
        fill(&list, Scenery.rect(e.x0, e.y0, e.x1, 0.8).map(Path.rect), .solid(wall), depth: d)
        // Backsplash of subway tiles: a tile colour and one path of grout lines.
        let tile = lit(LookTone.srgb(0xf4f6f4))
        fill(&list, Scenery.rect(e.x0, 0.5, e.x1, 0.95).map(Path.rect), .solid(tile), depth: d)
        var grout = PathBuilder()
        var row = 0
        var y = 0.5
        while y < 0.78 {
            if let r = Scenery.rect(e.x0, y, e.x1, y + 0.002) { grout.addRect(r) }
            let off = row % 2 == 0 ? 0.0 : 0.035
            var x = ((e.x0 - off) / 0.07).rounded(.down) * 0.07 + off
            while x < e.x1 {
                if let r = Scenery.rect(x, y, x + 0.002, min(0.78, y + 0.035)) { grout.addRect(r) }
                x += 0.07
            }
            y += 0.035; row += 1
        }
        fill(&list, grout.finish(), .solid(lit(LookTone.srgb(0xc9cbc6))), depth: d)
        if let r = frameRect(0.4, 0.1, 0.6, 0.44) { window(&list, r, frame: lit(LookTone.srgb(0xfbfaf6)), depth: d, blinds: false) }
        // Cabinets above and below, doors with a shadow line and a handle.
        let paint = lit(LookTone.srgb(0x8fae9c), key: 0.05)
        let metal = lit(LookTone.srgb(0xc9c6bd), key: 0.2)
        func cabinets(_ y0: Double, _ y1: Double, spans: [(Double, Double)], handleHigh: Bool, colour: LinearColor,
                      depth: Double, _ list: inout DisplayList) {
            var doors = PathBuilder(), lines = PathBuilder(), handles = PathBuilder()
            for (x0, x1) in spans {
                guard let body = Scenery.rect(x0, y0, x1, y1) else { continue }
                doors.addRect(body)
                let n = max(1, Int(((x1 - x0) / 0.22).rounded()))
                let w = (x1 - x0) / Double(n)
                for i in 0..<n {
                    let a = x0 + Double(i) * w
                    if let r = Scenery.rect(a + 0.012, y0 + 0.012, a + w - 0.012, y1 - 0.012),
                       let s = Path.rect(r).stroked(Stroke(width: 0.003)) { lines.addPath(s) }
                    let hx = i % 2 == 0 ? a + w - 0.03 : a + 0.03
                    let hy = handleHigh ? y0 + 0.05 : y1 - 0.06
                    if let h = Scenery.rect(hx - 0.003, hy - 0.02, hx + 0.003, hy + 0.02) { handles.addRoundedRect(h, radius: 0.003) }
                }
            }
            fill(&list, doors.finish(), .solid(colour), depth: depth)
            fill(&list, lines.finish(), .solid(LookTone.scale(colour, 0.75)), depth: depth)
            fill(&list, handles.finish(), .solid(metal), depth: depth)
        }
        // Cabinet runs start on a fixed grid so doors do not slide as the camera pans.
        let left = ((e.x0 - 0.3) / 0.22).rounded(.down) * 0.22
        cabinets(0.06, 0.38, spans: [(left, wx(0.36)), (wx(0.64), e.x1 + 0.3)], handleHigh: false, colour: paint, depth: d, &list)
        fill(&list, band(0.38, 0.395, depth: d), .solid(LookTone.srgb(0x000000, 0.08)), depth: d)
        let e0 = visible(0, margin: 0.3)
        let start = (e0.x0 / 0.22).rounded(.down) * 0.22
        cabinets(0.815, max(1.05, e0.y1), spans: [(start, (e0.x1 / 0.22).rounded(.up) * 0.22)], handleHigh: true, colour: LookTone.scale(paint, 0.92), depth: 0, &list)
        // The worktop objects stand on: stone, lit along its front edge.
        let stone = lit(LookTone.srgb(0xd4cfc4), key: 0.1)
        fill(&list, band(0.775, 0.815, depth: 0), Scenery.vertical(0.775, 0.815, [
            (0, LookTone.scale(stone, 0.86)), (0.7, stone), (0.72, LookTone.scale(stone, 1.08)), (1, LookTone.scale(stone, 0.8)),
        ]), depth: 0)
    }
}
