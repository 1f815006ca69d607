import AuteurCore
import Foundation

/// Names a colour back to a person with the nearest of the eleven basic
/// colour terms, measured in CIELAB (the evaluation classifies rendered
/// colours the same way, so "the red one" means what a viewer calls red).
enum ColourNames {
    static func basicName(_ c: RGBColor) -> String {
        let lab = self.lab(c)
        var best = "gray", bestDistance = Double.infinity
        for name in Lexicon.basicColourNames {
            guard let proto = RGBColor.named[name] else { continue }
            let p = self.lab(proto)
            let d = (lab.0 - p.0) * (lab.0 - p.0) + (lab.1 - p.1) * (lab.1 - p.1) + (lab.2 - p.2) * (lab.2 - p.2)
            if d < bestDistance { bestDistance = d; best = name }
        }
        return best
    }

    /// sRGB (D65) to CIELAB.
    static func lab(_ c: RGBColor) -> (Double, Double, Double) {
        func linear(_ v: UInt8) -> Double {
            let s = Double(v) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        let r = linear(c.r), g = linear(c.g), b = linear(c.b)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0 }
        let fx = f(x), fy = f(y), fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }
}
