@testable import AuteurRender
import AuteurCore
import Testing

@Suite("Raster blur and shadows")
struct RasterBlurTests {
    typealias F = RasterFixture

    func alphaRow(_ image: FrameImage, y: Int) -> [Int] { (0..<image.width).map { Int(image.pixel(x: $0, y: y)[3]) } }

    @Test("a blurred edge ramps smoothly and symmetrically through half at the edge")
    func edgeProfile() {
        let image = F.render(F.list(100, 60) {
            $0.fill(.rect(F.rect(30, 10, 40, 40)), paint: F.whitePaint, blur: 4)
        })
        let row = alphaRow(image, y: 30)
        #expect(row[50] == 255)   // 20 px from either edge: untouched
        #expect(row[10] == 0 && row[90] == 0)
        // Gaussian-like ramp: monotonic, about half where the edge was.
        for x in 15..<50 { #expect(row[x] >= row[x - 1]) }
        #expect(abs((row[29] + row[30]) / 2 - 128) <= 12, "\(row[24...36])")
        // Wide enough to be soft: at least 8 pixels strictly between 0 and 255.
        #expect(row.filter { $0 > 0 && $0 < 255 }.count >= 16)
        // Left and right ramps mirror each other.
        for d in 0..<15 { #expect(abs(row[30 - 1 - d] - row[70 + d]) <= 1, "offset \(d)") }
    }

    @Test("blur spreads ink without creating or losing it")
    func conservesInk() {
        let sharp = F.render(F.list(80, 80) { $0.fill(Path.circle(center: Point(40, 40), radius: 15)!, paint: F.whitePaint) })
        let soft = F.render(F.list(80, 80) { $0.fill(Path.circle(center: Point(40, 40), radius: 15)!, paint: F.whitePaint, blur: 6) })
        // Tolerance: 1% (12-bit intermediate coverage and 8-bit output rounding).
        #expect(abs(F.coveredArea(soft) / F.coveredArea(sharp) - 1) < 0.01)
        #expect(sharp != soft)
    }

    @Test("a drop shadow appears offset beneath the shape, which stays crisp on top")
    func dropShadow() {
        let card = Path.rect(F.rect(20, 20, 30, 20))
        let image = F.render(F.list(80, 70) {
            $0.clear(.white)
            $0.shadow(of: card, offset: Point(6, 8), blur: 3, color: LinearColor.black.withOpacity(0.8))
            $0.fill(card, paint: .color(RGBColor(200, 30, 30)))
        })
        #expect(image.pixel(x: 35, y: 30) == SIMD4(200, 30, 30, 255))
        // Below the card, where the shadow was moved to: dark.
        #expect(image.pixel(x: 40, y: 42)[0] < 150)
        // Above-left of the card, the shadow does not reach: white.
        #expect(image.pixel(x: 18, y: 14) == SIMD4(255, 255, 255, 255))
    }

    @Test("tiny or invalid blur radii draw the sharp shape")
    func tinyBlur() {
        let sharp = F.render(F.list(20, 20) { $0.fill(.rect(F.rect(5, 5, 10, 10)), paint: F.whitePaint) })
        for sigma: Float in [0, 0.2, -3, .nan, .infinity * 0] {
            let image = F.render(F.list(20, 20) { $0.fill(.rect(F.rect(5, 5, 10, 10)), paint: F.whitePaint, blur: sigma) })
            #expect(image == sharp, "sigma \(sigma)")
        }
    }
}
