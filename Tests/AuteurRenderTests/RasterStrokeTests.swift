@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

@Suite("Raster strokes")
struct RasterStrokeTests {
    typealias F = RasterFixture

    func line(_ a: Point, _ b: Point) -> Path { Path.polygon([a, b], closed: false)! }

    func rowsCovered(_ image: FrameImage, x: Int) -> [Int] {
        (0..<image.height).filter { image.pixel(x: x, y: $0)[3] == 255 }
    }

    @Test("a stroke is as wide as asked, and scales with its transform")
    func width() {
        let l = line(Point(2, 10), Point(18, 10))
        let four = F.render(F.list(20, 20) { $0.stroke(l, Stroke(width: 4), paint: F.whitePaint) })
        #expect(rowsCovered(four, x: 10) == [8, 9, 10, 11])
        let two = F.render(F.list(20, 20) { $0.stroke(l, Stroke(width: 2), paint: F.whitePaint) })
        #expect(rowsCovered(two, x: 10) == [9, 10])
        // Width 1 doubled by the transform: rows 9 and 10 of a line at y = 5 * 2.
        let scaled = F.render(F.list(20, 20) {
            $0.stroke(line(Point(1, 5), Point(9, 5)), Stroke(width: 1), paint: F.whitePaint, transform: .scale(2, 2))
        })
        #expect(rowsCovered(scaled, x: 10) == [9, 10])
        // Butt caps stop at the ends.
        #expect(four.pixel(x: 1, y: 10)[3] == 0 && four.pixel(x: 2, y: 10)[3] == 255)
        #expect(four.pixel(x: 18, y: 10)[3] == 0 && four.pixel(x: 17, y: 10)[3] == 255)
    }

    @Test("caps: square extends by half the width, round rounds off the corners")
    func caps() {
        let l = line(Point(6, 10), Point(14, 10))
        func render(_ cap: LineCap) -> FrameImage {
            F.render(F.list(20, 20) { $0.stroke(l, Stroke(width: 6, cap: cap), paint: F.whitePaint) })
        }
        let butt = render(.butt), square = render(.square), round = render(.round)
        // Square: 3 px past each end, corners included.
        #expect(square.pixel(x: 3, y: 7)[3] == 255 && square.pixel(x: 2, y: 7)[3] == 0)
        #expect(butt.pixel(x: 4, y: 10)[3] == 0 && square.pixel(x: 4, y: 10)[3] == 255)
        // Round: reaches 3 px out on the axis but not into the corners.
        #expect(round.pixel(x: 3, y: 9)[3] > 200 && round.pixel(x: 3, y: 7)[3] < 40)
        // Half-disc caps add pi * 3^2 in all; square caps add 2 * 3 * 6.
        let extraRound = F.coveredArea(round) - F.coveredArea(butt)
        let extraSquare = F.coveredArea(square) - F.coveredArea(butt)
        #expect(abs(extraRound - Double.pi * 9) < 0.5)
        #expect(abs(extraSquare - 36) < 0.1)
    }

    @Test("joins: miter reaches past bevel, round sits between, the limit bevels")
    func joins() {
        // A caret: the outer side of the turn points up.
        let caret = Path.polygon([Point(4, 30), Point(20, 8), Point(36, 30)], closed: false)!
        func tipArea(_ join: LineJoin, limit: Float = 4) -> Double {
            let image = F.render(F.list(40, 34) {
                $0.stroke(caret, Stroke(width: 6, join: join, miterLimit: limit), paint: F.whitePaint)
            })
            // Everything above the vertex is the join's doing.
            var s = 0
            for y in 0..<8 { for x in 0..<40 { s += Int(image.pixel(x: x, y: y)[3]) } }
            return Double(s) / 255
        }
        let miter = tipArea(.miter), round = tipArea(.round), bevel = tipArea(.bevel)
        #expect(miter > round + 1 && round > bevel + 0.5, "miter \(miter), round \(round), bevel \(bevel)")
        // This join's miter ratio is about 1.7: a limit of 1.5 turns it into a bevel.
        #expect(abs(tipArea(.miter, limit: 1.5) - bevel) < 0.01)
    }

    @Test("a thick circle stroke is a clean ring: full between the radii, no seams, empty outside")
    func ring() {
        let c = Path.circle(center: Point(16, 16), radius: 10)!
        let image = F.render(F.list(32, 32) { $0.stroke(c, Stroke(width: 4), paint: F.whitePaint) })
        var checked = 0
        for y in 0..<32 {
            for x in 0..<32 {
                let d = ((Double(x) + 0.5 - 16) * (Double(x) + 0.5 - 16) + (Double(y) + 0.5 - 16) * (Double(y) + 0.5 - 16)).squareRoot()
                let a = image.pixel(x: x, y: y)[3]
                // A pixel reaches 0.71 px from its centre; 0.1 px more for flattening.
                if d > 8.8 && d < 11.2 { #expect(a == 255, "(\(x), \(y)) at \(d)"); checked += 1 }
                if d < 7.2 || d > 12.8 { #expect(a == 0, "(\(x), \(y)) at \(d)") }
            }
        }
        #expect(checked > 100)
        #expect(abs(F.coveredArea(image) - 2 * Double.pi * 10 * 4) < 2)
    }

    @Test("sharp turns leave no holes on the inner side")
    func innerJoin() {
        let zigzag = Path.polygon([Point(2, 28), Point(10, 4), Point(18, 28), Point(26, 4)], closed: false)!
        let image = F.render(F.list(30, 32) { $0.stroke(zigzag, Stroke(width: 5, join: .round), paint: F.whitePaint) })
        // Just inside each turn, on the inner side.
        #expect(image.pixel(x: 10, y: 6)[3] == 255)
        #expect(image.pixel(x: 17, y: 25)[3] == 255)
        #expect(image.pixel(x: 26, y: 6)[3] > 0)
    }

    @Test("a closed rectangle stroke is hollow")
    func closedRect() {
        let image = F.render(F.list(20, 20) {
            $0.stroke(.rect(F.rect(4, 4, 12, 12)), Stroke(width: 2), paint: F.whitePaint)
        })
        let expectedRow4 = (0..<20).map { (3...16).contains($0) }
        #expect((0..<20).map { image.pixel(x: $0, y: 4)[3] == 255 } == expectedRow4)
        #expect(image.pixel(x: 10, y: 10)[3] == 0)
        #expect(image.pixel(x: 3, y: 10)[3] == 255 && image.pixel(x: 16, y: 10)[3] == 255)
        // Miter corners are square.
        #expect(image.pixel(x: 3, y: 3)[3] == 255)
    }
}
