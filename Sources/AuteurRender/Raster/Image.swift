/// A picture to paint with: RGBA8, sRGB, straight alpha, rows top to
/// bottom (the layout of `FrameImage`), decoded once to linear-light
/// premultiplied colour and shared by every copy and every tile.
///
/// Two textures are equal when their size and `contentHash` are: the hash
/// names the bytes, so fingerprints and equality never read the pixels.
public struct ImageTexture: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Stands for the bytes in fingerprints. A `ContentDigest` of the size and the
    /// bytes unless the caller supplied one (for example a media store's
    /// digest of the file), in which case equal hashes must mean equal bytes.
    public let contentHash: UInt64
    let texels: Texels

    /// Nil when `pixels` does not hold exactly width * height * 4 bytes or
    /// a side is empty or over 16384.
    public init?(width: Int, height: Int, pixels: [UInt8], contentHash: UInt64? = nil) {
        guard width > 0, height > 0, width <= 16384, height <= 16384, pixels.count == width * height * 4 else { return nil }
        self.width = width
        self.height = height
        if let h = contentHash {
            self.contentHash = h
        } else {
            var h = ContentDigest()
            h.add(Int64(width)); h.add(Int64(height))
            for b in pixels { h.add(b) }
            self.contentHash = h.value
        }
        texels = Texels(width: width, height: height, pixels: pixels)
    }

    /// A rendered frame as a texture, for drawing one frame into another.
    public init(_ frame: FrameImage, contentHash: UInt64? = nil) {
        self.init(width: frame.width, height: frame.height, pixels: frame.pixels, contentHash: contentHash)!
    }

    public static func == (a: ImageTexture, b: ImageTexture) -> Bool {
        a.width == b.width && a.height == b.height && a.contentHash == b.contentHash
    }

    public func hash(into h: inout Hasher) {
        h.combine(width); h.combine(height); h.combine(contentHash)
    }

    /// Maps image pixels onto `rect` so the image covers all of it, keeping
    /// its aspect ratio and centring it: how a reference image fills a
    /// shot. The overflow spills past `rect`; the frame crops it, and for a
    /// smaller `rect` draw through `DisplayList.append(_:clippedTo:)`.
    public func transform(covering rect: Rect) -> Transform {
        let s = max(rect.width / Float(width), rect.height / Float(height))
        return transform(scale: s, centredIn: rect)
    }

    /// Maps image pixels into `rect` so the whole image shows, keeping its
    /// aspect ratio and centring it (letterboxed).
    public func transform(fitting rect: Rect) -> Transform {
        let s = min(rect.width / Float(width), rect.height / Float(height))
        return transform(scale: s, centredIn: rect)
    }

    private func transform(scale s: Float, centredIn rect: Rect) -> Transform {
        let c = rect.center
        return Transform.scale(s, s).translated(c.x - Float(width) * s / 2, c.y - Float(height) * s / 2)
    }

    /// Bilinear sample in linear light at `p` in image pixels; see
    /// `Texels.sample`.
    func sample(_ p: Point) -> SIMD4<Float> {
        texels.linear.withUnsafeBufferPointer { Texels.sample(p, $0, width: width, height: height) }
    }
}

/// The decoded pixels, immutable after init and therefore safe to share
/// between threads.
final class Texels: Sendable {
    let linear: [SIMD4<Float>]

    init(width: Int, height: Int, pixels: [UInt8]) {
        let decode = SRGB.decode
        linear = (0..<(width * height)).map { i in
            let a = Float(pixels[i * 4 + 3]) / 255
            return SIMD4(decode[Int(pixels[i * 4])] * a, decode[Int(pixels[i * 4 + 1])] * a,
                         decode[Int(pixels[i * 4 + 2])] * a, a)
        }
    }

    /// Bilinear sample in linear light at `p` in image pixels, where pixel
    /// (i, j) has its centre at (i + 0.5, j + 0.5). Outside the image the
    /// edge pixels extend (clamp to edge), so a scaled-up image does not
    /// fade to transparent at its border. Every drawing loop goes through
    /// `axis` and `blend`, so a pixel gets the same value whichever draws it.
    @inline(__always)
    static func sample(_ p: Point, _ t: UnsafeBufferPointer<SIMD4<Float>>, width w: Int, height h: Int) -> SIMD4<Float> {
        let x = axis(p.x, size: w), y = axis(p.y, size: h)
        return blend(t, x, y, width: w)
    }

    /// The two texels along one axis that a coordinate falls between, and
    /// the weight of the second.
    struct Taps { var first: Int, second: Int, weight: Float }

    @inline(__always)
    static func axis(_ v: Float, size: Int) -> Taps {
        // Clamping first keeps the integer conversion in range for any
        // input, infinities included; -1 and the size are already far
        // enough out to land on the edge texels.
        let f = clamp(v - 0.5, -1, Float(size))
        // Floor by truncation and a fix-up: exact, and cheaper than a libm call.
        var i = Int(f)
        if Float(i) > f { i -= 1 }
        return Taps(first: min(max(i, 0), size - 1), second: min(max(i + 1, 0), size - 1), weight: f - Float(i))
    }

    @inline(__always)
    static func blend(_ t: UnsafeBufferPointer<SIMD4<Float>>, _ x: Taps, _ y: Taps, width w: Int) -> SIMD4<Float> {
        let r0 = y.first * w, r1 = y.second * w
        let top = t[r0 + x.first] * (1 - x.weight) + t[r0 + x.second] * x.weight
        let bottom = t[r1 + x.first] * (1 - x.weight) + t[r1 + x.second] * x.weight
        // At a weight of exactly 0 this is the texel itself, bit for bit,
        // so an image drawn at its own size keeps its bytes.
        return top * (1 - y.weight) + bottom * y.weight
    }

    /// NaN goes to the low end, so a degenerate coordinate samples an edge.
    @inline(__always)
    static func clamp(_ v: Float, _ lo: Float, _ hi: Float) -> Float {
        v >= lo ? (v <= hi ? v : hi) : lo
    }
}

extension FrameImage {
    /// This frame as a texture to draw into another display list.
    public var texture: ImageTexture { ImageTexture(self) }
}
