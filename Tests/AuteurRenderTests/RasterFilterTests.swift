@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// Colour filters: how styles (noir, sepia) and grades recolour a frame.
@Suite("Raster colour filters")
struct RasterFilterTests {
    typealias F = RasterFixture

    static let luma: [Float] = [0.2126, 0.7152, 0.0722]
    static let gray = ColorMatrix(m: luma + luma + luma)
    static let swapRedGreen = ColorMatrix(m: [0, 1, 0, 1, 0, 0, 0, 0, 1])

    /// A colourful frame with translucent and antialiased pixels.
    static func busy() throws -> DisplayList {
        RasterTilingTests.scene(seed: 21, width: 96, height: 64, font: try Font.dejaVuSans())
    }

    /// The 8-bit sRGB code of a linear value, from the transfer function.
    static func srgbByte(_ linear: Double) -> UInt8 {
        let s = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
        return UInt8((max(0, min(1, s)) * 255).rounded())
    }

    @Test("a grayscale filter makes every pixel neutral and keeps alpha")
    func grayscale() throws {
        var list = try Self.busy()
        let before = F.render(list)
        let added1 = list.filter(Self.gray)
        #expect(added1)
        let after = F.render(list)
        var colourful = 0
        for y in 0..<after.height {
            for x in 0..<after.width {
                let p = after.pixel(x: x, y: y), q = before.pixel(x: x, y: y)
                #expect(p[0] == p[1] && p[1] == p[2], "pixel (\(x), \(y)) is \(p)")
                #expect(p[3] == q[3])
                if q[0] != q[1] || q[1] != q[2] { colourful += 1 }
            }
        }
        #expect(colourful > after.width * after.height / 2, "the source frame should be colourful")
    }

    @Test("the identity filter adds no command and, forced through the compositor, changes no byte")
    func identity() throws {
        var list = try Self.busy()
        let before = F.render(list)
        let count = list.commands.count
        let added2 = list.filter(.identity)
        #expect(!added2)
        #expect(list.commands.count == count)
        // Forced: the arithmetic itself must leave every byte alone.
        let added3 = list.add(ColorFilter(.identity)!, in: nil)
        #expect(added3)
        #expect(list.commands.count == count + 1)
        #expect(F.render(list) == before)
    }

    @Test("swapping red and green swaps the bytes exactly, and swapping back restores them")
    func channelSwap() throws {
        var list = try Self.busy()
        let before = F.render(list)
        list.filter(Self.swapRedGreen)
        let swapped = F.render(list)
        for y in 0..<before.height {
            for x in 0..<before.width {
                let p = before.pixel(x: x, y: y)
                #expect(swapped.pixel(x: x, y: y) == SIMD4(p[1], p[0], p[2], p[3]))
            }
        }
        list.filter(Self.swapRedGreen)
        #expect(F.render(list) == before)
    }

    @Test("a filter on a rectangle leaves every pixel outside it bit-identical")
    func regionFilter() throws {
        var list = try Self.busy()
        let before = F.render(list)
        let rect = IntRect(x: 13, y: 9, width: 40, height: 27)!
        let added4 = list.filter(Self.gray, in: rect)
        #expect(added4)
        #expect(list.commands.last?.bounds == rect)
        let after = F.render(list, tile: 16)
        var changedInside = 0
        for y in 0..<after.height {
            for x in 0..<after.width {
                let inside = x >= rect.x && x < rect.maxX && y >= rect.y && y < rect.maxY
                let p = after.pixel(x: x, y: y)
                if inside {
                    #expect(p[0] == p[1] && p[1] == p[2])
                    if p != before.pixel(x: x, y: y) { changedInside += 1 }
                } else {
                    #expect(p == before.pixel(x: x, y: y), "pixel (\(x), \(y)) outside the filter changed")
                }
            }
        }
        #expect(changedInside > 0)
        // A rectangle past the frame is cropped; one wholly outside adds nothing.
        let added5 = list.filter(Self.gray, in: IntRect(x: 90, y: -5, width: 50, height: 10)!)
        #expect(added5)
        #expect(list.commands.last?.bounds == IntRect(x: 90, y: 0, width: 6, height: 5)!)
        let added6 = list.filter(Self.gray, in: IntRect(x: 200, y: 0, width: 10, height: 10)!)
        #expect(!added6)
    }

    @Test("a filter recolours only what was drawn before it")
    func paintingOrder() {
        let red = LinearColor(RGBColor(255, 0, 0))
        let image = F.render(F.list(20, 4) {
            $0.clear(.black)
            $0.fill(.rect(F.rect(0, 0, 10, 4)), paint: .solid(red))
            $0.filter(Self.gray)
            $0.fill(.rect(F.rect(10, 0, 10, 4)), paint: .solid(red))
        })
        // Red's luminance is 0.2126 in linear light: sRGB 127.
        let g = Self.srgbByte(Double(Float(0.2126)))
        #expect(image.pixel(x: 3, y: 1) == SIMD4(g, g, g, 255))
        #expect(image.pixel(x: 15, y: 1) == SIMD4(255, 0, 0, 255))
    }

    @Test("offsets scale with alpha: a translucent pixel is lifted like an opaque one, transparency stays empty")
    func offsetsWithAlpha() {
        let lift = ColorMatrix(m: [1, 0, 0, 0, 1, 0, 0, 0, 1], offset: [0.25, 0, 0])
        let image = F.render(F.list(3, 1) {
            $0.fill(.rect(F.rect(0, 0, 1, 1)), paint: .solid(LinearColor.black.withOpacity(0.5)))
            $0.fill(.rect(F.rect(1, 0, 1, 1)), paint: .solid(.black))
            $0.filter(lift)
        })
        let r = Self.srgbByte(0.25)
        #expect(image.pixel(x: 0, y: 0) == SIMD4(r, 0, 0, 128))
        #expect(image.pixel(x: 1, y: 0) == SIMD4(r, 0, 0, 255))
        #expect(image.pixel(x: 2, y: 0) == SIMD4(0, 0, 0, 0))
    }

    @Test("results are clamped to the displayable range")
    func clamping() {
        let blowout = ColorMatrix(m: [3, 0, 0, 0, -1, 0, 0, 0, 1], offset: [0, 0, 2])
        let image = F.render(F.list(2, 1) {
            $0.fill(.rect(F.rect(0, 0, 2, 1)), paint: .solid(LinearColor(red: 0.6, green: 0.5, blue: 0.2, alpha: 0.5)))
            $0.filter(blowout)
        })
        #expect(image.pixel(x: 0, y: 0) == SIMD4(255, 0, 255, 128))
    }

    @Test("a matrix with a non-finite value adds nothing")
    func nonFinite() {
        var list = F.list(4, 4) { $0.clear(.white) }
        let added7 = list.filter(ColorMatrix(m: [1, 0, 0, 0, .nan, 0, 0, 0, 1]))
        #expect(!added7)
        let added8 = list.filter(ColorMatrix(m: [1, 0, 0, 0, 1, 0, 0, 0, 1], offset: [0, .infinity, 0]))
        #expect(!added8)
        #expect(list.commands.count == 1)
    }

    @Test("a whole-frame filter over flat patches matches filtering each pixel")
    func uniformPatches() {
        // One big tile is drawn pixel by pixel; 4x4 tiles are mostly flat
        // and take the one-colour path. Both must agree to the byte.
        let sepia = ColorMatrix(m: [0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131], offset: [0.01, 0, -0.01])
        let list = F.list(40, 24) {
            $0.clear(LinearColor(RGBColor(40, 120, 200)))
            $0.fill(Path.circle(center: Point(20, 12), radius: 9)!, paint: .color(RGBColor(200, 60, 30), opacity: 0.7))
            $0.filter(sepia)
        }
        #expect(F.render(list, tile: 40) == F.render(list, tile: 4))
    }

    @Test("the fingerprint follows the matrix and the rectangle")
    func fingerprints() {
        func list(_ m: ColorMatrix, _ rect: IntRect? = nil) -> DisplayList {
            F.list(64, 64) { $0.clear(.white); $0.filter(m, in: rect) }
        }
        let tile = IntRect(x: 32, y: 32, width: 32, height: 32)!
        let a = list(Self.gray), b = list(Self.swapRedGreen)
        var nudged = Self.gray
        nudged.offset[1] = 0.001
        #expect(a.fingerprint(of: tile) != b.fingerprint(of: tile))
        #expect(a.fingerprint(of: tile) != list(nudged).fingerprint(of: tile))
        #expect(a.fingerprint(of: tile) == list(Self.gray).fingerprint(of: tile))
        // A filter in the top-left patch leaves the other patches' digests alone.
        let corner = list(Self.gray, IntRect(x: 0, y: 0, width: 20, height: 20)!)
        let plain = F.list(64, 64) { $0.clear(.white) }
        #expect(corner.fingerprint(of: tile) == plain.fingerprint(of: tile))
        let topLeft = IntRect(x: 0, y: 0, width: 32, height: 32)!
        #expect(corner.fingerprint(of: topLeft) != plain.fingerprint(of: topLeft))
        #expect(corner.fingerprint(of: topLeft) != list(Self.gray, IntRect(x: 0, y: 0, width: 21, height: 20)!).fingerprint(of: topLeft))
    }
}
