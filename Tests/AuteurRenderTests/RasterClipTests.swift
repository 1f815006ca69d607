@testable import AuteurRender
import AuteurCore
import Testing

/// Clipping a command to a rectangle: how a look scoped to a region is
/// drawn from a second display list.
@Suite("Raster clipping to a rectangle")
struct RasterClipTests {
    typealias F = RasterFixture

    static let clip = IntRect(x: 23, y: 11, width: 25, height: 30)!

    static func base() -> DisplayList {
        F.list(70, 56) {
            $0.clear(LinearColor(RGBColor(20, 30, 50)))
            $0.fill(.rect(F.rect(0, 30, 70, 26)), paint: .color(RGBColor(60, 110, 50)))
        }
    }

    /// Draws `shape` onto the base unclipped and clipped, and checks the
    /// clipped frame pixel by pixel: the base outside the clip, the
    /// unclipped drawing inside. Returns how many pixels inside the clip
    /// the shape changed, so a test can tell the shape did reach it.
    static func checkClip(_ shape: (inout DisplayList) -> Void, tile: Int = Rasterizer.patchSize) -> Int {
        var source = DisplayList(width: 70, height: 56)!
        shape(&source)
        let plain = F.render(base())
        var unclippedList = base()
        unclippedList.append(contentsOf: source)
        let unclipped = F.render(unclippedList)
        var clippedList = base()
        clippedList.append(contentsOf: source, clippedTo: clip)
        let clipped = F.render(clippedList, tile: tile)
        var changedInside = 0, changedOutside = 0
        for y in 0..<plain.height {
            for x in 0..<plain.width {
                let inside = x >= clip.x && x < clip.maxX && y >= clip.y && y < clip.maxY
                let p = clipped.pixel(x: x, y: y)
                if inside {
                    #expect(p == unclipped.pixel(x: x, y: y), "pixel (\(x), \(y)) inside the clip differs")
                    if p != plain.pixel(x: x, y: y) { changedInside += 1 }
                } else {
                    #expect(p == plain.pixel(x: x, y: y), "pixel (\(x), \(y)) outside the clip was touched")
                    if unclipped.pixel(x: x, y: y) != plain.pixel(x: x, y: y) { changedOutside += 1 }
                }
            }
        }
        // The shapes are chosen to cross the clip's edges.
        #expect(changedOutside > 0, "the unclipped shape should reach outside the clip")
        return changedInside
    }

    @Test("an antialiased shape crossing the clip: untouched outside, exact inside, edges included")
    func antialiased() {
        let inside = Self.checkClip {
            $0.fill(Path.circle(center: Point(30.3, 20.7), radius: 14.2)!, paint: .color(RGBColor(250, 200, 40), opacity: 0.8),
                    transform: .rotation(degrees: 7))
        }
        #expect(inside > 100)
    }

    @Test("a blurred shape keeps the blur of the whole outline inside the clip", arguments: [32, 7])
    func blurred(tile: Int) {
        let inside = Self.checkClip({
            $0.shadow(of: .roundedRect(F.rect(15, 8, 30, 20), radius: 5), offset: Point(3, 4), blur: 5,
                      color: LinearColor.black.withOpacity(0.7))
            $0.fill(.roundedRect(F.rect(15, 8, 30, 20), radius: 5), paint: .color(RGBColor(230, 230, 220)), blur: 1.5)
        }, tile: tile)
        #expect(inside > 100)
    }

    @Test("a gradient and a filter drawn from a second list are scoped to the clip")
    func scopedLook() {
        let inside = Self.checkClip {
            $0.fill(.rect(F.rect(0, 0, 70, 56)), paint: .linearGradient(
                from: Point(0, 0), to: Point(0, 56),
                stops: [GradientStop(0, LinearColor(RGBColor(255, 120, 40), opacity: 0.5)), GradientStop(1, .clear)]))
            $0.filter(ColorMatrix(m: [1.2, 0, 0, 0, 0.9, 0, 0, 0, 0.6], offset: [0.03, 0, 0]))
        }
        #expect(inside == Self.clip.area)
    }

    @Test("clipped bounds are the intersection; a clip that misses adds nothing")
    func bounds() {
        var source = DisplayList(width: 70, height: 56)!
        source.fill(Path.circle(center: Point(10, 10), radius: 6)!, paint: F.whitePaint)
        let command = source.commands[0]
        var list = Self.base()
        let count = list.commands.count
        let added1 = list.append(command, clippedTo: IntRect(x: 8, y: 0, width: 100, height: 12)!)
        #expect(added1)
        #expect(list.commands.last?.bounds == command.bounds.intersection(IntRect(x: 8, y: 0, width: 100, height: 12)!))
        let added2 = list.append(command, clippedTo: IntRect(x: 40, y: 40, width: 10, height: 10)!)
        #expect(!added2)
        #expect(list.commands.count == count + 1)
    }

    @Test("the fingerprint changes with a clip that removes pixels, and not with one that removes none")
    func fingerprints() {
        var source = DisplayList(width: 64, height: 64)!
        source.fill(Path.circle(center: Point(16, 16), radius: 12)!, paint: F.whitePaint)
        let command = source.commands[0]
        func clipped(_ rect: IntRect) -> UInt64 {
            var l = DisplayList(width: 64, height: 64)!
            l.append(command, clippedTo: rect)
            return l.commands[0].fingerprint
        }
        let a = clipped(IntRect(x: 0, y: 0, width: 16, height: 64)!)
        let b = clipped(IntRect(x: 0, y: 0, width: 17, height: 64)!)
        #expect(a != command.fingerprint && b != command.fingerprint && a != b)
        #expect(a == clipped(IntRect(x: 0, y: 0, width: 16, height: 64)!))
        // Containing the whole shape draws exactly what the shape draws.
        #expect(clipped(IntRect(x: 0, y: 0, width: 40, height: 40)!) == command.fingerprint)
        // And the tile digest sees the clip.
        var l1 = DisplayList(width: 64, height: 64)!, l2 = l1
        l1.append(command, clippedTo: IntRect(x: 0, y: 0, width: 16, height: 64)!)
        l2.append(command, clippedTo: IntRect(x: 0, y: 0, width: 17, height: 64)!)
        let tile = IntRect(x: 0, y: 0, width: 32, height: 32)!
        #expect(l1.fingerprint(of: tile) != l2.fingerprint(of: tile))
    }
}
