@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// The renderer redraws frames as independent patches, on any thread, and
/// only the patches that changed; that is only sound if a pixel's bytes do
/// not depend on how the frame was cut up.
@Suite("Raster tiling invariance")
struct RasterTilingTests {
    typealias F = RasterFixture

    /// A busy frame from a seed: every kind of command, overlapping, some
    /// hanging off the edges, then a sprite, a look scoped to a region
    /// (clipped commands and a filter from a second list) and a grade.
    static func scene(seed: UInt64, width: Int = 150, height: Int = 110, font: Font) -> DisplayList {
        var g = SeededGenerator(seed: seed)
        func u(_ lo: Float, _ hi: Float) -> Float { lo + Float(g.unit()) * (hi - lo) }
        func color(_ opacity: Float? = nil) -> LinearColor {
            LinearColor(red: u(0, 1), green: u(0, 1), blue: u(0, 1), alpha: opacity ?? (g.unit() < 0.5 ? 1 : u(0.2, 0.9)))
        }
        func point() -> Point { Point(u(-20, Float(width) + 20), u(-20, Float(height) + 20)) }
        func paint() -> Paint {
            switch g.next() % 3 {
            case 0: return .solid(color())
            case 1: return .linearGradient(from: point(), to: point(),
                                           stops: [GradientStop(0, color()), GradientStop(u(0.2, 0.8), color()), GradientStop(1, color())])
            default: return .radialGradient(center: point(), radius: u(5, 80),
                                            stops: [GradientStop(0, color()), GradientStop(1, color(0))])
            }
        }
        var list = DisplayList(width: width, height: height)!
        list.clear(color(1))
        for _ in 0..<14 {
            let t = Transform.rotation(degrees: u(0, 360)).translated(u(0, Float(width)), u(0, Float(height)))
            switch g.next() % 7 {
            case 0:
                list.fill(Path.circle(center: .zero, radius: u(3, 40))!, paint: paint(), transform: t)
            case 1:
                list.fill(.rect(Rect(x: u(-30, 0), y: u(-30, 0), width: u(5, 60), height: u(5, 60))!), paint: paint(), transform: t)
            case 2:
                let star = Path.polygon((0..<5).map { i in
                    let a = Float(i * 144) * .pi / 180
                    return Point(30 * cos(a), 30 * sin(a))
                })!
                list.fill(star, paint: paint(), rule: g.next() % 2 == 0 ? .evenOdd : .nonZero, transform: t)
            case 3:
                let joins: [LineJoin] = [.miter, .round, .bevel], caps: [LineCap] = [.butt, .round, .square]
                let wiggle = Path.polygon((0..<5).map { _ in Point(u(-40, 40), u(-40, 40)) }, closed: g.next() % 2 == 0)!
                list.stroke(wiggle, Stroke(width: u(0.5, 9), join: joins[Int(g.next() % 3)], cap: caps[Int(g.next() % 3)]),
                            paint: paint(), transform: t)
            case 4:
                if let text = font.path(for: "Take \(g.next() % 100)!", size: u(8, 30), origin: .zero) {
                    list.fill(text, paint: paint(), transform: t)
                }
            case 5:
                let shape = Path.roundedRect(Rect(x: -15, y: -10, width: 30, height: 20)!, radius: u(0, 8))
                list.shadow(of: shape, transform: t, offset: Point(u(-6, 6), u(-6, 6)), blur: u(0.5, 9),
                            color: LinearColor.black.withOpacity(0.6))
                list.fill(shape, paint: paint(), transform: t)
            default:
                list.fill(Path.ellipse(in: Rect(x: -20, y: -8, width: 40, height: 16)!), paint: paint(), transform: t, blur: u(0, 6))
            }
        }
        let sprite = ImageTexture(width: 6, height: 5, pixels: (0..<120).map { _ in UInt8(truncatingIfNeeded: g.next()) })!
        list.image(sprite, transform: Transform.scale(u(2, 9), u(2, 9)).rotated(degrees: u(0, 360))
                    .translated(u(0, Float(width)), u(0, Float(height))))
        // Unrotated, so drawn by the per-column shortcut.
        list.image(sprite, transform: Transform.scale(u(1.5, 12), u(1.5, 12)).translated(u(-20, Float(width)), u(-20, Float(height))))
        func matrix() -> ColorMatrix {
            ColorMatrix(m: (0..<9).map { i in i % 4 == 0 ? u(0.6, 1.3) : u(-0.3, 0.4) }, offset: (0..<3).map { _ in u(-0.1, 0.1) })
        }
        var look = DisplayList(width: width, height: height)!
        look.fill(Path.circle(center: point(), radius: u(10, 50))!, paint: paint(), blur: u(0, 6))
        look.fill(.rect(Rect(x: u(-20, 50), y: u(-20, 50), width: u(20, 90), height: u(20, 90))!), paint: paint())
        look.filter(matrix())
        list.append(contentsOf: look, clippedTo: IntRect(x: Int(u(-10, Float(width) / 2)), y: Int(u(-10, Float(height) / 2)),
                                                         width: Int(u(10, Float(width))), height: Int(u(10, Float(height))))!)
        list.filter(matrix(), in: IntRect(x: Int(u(0, Float(width) / 2)), y: Int(u(0, Float(height) / 2)),
                                          width: Int(u(5, Float(width))), height: Int(u(5, Float(height))))!)
        list.filter(matrix())
        return list
    }

    @Test("one tile, 32x32 patches, 17x9 and 7x5 tiles give bit-identical frames", arguments: [1, 2, 3] as [UInt64])
    func tilings(seed: UInt64) throws {
        let list = Self.scene(seed: seed, font: try Font.dejaVuSans())
        let whole = Rasterizer().render(list, tileWidth: list.frame.width, tileHeight: list.frame.height)
        #expect(F.coveredArea(whole) > 0)
        for (w, h) in [(32, 32), (17, 9), (7, 5)] {
            let tiled = Rasterizer().render(list, tileWidth: w, tileHeight: h)
            let differing = zip(whole.pixels, tiled.pixels).filter { $0 != $1 }.count
            #expect(differing == 0, "\(w)x\(h) tiles: \(differing) bytes differ")
        }
    }

    @Test("tile order and scratch reuse across rasterizers do not change the bytes")
    func orderAndReuse() throws {
        let font = try Font.dejaVuSans()
        let list = Self.scene(seed: 9, font: font)
        let reference = Rasterizer().render(list)
        var tiles = list.frame.tiles(width: 32, height: 32)
        var g = SeededGenerator(seed: 4)
        tiles.shuffle(using: &g)
        // Two "threads": tiles dealt alternately, each rasterizer also
        // drawing another frame in between to dirty its scratch buffers.
        let workers = [Rasterizer(), Rasterizer()]
        let other = Self.scene(seed: 10, font: font)
        var image = FrameImage(width: list.frame.width, height: list.frame.height)!
        var scrap = image
        for (i, tile) in tiles.enumerated() {
            workers[i % 2].rasterize(other, tile: tile, into: &scrap)
            workers[i % 2].rasterize(list, tile: tile, into: &image)
        }
        #expect(image == reference)
    }

    @Test("a command's bounds contain every pixel it changes, blur included")
    func boundsAreConservative() throws {
        let list = Self.scene(seed: 5, font: try Font.dejaVuSans())
        for command in list.commands.dropFirst() {
            var single = DisplayList(width: list.frame.width, height: list.frame.height)!
            single.append(command)
            let image = F.render(single)
            for y in 0..<image.height {
                for x in 0..<image.width where image.pixel(x: x, y: y)[3] != 0 {
                    #expect(x >= command.bounds.x && x < command.bounds.maxX && y >= command.bounds.y && y < command.bounds.maxY,
                            "pixel (\(x), \(y)) outside \(command.bounds)")
                }
            }
        }
    }

    @Test("moving one shape changes the fingerprints of only the patches it touches")
    func fingerprints() throws {
        let font = try Font.dejaVuSans()
        func frame(ballX: Float) -> DisplayList {
            var l = DisplayList(width: 128, height: 96)!
            l.clear(LinearColor(RGBColor(30, 40, 60)))
            l.fill(font.path(for: "Auteur", size: 20, origin: Point(60, 80))!, paint: .solid(.white))
            l.fill(Path.circle(center: Point(ballX, 20), radius: 8)!, paint: .color(RGBColor(240, 200, 40)))
            return l
        }
        let before = frame(ballX: 20), after = frame(ballX: 50)
        let tiles = before.frame.tiles(width: 32, height: 32)
        let changed = tiles.filter { before.fingerprint(of: $0) != after.fingerprint(of: $0) }
        // The ball spans x 12..28 then 42..58, rows 12..28: patches 0 and 1 of the top row.
        #expect(changed == [tiles[0], tiles[1]])
        // Unchanged fingerprints mean reusable bytes.
        let a = Rasterizer().render(before), b = Rasterizer().render(after)
        for tile in tiles where !changed.contains(tile) {
            for y in tile.y..<tile.maxY { for x in tile.x..<tile.maxX { #expect(a.pixel(x: x, y: y) == b.pixel(x: x, y: y)) } }
        }
        // Fingerprints are stable values, not per-process hashes.
        #expect(before.fingerprint(of: tiles[5]) == frame(ballX: 20).fingerprint(of: tiles[5]))
    }
}

