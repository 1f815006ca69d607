@testable import AuteurRender
import AuteurCore
import Testing

/// Impossible sizes are refused with nil; degenerate shapes draw nothing;
/// neither crashes.
@Suite("Raster degenerate inputs")
struct RasterDegenerateTests {
    typealias F = RasterFixture

    @Test("impossible sizes give nil")
    func impossibleSizes() {
        #expect(Rect(x: 0, y: 0, width: 0, height: 5) == nil)
        #expect(Rect(x: 0, y: 0, width: -1, height: 5) == nil)
        #expect(Rect(x: .nan, y: 0, width: 1, height: 5) == nil)
        #expect(Rect(x: 0, y: 0, width: .infinity, height: 5) == nil)
        #expect(IntRect(x: 0, y: 0, width: 0, height: 1) == nil)
        #expect(DisplayList(width: 0, height: 10) == nil)
        #expect(DisplayList(width: 100_000, height: 10) == nil)
        #expect(FrameImage(width: -1, height: 10) == nil)
        #expect(FrameImage(width: 2, height: 2, pixels: [1, 2, 3]) == nil)
        #expect(Transform.scale(0, 1).inverted() == nil)
        #expect(IntRect(x: 0, y: 0, width: 10, height: 10)!.tiles(width: 0, height: 4).isEmpty)
    }

    @Test("empty and non-finite paths give nil")
    func emptyPaths() {
        #expect(PathBuilder().finish() == nil)
        var moves = PathBuilder()
        moves.move(to: Point(1, 1)); moves.move(to: Point(2, 2)); moves.close()
        #expect(moves.finish() == nil)
        #expect(Path.polygon([Point(1, 1)]) == nil)
        #expect(Path.circle(center: .zero, radius: 0) == nil)
        #expect(Path.circle(center: .zero, radius: -2) == nil)
        #expect(Path.circle(center: .zero, radius: .nan) == nil)
        #expect(Path.polygon([Point(0, 0), Point(.nan, 1), Point(2, 2)]) == nil)
        let square = Path.rect(F.rect(0, 0, 1, 1))
        #expect(square.transformed(by: Transform.scale(.infinity, 1)) == nil)
        #expect(square.stroked(Stroke(width: 0)) == nil)
        #expect(square.stroked(Stroke(width: .nan)) == nil)
    }

    @Test("degenerate shapes and paints draw nothing")
    func drawNothing() {
        let empty = FrameImage(width: 16, height: 16)!
        let flat = Path.polygon([Point(2, 2), Point(8, 8), Point(14, 14)])!  // collinear: no area
        let line = Path.polygon([Point(2, 8), Point(14, 8)], closed: false)!
        let square = Path.rect(F.rect(4, 4, 8, 8))
        let image = F.render(F.list(16, 16) { list in
            list.fill(flat, paint: F.whitePaint)
            list.fill(line, paint: F.whitePaint)
            list.fill(square, paint: F.whitePaint, transform: .scale(0, 1))
            list.fill(square, paint: F.whitePaint, transform: Transform(sx: .nan, ky: 0, kx: 0, sy: 1, tx: 0, ty: 0))
            list.fill(square, paint: .linearGradient(from: Point(3, 3), to: Point(3, 3), stops: [GradientStop(0, .white), GradientStop(1, .black)]))
            list.fill(square, paint: .linearGradient(from: Point(0, 0), to: Point(9, 0), stops: []))
            list.fill(square, paint: .radialGradient(center: Point(3, 3), radius: 0, stops: [GradientStop(0, .white), GradientStop(1, .black)]))
            list.fill(square, paint: .solid(LinearColor.white.withOpacity(0)))
            list.fill(square, paint: F.whitePaint, transform: .translation(100, 0))  // off the frame
            list.stroke(line, Stroke(width: -1), paint: F.whitePaint)
            list.stroke(Path.polygon([Point(5, 5), Point(5, 5)], closed: false)!, Stroke(width: 4, cap: .butt), paint: F.whitePaint)
        })
        #expect(image == empty)
    }

    @Test("adding a shape off the frame reports that nothing was added")
    func offFrame() {
        var list = DisplayList(width: 16, height: 16)!
        let outside = list.fill(.rect(F.rect(20, 20, 5, 5)), paint: F.whitePaint)
        let touching = list.fill(.rect(F.rect(-8, 0, 8, 16)), paint: F.whitePaint)  // meets x = 0 from outside
        let overlapping = list.fill(.rect(F.rect(-8, 0, 9, 16)), paint: F.whitePaint)
        #expect(!outside && !touching && overlapping)
        #expect(list.commands.count == 1)
    }

    @Test("huge and extreme coordinates do not crash, and visible parts still draw")
    func extremes() {
        let image = F.render(F.list(16, 16) { list in
            list.fill(.rect(Rect(left: -1e30, top: -1e30, right: 1e30, bottom: 8)!), paint: F.whitePaint)
            list.fill(Path.polygon([Point(-1e9, 10), Point(1e9, 11), Point(1e9, 12)])!, paint: F.whitePaint)
            list.stroke(Path.polygon([Point(0, 14), Point(3e37, 14)], closed: false)!, Stroke(width: 1e30), paint: F.whitePaint)
            list.fill(.rect(F.rect(1, 1, 1e-6, 1e-6)), paint: F.whitePaint, blur: 1e9)
        })
        #expect(image.pixel(x: 3, y: 3)[3] == 255)
    }

    @Test("a zero-length stroke with round or square caps leaves a dot")
    func dots() {
        let point = Path.polygon([Point(8, 8), Point(8, 8)], closed: false)!
        let round = F.render(F.list(16, 16) { $0.stroke(point, Stroke(width: 6, cap: .round), paint: F.whitePaint) })
        let square = F.render(F.list(16, 16) { $0.stroke(point, Stroke(width: 6, cap: .square), paint: F.whitePaint) })
        #expect(abs(F.coveredArea(round) - Double.pi * 9) < 0.5)
        #expect(abs(F.coveredArea(square) - 36) < 0.01)
    }
}
