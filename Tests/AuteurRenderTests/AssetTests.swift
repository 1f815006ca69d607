@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

@Suite("Assets: every kind drawn")
struct AssetDrawingTests {
    @Test("every kind and variant draws inside its bounds and nothing outside them", arguments: CatalogKind.allCases)
    func drawsInsideBounds(kind: CatalogKind) throws {
        for variant in kind.variants {
            for (seed, rotation) in [(UInt64(1), 0.0), (2, 35.0)] {
                let stage = AssetFixture.stage()
                let object = AssetFixture.object(kind, variant, seed: seed, label: seed == 2 ? "Hello" : nil, rotation: rotation)
                let image = AssetFixture.render(object, stage: stage)
                let bounds = try #require(Assets.bounds(of: object, stage: stage)?.roundedOut, "\(kind)/\(variant) has no bounds")
                let covered = AssetFixture.coveredPixels(image, minimumAlpha: 40)
                #expect(covered > 150, "\(kind)/\(variant) draws almost nothing (\(covered) pixels)")
                var outside = 0
                for y in 0..<image.height {
                    for x in 0..<image.width where image.pixel(x: x, y: y)[3] > 0 {
                        if x < bounds.x || x >= bounds.maxX || y < bounds.y || y >= bounds.maxY { outside += 1 }
                    }
                }
                #expect(outside == 0, "\(kind)/\(variant) seed \(seed): \(outside) pixels outside \(bounds)")
            }
        }
    }

    @Test("bounds stay conservative under every style's lines and glows")
    func boundsCoverStyles() throws {
        for style in Style.allCases {
            for kind in [CatalogKind.car, .tree, .sun, .label, .bicycle, .person] {
                let stage = AssetFixture.stage(style: style)
                let object = AssetFixture.object(kind, seed: 3, label: "Tag")
                let image = AssetFixture.render(object, stage: stage)
                let b = try #require(Assets.bounds(of: object, stage: stage)?.roundedOut)
                for y in 0..<image.height {
                    for x in 0..<image.width where image.pixel(x: x, y: y)[3] > 0 {
                        #expect(x >= b.x && x < b.maxX && y >= b.y && y < b.maxY, "\(kind) in \(style) draws at \(x),\(y) outside \(b)")
                        if !(x >= b.x && x < b.maxX && y >= b.y && y < b.maxY) { return }
                    }
                }
            }
        }
    }

    @Test("an object of no size draws nothing and has no bounds")
    func emptyObject() {
        let stage = AssetFixture.stage()
        let object = AssetFixture.object(.car, size: 0)
        #expect(Assets.bounds(of: object, stage: stage) == nil)
        var list = DisplayList(width: 64, height: 64)!
        Assets.paint(object, stage: stage, into: &list)
        #expect(list.commands.isEmpty)
    }

    @Test("variants of one kind look visibly different", arguments: CatalogKind.allCases.filter { $0.variants.count > 1 })
    func variantsDiffer(kind: CatalogKind) {
        let images = kind.variants.map { AssetFixture.render(AssetFixture.object(kind, $0)) }
        for i in images.indices {
            for j in images.indices where j > i {
                let area = max(AssetFixture.coveredPixels(images[i]), AssetFixture.coveredPixels(images[j]))
                let diff = AssetFixture.differingPixels(images[i], images[j])
                #expect(Double(diff) > 0.1 * Double(area),
                        "\(kind): \(kind.variants[i]) and \(kind.variants[j]) differ in only \(diff) of \(area) pixels")
            }
        }
    }

    @Test("a new seed gives a new take; the same seed gives the same pixels", arguments: CatalogKind.allCases)
    func seedsVaryTheTake(kind: CatalogKind) {
        for variant in kind.variants {
            let a = AssetFixture.render(AssetFixture.object(kind, variant, seed: 11))
            let again = AssetFixture.render(AssetFixture.object(kind, variant, seed: 11))
            let b = AssetFixture.render(AssetFixture.object(kind, variant, seed: 12))
            #expect(a == again, "\(kind)/\(variant) is not deterministic")
            #expect(AssetFixture.differingPixels(a, b) >= 10, "\(kind)/\(variant) looks the same for seeds 11 and 12")
        }
    }

    @Test("the variant name, not a typo, decides the drawing: unknown variants draw the default")
    func unknownVariantFallsBack() {
        let fallback = AssetFixture.render(AssetFixture.object(.car, "hovercraft"))
        let sedan = AssetFixture.render(AssetFixture.object(.car, "sedan"))
        #expect(fallback == sedan)
    }

    @Test("each object stays within a modest command budget")
    func commandBudget() {
        for entry in Assets.catalogEntries {
            var list = DisplayList(width: 240, height: 160)!
            let count = Assets.draw(AssetFixture.object(entry.kind, entry.variant, label: "Label"), stage: AssetFixture.stage(), into: &list)
            #expect(count > 0 && count <= 40, "\(entry.kind)/\(entry.variant) takes \(count) commands")
        }
        var list = DisplayList(width: 240, height: 160)!
        let car = Assets.draw(AssetFixture.object(.car), stage: AssetFixture.stage(), into: &list)
        #expect(car >= 10 && car <= 30, "a sedan takes \(car) commands")
    }
}

@Suite("Assets: colour, mouth, labels, debris, styles")
struct AssetAppearanceTests {
    static let colors = ["red", "blue", "green", "yellow"]

    /// The planner's colour check: a "red car" must read as red, for every
    /// kind and variant.
    static let subjects: [(CatalogKind, String)] = Assets.catalogEntries.map { ($0.kind, $0.variant) }

    @Test("the object's colour dominates its pixels", arguments: colors)
    func colourDominates(name: String) {
        let color = RGBColor.named[name]!
        #expect(AssetFixture.classify(color.r, color.g, color.b) == name, "the prototype itself classifies as \(name)")
        for (kind, variant) in Self.subjects {
            let image = AssetFixture.render(AssetFixture.object(kind, variant, color: color))
            let dominant = AssetFixture.dominantColor(image)
            #expect(dominant == name, "a \(name) \(kind)/\(variant) reads as \(dominant ?? "nothing")")
        }
    }

    @Test("the mouth opens: mouth 1 differs from 0 and shows more dark pixels in the face")
    func mouthOpens() throws {
        let stage = AssetFixture.stage(width: 320, height: 320)
        for variant in CatalogKind.person.variants {
            let closed = AssetFixture.object(.person, variant, size: 0.9)
            var open = closed
            open.mouth = 1
            let a = AssetFixture.render(closed, stage: stage), b = AssetFixture.render(open, stage: stage)
            #expect(AssetFixture.differingPixels(a, b) > 20, "\(variant): the mouth does not change the image")
            // The face is the top fifth of the figure.
            let bounds = try #require(Assets.bounds(of: closed, stage: stage)?.roundedOut)
            func dark(_ image: FrameImage) -> Int {
                var n = 0
                for y in bounds.y..<(bounds.y + bounds.height / 5) {
                    for x in max(0, bounds.x)..<min(image.width, bounds.maxX) {
                        let p = image.pixel(x: x, y: y)
                        if p[3] > 200 && Int(p[0]) + Int(p[1]) + Int(p[2]) < 200 { n += 1 }
                    }
                }
                return n
            }
            #expect(dark(b) > dark(a) + 15, "\(variant): open mouth \(dark(b)) dark pixels vs closed \(dark(a))")
        }
    }

    @Test("a label changes the pixels, on the object or as a caption")
    func labelsShow() {
        for kind in [CatalogKind.car, .box, .server, .database, .arrow, .person, .laptop, .phone] {
            let plain = AssetFixture.render(AssetFixture.object(kind))
            let named = AssetFixture.render(AssetFixture.object(kind, label: "Hero"))
            let renamed = AssetFixture.render(AssetFixture.object(kind, label: "Villain"))
            #expect(AssetFixture.differingPixels(plain, named) > 20, "\(kind): the label does not show")
            #expect(AssetFixture.differingPixels(named, renamed) > 20, "\(kind): different labels look the same")
        }
        let a = AssetFixture.render(AssetFixture.object(.label, label: "Alpha"))
        let b = AssetFixture.render(AssetFixture.object(.label, label: "Omega"))
        #expect(AssetFixture.differingPixels(a, b) > 20)
    }

    @Test("debris draws each shard where physics put it, and nowhere else")
    func debrisAtPositions() {
        let stage = AssetFixture.stage()
        let glass = AssetFixture.object(.glass, color: RGBColor(0x30, 0x80, 0xd0))
        let spots = [Point2(0.2, 0.3), Point2(0.5, 0.7), Point2(0.8, 0.4)]
        let pieces = spots.enumerated().map { i, p in
            DebrisPiece(object: "subject", index: i, kind: .glass, position: p, rotation: Double(i) * 40, velocity: Point2(0, 0),
                        radius: 0.04, outline: [Point2(-0.04, -0.03), Point2(0.04, -0.035), Point2(0.03, 0.04), Point2(-0.035, 0.03)])
        }
        var list = DisplayList(width: stage.width, height: stage.height)!
        Assets.paint(debris: pieces, of: glass, stage: stage, into: &list)
        let image = Rasterizer().render(list)
        for p in spots {
            let d = stage.device(p)
            #expect(image.pixel(x: Int(d.x), y: Int(d.y))[3] > 100, "no shard at \(p)")
        }
        // Away from every shard, nothing.
        #expect(image.pixel(x: 5, y: 150)[3] == 0)
        #expect(image.pixel(x: Int(stage.device(Point2(0.5, 0.3)).x), y: Int(stage.device(Point2(0.5, 0.3)).y))[3] == 0)
        var empty = DisplayList(width: 32, height: 32)!
        Assets.paint(debris: [], of: glass, stage: stage, into: &empty)
        #expect(empty.commands.isEmpty)
    }

    @Test("each style's line treatment changes the drawing")
    func stylesDiffer() {
        let images = Style.allCases.map { AssetFixture.render(AssetFixture.object(.car, color: RGBColor(0xd6, 0x28, 0x28)), stage: AssetFixture.stage(style: $0)) }
        for i in images.indices {
            for j in images.indices where j > i {
                #expect(AssetFixture.differingPixels(images[i], images[j]) > 100,
                        "\(Style.allCases[i]) and \(Style.allCases[j]) draw the same car")
            }
        }
    }

    @Test("the contact shadow falls along the light and only near the ground")
    func contactShadow() {
        let object = AssetFixture.object(.ball, color: RGBColor(0xd6, 0x28, 0x28))
        func lighting(_ direction: Double, _ opacity: Double) -> Lighting {
            var l = Assets.studioLighting
            l.shadowDirection = direction; l.shadowOpacity = opacity; l.shadowLength = 1
            return l
        }
        func render(_ l: Lighting, ground: Double) -> FrameImage {
            let s = AssetFixture.stage(ground: ground)
            let stage = Stage(width: s.width, height: s.height, environment: s.environment, lighting: l, camera: s.camera,
                              frame: 0, localFrame: 0, fps: 24, seed: 1, horizon: s.horizon, ground: ground)
            return AssetFixture.render(object, stage: stage)
        }
        let right = render(lighting(1, 0.8), ground: 0.67), left = render(lighting(-1, 0.8), ground: 0.67)
        let none = render(lighting(1, 0), ground: 0.67), high = render(lighting(1, 0.8), ground: 0.98)
        func shadowMass(_ image: FrameImage, x range: Range<Int>) -> Int {
            var s = 0
            for y in 100..<image.height { for x in range { s += Int(image.pixel(x: x, y: y)[3]) } }
            return s
        }
        #expect(shadowMass(right, x: 150..<240) > shadowMass(left, x: 150..<240) + 500)
        #expect(shadowMass(left, x: 0..<90) > shadowMass(right, x: 0..<90) + 500)
        #expect(AssetFixture.differingPixels(none, high) == 0, "a ball far above the ground casts no contact shadow")
        #expect(AssetFixture.differingPixels(none, right) > 50)
    }

    @Test("painting is deterministic and independent of the tiling")
    func determinism() {
        let object = AssetFixture.object(.tree, "oak", seed: 99, label: "Oak")
        var l1 = DisplayList(width: 240, height: 160)!, l2 = DisplayList(width: 240, height: 160)!
        Assets.paint(object, stage: AssetFixture.stage(style: .neon), into: &l1)
        Assets.paint(object, stage: AssetFixture.stage(style: .neon), into: &l2)
        #expect(l1 == l2)
        #expect(Rasterizer().render(l1, tileWidth: 32, tileHeight: 32) == Rasterizer().render(l2, tileWidth: 17, tileHeight: 64))
    }

    @Test("the catalog sheet shows every kind and variant in its own cell")
    func catalogSheet() {
        let cell = 48
        let list = Assets.catalogSheet(cellSize: cell)
        let grid = Assets.catalogGrid()
        #expect(list.frame.width == grid.columns * cell && list.frame.height == grid.rows * cell)
        #expect(grid.columns * grid.rows >= Assets.catalogEntries.count)
        let image = Rasterizer().render(list)
        #expect(image == Rasterizer().render(Assets.catalogSheet(cellSize: cell)))
        for (i, entry) in Assets.catalogEntries.enumerated() {
            let x0 = (i % grid.columns) * cell, y0 = (i / grid.columns) * cell
            // The drawing area (above the caption) must hold more than the plain cell face.
            var colours = Set<UInt32>()
            for y in (y0 + 4)..<(y0 + cell * 3 / 4) {
                for x in (x0 + 4)..<(x0 + cell - 4) {
                    let p = image.pixel(x: x, y: y)
                    colours.insert(UInt32(p[0] >> 3) << 10 | UInt32(p[1] >> 3) << 5 | UInt32(p[2] >> 3))
                }
            }
            #expect(colours.count > 6, "cell of \(entry.kind)/\(entry.variant) looks empty")
        }
    }
}
