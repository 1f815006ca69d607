import AuteurCore
import COpenBLAS
import Foundation

/// The colour distribution of a picture in linear RGB: where its colours sit
/// (mean) and how they spread and lean together (covariance).
public struct ColorStatistics: Hashable, Sendable, Codable {
    public var mean: [Double]
    /// Row-major 3x3, population covariance.
    public var covariance: [Double]
    public var pixelCount: Int

    public init(mean: [Double], covariance: [Double], pixelCount: Int) {
        self.mean = mean
        self.covariance = covariance
        self.pixelCount = pixelCount
    }

    /// Statistics of every pixel, alpha ignored. Sums run in one fixed order in
    /// Double, so the result is the same on every run.
    public init(image: RGBAImage) {
        self.init(rgba: image.pixels)
    }

    public init(rgba pixels: [UInt8]) {
        let lut = ColorTransfer.linearLUT
        var sum = [Double](repeating: 0, count: 3)
        var products = [Double](repeating: 0, count: 6)
        let count = pixels.count / 4
        for p in 0..<count {
            let r = lut[Int(pixels[p * 4])], g = lut[Int(pixels[p * 4 + 1])], b = lut[Int(pixels[p * 4 + 2])]
            sum[0] += r; sum[1] += g; sum[2] += b
            products[0] += r * r; products[1] += r * g; products[2] += r * b
            products[3] += g * g; products[4] += g * b; products[5] += b * b
        }
        let n = Double(max(count, 1))
        let m = sum.map { $0 / n }
        func cov(_ product: Double, _ i: Int, _ j: Int) -> Double { product / n - m[i] * m[j] }
        let rr = cov(products[0], 0, 0), rg = cov(products[1], 0, 1), rb = cov(products[2], 0, 2)
        let gg = cov(products[3], 1, 1), gb = cov(products[4], 1, 2), bb = cov(products[5], 2, 2)
        self.init(mean: m, covariance: [rr, rg, rb, rg, gg, gb, rb, gb, bb], pixelCount: count)
    }
}

/// Moves one picture's colours toward another's with the Monge-Kantorovich
/// linear transfer: the affine map that carries the source's Gaussian colour
/// distribution onto the reference's while moving colours as little as
/// possible (Pitié and Kokaram, 2007).
public enum ColorTransfer {
    /// sRGB to linear, per 8-bit code value.
    static let linearLUT: [Double] = (0..<256).map { code in
        let c = Double(code) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    /// Added to both covariances' diagonals: a flat-colour picture has a
    /// singular covariance, and its inverse square root would blow up. 1e-5
    /// is a spread of about 0.3% of full scale, invisible but enough.
    static let regularisation = 1e-5

    /// T = Σs^-1/2 (Σs^1/2 Σt Σs^1/2)^1/2 Σs^-1/2, offset = μt - T μs, so a
    /// colour c grades to T c + offset.
    public static func grade(from source: ColorStatistics, toward reference: ColorStatistics,
                             strength: Double = 1, referenceHash: String? = nil) throws(MediaError) -> ColorGrade {
        let ridge: [Double] = [regularisation, 0, 0, 0, regularisation, 0, 0, 0, regularisation]
        let sigmaS = add(source.covariance, ridge)
        let sigmaT = add(reference.covariance, ridge)
        let rootS = try power(sigmaS, 0.5)
        let inverseRootS = try power(sigmaS, -0.5)
        let middle = try power(symmetrise(multiply(multiply(rootS, sigmaT), rootS)), 0.5)
        let t = multiply(multiply(inverseRootS, middle), inverseRootS)
        let moved = apply(t, source.mean)
        let offset = (0..<3).map { reference.mean[$0] - moved[$0] }
        return ColorGrade(matrix: t, offset: offset, strength: min(1, max(0, strength)), reference: referenceHash)
    }

    /// A symmetric matrix raised to a power through its eigen-decomposition
    /// (LAPACK dsyev): V diag(λ^p) V^T. Eigenvalues are clamped at the
    /// regularisation floor so rounding never takes a root of a negative.
    static func power(_ matrix: [Double], _ exponent: Double) throws(MediaError) -> [Double] {
        var a = matrix // symmetric, so row- and column-major agree
        var eigenvalues = [Double](repeating: 0, count: 3)
        var n: Int32 = 3, lda: Int32 = 3, info: Int32 = 0
        var jobz = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "U"))
        var work = [Double](repeating: 0, count: 64)
        var lwork = Int32(work.count)
        dsyev_(&jobz, &uplo, &n, &a, &lda, &eigenvalues, &work, &lwork, &info)
        guard info == 0 else {
            throw MediaError(.badInput, doing: "compute a colour grade", reason: "the eigensolver did not converge (info \(info))")
        }
        // Column j of `a` (column-major) is eigenvector j: element i at a[j * 3 + i].
        let scaled = eigenvalues.map { pow(max($0, regularisation * 1e-3), exponent) }
        var out = [Double](repeating: 0, count: 9)
        for row in 0..<3 {
            for col in 0..<3 {
                var v = 0.0
                for j in 0..<3 { v += a[j * 3 + row] * scaled[j] * a[j * 3 + col] }
                out[row * 3 + col] = v
            }
        }
        return out
    }

    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: 9)
        for r in 0..<3 {
            for c in 0..<3 {
                out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]
            }
        }
        return out
    }

    static func apply(_ m: [Double], _ v: [Double]) -> [Double] {
        (0..<3).map { r in m[r * 3] * v[0] + m[r * 3 + 1] * v[1] + m[r * 3 + 2] * v[2] }
    }

    static func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map(+) }

    /// Products of symmetric matrices drift from symmetry by rounding; dsyev
    /// reads only one triangle, so make both agree first.
    static func symmetrise(_ m: [Double]) -> [Double] {
        var out = m
        for r in 0..<3 { for c in 0..<3 { out[r * 3 + c] = (m[r * 3 + c] + m[c * 3 + r]) / 2 } }
        return out
    }
}
