@testable import AuteurRender
import AuteurCore
import Testing

@Suite("Raster paints and compositing")
struct RasterPaintTests {
    typealias F = RasterFixture
    let red = LinearColor(RGBColor(255, 0, 0))
    let blue = LinearColor(RGBColor(0, 0, 255))

    @Test("50% white over black is sRGB 188, not 128: blending happens in linear light")
    func linearLightBlend() {
        let image = F.render(F.list(2, 1) {
            $0.clear(.black)
            $0.fill(.rect(F.rect(0, 0, 1, 1)), paint: .solid(LinearColor.white.withOpacity(0.5)))
        })
        #expect(image.pixel(x: 0, y: 0) == SIMD4(188, 188, 188, 255))
        #expect(image.pixel(x: 1, y: 0) == SIMD4(0, 0, 0, 255))
        // A half-covered edge pixel is the same half-and-half blend.
        let edge = F.render(F.list(2, 1) {
            $0.clear(.black)
            $0.fill(.rect(F.rect(0, 0, 0.5, 1)), paint: .solid(.white))
        })
        #expect(edge.pixel(x: 0, y: 0) == SIMD4(188, 188, 188, 255))
    }

    @Test("every 8-bit sRGB colour survives decode, composite and encode unchanged")
    func srgbRoundTrip() {
        let image = F.render(F.list(256, 1) { list in
            for v in 0..<256 {
                let c = RGBColor(UInt8(v), UInt8(255 - v), UInt8(v / 2))
                list.fill(.rect(F.rect(Float(v), 0, 1, 1)), paint: .color(c))
            }
        })
        for v in 0..<256 {
            #expect(image.pixel(x: v, y: 0) == SIMD4(UInt8(v), UInt8(255 - v), UInt8(v / 2), 255))
        }
    }

    @Test("output alpha is straight: a translucent colour keeps its hue over transparency")
    func straightAlpha() {
        let image = F.render(F.list(2, 1) {
            $0.fill(.rect(F.rect(0, 0, 1, 1)), paint: .solid(red.withOpacity(0.5)))
            $0.fill(.rect(F.rect(1, 0, 1, 1)), paint: .solid(LinearColor.white.withOpacity(0.5)))
            $0.fill(.rect(F.rect(1, 0, 1, 1)), paint: .solid(LinearColor.white.withOpacity(0.5)))
        })
        #expect(image.pixel(x: 0, y: 0) == SIMD4(255, 0, 0, 128))
        // Two halves stack to three quarters.
        #expect(image.pixel(x: 1, y: 0) == SIMD4(255, 255, 255, 191))
    }

    @Test("a linear gradient hits its end colours at its end points and pads beyond")
    func linearGradient() {
        let paint = Paint.linearGradient(from: Point(25, 0), to: Point(75, 0),
                                         stops: [GradientStop(0, red), GradientStop(1, blue)])
        let image = F.render(F.list(100, 2) { $0.fill(.rect(F.rect(0, 0, 100, 2)), paint: paint) })
        #expect(image.pixel(x: 0, y: 0) == SIMD4(255, 0, 0, 255))
        #expect(image.pixel(x: 24, y: 1) == SIMD4(255, 0, 0, 255))
        #expect(image.pixel(x: 75, y: 0) == SIMD4(0, 0, 255, 255))
        #expect(image.pixel(x: 99, y: 1) == SIMD4(0, 0, 255, 255))
        // Just inside each end, nearly the end colour.
        #expect(image.pixel(x: 25, y: 0)[0] >= 254 && image.pixel(x: 74, y: 0)[2] >= 254)
        // Halfway (pixel centres 49.5 and 50.5 straddle it) each channel is
        // near half in linear light, sRGB 188.
        let mid = image.pixel(x: 50, y: 0)
        #expect(abs(Int(mid[0]) - 188) <= 2 && abs(Int(mid[2]) - 188) <= 2, "\(mid)")
        // Channels fall and rise monotonically.
        for x in 1..<100 {
            #expect(image.pixel(x: x, y: 0)[0] <= image.pixel(x: x - 1, y: 0)[0])
            #expect(image.pixel(x: x, y: 0)[2] >= image.pixel(x: x - 1, y: 0)[2])
        }
    }

    @Test("a radial gradient runs from the centre colour to the rim colour")
    func radialGradient() {
        let paint = Paint.radialGradient(center: Point(20, 20), radius: 16,
                                         stops: [GradientStop(0, .white), GradientStop(1, .black)])
        let image = F.render(F.list(40, 40) { $0.fill(.rect(F.rect(0, 0, 40, 40)), paint: paint) })
        #expect(image.pixel(x: 20, y: 20)[0] >= 250)
        #expect(image.pixel(x: 0, y: 0) == SIMD4(0, 0, 0, 255))
        #expect(image.pixel(x: 20, y: 37) == SIMD4(0, 0, 0, 255))
        // Pixel centre (28.5, 20.5) is 8.5 px out, t = 0.53: linear 0.47, sRGB ~183.
        #expect(abs(Int(image.pixel(x: 28, y: 20)[1]) - 183) <= 2)
        // Symmetric about the centre.
        #expect(image.pixel(x: 12, y: 20) == image.pixel(x: 27, y: 20))
    }

    @Test("gradients move with the shape's transform")
    func gradientTransform() {
        let paint = Paint.linearGradient(from: Point(0, 0), to: Point(10, 0),
                                         stops: [GradientStop(0, red), GradientStop(1, blue)])
        let image = F.render(F.list(40, 4) {
            $0.fill(.rect(F.rect(0, 0, 10, 4)), paint: paint, transform: .translation(20, 0))
        })
        #expect(image.pixel(x: 20, y: 0)[0] > 240 && image.pixel(x: 29, y: 0)[2] > 240)
        #expect(image.pixel(x: 10, y: 0)[3] == 0)
    }

    @Test("stops at one offset make a hard edge, and out-of-order stops are sorted")
    func hardStops() {
        let paint = Paint.linearGradient(from: Point(0, 0), to: Point(10, 0), stops: [
            GradientStop(0.5, red), GradientStop(1, blue), GradientStop(0, red), GradientStop(0.5, blue),
        ])
        let image = F.render(F.list(10, 1) { $0.fill(.rect(F.rect(0, 0, 10, 1)), paint: paint) })
        #expect(image.pixel(x: 4, y: 0) == SIMD4(255, 0, 0, 255))
        #expect(image.pixel(x: 5, y: 0) == SIMD4(0, 0, 255, 255))
    }
}
