/// A palette of at most `maxColors` chosen for one picture, and the picture
/// as indices into it.
///
/// The palette comes from Wu's variance-minimising cut of the colour cube:
/// pixels are binned to 5 bits a channel, prefix sums of the bins' counts,
/// colour sums and squared sums make any box's statistics eight lookups,
/// and the box with the largest variance is cut where the two halves'
/// variance drops the most. That gives a lower error than a median cut for
/// the same number of colours, at a fixed cost (a few passes over 33³ bins)
/// however noisy the picture, where a median cut costs more the more
/// distinct colours there are. Each palette colour is the mean of the real
/// pixels in its box, and a pixel takes its box's colour.
///
/// No dithering: the frames are rendered scenes with large flat or smoothly
/// shaded areas, where undithered areas give the long runs that run-length
/// encoding shrinks; dithering would trade PSNR and bytes for smoother
/// gradients.
public struct QuantizedImage: Sendable {
    public var width: Int
    public var height: Int
    public var palette: [(r: UInt8, g: UInt8, b: UInt8)]
    public var indices: [UInt8]

    public init(_ image: RGBAImage, maxColors: Int, snap: ((UInt8) -> UInt8)? = nil) {
        width = image.width; height = image.height
        let n = image.width * image.height
        var cube = ColourCube()
        var keys = [UInt16](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            keys.withUnsafeMutableBufferPointer { k in cube.count(p, n: n, keys: k) }
        }
        cube.accumulate()
        var boxes = cube.partition(into: max(1, min(256, maxColors)))
        // Most pixels first: frequent colours get the short register numbers,
        // and the order is fixed by the picture alone.
        boxes.sort { a, b in
            let wa = cube.weight(a), wb = cube.weight(b)
            return wa != wb ? wa > wb : (a.r0, a.g0, a.b0) < (b.r0, b.g0, b.b0)
        }
        var lut = [UInt8](repeating: 0, count: ColourCube.cells)
        palette = []
        palette.reserveCapacity(boxes.count)
        for (index, box) in boxes.enumerated() {
            let mean = cube.mean(box)
            palette.append((snap?(mean.r) ?? mean.r, snap?(mean.g) ?? mean.g, snap?(mean.b) ?? mean.b))
            // Grid cells are one past their bin (the prefix sums' empty row).
            for r in (box.r0 + 1)...box.r1 {
                for g in (box.g0 + 1)...box.g1 {
                    let row = ColourCube.at(r, g, 0)
                    for b in (box.b0 + 1)...box.b1 { lut[row + b] = UInt8(index) }
                }
            }
        }
        var indices = [UInt8](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { kk in
            lut.withUnsafeBufferPointer { l in
                indices.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n { out[i] = l[Int(kk[i])] }
                }
            }
        }
        self.indices = indices
    }
}

/// Wu's colour statistics: per 5-bit bin the pixel count, the sums of the
/// 8-bit channels and of their squares, turned into 3-D prefix sums. The
/// five moments of a bin sit together, so binning a pixel touches one
/// cache line.
struct ColourCube {
    /// A box of bins, lower bounds inclusive, upper exclusive, in 0...32.
    struct Box { var r0 = 0, r1 = 32, g0 = 0, g1 = 32, b0 = 0, b1 = 32 }

    /// On a 33³ grid whose index 0 in each direction is the empty prefix:
    /// count, sum of r, of g, of b, and of r² + g² + b², in that order.
    private var m: [Int64]
    static let side = 33, cells = 33 * 33 * 33, stride = 5

    init() { m = [Int64](repeating: 0, count: ColourCube.cells * ColourCube.stride) }

    /// The grid cell of a bin, as the lookup key kept for every pixel.
    @inline(__always) static func at(_ r: Int, _ g: Int, _ b: Int) -> Int { (r &* side &+ g) &* side &+ b }

    /// Keeps each pixel's grid cell for the lookup later, and bins the
    /// pixels for the statistics: every one in small pictures, every other
    /// one in large ones, where half of them already describe the colours
    /// as well and binning is most of the palette's cost.
    mutating func count(_ p: UnsafeBufferPointer<UInt8>, n: Int, keys: UnsafeMutableBufferPointer<UInt16>) {
        let step = n > 1 << 16 ? 2 : 1
        m.withUnsafeMutableBufferPointer { m in
            for i in 0..<n {
                let pr = Int(p[i &* 4]), pg = Int(p[i &* 4 &+ 1]), pb = Int(p[i &* 4 &+ 2])
                let cell = ColourCube.at(pr >> 3 &+ 1, pg >> 3 &+ 1, pb >> 3 &+ 1)
                keys[i] = UInt16(truncatingIfNeeded: cell)
                guard step == 1 || i & 1 == 0 else { continue }
                let o = cell &* ColourCube.stride
                m[o] &+= 1
                m[o &+ 1] &+= Int64(pr); m[o &+ 2] &+= Int64(pg); m[o &+ 3] &+= Int64(pb)
                m[o &+ 4] &+= Int64(pr &* pr &+ pg &* pg &+ pb &* pb)
            }
        }
    }

    /// Turns the bins into prefix sums, one direction at a time.
    mutating func accumulate() {
        let s = ColourCube.side, k = ColourCube.stride
        m.withUnsafeMutableBufferPointer { m in
            // Along r: every cell after the first plane adds the cell a plane before.
            for i in (s * s * k)..<(ColourCube.cells * k) { m[i] &+= m[i &- s &* s &* k] }
            // Along g, then b, within each plane and row.
            for r in 0..<s {
                for g in 1..<s {
                    let row = ColourCube.at(r, g, 0) * k
                    for i in row..<(row + s * k) { m[i] &+= m[i &- s &* k] }
                }
            }
            for row in 0..<(s * s) {
                let start = row * s * k
                for i in (start + k)..<(start + s * k) { m[i] &+= m[i &- k] }
            }
        }
    }

    /// Moment `k` summed over a box, by inclusion and exclusion of its corners.
    @inline(__always) private func sum(_ k: Int, _ x: Box) -> Int64 {
        func v(_ r: Int, _ g: Int, _ b: Int) -> Int64 { m[ColourCube.at(r, g, b) &* ColourCube.stride &+ k] }
        return v(x.r1, x.g1, x.b1) &- v(x.r1, x.g1, x.b0) &- v(x.r1, x.g0, x.b1) &+ v(x.r1, x.g0, x.b0)
            &- v(x.r0, x.g1, x.b1) &+ v(x.r0, x.g1, x.b0) &+ v(x.r0, x.g0, x.b1) &- v(x.r0, x.g0, x.b0)
    }

    func weight(_ x: Box) -> Int64 { sum(0, x) }

    private struct Moments { var w, r, g, b: Int64 }
    private func moments(_ x: Box) -> Moments { Moments(w: sum(0, x), r: sum(1, x), g: sum(2, x), b: sum(3, x)) }

    func mean(_ x: Box) -> (r: UInt8, g: UInt8, b: UInt8) {
        let m = moments(x)
        let n = max(1, m.w)
        func c(_ v: Int64) -> UInt8 { UInt8(clamping: (v + n / 2) / n) }
        return (c(m.r), c(m.g), c(m.b))
    }

    /// Sum of squared distances to the mean, over the box.
    private func variance(_ x: Box) -> Double {
        let m = moments(x)
        guard m.w > 0 else { return 0 }
        let dr = Double(m.r), dg = Double(m.g), db = Double(m.b)
        return Double(sum(4, x)) - (dr * dr + dg * dg + db * db) / Double(m.w)
    }

    /// Between-class term of a part: |sum|² / count (larger is a better cut).
    @inline(__always) private static func score(_ m: Moments) -> Double {
        let dr = Double(m.r), dg = Double(m.g), db = Double(m.b)
        return (dr * dr + dg * dg + db * db) / Double(m.w)
    }

    /// The best place to cut `x` along `axis` (0 r, 1 g, 2 b) and its score.
    private func bestCut(_ x: Box, axis: Int, whole: Moments) -> (at: Int, score: Double)? {
        let (lo, hi) = axis == 0 ? (x.r0, x.r1) : axis == 1 ? (x.g0, x.g1) : (x.b0, x.b1)
        var best: (Int, Double)?
        var part = x
        for cut in (lo + 1)..<max(lo + 1, hi) {
            switch axis {
            case 0: part.r1 = cut
            case 1: part.g1 = cut
            default: part.b1 = cut
            }
            let low = moments(part)
            let high = Moments(w: whole.w - low.w, r: whole.r - low.r, g: whole.g - low.g, b: whole.b - low.b)
            guard low.w > 0, high.w > 0 else { continue }
            let s = ColourCube.score(low) + ColourCube.score(high)
            if best == nil || s > best!.1 { best = (cut, s) }
        }
        return best
    }

    /// Cuts `x` in two where the variance drops most; nil when it cannot be cut.
    private func cut(_ x: Box) -> (Box, Box)? {
        let whole = moments(x)
        var best: (axis: Int, at: Int, score: Double)?
        for axis in 0..<3 {
            if let c = bestCut(x, axis: axis, whole: whole), best == nil || c.score > best!.score { best = (axis, c.at, c.score) }
        }
        guard let best else { return nil }
        var a = x, b = x
        switch best.axis {
        case 0: a.r1 = best.at; b.r0 = best.at
        case 1: a.g1 = best.at; b.g0 = best.at
        default: a.b1 = best.at; b.b0 = best.at
        }
        return (a, b)
    }

    /// Up to `k` boxes covering every pixel: the box with the largest
    /// variance is cut until there are `k` or none can be cut.
    func partition(into k: Int) -> [Box] {
        var boxes = [Box()]
        guard weight(boxes[0]) > 0 else { return [] }
        var variances = [variance(boxes[0])]
        while boxes.count < k {
            var next = -1
            var largest = 0.0
            for (i, v) in variances.enumerated() where v > largest { next = i; largest = v }
            guard next >= 0 else { break }
            guard let (a, b) = cut(boxes[next]) else { variances[next] = 0; continue }
            boxes[next] = a; variances[next] = variance(a)
            boxes.append(b); variances.append(variance(b))
        }
        return boxes
    }
}

/// Our sixel encoder: a Wu palette, run-length encoded bands of six pixel
/// rows, and colours painted over one another.
///
/// Within a band, colours are drawn most frequent first, and a colour drawn
/// later paints over an earlier one (bits left at 0 keep what is behind).
/// So a colour may also set the bits of pixels whose own colour comes
/// later: those are don't-cares, and the encoder uses them to make its
/// runs longer (the first colour of a band is usually one run across it),
/// bridging gaps that would otherwise cost a skip. Only the pixels of
/// colours already drawn are off limits. Each run is the longest that
/// stays clear of them, which needs the fewest runs.
public struct SixelEncoder: Sendable {
    /// Colour registers to use; terminals report theirs (XTSMGRAPHICS), and
    /// 256 is the usual maximum.
    public var maxColors: Int

    public init(maxColors: Int = 256) { self.maxColors = max(2, min(256, maxColors)) }

    /// Sixel colours are given in percent, so palette entries are snapped to
    /// the values a percentage can express before pixels are matched to them.
    static func snapToPercent(_ v: UInt8) -> UInt8 {
        let percent = (Int(v) * 100 + 127) / 255
        return UInt8((percent * 255 + 50) / 100)
    }

    /// The picture scaled by area averaging to `width` x `height` pixels, as sixel.
    public func encode(_ image: RGBAImage, width: Int, height: Int) -> [UInt8] {
        encode(image.areaAveraged(width: width, height: height))
    }

    /// A complete DCS sixel sequence, from ESC P to ESC \.
    public func encode(_ image: RGBAImage) -> [UInt8] {
        let q = QuantizedImage(image, maxColors: maxColors, snap: SixelEncoder.snapToPercent)
        return SixelEncoder.encode(q)
    }

    static func encode(_ q: QuantizedImage) -> [UInt8] {
        let w = q.width, h = q.height
        var out = SixelWriter(capacity: w * h / 2 + 4096)
        // ESC P 0;1;0 q: pixel aspect from the raster attributes, and bits
        // left at 0 keep whatever is behind.
        out.append(contentsOf: [0x1B, 0x50, 0x30, 0x3B, 0x31, 0x3B, 0x30, 0x71, 0x22, 0x31, 0x3B, 0x31, 0x3B])
        out.number(w); out.append(0x3B); out.number(h)
        for (i, c) in q.palette.enumerated() {
            out.append(0x23); out.number(i); out.append(contentsOf: [0x3B, 0x32, 0x3B])
            out.number((Int(c.r) * 100 + 127) / 255); out.append(0x3B)
            out.number((Int(c.g) * 100 + 127) / 255); out.append(0x3B)
            out.number((Int(c.b) * 100 + 127) / 255)
        }
        guard w > 0, h > 0 else { out.append(contentsOf: [0x1B, 0x5C]); return out.finish() }
        var band = SixelBand(width: w, colors: max(1, q.palette.count))
        q.indices.withUnsafeBufferPointer { idx in
            var top = 0
            while top < h {
                band.collect(idx, top: top, rows: min(6, h - top))
                band.emit(into: &out, last: top + 6 >= h)
                top += 6
            }
        }
        out.append(contentsOf: [0x1B, 0x5C])
        return out.finish()
    }
}

/// One band of six pixel rows: which colours it uses, and for each the
/// six bits of every column it touches, in column order.
struct SixelBand {
    let width: Int
    /// Bits of colour c at column x: `bits[c * width + x]`.
    var bits: [UInt8]
    /// Columns colour c touches: `columns[c * width ..< c * width + touched[c]]`.
    var columns: [Int32]
    var touched: [Int32]
    var used: [Int] = []
    /// Bits of each column whose colour is already drawn.
    var painted: [UInt8]

    init(width: Int, colors: Int) {
        self.width = width
        bits = [UInt8](repeating: 0, count: colors * width)
        columns = [Int32](repeating: 0, count: colors * width)
        touched = [Int32](repeating: 0, count: colors)
        painted = [UInt8](repeating: 0, count: width)
        used.reserveCapacity(colors)
    }

    mutating func collect(_ idx: UnsafeBufferPointer<UInt8>, top: Int, rows: Int) {
        let w = width
        bits.withUnsafeMutableBufferPointer { bits in
            columns.withUnsafeMutableBufferPointer { columns in
                touched.withUnsafeMutableBufferPointer { touched in
                    for x in 0..<w {
                        var at = top * w + x
                        for r in 0..<rows {
                            let c = Int(idx[at])
                            let slot = c &* w &+ x
                            if bits[slot] == 0 {
                                let n = Int(touched[c])
                                if n == 0 { used.append(c) }
                                columns[c &* w &+ n] = Int32(truncatingIfNeeded: x)
                                touched[c] = Int32(truncatingIfNeeded: n &+ 1)
                            }
                            bits[slot] |= UInt8(truncatingIfNeeded: 1 << r)
                            at &+= w
                        }
                    }
                }
            }
        }
        // Most touched first, then by register: fixed by the picture alone.
        used.sort { touched[$0] != touched[$1] ? touched[$0] > touched[$1] : $0 < $1 }
    }

    /// Writes the band's colours, each as its longest runs, and clears the band.
    mutating func emit(into out: inout SixelWriter, last: Bool) {
        let w = width
        bits.withUnsafeMutableBufferPointer { bits in
            columns.withUnsafeMutableBufferPointer { columns in
                touched.withUnsafeMutableBufferPointer { touched in
                    painted.withUnsafeMutableBufferPointer { painted in
                        for (n, c) in used.enumerated() {
                            out.append(0x23); out.number(c)
                            let base = c &* w
                            SixelBand.runs(bits: bits, base: base, columns: UnsafeBufferPointer(rebasing: columns[base..<(base + Int(touched[c]))]),
                                           painted: painted, width: w, out: &out)
                            touched[c] = 0
                            // "$" returns to the band's start for the next colour, "-" goes to
                            // the next band; none after the last, so the cursor stays on the image.
                            if n < used.count - 1 { out.append(0x24) } else if !last { out.append(0x2D) }
                        }
                        for x in 0..<w { painted[x] = 0 }
                    }
                }
            }
        }
        used.removeAll(keepingCapacity: true)
    }

    /// One colour's runs: from each column it needs, the run goes on while
    /// the bits it must set (its pixels) stay clear of the bits already
    /// drawn, through columns it does not need, and ends at the last column
    /// it needs. Then its pixels count as drawn.
    private static func runs(bits: UnsafeMutableBufferPointer<UInt8>, base: Int, columns: UnsafeBufferPointer<Int32>,
                             painted: UnsafeMutableBufferPointer<UInt8>, width w: Int, out: inout SixelWriter) {
        let count = columns.count
        var k = 0, drawn = 0
        while k < count {
            let x = Int(columns[k])
            var value = bits[base &+ x], blocked = painted[x]
            var end = x &+ 1
            k &+= 1
            var next = x &+ 1
            while k < count, next < w {
                let need = Int(columns[k]) == next ? bits[base &+ next] : 0
                let nextBlocked = blocked | painted[next]
                if (value | need) & nextBlocked != 0 { break }
                blocked = nextBlocked
                if need != 0 { value |= need; k &+= 1; end = next &+ 1 }
                next &+= 1
            }
            if x > drawn { out.repeated(0x3F, x &- drawn) }
            out.repeated(0x3F &+ value, end &- x)
            drawn = end
        }
        // Only now are this colour's pixels drawn: within its own runs they
        // were never off limits.
        for k in 0..<count {
            let x = Int(columns[k])
            painted[x] |= bits[base &+ x]
            bits[base &+ x] = 0
        }
    }
}

/// Appends sixel text: decimal numbers and run-length encoded characters.
/// It writes through a pointer into storage it grows itself, since the
/// encoder appends a byte or two at a time, hundreds of thousands of times
/// a frame, and an array's uniqueness and capacity checks dominated that.
struct SixelWriter: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// The most one call appends besides `append(contentsOf:)`: "!" and a
    /// count of up to 19 digits and the character.
    private static let largestStep = 24

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The text written, as bytes; the writer is spent.
    consuming func finish() -> [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    private mutating func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        let bigger = max(capacity * 2, count + n)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown; capacity = bigger
    }

    @inline(__always) mutating func append(_ b: UInt8) {
        reserve(1)
        storage[count] = b; count &+= 1
    }

    mutating func append(contentsOf b: [UInt8]) {
        reserve(b.count)
        for v in b { storage[count] = v; count &+= 1 }
    }

    @inline(__always) private mutating func digits(_ v: Int) {
        if v >= 10 { digits(v / 10) }
        storage[count] = UInt8(truncatingIfNeeded: 48 &+ v % 10); count &+= 1
    }

    /// A non-negative decimal number.
    @inline(__always) mutating func number(_ v: Int) {
        reserve(SixelWriter.largestStep)
        if v < 10 { storage[count] = UInt8(truncatingIfNeeded: 48 &+ v); count &+= 1 } else { digits(v) }
    }

    /// A character `count` times: "!count" and the character from four on,
    /// where the repeat is no longer than the characters it replaces.
    @inline(__always) mutating func repeated(_ ch: UInt8, _ n: Int) {
        reserve(SixelWriter.largestStep)
        if n > 3 {
            storage[count] = 0x21; count &+= 1
            digits(n)
            storage[count] = ch; count &+= 1
        } else {
            // Spelt out: a loop here becomes a call to memset, costlier than the three stores.
            if n > 0 { storage[count] = ch }
            if n > 1 { storage[count &+ 1] = ch }
            if n > 2 { storage[count &+ 2] = ch }
            count &+= n
        }
    }
}
