import AuteurCore

/// Style grades as affine maps of linear RGB. Each is built from the
/// luminance row (Rec. 709 weights, which are for linear light), so a grey
/// stays grey where the style means it to.
enum LookStyle {
    static let luma: [Float] = [0.2126, 0.7152, 0.0722]

    /// Rows that each output `tint[i] * luminance`.
    static func fromLuminance(_ tint: [Float]) -> [Float] {
        (0..<3).flatMap { i in luma.map { $0 * tint[i] } }
    }

    /// Scales saturation about the luminance by `s` (1 keeps it).
    static func saturation(_ s: Float) -> [Float] {
        (0..<9).map { k in
            let i = k / 3, j = k % 3
            return luma[j] * (1 - s) + (i == j ? s : 0)
        }
    }

    static func filter(_ style: Style) -> ColorMatrix? {
        switch style {
        case .natural:
            return nil
        case .noir:
            // Black and white with contrast, pivoting low (0.1 linear) so
            // highlights open up while shadows deepen without all crushing.
            let k: Float = 1.3, pivot: Float = 0.1
            return ColorMatrix(m: fromLuminance([k, k, k]), offset: [pivot * (1 - k), pivot * (1 - k), pivot * (1 - k)])
        case .sepia:
            // Toned print: luminance into warm brown, a little lift in the blacks.
            return ColorMatrix(m: fromLuminance([1.08, 0.82, 0.52]), offset: [0.018, 0.011, 0.004])
        case .pastel:
            // Soft colour: less saturation, lifted shadows, a faint rosy-lilac cast.
            let s = saturation(0.8)
            let g: Float = 0.74
            return ColorMatrix(m: s.map { $0 * g }, offset: [0.2, 0.16, 0.2])
        case .neon:
            // Saturated and dark, pushed towards magenta and cyan.
            let s = saturation(1.8)
            return ColorMatrix(m: s, offset: [0, 0, 0])
                .then(ColorMatrix(m: [1.05, 0, 0.1, 0, 0.92, 0.06, 0.08, 0.05, 1.15], offset: [-0.02, -0.03, 0.0]))
        case .blueprint:
            // Luminance from blueprint blue (shadows) to pale paper white (lines).
            let blue: [Float] = [0.008, 0.06, 0.3]
            let white: [Float] = [0.8, 0.88, 1.0]
            let gain: Float = 0.8
            return ColorMatrix(m: fromLuminance((0..<3).map { (white[$0] - blue[$0]) * gain }), offset: blue)
        }
    }
}
