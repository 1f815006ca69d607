@testable import AuteurRender
import AuteurCore
import Foundation

/// Fixtures for the asset tests: a small stage in studio light, objects
/// placed in the middle of it, and colour classification in CIELAB.
enum AssetFixture {
    static let width = 240, height = 160

    static func stage(style: Style = .natural, width: Int = width, height: Int = height, ground: Double = 0.68) -> Stage {
        Stage(width: width, height: height, environment: Environment(setting: .studio, timeOfDay: .preset(.noon), style: style),
              lighting: Assets.studioLighting, camera: CameraState(), frame: 0, localFrame: 0, fps: 24, seed: 7,
              horizon: 0.5, ground: ground)
    }

    static func object(_ kind: CatalogKind, _ variant: String? = nil, color: RGBColor? = nil, seed: UInt64 = 1,
                       label: String? = nil, mouth: Double = 0, rotation: Double = 0, size: Double = 0.34,
                       position: Point2 = Point2(0.5, 0.5)) -> ObjectState {
        ObjectState(id: "subject", kind: kind, variant: variant ?? kind.defaultVariant, color: color ?? kind.defaultColor,
                    label: label, position: position, size: size, rotation: rotation, mouth: mouth, seed: seed)
    }

    /// The object alone on a transparent canvas.
    static func render(_ object: ObjectState, stage: Stage = stage()) -> FrameImage {
        var list = DisplayList(width: stage.width, height: stage.height)!
        Assets.paint(object, stage: stage, into: &list)
        return Rasterizer().render(list)
    }

    /// Pixels that differ by more than `tolerance` in any channel.
    static func differingPixels(_ a: FrameImage, _ b: FrameImage, tolerance: UInt8 = 16) -> Int {
        var n = 0
        for i in stride(from: 0, to: a.pixels.count, by: 4) {
            for c in 0..<4 where abs(Int(a.pixels[i + c]) - Int(b.pixels[i + c])) > Int(tolerance) { n += 1; break }
        }
        return n
    }

    /// Pixels with any coverage.
    static func coveredPixels(_ image: FrameImage, minimumAlpha: UInt8 = 1) -> Int {
        var n = 0
        for i in stride(from: 3, to: image.pixels.count, by: 4) where image.pixels[i] >= minimumAlpha { n += 1 }
        return n
    }

    // MARK: Colour classification

    /// CIELAB (D65) of an 8-bit sRGB colour.
    static func lab(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> (l: Double, a: Double, b: Double) {
        func linear(_ v: UInt8) -> Double {
            let s = Double(v) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        let (lr, lg, lb) = (linear(r), linear(g), linear(b))
        let x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047
        let y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
        let z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116 }
        let (fx, fy, fz) = (f(x), f(y), f(z))
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    static let basicTerms = ["black", "white", "red", "green", "yellow", "blue", "brown", "purple", "pink", "orange", "gray"]
    static let prototypes: [(String, (l: Double, a: Double, b: Double))] = basicTerms.map { name in
        let c = RGBColor.named[name]!
        return (name, lab(c.r, c.g, c.b))
    }

    /// The basic colour term nearest to a colour in CIELAB.
    static func classify(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> String {
        let p = lab(r, g, b)
        return prototypes.min { x, y in
            let dx = (x.1.l - p.l) * (x.1.l - p.l) + (x.1.a - p.a) * (x.1.a - p.a) + (x.1.b - p.b) * (x.1.b - p.b)
            let dy = (y.1.l - p.l) * (y.1.l - p.l) + (y.1.a - p.a) * (y.1.a - p.a) + (y.1.b - p.b) * (y.1.b - p.b)
            return dx < dy
        }!.0
    }

    /// The most common basic colour among the object's (mostly opaque) pixels.
    static func dominantColor(_ image: FrameImage) -> String? {
        var counts: [String: Int] = [:]
        for i in stride(from: 0, to: image.pixels.count, by: 4) where image.pixels[i + 3] >= 200 {
            counts[classify(image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]), default: 0] += 1
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
