@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// The rasteriser's shortcuts (whole-pixel rectangles drawn without scan
/// conversion, tiles kept flat or flat per row, gradients evaluated once
/// per row or column, commands sorted into bins) must change nothing but
/// the time: every frame here is drawn with them and without them, and
/// the bytes must agree exactly.
@Suite("Raster fast paths")
struct RasterFastPathTests {
    static func render(_ list: DisplayList, fast: Bool, tileWidth: Int = Rasterizer.patchSize,
                       tileHeight: Int = Rasterizer.patchSize) -> FrameImage {
        let r = Rasterizer()
        r.fastPaths = fast
        return r.render(list, tileWidth: tileWidth, tileHeight: tileHeight)
    }

    static func differing(_ a: FrameImage, _ b: FrameImage) -> Int {
        zip(a.pixels, b.pixels).filter { $0 != $1 }.count
    }

    /// A backdrop built the way the scenery paints one: hundreds of
    /// whole-pixel bands (rows and columns, opaque and translucent), a few
    /// bands off the pixel grid, axis-aligned gradients, shapes on top, a
    /// filter over part of the rows and a grade over all of it.
    static func bandedScene(seed: UInt64, width: Int = 160, height: Int = 120) -> DisplayList {
        var g = SeededGenerator(seed: seed)
        func u(_ lo: Float, _ hi: Float) -> Float { lo + Float(g.unit()) * (hi - lo) }
        func color(_ alpha: Float) -> LinearColor { LinearColor(red: u(0, 1), green: u(0, 1), blue: u(0, 1), alpha: alpha) }
        let w = Float(width), h = Float(height)
        var list = DisplayList(width: width, height: height)!
        var y: Float = -1
        while y < h {
            let step = Float(1 + g.next() % 3)
            list.fill(.rect(Rect(x: -2, y: y, width: w + 4, height: step)!), paint: .solid(color(1)))
            y += step
        }
        var x: Float = 0
        while x < w * 0.3 {
            let step = Float(1 + g.next() % 4)
            list.fill(.rect(Rect(x: x, y: -1, width: step, height: h + 2)!), paint: .solid(color(u(0.05, 0.5))))
            x += step
        }
        for _ in 0..<6 {
            // Off the pixel grid: these take the general path.
            list.fill(.rect(Rect(x: u(-10, w), y: u(-10, h), width: u(3, 60), height: u(0.3, 4))!), paint: .solid(color(u(0.2, 1))))
        }
        let stops = [GradientStop(0, color(u(0.3, 1))), GradientStop(u(0.2, 0.8), color(u(0.3, 1))), GradientStop(1, color(u(0.3, 1)))]
        list.fill(.rect(Rect(x: -1, y: u(0, h / 2), width: w + 2, height: u(10, h))!),
                  paint: .linearGradient(from: Point(0, u(0, h)), to: Point(0, u(0, h)), stops: stops))
        list.fill(.rect(Rect(x: u(0, w / 2), y: -1, width: u(10, w), height: h + 2)!),
                  paint: .linearGradient(from: Point(u(0, w), 0), to: Point(u(0, w), 0), stops: stops))
        list.fill(Path.circle(center: Point(u(0, w), u(0, h)), radius: u(8, 40))!,
                  paint: .linearGradient(from: Point(0, u(0, h)), to: Point(0, u(0, h)), stops: stops))
        list.fill(.rect(Rect(x: u(0, w), y: u(0, h), width: u(5, 50), height: u(5, 50))!), paint: .solid(color(1)),
                  transform: .rotation(degrees: u(0, 90)))
        list.shadow(of: .rect(Rect(x: u(0, w), y: u(0, h), width: 30, height: 20)!), offset: Point(3, 4), blur: u(1, 6),
                    color: LinearColor.black.withOpacity(0.5))
        list.filter(ColorMatrix(m: [0.9, 0.1, 0, 0, 1.1, 0, 0.05, 0, 0.8], offset: [0.02, 0, -0.01]),
                    in: IntRect(x: 0, y: Int(u(0, h / 2)), width: width, height: Int(u(5, h / 2)))!)
        list.filter(ColorMatrix(m: [1.05, 0, 0, 0, 0.95, 0, 0, 0, 1], offset: [0, 0.01, 0]))
        return list
    }

    @Test("commands under an opaque cover are skipped without changing a byte", arguments: [5, 6, 7] as [UInt64])
    func hiddenCommands(seed: UInt64) {
        var list = Self.bandedScene(seed: seed)
        let under = Self.bandedScene(seed: seed + 100)
        // A region look as the composer lays one: opaque scenery (a solid
        // sky and an opaque gradient), then shapes, all clipped to the region.
        let stops = [GradientStop(0, LinearColor(red: 0.9, green: 0.4, blue: 0.1, alpha: 1)),
                     GradientStop(1, LinearColor(red: 0.1, green: 0.2, blue: 0.6, alpha: 1))]
        var region = DisplayList(width: 160, height: 120)!
        region.fill(.rect(Rect(x: 0, y: 0, width: 160, height: 120)!), paint: .solid(LinearColor(red: 0.2, green: 0.3, blue: 0.4, alpha: 1)))
        region.fill(.rect(Rect(x: 0, y: 40, width: 160, height: 80)!), paint: .linearGradient(from: Point(0, 40), to: Point(0, 120), stops: stops))
        region.append(contentsOf: under)
        list.append(contentsOf: region, clippedTo: IntRect(x: 16, y: 8, width: 100, height: 90)!)
        #expect(list.commands.contains { $0.opaqueRect != nil })
        for (tw, th) in [(Rasterizer.patchSize, Rasterizer.patchSize), (16, 8), (7, 5)] {
            let fast = Self.render(list, fast: true, tileWidth: tw, tileHeight: th)
            let slow = Self.render(list, fast: false, tileWidth: tw, tileHeight: th)
            #expect(Self.differing(fast, slow) == 0, "tiles \(tw)x\(th)")
        }
    }

    @Test("only opaque paint over whole pixels counts as a cover")
    func opaqueCovers() {
        var list = DisplayList(width: 64, height: 64)!
        let opaque = [GradientStop(0, LinearColor.white), GradientStop(1, LinearColor.black)]
        let clear = [GradientStop(0, LinearColor.white), GradientStop(1, LinearColor.black.withOpacity(0.5))]
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .solid(.white))
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .solid(LinearColor.white.withOpacity(0.99)))
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .linearGradient(from: Point(0, 0), to: Point(0, 64), stops: opaque))
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .linearGradient(from: Point(0, 0), to: Point(0, 64), stops: clear))
        list.fill(.rect(Rect(x: 0.5, y: 0, width: 32, height: 64)!), paint: .solid(.white))
        list.fill(.rect(Rect(x: 0, y: 0, width: 64, height: 64)!), paint: .solid(.white), blur: 2)
        let whole = IntRect(x: 0, y: 0, width: 64, height: 64)
        #expect(list.commands.map(\.opaqueRect) == [whole, nil, whole, nil, nil, nil])
    }

    @Test("whole-pixel rectangles are recognised, and only they")
    func pixelRectangles() {
        var list = DisplayList(width: 64, height: 64)!
        list.fill(.rect(Rect(x: 3, y: 5, width: 10, height: 2)!), paint: .solid(.white))
        list.fill(.rect(Rect(x: 3.5, y: 5, width: 10, height: 2)!), paint: .solid(.white))
        list.fill(.rect(Rect(x: 3, y: 5, width: 10, height: 2)!), paint: .solid(.white), blur: 2)
        list.fill(.rect(Rect(x: 0, y: 0, width: 8, height: 8)!), paint: .solid(.white), transform: .rotation(degrees: 30))
        #expect(list.commands.map(\.pixelRect) == [IntRect(x: 3, y: 5, width: 10, height: 2), nil, nil, nil])
    }

    @Test("banded backdrops: the same bytes with and without the fast paths, at any tiling",
          arguments: [1, 2, 3, 4] as [UInt64])
    func banded(seed: UInt64) {
        let list = Self.bandedScene(seed: seed)
        #expect(list.commands.count >= CommandBins.threshold, "the scene is too small to use the bins")
        let reference = Self.render(list, fast: false, tileWidth: list.frame.width, tileHeight: list.frame.height)
        for (w, h) in [(32, 32), (17, 9), (64, 7), (160, 120)] {
            let fast = Self.render(list, fast: true, tileWidth: w, tileHeight: h)
            #expect(Self.differing(fast, reference) == 0, "\(w)x\(h) tiles")
        }
    }

    /// Tall flat bands, or one flat wall, crossed by strips down the whole
    /// height (the side fall-off of the studio), then shapes and a filter
    /// that must see every row as painted.
    @Test("strips down whole tiles over flat rows: the same bytes with and without the fast paths",
          arguments: [1, 2, 3] as [UInt64])
    func stripsOverFlatRows(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        func u(_ lo: Float, _ hi: Float) -> Float { lo + Float(g.unit()) * (hi - lo) }
        func color(_ alpha: Float) -> LinearColor { LinearColor(red: u(0, 1), green: u(0, 1), blue: u(0, 1), alpha: alpha) }
        var list = DisplayList(width: 96, height: 80)!
        list.fill(.rect(Rect(x: 0, y: 0, width: 96, height: 80)!), paint: .solid(color(1)))
        // Bands below the top row of tiles only: those tiles stay one flat colour.
        var y: Float = 32
        while y < 80 {
            let step = Float(4 + g.next() % 12)
            list.fill(.rect(Rect(x: 0, y: y, width: 96, height: step)!), paint: .solid(color(1)))
            y += step
        }
        var x: Float = 0
        while x < 96 {
            let step = Float(1 + g.next() % 9)
            list.fill(.rect(Rect(x: x, y: 0, width: step, height: 80)!), paint: .solid(color(g.next() % 4 == 0 ? 1 : u(0.05, 0.6))))
            x += step + Float(g.next() % 3)
        }
        list.fill(Path.circle(center: Point(u(20, 76), u(20, 60)), radius: u(6, 20))!, paint: .solid(color(0.7)))
        list.filter(ColorMatrix(m: [0.9, 0.1, 0, 0, 1.1, 0, 0.05, 0, 0.8], offset: [0.02, 0, -0.01]),
                    in: IntRect(x: 8, y: 0, width: 40, height: 80)!)
        let reference = Self.render(list, fast: false)
        for (w, h) in [(32, 32), (16, 40), (96, 80)] {
            #expect(Self.differing(Self.render(list, fast: true, tileWidth: w, tileHeight: h), reference) == 0, "\(w)x\(h) tiles")
        }
    }

    @Test("busy random scenes: the same bytes with and without the fast paths", arguments: [1, 2, 3, 7, 11] as [UInt64])
    func busy(seed: UInt64) throws {
        let list = RasterTilingTests.scene(seed: seed, font: try Font.dejaVuSans())
        let reference = Self.render(list, fast: false)
        for (w, h) in [(32, 32), (13, 21)] {
            #expect(Self.differing(Self.render(list, fast: true, tileWidth: w, tileHeight: h), reference) == 0, "\(w)x\(h) tiles")
        }
    }

    @Test("one rasteriser drawing other lists, or a list grown in between, keeps no stale bins")
    func binsFollowTheList() {
        var list = Self.bandedScene(seed: 5)
        let other = Self.bandedScene(seed: 6)
        let r = Rasterizer()
        var image = FrameImage(width: list.frame.width, height: list.frame.height)!
        var scrap = image
        for tile in list.frame.tiles(width: 32, height: 32) {
            r.rasterize(list, tile: tile, into: &image)
            r.rasterize(other, tile: tile, into: &scrap)
        }
        #expect(image == Self.render(list, fast: false))
        // The grown list may reuse nothing binned for the old one: the new
        // square must show.
        list.fill(.rect(Rect(x: 40, y: 40, width: 20, height: 20)!), paint: .solid(.white))
        for tile in list.frame.tiles(width: 32, height: 32) { r.rasterize(list, tile: tile, into: &image) }
        #expect(image.pixel(x: 50, y: 50) != Self.render(Self.bandedScene(seed: 5), fast: false).pixel(x: 50, y: 50))
        #expect(image == Self.render(list, fast: false))
    }
}
