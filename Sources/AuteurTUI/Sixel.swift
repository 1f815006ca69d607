/// A palette of at most `maxColors` chosen for one picture by median cut,
/// and the picture as indices into it.
///
/// Why median cut and no dithering: the frames are rendered scenes with
/// large flat or smoothly shaded areas, where an adaptive palette keeps
/// exact colours for the flat areas, and undithered areas give long runs
/// that run-length encoding shrinks; dithering would trade PSNR and bytes
/// for smoother gradients. Colours are binned to 5 bits a channel for the
/// histogram, but each palette colour is the mean of the real pixels it
/// stands for.
public struct QuantizedImage: Sendable {
    public var width: Int
    public var height: Int
    public var palette: [(r: UInt8, g: UInt8, b: UInt8)]
    public var indices: [UInt8]

    public init(_ image: RGBAImage, maxColors: Int, snap: ((UInt8) -> UInt8)? = nil) {
        width = image.width; height = image.height
        let k = max(1, min(256, maxColors))
        var counts = [UInt32](repeating: 0, count: 32768)
        var sums = [UInt32](repeating: 0, count: 32768 * 3)
        let n = image.width * image.height
        var keys = [UInt16](repeating: 0, count: n)
        image.pixels.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { c in
                sums.withUnsafeMutableBufferPointer { s in
                    keys.withUnsafeMutableBufferPointer { kk in
                        for i in 0..<n {
                            let r = p[i * 4], g = p[i * 4 + 1], b = p[i * 4 + 2]
                            let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
                            kk[i] = UInt16(key)
                            c[key] &+= 1
                            s[key * 3] &+= UInt32(r); s[key * 3 + 1] &+= UInt32(g); s[key * 3 + 2] &+= UInt32(b)
                        }
                    }
                }
            }
        }
        var bins: [Int] = []
        for key in 0..<32768 where counts[key] > 0 { bins.append(key) }

        var cut = MedianCut(bins: bins, counts: counts, sums: sums)
        var boxes = cut.boxes(count: k)
        // Largest boxes first, so that the order is fixed by the picture alone.
        boxes.sort { ($0.count, $0.start) > ($1.count, $1.start) }

        var lut = [UInt8](repeating: 0, count: 32768)
        palette = []
        palette.reserveCapacity(boxes.count)
        for (index, box) in boxes.enumerated() {
            var r: UInt64 = 0, g: UInt64 = 0, b: UInt64 = 0, total: UInt64 = 0
            for key in cut.bins[box.range] {
                r += UInt64(sums[key * 3]); g += UInt64(sums[key * 3 + 1]); b += UInt64(sums[key * 3 + 2])
                total += UInt64(counts[key])
                lut[key] = UInt8(index)
            }
            func mean(_ v: UInt64) -> UInt8 {
                let m = UInt8((v + total / 2) / max(1, total))
                return snap?(m) ?? m
            }
            palette.append((mean(r), mean(g), mean(b)))
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

/// Median cut over histogram bins: repeatedly splits the box with the
/// largest squared error along its widest channel at the pixel median.
struct MedianCut {
    struct Box {
        /// Indices into `bins`.
        var range: Range<Int>
        var count: UInt64
        var error: Double
        var start: Int { range.lowerBound }
    }

    var bins: [Int]
    let counts: [UInt32]
    let sums: [UInt32]

    init(bins: [Int], counts: [UInt32], sums: [UInt32]) {
        self.bins = bins; self.counts = counts; self.sums = sums
    }

    private static func channel(_ key: Int, _ c: Int) -> Int { (key >> (10 - 5 * c)) & 31 }

    private func makeBox(_ range: Range<Int>) -> Box {
        var total: UInt64 = 0
        var s = [Double](repeating: 0, count: 3), s2 = [Double](repeating: 0, count: 3)
        for key in bins[range] {
            let n = Double(counts[key])
            total += UInt64(counts[key])
            for c in 0..<3 {
                let v = Double(MedianCut.channel(key, c))
                s[c] += n * v; s2[c] += n * v * v
            }
        }
        var error = 0.0
        if range.count > 1, total > 0 {
            for c in 0..<3 { error += s2[c] - s[c] * s[c] / Double(total) }
        }
        return Box(range: range, count: total, error: error)
    }

    mutating func boxes(count k: Int) -> [Box] {
        guard !bins.isEmpty else { return [] }
        var boxes = [makeBox(0..<bins.count)]
        while boxes.count < k {
            var best = -1
            var bestError = 0.0
            for (i, b) in boxes.enumerated() where b.range.count > 1 && b.error > bestError {
                best = i; bestError = b.error
            }
            guard best >= 0 else { break }
            let box = boxes[best]
            var lo = [Int](repeating: 31, count: 3), hi = [Int](repeating: 0, count: 3)
            for key in bins[box.range] {
                for c in 0..<3 { let v = MedianCut.channel(key, c); lo[c] = min(lo[c], v); hi[c] = max(hi[c], v) }
            }
            let ranges = (0..<3).map { hi[$0] - lo[$0] }
            let axis = ranges.firstIndex(of: ranges.max()!)!
            let range = box.range
            // A counting sort on the 32 levels of the axis: stable, so the
            // order (and the split) depends on the picture alone.
            var buckets = [Int](repeating: 0, count: 33)
            for key in bins[range] { buckets[MedianCut.channel(key, axis) + 1] += 1 }
            for v in 1..<33 { buckets[v] += buckets[v - 1] }
            var sorted = [Int](repeating: 0, count: range.count)
            for key in bins[range] {
                let v = MedianCut.channel(key, axis)
                sorted[buckets[v]] = key
                buckets[v] += 1
            }
            bins.replaceSubrange(range, with: sorted)
            var acc: UInt64 = 0
            var cut = range.lowerBound + 1
            for i in range {
                acc += UInt64(counts[bins[i]])
                if acc * 2 >= box.count { cut = min(range.upperBound - 1, max(range.lowerBound + 1, i + 1)); break }
            }
            boxes[best] = makeBox(range.lowerBound..<cut)
            boxes.append(makeBox(cut..<range.upperBound))
        }
        return boxes
    }
}

/// Our sixel encoder: a median-cut palette, run-length encoded bands of six
/// pixel rows, each colour sent only over the span of the band it covers.
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
        // left at 0 keep whatever is behind (every pixel gets one colour).
        out.append(contentsOf: [0x1B, 0x50, 0x30, 0x3B, 0x31, 0x3B, 0x30, 0x71, 0x22, 0x31, 0x3B, 0x31, 0x3B])
        out.number(w); out.append(0x3B); out.number(h)
        for (i, c) in q.palette.enumerated() {
            out.append(0x23); out.number(i); out.append(contentsOf: [0x3B, 0x32, 0x3B])
            out.number((Int(c.r) * 100 + 127) / 255); out.append(0x3B)
            out.number((Int(c.g) * 100 + 127) / 255); out.append(0x3B)
            out.number((Int(c.b) * 100 + 127) / 255)
        }
        guard w > 0, h > 0 else { out.append(contentsOf: [0x1B, 0x5C]); return out.bytes }
        let colors = max(1, q.palette.count)
        // Per band: the six bits of each (colour, column), and for each colour
        // the columns it touches in order, so that a colour scattered across a
        // band costs its touches, not the width of the band.
        var bits = [UInt8](repeating: 0, count: colors * w)
        var columns = [Int32](repeating: 0, count: colors * w)
        var touched = [Int](repeating: 0, count: colors)
        var used: [Int] = []
        used.reserveCapacity(colors)

        q.indices.withUnsafeBufferPointer { idx in
            bits.withUnsafeMutableBufferPointer { bits in
                columns.withUnsafeMutableBufferPointer { columns in
                    touched.withUnsafeMutableBufferPointer { touched in
                        var bandTop = 0
                        while bandTop < h {
                            let rows = min(6, h - bandTop)
                            for x in 0..<w {
                                var at = bandTop * w + x
                                for r in 0..<rows {
                                    let c = Int(idx[at])
                                    let slot = c * w + x
                                    if bits[slot] == 0 {
                                        let n = touched[c]
                                        if n == 0 { used.append(c) }
                                        columns[c * w + n] = Int32(x)
                                        touched[c] = n + 1
                                    }
                                    bits[slot] |= UInt8(1 << r)
                                    at += w
                                }
                            }
                            for (n, c) in used.enumerated() {
                                out.append(0x23); out.number(c)
                                let base = c * w
                                let count = touched[c]
                                var drawn = 0, k = 0
                                while k < count {
                                    let x = Int(columns[base + k])
                                    let v = bits[base + x]
                                    if x > drawn { out.repeated(0x3F, x - drawn) }
                                    var run = 1
                                    while k + run < count, Int(columns[base + k + run]) == x + run, bits[base + x + run] == v { run += 1 }
                                    out.repeated(0x3F + v, run)
                                    for i in x..<(x + run) { bits[base + i] = 0 }
                                    drawn = x + run
                                    k += run
                                }
                                touched[c] = 0
                                // "$" returns to the band's start for the next colour, "-" goes to
                                // the next band; none after the last, so the cursor stays on the image.
                                if n < used.count - 1 { out.append(0x24) } else if bandTop + 6 < h { out.append(0x2D) }
                            }
                            used.removeAll(keepingCapacity: true)
                            bandTop += 6
                        }
                    }
                }
            }
        }
        out.append(contentsOf: [0x1B, 0x5C])
        return out.bytes
    }
}

/// Appends sixel text: decimal numbers and run-length encoded characters.
struct SixelWriter {
    var bytes: [UInt8]
    init(capacity: Int) { bytes = []; bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func append(_ b: UInt8) { bytes.append(b) }
    @inline(__always) mutating func append(contentsOf b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Values here are sizes, counts, registers and percentages: below 100000.
    @inline(__always) mutating func number(_ v: Int) {
        if v >= 10000 { bytes.append(UInt8(48 + v / 10000 % 10)) }
        if v >= 1000 { bytes.append(UInt8(48 + v / 1000 % 10)) }
        if v >= 100 { bytes.append(UInt8(48 + v / 100 % 10)) }
        if v >= 10 { bytes.append(UInt8(48 + v / 10 % 10)) }
        bytes.append(UInt8(48 + v % 10))
    }

    /// A character `count` times: "!count" and the character from four on,
    /// where the repeat is no longer than the characters it replaces.
    @inline(__always) mutating func repeated(_ ch: UInt8, _ count: Int) {
        if count > 3 {
            bytes.append(0x21); number(count); bytes.append(ch)
        } else {
            for _ in 0..<count { bytes.append(ch) }
        }
    }
}
