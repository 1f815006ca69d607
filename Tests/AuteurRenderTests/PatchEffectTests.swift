@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// What a fill does to a patch, told from its outline (`PatchEffect`), must
/// be what the rasteriser does: a patch told untouched is drawn the same
/// without the fill, and a patch told whole is drawn the same as under a
/// fill of the same paint over the whole frame. Exports key patches by it,
/// so a wrong answer would put a stale patch in a film.
@Suite("Patch effects")
struct PatchEffectTests {
    static let width = 320, height = 200

    /// A shape of overlapping discs (a cloud's puffs) or a self-crossing
    /// star, in a placement with scale, under one of three paints.
    struct Shape {
        var path: Path
        var paint: Paint
        var rule: FillRule
        var transform: Transform
        var clip: IntRect?
    }

    static func shape(seed: UInt64) -> Shape {
        var g = SeededGenerator(seed: seed)
        func u(_ lo: Float, _ hi: Float) -> Float { lo + Float(g.unit()) * (hi - lo) }
        func color(_ alpha: Float) -> LinearColor { LinearColor(red: u(0, 1), green: u(0, 1), blue: u(0, 1), alpha: alpha) }
        var b = PathBuilder()
        let star = seed % 3 == 2
        if star {
            // {5/2} or {7/2}: the middle has winding 2, a hole under even-odd.
            let c = Point(u(120, 200), u(80, 120)), points = g.next() % 2 == 0 ? 5 : 7
            b.addPolygon((0..<points).map { k in
                let a = Float(k) * 2 * 2 * .pi / Float(points)
                return Point(c.x + 120 * cos(a), c.y + 120 * sin(a))
            })
        } else {
            // A cloud: one big puff, and smaller ones whose outlines cross
            // it near its rim.
            let c = Point(u(120, 200), u(80, 120)), r = u(70, 90)
            b.addCircle(center: c, radius: r)
            for _ in 0..<(2 + g.next() % 3) {
                let a = u(0, 2 * .pi)
                b.addCircle(center: Point(c.x + r * cos(a), c.y + r * sin(a)), radius: u(15, 30))
            }
        }
        let stops = [GradientStop(0, color(u(0.5, 1))), GradientStop(u(0.2, 0.8), color(u(0.5, 1))), GradientStop(1, color(u(0.5, 1)))]
        let paint: Paint
        switch g.next() % 3 {
        case 0: paint = .solid(color(u(0.3, 1)))
        case 1: paint = .linearGradient(from: Point(0, u(0, 60)), to: Point(0, u(100, 200)), stops: stops)
        default: paint = .radialGradient(center: Point(u(60, 160), u(50, 110)), radius: u(40, 120), stops: stops)
        }
        let scale = u(0.9, 1.3)
        let transform = Transform.scale(scale, scale).translated(u(-30, 10), u(-20, 10))
        let clip = seed % 4 == 3 ? IntRect(x: Int(u(40, 120)), y: Int(u(20, 60)), width: 150, height: 110) : nil
        return Shape(path: b.finish()!, paint: paint, rule: star && seed % 2 == 0 ? .evenOdd : .nonZero,
                     transform: transform, clip: clip)
    }

    /// `base` with `path` filled on top (clipped like the shape).
    static func adding(_ path: Path, _ shape: Shape, to base: DisplayList) -> DisplayList {
        var one = DisplayList(width: width, height: height)!
        one.fill(path, paint: shape.paint, rule: shape.rule, transform: shape.transform)
        var list = base
        if let clip = shape.clip { list.append(contentsOf: one, clippedTo: clip) } else { list.append(contentsOf: one) }
        return list
    }

    static func patch(_ image: FrameImage, _ rect: IntRect) -> [SIMD4<UInt8>] {
        var out: [SIMD4<UInt8>] = []
        for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { out.append(image.pixel(x: x, y: y)) } }
        return out
    }

    @Test("patches told untouched or whole are drawn as the rasteriser draws them", arguments: 1...12)
    func effectsAgreeWithTheRasteriser(seed: UInt64) throws {
        try Self.checkAgainstRasteriser(Self.shape(seed: seed), seed: seed, patchSize: Rasterizer.patchSize)
    }

    /// Rounded rectangles and rectangles off the pixel grid: their top and
    /// bottom run level across whole patches, and a level stretch of an
    /// outline is no edge (it adds no winding). A cloud's base is one; the
    /// first rule missed them, told a patch that only the base crossed
    /// untouched or whole, and an export at 16-pixel patches showed it.
    static func levelShape(seed: UInt64) -> Shape {
        var g = SeededGenerator(seed: seed)
        func u(_ lo: Float, _ hi: Float) -> Float { lo + Float(g.unit()) * (hi - lo) }
        var b = PathBuilder()
        let box = Rect(left: u(20, 60), top: u(30, 60), right: u(200, 290), bottom: u(120, 170))!
        if seed % 2 == 0 { b.addRoundedRect(box, radius: u(6, 20)) } else { b.addRect(box) }
        let paint = Paint.solid(LinearColor(red: u(0, 1), green: u(0, 1), blue: u(0, 1), alpha: u(0.5, 1)))
        return Shape(path: b.finish()!, paint: paint, rule: .nonZero,
                     transform: Transform.scale(1, 1).translated(u(0, 1), u(0, 1)), clip: nil)
    }

    @Test("level stretches of an outline (the base of a rounded rectangle) make the patches they cross partial",
          arguments: [(UInt64(1), 8), (2, 8), (3, 16), (4, 16), (5, 32), (6, 32), (7, 8), (8, 16)])
    func levelStretches(seed: UInt64, patchSize: Int) throws {
        try Self.checkAgainstRasteriser(Self.levelShape(seed: seed), seed: seed, patchSize: patchSize)
    }

    static func checkAgainstRasteriser(_ shape: Shape, seed: UInt64, patchSize: Int) throws {
        let base = RasterFastPathTests.bandedScene(seed: seed, width: Self.width, height: Self.height)
        let with = Self.adding(shape.path, shape, to: base)
        // The same paint and placement over the whole frame and beyond,
        // in path units.
        let inverse = try #require(shape.transform.inverted())
        let corners = [Point(-8, -8), Point(Float(Self.width) + 8, Float(Self.height) + 8)].map { inverse.map($0) }
        let cover = try #require(Rect(left: min(corners[0].x, corners[1].x), top: min(corners[0].y, corners[1].y),
                                      right: max(corners[0].x, corners[1].x), bottom: max(corners[0].y, corners[1].y)))
        let whole = Self.adding(.rect(cover), shape, to: base)
        let command = try #require(with.commands.last)
        let grid = PatchGrid(width: Self.width, height: Self.height, size: patchSize)
        let effects = try #require(command.patchEffects(on: grid))
        let patches = grid.patches(meeting: command.bounds)
        try #require(effects.count == patches.count)

        let drawn = RasterFixture.render(with), without = RasterFixture.render(base), painted = RasterFixture.render(whole)
        var counts: [PatchEffect: Int] = [:]
        for (effect, rect) in zip(effects, patches) {
            switch effect {
            case .untouched:
                let same = Self.patch(drawn, rect) == Self.patch(without, rect)
                #expect(same, "patch \(rect) told untouched differs from the frame without the fill")
            case .whole:
                let same = Self.patch(drawn, rect) == Self.patch(painted, rect)
                #expect(same, "patch \(rect) told whole differs from the paint over the whole frame")
            case .partial: break
            }
            counts[effect, default: 0] += 1
        }
        // Not vacuous: every shape has a rim, and patches it covers or misses
        // wholly (a star's middle is covered, or a hole under even-odd).
        #expect(counts[.partial, default: 0] > 0, "no rim")
        #expect(counts[.whole, default: 0] + counts[.untouched, default: 0] > 0, "no patch told whole or untouched")
    }

    /// A cloud's puffs overlap: the arc of a small puff runs inside the big
    /// one. The patches it crosses there are still covered fully (by the
    /// big puff alone), so a drifting cloud need not draw them again; where
    /// the contours do not all turn the same way, or one is not convex, the
    /// arcs keep their patches partial.
    @Test("patches crossed only by edges inside another convex contour turning the same way are whole")
    func overlappingPuffs() throws {
        let grid = PatchGrid(width: 256, height: 256, size: 32)
        func effect(_ list: DisplayList, _ x: Int, _ y: Int) throws -> PatchEffect {
            let command = list.commands[0]
            let effects = try #require(command.patchEffects(on: grid))
            let (columns, rows) = grid.span(of: command.bounds)
            return effects[(y / 32 - rows.lowerBound) * columns.count + (x / 32 - columns.lowerBound)]
        }
        // A big puff centred at (128, 128), radius 100; a small one whose
        // rim runs through the patch at (96..128, 96..128), well inside the big one.
        var puffs = PathBuilder()
        puffs.addCircle(center: Point(128, 128), radius: 100)
        puffs.addCircle(center: Point(112, 112), radius: 12)
        var list = DisplayList(width: 256, height: 256)!
        list.fill(puffs.finish()!, paint: .solid(.white))
        #expect(try effect(list, 100, 100) == .whole)
        // And the rasteriser agrees, on the test frame: a small puff wholly
        // inside one patch that lies inside the big puff.
        var inner = PathBuilder()
        inner.addCircle(center: Point(160, 100), radius: 90)
        inner.addCircle(center: Point(140, 80), radius: 12)
        let shape = Shape(path: inner.finish()!, paint: .solid(LinearColor(red: 0.8, green: 0.7, blue: 0.6, alpha: 0.9)),
                          rule: .nonZero, transform: Transform.scale(1, 1), clip: nil)
        var framed = DisplayList(width: Self.width, height: Self.height)!
        framed.fill(shape.path, paint: shape.paint)
        let frameGrid = PatchGrid(width: Self.width, height: Self.height, size: 32)
        let framedEffects = try #require(framed.commands[0].patchEffects(on: frameGrid))
        let (framedColumns, framedRows) = frameGrid.span(of: framed.commands[0].bounds)
        // The patch from (128, 64) to (160, 96) holds the small puff.
        #expect(framedEffects[(2 - framedRows.lowerBound) * framedColumns.count + (4 - framedColumns.lowerBound)] == .whole)
        try Self.checkAgainstRasteriser(shape, seed: 5, patchSize: 32)
        // Under even-odd the small puff is a hole: partial.
        var evenOdd = DisplayList(width: 256, height: 256)!
        evenOdd.fill(puffs.finish()!, paint: .solid(.white), rule: .evenOdd)
        #expect(try effect(evenOdd, 100, 100) == .partial)
        // The small contour turned the other way cuts a hole under nonzero too.
        var opposite = PathBuilder()
        opposite.addCircle(center: Point(128, 128), radius: 100)
        opposite.addPolygon((0..<24).map { k in
            let a = -Float(k) * 2 * .pi / 24
            return Point(112 + 12 * cos(a), 112 + 12 * sin(a))
        })
        var reversed = DisplayList(width: 256, height: 256)!
        reversed.fill(opposite.finish()!, paint: .solid(.white))
        let turns = Set(reversed.commands[0].contours.map { span in
            DrawCommand.commonTurn(of: [span], reversed.commands[0].edges)
        })
        #expect(turns.count == 2, "the test's two contours should turn opposite ways")
        #expect(try effect(reversed, 100, 100) == .partial)
        // A contour going round twice (a {7/3} star) inside the big puff is not convex.
        var star = PathBuilder()
        star.addCircle(center: Point(128, 128), radius: 100)
        star.addPolygon((0..<7).map { k in
            let a = Float(k) * 3 * 2 * .pi / 7
            return Point(112 + 14 * cos(a), 112 + 14 * sin(a))
        })
        var starred = DisplayList(width: 256, height: 256)!
        starred.fill(star.finish()!, paint: .solid(.white))
        #expect(try effect(starred, 100, 100) == .partial)
    }

    @Test("a disc fully inside a patch, or one patch far outside a ring, are told so; filters and blurs are not told")
    func knownCases() throws {
        let grid = PatchGrid(width: 128, height: 128, size: 32)
        var list = DisplayList(width: 128, height: 128)!
        // A ring: a disc of radius 60 with a hole of radius 20, even-odd.
        var b = PathBuilder()
        b.addCircle(center: Point(64, 64), radius: 60)
        b.addCircle(center: Point(64, 64), radius: 20)
        list.fill(b.finish()!, paint: .solid(.white), rule: .evenOdd)
        let effects = try #require(list.commands[0].patchEffects(on: grid))
        // At 32 pixels every patch meets one of the circles.
        #expect(effects.allSatisfy { $0 == .partial })
        // At 8, some lie between them, some in the hole, some outside.
        let fine = PatchGrid(width: 128, height: 128, size: 8)
        let fineEffects = try #require(list.commands[0].patchEffects(on: fine))
        let (columns, rows) = fine.span(of: list.commands[0].bounds)
        func effect(_ x: Int, _ y: Int) -> PatchEffect { fineEffects[(y / 8 - rows.lowerBound) * columns.count + (x / 8 - columns.lowerBound)] }
        #expect(effect(64, 24) == .whole)    // between the circles, above the hole
        #expect(effect(60, 60) == .untouched) // in the hole
        #expect(effect(0, 0) == .untouched)   // outside

        list.shadow(of: .rect(Rect(x: 10, y: 10, width: 50, height: 50)!), offset: Point(2, 2), blur: 4, color: .black)
        list.filter(ColorMatrix(m: [0.9, 0, 0, 0, 0.9, 0, 0, 0, 0.9], offset: [0, 0, 0]))
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .solid(.white))
        #expect(list.commands[1].patchEffects(on: grid) == nil)
        #expect(list.commands[2].patchEffects(on: grid) == nil)
        #expect(list.commands[3].patchEffects(on: grid) == nil)
        // The paint key depends on the paint alone.
        var other = DisplayList(width: 128, height: 128)!
        other.fill(Path.circle(center: Point(30, 30), radius: 9)!, paint: .solid(.white))
        #expect(other.commands[0].paintKey == list.commands[0].paintKey)
        #expect(other.commands[0].fingerprint != list.commands[0].fingerprint)
    }
}
