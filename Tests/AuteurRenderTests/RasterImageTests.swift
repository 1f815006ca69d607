@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// Image paint: backdrops (a reference image behind a shot) and sprites.
@Suite("Raster image paint")
struct RasterImageTests {
    typealias F = RasterFixture

    /// Random straight-alpha RGBA bytes; fully transparent pixels are
    /// stored as 0,0,0,0, the only form premultiplied colour can give back.
    static func noise(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var g = SeededGenerator(seed: seed)
        var bytes: [UInt8] = []
        for _ in 0..<(width * height) {
            let a = UInt8(truncatingIfNeeded: g.next())
            if a < 16 { bytes += [0, 0, 0, 0]; continue }
            bytes += [UInt8(truncatingIfNeeded: g.next()), UInt8(truncatingIfNeeded: g.next()),
                      UInt8(truncatingIfNeeded: g.next()), a < 128 ? 255 : a]
        }
        return bytes
    }

    static func srgbByte(_ linear: Double) -> UInt8 {
        let s = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
        return UInt8((max(0, min(1, s)) * 255).rounded())
    }

    @Test("an image drawn at its own size reproduces its bytes exactly, translucency included")
    func identity() {
        let bytes = Self.noise(width: 19, height: 13, seed: 3)
        let texture = ImageTexture(width: 19, height: 13, pixels: bytes)!
        var list = DisplayList(width: 19, height: 13)!
        let added1 = list.image(texture)
        #expect(added1)
        let image = F.render(list)
        #expect(image.pixels == bytes)
        // Moved by whole pixels it still lands byte for byte.
        let moved = F.render(F.list(30, 20) { $0.image(texture, transform: .translation(7, 4)) })
        for y in 0..<13 {
            for x in 0..<19 {
                let i = (y * 19 + x) * 4
                #expect(moved.pixel(x: x + 7, y: y + 4) == SIMD4(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]))
            }
        }
        #expect(moved.pixel(x: 6, y: 10)[3] == 0 && moved.pixel(x: 26, y: 10)[3] == 0)
    }

    @Test("a rendered frame becomes a texture and draws back unchanged")
    func frameRoundTrip() throws {
        let frame = F.render(RasterTilingTests.scene(seed: 8, width: 60, height: 40, font: try Font.dejaVuSans()))
        let texture = frame.texture
        #expect(texture.width == 60 && texture.height == 40)
        #expect(F.render(F.list(60, 40) { $0.image(texture) }) == frame)
    }

    @Test("a 2x2 checker scaled up 4x gives bilinear ramps in linear light, flat at the clamped edges")
    func checkerRamps() {
        let black: [UInt8] = [0, 0, 0, 255], white: [UInt8] = [255, 255, 255, 255]
        let texture = ImageTexture(width: 2, height: 2, pixels: black + white + white + black)!
        let image = F.render(F.list(8, 8) { $0.image(texture, transform: .scale(4, 4)) })
        // Pixel centre x + 0.5 maps to image x (x + 0.5) / 4; texel centres
        // sit at 0.5 and 1.5, so the weight of the right texel is:
        let weight: [Double] = [0, 0, 0.125, 0.375, 0.625, 0.875, 1, 1]
        for y in 0..<8 {
            for x in 0..<8 {
                let u = weight[x], v = weight[y]
                // Black at (0,0) and (1,1), white at (1,0) and (0,1).
                let linear = u * (1 - v) + (1 - u) * v
                let b = Self.srgbByte(linear)
                #expect(image.pixel(x: x, y: y) == SIMD4(b, b, b, 255), "pixel (\(x), \(y))")
            }
        }
        // The middle of the ramp is half light, sRGB 188, not 128.
        #expect(Self.srgbByte(0.5) == 188)
    }

    @Test("an unrotated image, drawn with a per-column shortcut, matches the general sampler to the bit")
    func shortcutMatchesSampler() throws {
        let texture = ImageTexture(width: 7, height: 5, pixels: Self.noise(width: 7, height: 5, seed: 17))!
        let placement = Transform.scale(4.37, 3.11).translated(-3.3, 2.6)
        let list = F.list(40, 24) { $0.fill(.rect(F.rect(0, 0, 40, 24)), paint: .image(texture, transform: placement)) }
        let image = F.render(list, tile: 9)
        // The general path: each pixel centre mapped back by the full inverse.
        let paint = try #require(DevicePaint(.image(texture, transform: placement), transform: .identity))
        SRGB.encode.withUnsafeBufferPointer { lut in
            for y in 0..<24 {
                for x in 0..<40 {
                    let expected = Rasterizer.encodePixel(paint.color(x: x, y: y), lut.baseAddress!)
                    let p = image.pixel(x: x, y: y)
                    let got = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
                    #expect(got == expected, "pixel (\(x), \(y))")
                }
            }
        }
    }

    @Test("beyond the image the edge pixels extend (clamp to edge)")
    func clampToEdge() {
        let red: [UInt8] = [255, 0, 0, 255], blue: [UInt8] = [0, 0, 255, 255]
        let texture = ImageTexture(width: 2, height: 1, pixels: red + blue)!
        // A wide rectangle painted with the image placed at x 10..12.
        let image = F.render(F.list(24, 3) {
            $0.fill(.rect(F.rect(0, 0, 24, 3)), paint: .image(texture, transform: .translation(10, 1)))
        })
        for y in 0..<3 {
            for x in 0..<11 { #expect(image.pixel(x: x, y: y) == SIMD4(255, 0, 0, 255), "(\(x), \(y))") }
            for x in 12..<24 { #expect(image.pixel(x: x, y: y) == SIMD4(0, 0, 255, 255), "(\(x), \(y))") }
        }
    }

    @Test("an image paint moves with the shape's transform, like a gradient")
    func followsShape() {
        let texture = ImageTexture(width: 4, height: 4, pixels: Self.noise(width: 4, height: 4, seed: 11))!
        let a = F.render(F.list(12, 12) { $0.image(texture, transform: .translation(1, 2)) })
        let b = F.render(F.list(12, 12) {
            $0.fill(.rect(F.rect(0, 0, 4, 4)), paint: .image(texture, transform: .identity), transform: .translation(1, 2))
        })
        let c = F.render(F.list(12, 12) {
            $0.fill(.rect(F.rect(1, 2, 4, 4)), paint: .image(texture, transform: .translation(1, 2)))
        })
        #expect(a == b && b == c)
    }

    @Test("covering keeps the aspect ratio, fills the frame and centres the image")
    func covering() {
        let texture = ImageTexture(width: 4, height: 2, pixels: Self.noise(width: 4, height: 2, seed: 5).map { _ in 200 })!
        let frame = F.rect(0, 0, 30, 40)
        let t = texture.transform(covering: frame)
        // Scale 20 (height-bound): 80 x 40, overhanging 25 px each side.
        #expect(t == Transform(sx: 20, ky: 0, kx: 0, sy: 20, tx: -25, ty: 0))
        let image = F.render(F.list(30, 40) { $0.image(texture, transform: t) })
        #expect(image.pixels.allSatisfy { $0 == 200 })
        let fit = texture.transform(fitting: frame)
        #expect(fit == Transform(sx: 7.5, ky: 0, kx: 0, sy: 7.5, tx: 0, ty: 12.5))
    }

    @Test("wrong byte counts and empty sizes are refused")
    func invalid() {
        #expect(ImageTexture(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 15)) == nil)
        #expect(ImageTexture(width: 0, height: 2, pixels: []) == nil)
        // A transform that squashes the image to a line draws nothing.
        let texture = ImageTexture(width: 1, height: 1, pixels: [1, 2, 3, 255])!
        var list = DisplayList(width: 4, height: 4)!
        let added2 = list.fill(.rect(F.rect(0, 0, 4, 4)), paint: .image(texture, transform: .scale(0, 1)))
        #expect(!added2)
    }

    @Test("fingerprints follow the image bytes and placement; equal bytes give equal digests")
    func fingerprints() {
        var bytes = Self.noise(width: 8, height: 8, seed: 1)
        let original = ImageTexture(width: 8, height: 8, pixels: bytes)!
        bytes[100] ^= 1
        let edited = ImageTexture(width: 8, height: 8, pixels: bytes)!
        #expect(original.contentHash != edited.contentHash && original != edited)
        #expect(ImageTexture(width: 8, height: 8, pixels: Self.noise(width: 8, height: 8, seed: 1))! == original)
        func digest(_ t: ImageTexture, _ placement: Transform = .scale(2, 2)) -> UInt64 {
            F.list(32, 32) { $0.image(t, transform: placement) }.fingerprint(of: IntRect(x: 0, y: 0, width: 32, height: 32)!)
        }
        #expect(digest(original) != digest(edited))
        #expect(digest(original) == digest(ImageTexture(width: 8, height: 8, pixels: Self.noise(width: 8, height: 8, seed: 1))!))
        #expect(digest(original) != digest(original, .scale(2, 2.5)))
        // The same 64 bytes seen as another shape are another image.
        let reshaped = ImageTexture(width: 16, height: 4, pixels: Self.noise(width: 8, height: 8, seed: 1))!
        #expect(reshaped.contentHash != original.contentHash)
        // A caller's hash is trusted as the identity of the bytes.
        let named = ImageTexture(width: 8, height: 8, pixels: bytes, contentHash: 42)!
        #expect(named.contentHash == 42)
    }
}
