/// A picture in memory: 8-bit RGBA, rows top to bottom, no padding.
/// Alpha is carried but not drawn: the terminal has no backdrop to blend on.
public struct RGBAImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 4,
                     "RGBA image \(width)x\(height) needs \(width * height * 4) bytes, got \(pixels.count)")
        self.width = width; self.height = height; self.pixels = pixels
    }

    public init(width: Int, height: Int, fill: (r: UInt8, g: UInt8, b: UInt8) = (0, 0, 0)) {
        var p = [UInt8](repeating: 255, count: width * height * 4)
        for i in stride(from: 0, to: p.count, by: 4) { p[i] = fill.r; p[i + 1] = fill.g; p[i + 2] = fill.b }
        self.init(width: width, height: height, pixels: p)
    }

    public var size: Size { Size(width: width, height: height) }

    public func rgb(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 4
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Downscaled by averaging every source pixel that falls in each target
    /// pixel (a box filter with integer bounds), which keeps thin lines and
    /// small objects visible where point sampling would drop them. When the
    /// target is larger in a direction, source pixels are repeated.
    public func areaAveraged(width w: Int, height h: Int) -> RGBAImage {
        guard w > 0, h > 0, width > 0, height > 0 else { return RGBAImage(width: max(0, w), height: max(0, h)) }
        if w == width && h == height { return self }
        var out = [UInt8](repeating: 255, count: w * h * 4)
        // Column bounds are the same for every row: compute them once.
        var x0s = [Int](repeating: 0, count: w), x1s = [Int](repeating: 0, count: w)
        for ox in 0..<w {
            let a = ox * width / w
            x0s[ox] = a
            x1s[ox] = max(a + 1, (ox + 1) * width / w)
        }
        // The source rows of an output row are summed first, channel by
        // channel across the whole row (a loop the compiler vectorises),
        // then each output pixel adds up its columns of those sums.
        var columnSums = [UInt32](repeating: 0, count: width * 4)
        let rowBytes = width * 4
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                columnSums.withUnsafeMutableBufferPointer { acc in
                    for oy in 0..<h {
                        let y0 = oy * height / h
                        let y1 = max(y0 + 1, (oy + 1) * height / h)
                        for i in 0..<rowBytes { acc[i] = 0 }
                        for y in y0..<y1 {
                            let row = y * rowBytes
                            for i in 0..<rowBytes { acc[i] &+= UInt32(src[row &+ i]) }
                        }
                        let rows = UInt32(y1 - y0)
                        for ox in 0..<w {
                            var r: UInt32 = 0, g: UInt32 = 0, b: UInt32 = 0
                            for x in x0s[ox]..<x1s[ox] {
                                r &+= acc[x &* 4]; g &+= acc[x &* 4 &+ 1]; b &+= acc[x &* 4 &+ 2]
                            }
                            let n = rows * UInt32(x1s[ox] - x0s[ox])
                            let half = n / 2
                            let o = (oy * w + ox) * 4
                            dst[o] = UInt8((r + half) / n)
                            dst[o + 1] = UInt8((g + half) / n)
                            dst[o + 2] = UInt8((b + half) / n)
                        }
                    }
                }
            }
        }
        return RGBAImage(width: w, height: h, pixels: out)
    }
}
