import Foundation

/// Test cards: pictures made from code, so that the encoders' tests and
/// benchmarks (and anyone comparing with chafa or img2sixel) work on the
/// same frames without shipping image files.
public enum TestCard {
    /// A picture that looks like a rendered shot: a sky gradient, a sun, a
    /// ground band and a box, shifted a little by `frame` so frames differ.
    public static func scene(width: Int, height: Int, frame: Int = 0) -> RGBAImage {
        var p = [UInt8](repeating: 255, count: width * height * 4)
        let sunX = Double(width) * (0.2 + Double(frame % 48) / 96), sunY = Double(height) * 0.3, sunR = Double(height) * 0.12
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                let t = Double(y) / Double(max(1, height - 1))
                var r = 40 + 120 * t, g = 90 + 90 * t, b = 200 - 40 * t
                if y > height * 2 / 3 { r = 60 + Double(x % 7); g = 140 - 30 * t; b = 50 }
                let dx = Double(x) - sunX, dy = Double(y) - sunY
                if dx * dx + dy * dy < sunR * sunR { r = 250; g = 220; b = 90 }
                if x > width * 3 / 5, x < width * 4 / 5, y > height / 2, y < height * 5 / 6 { r = 180; g = 40; b = 40 }
                p[i] = UInt8(min(255, max(0, r))); p[i + 1] = UInt8(min(255, max(0, g))); p[i + 2] = UInt8(min(255, max(0, b)))
            }
        }
        return RGBAImage(width: width, height: height, pixels: p)
    }

    /// A photo-like frame, the hard case for a palette: every hue across the
    /// width, light falling from top to bottom, a diagonal ripple of saturation,
    /// and grain (luma ±16 and chroma ±8 a pixel, from a fixed SplitMix64 seed).
    public static func noisyPhoto(width: Int, height: Int, seed: UInt64 = 42) -> RGBAImage {
        var p = [UInt8](repeating: 255, count: width * height * 4)
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for y in 0..<height {
            for x in 0..<width {
                let hue = Double(x) / Double(width) * 6, value = 0.25 + 0.75 * Double(height - y) / Double(height)
                let saturation = 0.3 + 0.7 * (0.5 + 0.5 * sin(Double(x + y) / 37))
                let c = value * saturation, m = value - c
                let rise = c * (1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1))
                let rgb: (Double, Double, Double) = hue < 1 ? (c, rise, 0) : hue < 2 ? (rise, c, 0) : hue < 3 ? (0, c, rise)
                    : hue < 4 ? (0, rise, c) : hue < 5 ? (rise, 0, c) : (c, 0, rise)
                let grain = next()
                let luma = Int(grain & 31) - 16
                let i = (y * width + x) * 4
                for (k, v) in [rgb.0, rgb.1, rgb.2].enumerated() {
                    let chroma = Int((grain >> (8 + 8 * UInt64(k))) & 15) - 8
                    p[i + k] = UInt8(min(255, max(0, Int((v + m) * 255) + luma + chroma)))
                }
            }
        }
        return RGBAImage(width: width, height: height, pixels: p)
    }
}
