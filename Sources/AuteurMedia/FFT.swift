import Foundation

/// A radix-2 complex FFT with tables computed once per size. Written out
/// rather than borrowed so results are bit-identical everywhere: one fixed
/// order of operations, no threads, no platform vector library.
struct FFT {
    let size: Int
    private let cosines: [Double]
    private let sines: [Double]
    private let bitReversed: [Int]

    init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        cosines = (0..<size / 2).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
        sines = (0..<size / 2).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return reversed
        }
    }

    /// In-place forward transform.
    func transform(real: inout [Double], imaginary: inout [Double]) {
        for i in 0..<size {
            let j = bitReversed[i]
            if j > i {
                real.swapAt(i, j)
                imaginary.swapAt(i, j)
            }
        }
        var span = 1
        while span < size {
            let stride = size / (span * 2)
            var start = 0
            while start < size {
                for k in 0..<span {
                    let wr = cosines[k * stride], wi = sines[k * stride]
                    let a = start + k, b = a + span
                    let tr = real[b] * wr - imaginary[b] * wi
                    let ti = real[b] * wi + imaginary[b] * wr
                    real[b] = real[a] - tr
                    imaginary[b] = imaginary[a] - ti
                    real[a] += tr
                    imaginary[a] += ti
                }
                start += span * 2
            }
            span *= 2
        }
    }

    /// Magnitudes of bins 0...size/2 of a real signal.
    func magnitudes(of signal: [Double]) -> [Double] {
        var real = signal
        var imaginary = [Double](repeating: 0, count: size)
        transform(real: &real, imaginary: &imaginary)
        return (0...size / 2).map { (real[$0] * real[$0] + imaginary[$0] * imaginary[$0]).squareRoot() }
    }
}
