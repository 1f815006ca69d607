@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

@Suite("Raster fills")
struct RasterFillTests {
    typealias F = RasterFixture

    @Test("a pixel-aligned rectangle covers exactly its pixels")
    func alignedRect() {
        let list = F.list(8, 6) { $0.fill(.rect(F.rect(2, 1, 4, 3)), paint: F.whitePaint) }
        let expected = [
            "        ",
            "  ####  ",
            "  ####  ",
            "  ####  ",
            "        ",
            "        ",
        ].joined(separator: "\n")
        let actual = F.ascii(F.render(list))
        // Tolerance: none; aligned edges have exact coverage.
        #expect(F.differences(actual, expected) == 0, "\n\(actual)")
    }

    @Test("half-pixel edges are half covered, in linear alpha")
    func halfPixelEdge() {
        let list = F.list(4, 1) { $0.fill(.rect(F.rect(0.5, 0, 2, 1)), paint: F.whitePaint) }
        let image = F.render(list)
        #expect(image.pixel(x: 0, y: 0)[3] == 128)
        #expect(image.pixel(x: 1, y: 0)[3] == 255)
        #expect(image.pixel(x: 2, y: 0)[3] == 128)
        #expect(image.pixel(x: 3, y: 0)[3] == 0)
        // Straight alpha keeps the colour itself white at the rim.
        #expect(image.pixel(x: 0, y: 0)[0] == 255)
    }

    @Test("a circle is round: ASCII mask within two cells")
    func circleMask() {
        let list = F.list(12, 12) { $0.fill(Path.circle(center: Point(6, 6), radius: 5)!, paint: F.whitePaint) }
        let expected = [
            "            ",
            "   ++##++   ",
            "  +######+  ",
            " +########+ ",
            " +########+ ",
            " ########## ",
            " ########## ",
            " +########+ ",
            " +########+ ",
            "  +######+  ",
            "   ++##++   ",
            "            ",
        ].joined(separator: "\n")
        let actual = F.ascii(F.render(list))
        // Tolerance: two cells, for rim pixels sitting on the 1/4 and 3/4 thresholds.
        #expect(F.differences(actual, expected) <= 2, "\n\(actual)")
        // Area of a radius-5 disc is 78.54 pixels; flattening chords cut
        // inside the arc, so allow 1.5%.
        #expect(abs(F.coveredArea(F.render(list)) - 78.54) < 1.2)
    }

    /// A five-pointed star drawn in one stroke crosses itself, leaving a
    /// pentagon wound twice in the middle.
    func star(center c: Point, radius r: Float) -> Path {
        var b = PathBuilder()
        for i in 0..<5 {
            let a = Double(i * 144 - 90) * .pi / 180
            let p = Point(c.x + r * Float(cos(a)), c.y + r * Float(sin(a)))
            if i == 0 { b.move(to: p) } else { b.line(to: p) }
        }
        b.close()
        return b.finish()!
    }

    @Test("non-zero fills the star's centre, even-odd leaves it empty")
    func starRules() {
        let s = star(center: Point(20, 20), radius: 18)
        let nonZero = F.render(F.list(40, 40) { $0.fill(s, paint: F.whitePaint, rule: .nonZero) })
        let evenOdd = F.render(F.list(40, 40) { $0.fill(s, paint: F.whitePaint, rule: .evenOdd) })
        #expect(nonZero.pixel(x: 20, y: 20)[3] == 255)
        #expect(evenOdd.pixel(x: 20, y: 20)[3] == 0)
        // The points are wound once, so both rules fill them.
        #expect(nonZero.pixel(x: 20, y: 5)[3] == 255)
        #expect(evenOdd.pixel(x: 20, y: 5)[3] == 255)
        #expect(F.coveredArea(nonZero) > F.coveredArea(evenOdd) + 100)
    }

    @Test("later commands paint over earlier ones")
    func paintersOrder() {
        let list = F.list(4, 4) {
            $0.clear(LinearColor(RGBColor(0, 0, 255)))
            $0.fill(.rect(F.rect(0, 0, 2, 4)), paint: .color(RGBColor(255, 0, 0)))
        }
        let image = F.render(list)
        #expect(image.pixel(x: 0, y: 0) == SIMD4(255, 0, 0, 255))
        #expect(image.pixel(x: 3, y: 3) == SIMD4(0, 0, 255, 255))
    }

    @Test("transforms place, scale and rotate shapes")
    func transformed() {
        // A 2x2 square scaled by 3 and moved to (4, 4) covers 4..<10.
        let square = Path.rect(F.rect(0, 0, 2, 2))
        let moved = F.render(F.list(14, 14) {
            $0.fill(square, paint: F.whitePaint, transform: Transform.scale(3, 3).translated(4, 4))
        })
        #expect(moved.pixel(x: 4, y: 4)[3] == 255 && moved.pixel(x: 9, y: 9)[3] == 255)
        #expect(moved.pixel(x: 3, y: 4)[3] == 0 && moved.pixel(x: 10, y: 9)[3] == 0)
        // Rotated 45 degrees about its centre, a square's corner reaches out
        // by sqrt(2) times its half side.
        let centred = Path.rect(F.rect(-5, -5, 10, 10))
        let diamond = F.render(F.list(20, 20) {
            $0.fill(centred, paint: F.whitePaint, transform: Transform.rotation(degrees: 45).translated(10, 10))
        })
        // The top corner is at y = 10 - 5*sqrt(2) = 2.93; by row 5 the
        // diamond spans x 7.9 to 12.1.
        #expect(diamond.pixel(x: 10, y: 5)[3] == 255 && diamond.pixel(x: 8, y: 5)[3] == 255)
        #expect(diamond.pixel(x: 14, y: 5)[3] == 0)
        #expect(diamond.pixel(x: 5, y: 5)[3] == 0)  // inside the unrotated square, outside the diamond
        #expect(abs(F.coveredArea(diamond) - 100) < 0.5)
    }
}
