import Foundation

/// Turns a `DisplayList` into pixels, one tile at a time. It owns scratch
/// buffers sized for the largest tile seen, so keep one per thread and
/// reuse it; it never starts threads itself.
public final class Rasterizer {
    /// The patch side the renderer uses; any tile size gives the same bytes.
    public static let patchSize = 32

    // Cells of the tile being accumulated: winding cover and signed area,
    // in 24.8 fixed point. Kept all-zero between commands.
    private let cover = Scratch<Int32>()
    private let area = Scratch<Int32>()
    /// Per row: winding carried in from cells left of the region.
    private let carry = Scratch<Int32>()
    /// Per pixel coverage, 0 to `fullCoverage` (or `blurFull` after a blur).
    private let mask = Scratch<Int32>()
    private let blurred = Scratch<Int32>()
    private let line = Scratch<Int32>()
    /// Linear-light premultiplied colour of the tile.
    private let color = Scratch<SIMD4<Float>>()
    /// Image columns of the region being painted, for unrotated images.
    private let columns = Scratch<Texels.Taps>()
    /// Paint colours of the region's columns, for gradients that vary along x only.
    private let columnColor = Scratch<SIMD4<Float>>()
    /// One colour per row of the tile, while `layout` is `.rows`.
    private let rowColor = Scratch<SIMD4<Float>>()
    /// Which commands may touch each tile of the current row of tiles.
    private let bins = CommandBins()
    /// The tile's pixels as encoded, before they are copied out.
    private let encoded = Scratch<UInt32>()
    /// Per row, while `layout` is `.sharedRows`: the row whose pixels it repeats (itself if none).
    private let rowSource = Scratch<Int32>()

    /// How the tile's colour is held. Most of a frame is flat, or flat
    /// along each row (horizontal bands, vertical gradients), so the tile
    /// stays in the cheapest form that holds it exactly and is expanded
    /// only when a command makes pixels of one row differ. A command
    /// applied to one colour gives what it gives to each pixel of that
    /// colour, so every form yields the same bytes.
    enum Layout {
        /// Every pixel is `flat`; `color` and `rowColor` are stale.
        case uniform
        /// Row y of the tile is `rowColor[y]`; `color` is stale.
        case rows
        /// `color` holds every pixel of each row y with `rowSource[y] == y`;
        /// any other row repeats the row it names. Strips painted down the
        /// whole tile (a gradient drawn as narrow bands) keep equal rows
        /// equal, so they are painted once per distinct row.
        case sharedRows
        /// `color` holds every pixel.
        case pixels
    }
    private var layout = Layout.uniform
    private var flat = SIMD4<Float>.zero

    /// Off, the rasteriser takes its general path everywhere (scan
    /// conversion per pixel, colour per pixel): tests compare the two.
    var fastPaths = true

    public init() {}

    /// Renders the pixels of `tile` (global frame coordinates) as RGBA8
    /// sRGB straight alpha: pixel (tile.x, tile.y) is written at `pixels`,
    /// each row `bytesPerRow` after the previous. Writes exactly the tile.
    public func rasterize(_ list: DisplayList, tile: IntRect, into pixels: UnsafeMutableRawPointer, bytesPerRow: Int) {
        color.reserve(tile.area)
        rowColor.reserve(tile.height)
        rowSource.reserve(tile.height)
        layout = .uniform
        flat = .zero
        let tx0 = tile.x, ty0 = tile.y, tx1 = tile.maxX, ty1 = tile.maxY
        list.commands.withUnsafeBufferPointer { commands in
            @inline(__always) func visit(_ i: Int) {
                // Reject on the bounds alone, without touching the rest of the command.
                let b = commands[i].bounds
                guard b.x < tx1, b.maxX > tx0, b.y < ty1, b.maxY > ty0 else { return }
                // Each command works only on the part of the tile inside its
                // bounds. Coverage of a pixel does not depend on the region it
                // is computed in, so this is exact, and it is what makes a clip
                // (narrowed bounds) pixel-exact.
                guard let region = b.intersection(tile) else { return }
                if fastPaths, let rect = commands[i].pixelRect, let s = commands[i].solid {
                    // A solid pixel-aligned rectangle, the commonest command
                    // of all (bands, walls, bars): exactly full inside and
                    // empty outside; read without copying the command.
                    guard let inside = region.intersection(rect) else { return }
                    composite(.solid(s), .full, region: inside, tile: tile)
                    return
                }
                draw(commands[i], region: region, tile: tile)
            }
            // Painting starts at the last command that covers the whole tile
            // opaquely: it sets every pixel to its own colour, so nothing
            // beneath it can change a byte (a region look's tiles hold the
            // main look's commands under the region's own scenery).
            let skipHidden = fastPaths
            @inline(__always) func covers(_ i: Int) -> Bool {
                guard skipHidden, let r = commands[i].opaqueRect else { return false }
                return r.x <= tx0 && r.maxX >= tx1 && r.y <= ty0 && r.maxY >= ty1
            }
            func paint<C: BidirectionalCollection>(_ order: C) where C.Element: BinaryInteger {
                let start = order.lastIndex { covers(Int($0)) } ?? order.startIndex
                for i in order[start...] { visit(Int(i)) }
            }
            if fastPaths, let candidates = bins.candidates(list.commands, commands, tile: tile) {
                paint(candidates)
            } else {
                paint(commands.indices)
            }
        }
        encode(tile: tile, into: pixels, bytesPerRow: bytesPerRow)
    }

    private func draw(_ command: DrawCommand, region: IntRect, tile: IntRect) {
        if let filter = command.filter {
            apply(filter, region: region, tile: tile)
            return
        }
        if fastPaths, let rect = command.pixelRect {
            // Exactly full inside the rectangle and empty outside it.
            guard let inside = region.intersection(rect) else { return }
            composite(command.paint, .full, region: inside, tile: tile)
            return
        }
        let coverage: Coverage
        if let blur = command.blur {
            coverage = blurredCoverage(command, blur: blur, region: region)
        } else {
            coverage = accumulate(command, region: region, byRows: fastPaths)
        }
        composite(command.paint, coverage, region: region, tile: tile)
    }

    /// Renders `tile` into its place in `image`; the part outside the image is dropped.
    public func rasterize(_ list: DisplayList, tile: IntRect, into image: inout FrameImage) {
        guard let frame = IntRect(x: 0, y: 0, width: image.width, height: image.height),
              let t = tile.intersection(frame) else { return }
        let stride = image.width * 4
        image.pixels.withUnsafeMutableBytes { raw in
            rasterize(list, tile: t, into: raw.baseAddress! + t.y * stride + t.x * 4, bytesPerRow: stride)
        }
    }

    /// The whole frame, tile by tile on this thread.
    public func render(_ list: DisplayList, tileWidth: Int = Rasterizer.patchSize,
                       tileHeight: Int = Rasterizer.patchSize) -> FrameImage {
        var image = FrameImage(width: list.frame.width, height: list.frame.height)!
        for tile in list.frame.tiles(width: tileWidth, height: tileHeight) {
            rasterize(list, tile: tile, into: &image)
        }
        return image
    }

    // MARK: Coverage

    enum Coverage {
        /// Nothing in the region is covered.
        case empty
        /// Every pixel is fully covered.
        case full
        /// `mask` holds per-pixel coverage with `full` meaning 1.
        case mixed(full: Int32)
        /// Each row of the region has one coverage, in `carry`, `full` meaning 1.
        case rows(full: Int32)

        var isFlatAlongRows: Bool {
            if case .mixed = self { return false }
            return true
        }
    }

    /// One pixel fully inside: the cell value cover*512 - area reaches
    /// 2*256*256 (24.8 fixed point, area counted twice).
    static let fullCoverage: Int32 = 131072
    static let blurFull: Int32 = 4096

    @inline(__always)
    private static func coverage(_ v: Int32, evenOdd: Bool) -> Int32 {
        var a = v < 0 ? 0 &- v : v
        if a < 0 { a = .max }
        if evenOdd {
            a &= 2 * fullCoverage - 1
            return a > fullCoverage ? 2 * fullCoverage - a : a
        }
        return min(a, fullCoverage)
    }

    /// Scan-converts the edges over `region` into `mask` (row stride
    /// region.width). Every number here is an integer computed from the
    /// edge and the pixel row alone, so a pixel gets the same value in any
    /// region that contains it.
    private func accumulate(_ command: DrawCommand, region: IntRect, byRows: Bool = false) -> Coverage {
        let w = region.width, h = region.height
        cover.reserve(w * h); area.reserve(w * h); carry.reserve(h); mask.reserve(w * h)
        let cov = cover.pointer, ar = area.pointer, car = carry.pointer, m = mask.pointer
        car.update(repeating: 0, count: h)
        let left = Int32(region.x << 8), right = Int32(region.maxX << 8)
        let top = Int32(region.y << 8), bottom = Int32(region.maxY << 8)
        let rx = region.x, ry = region.y, rmaxX = region.maxX
        var touched = false

        @inline(__always) func cell(_ cx: Int, _ row: Int, _ dy: Int32, _ fxSum: Int32) {
            if cx < rx {
                car[row] &+= dy
            } else if cx < rmaxX {
                let i = row * w + (cx - rx)
                cov[i] &+= dy
                ar[i] &+= dy &* fxSum
                touched = true
            }
        }

        /// Adds one edge's cells; an edge that misses the region adds nothing.
        func scan(_ e: Edge) {
            if e.y1 <= top || e.y0 >= bottom || e.minX >= right { return }
            let firstRow = max(Int(e.y0 >> 8), ry), lastRow = min(Int((e.y1 - 1) >> 8), region.maxY - 1)
            if firstRow > lastRow { return }
            let dir = e.winding
            if e.maxX < left {
                // Wholly left of the region: only the winding it carries in matters.
                for r in firstRow...lastRow {
                    let ya = max(e.y0, Int32(r << 8)), yb = min(e.y1, Int32((r + 1) << 8))
                    car[r - ry] &+= (yb - ya) * dir
                }
                return
            }
            let ex = Int64(e.x1 - e.x0), ey = Int64(e.y1 - e.y0)
            for r in firstRow...lastRow {
                let row = r - ry
                let ya = max(e.y0, Int32(r << 8)), yb = min(e.y1, Int32((r + 1) << 8))
                let xa = e.x0 + Int32(Int64(ya - e.y0) * ex / ey)
                let xb = e.x0 + Int32(Int64(yb - e.y0) * ex / ey)
                let cxa = Int(xa >> 8), cxb = Int(xb >> 8)
                if cxa == cxb {
                    let base = Int32(cxa << 8)
                    cell(cxa, row, (yb - ya) * dir, (xa - base) + (xb - base))
                    continue
                }
                // Walk the cells the piece crosses; each boundary's y comes
                // from the row's end points, so rounding never accumulates,
                // and a run of cells outside the region can be jumped: the
                // covers of the cells left of it telescope to one exact
                // difference, and cells right of it change nothing here.
                let dx = Int64(xb - xa), dyRow = Int64(yb - ya)
                var ys = ya, xs = xa
                if xb > xa {
                    var cx = cxa
                    if cx < rx {
                        if cxb < rx { car[row] &+= (yb - ya) * dir; continue }
                        let bx = Int32(rx << 8)
                        let yy = ya + Int32(Int64(bx - xa) * dyRow / dx)
                        car[row] &+= (yy - ya) * dir
                        xs = bx; ys = yy; cx = rx
                    }
                    while cx < cxb {
                        let bx = Int32((cx + 1) << 8)
                        let yy = ya + Int32(Int64(bx - xa) * dyRow / dx)
                        cell(cx, row, (yy - ys) * dir, (xs - Int32(cx << 8)) + 256)
                        xs = bx; ys = yy; cx += 1
                        if cx >= rmaxX { break }
                    }
                    if cx == cxb { cell(cxb, row, (yb - ys) * dir, xb - Int32(cxb << 8)) }
                } else {
                    var cx = cxa
                    if cx >= rmaxX {
                        if cxb >= rmaxX { continue }
                        let bx = Int32(rmaxX << 8)
                        ys = ya + Int32(Int64(xa - bx) * dyRow / -dx)
                        xs = bx; cx = rmaxX - 1
                    }
                    var carried = false
                    while cx > cxb {
                        if cx < rx {
                            car[row] &+= (yb - ys) * dir
                            carried = true
                            break
                        }
                        let bx = Int32(cx << 8)
                        let yy = ya + Int32(Int64(xa - bx) * dyRow / -dx)
                        cell(cx, row, (yy - ys) * dir, xs - bx)
                        xs = bx; ys = yy; cx -= 1
                    }
                    if !carried { cell(cxb, row, (yb - ys) * dir, 256 + (xb - Int32(cxb << 8))) }
                }
            }
        }

        command.edges.withUnsafeBufferPointer { edges in
            for span in command.contours {
                if span.maxY <= top || span.minY >= bottom || span.minX >= right || span.maxX < left { continue }
                for i in span.start..<span.end { scan(edges[i]) }
            }
        }

        let evenOdd = command.rule == .evenOdd
        if !touched {
            // No edge inside: each row has one coverage, set by its carry.
            var allFull = true, allEmpty = true
            for r in 0..<h {
                let c = Rasterizer.coverage(car[r] &* 512, evenOdd: evenOdd)
                car[r] = c
                allFull = allFull && c == Rasterizer.fullCoverage
                allEmpty = allEmpty && c == 0
            }
            if allEmpty { return .empty }
            if allFull { return .full }
            if byRows { return .rows(full: Rasterizer.fullCoverage) }
            for r in 0..<h { (m + r * w).update(repeating: car[r], count: w) }
            return .mixed(full: Rasterizer.fullCoverage)
        }
        // Two passes: the running winding along each row, the one step that
        // is serial, then coverage from winding and area for every cell,
        // eight lanes at a time. The same integers as one pass, to the bit.
        for r in 0..<h {
            var acc = car[r]
            let c = cov + r &* w, a = ar + r &* w, out = m + r &* w
            for x in 0..<w {
                acc &+= c[x]
                out[x] = acc &* 512 &- a[x]
            }
        }
        let cells = w * h
        cov.update(repeating: 0, count: cells)
        ar.update(repeating: 0, count: cells)
        if evenOdd {
            for i in 0..<cells { m[i] = Rasterizer.coverage(m[i], evenOdd: true) }
        } else {
            // `coverage(v, evenOdd: false)` eight cells a step in explicit
            // lanes: written as a scalar loop, `min` became a branch and the
            // loop stayed scalar. The magnitude is (v ^ s) - s with s the
            // sign, taken as unsigned: Int32.min, whose magnitude overflows,
            // becomes 2^31 and clamps to full just as `.max` does.
            // `replacing(with:where:)` on eight lanes is not inlined and was
            // thirty times slower.
            let full = SIMD8<UInt32>(repeating: UInt32(bitPattern: Rasterizer.fullCoverage))
            var i = 0
            while i &+ 8 <= cells {
                let raw = UnsafeMutableRawPointer(m + i)
                let v = raw.loadUnaligned(as: SIMD8<Int32>.self)
                let sign = v &>> 31
                let magnitude = SIMD8<UInt32>(truncatingIfNeeded: (v ^ sign) &- sign)
                raw.storeBytes(of: SIMD8<Int32>(truncatingIfNeeded: pointwiseMin(magnitude, full)), as: SIMD8<Int32>.self)
                i &+= 8
            }
            while i < cells { m[i] = Rasterizer.coverage(m[i], evenOdd: false); i &+= 1 }
        }
        return .mixed(full: Rasterizer.fullCoverage)
    }

    /// The command's coverage over `region` grown by the blur's reach,
    /// blurred with exact integer box passes, cropped to `region`. Running
    /// sums are exact in integers, so the result does not depend on where
    /// the grown region starts.
    private func blurredCoverage(_ command: DrawCommand, blur: BoxBlur, region: IntRect) -> Coverage {
        guard let grown = IntRect(x: region.x - blur.before, y: region.y - blur.before,
                                  width: region.width + blur.before + blur.after,
                                  height: region.height + blur.before + blur.after) else { return .empty }
        let source = accumulate(command, region: grown)
        switch source {
        // Averaging a constant gives the constant exactly: (c*n + n/2) / n == c.
        case .empty: return .empty
        case .full: return .full
        case .mixed, .rows: break
        }
        let w = grown.width, h = grown.height
        let m = mask.pointer
        // 12 bits of coverage keep box sums far from overflow.
        for i in 0..<(w * h) { m[i] = (m[i] + 16) >> 5 }
        line.reserve(max(w, h))
        let tmp = line.pointer

        for y in 0..<h {
            boxPasses(blur, base: m + y * w, stride: 1, count: w, tmp: tmp)
        }
        for x in blur.before..<(blur.before + region.width) {
            boxPasses(blur, base: m + x, stride: w, count: h, tmp: tmp)
        }
        let tw = region.width
        blurred.reserve(region.area)
        let out = blurred.pointer
        var any = false
        for y in 0..<region.height {
            let src = m + (y + blur.before) * w + blur.before
            for x in 0..<tw {
                out[y * tw + x] = src[x]
                any = any || src[x] != 0
            }
        }
        if !any { return .empty }
        m.update(from: out, count: region.area)
        return .mixed(full: Rasterizer.blurFull)
    }

    /// Applies the three box passes along one line of `count` samples.
    /// Each pass narrows the valid span by its reach; what is left at the
    /// end is exactly the tile's span.
    private func boxPasses(_ blur: BoxBlur, base: UnsafeMutablePointer<Int32>, stride: Int, count: Int,
                           tmp: UnsafeMutablePointer<Int32>) {
        var lo = 0, hi = count
        for pass in blur.passes {
            let n = pass.hi - pass.lo + 1
            let newLo = lo - pass.lo, newHi = hi - pass.hi
            var sum: Int32 = 0
            for k in lo..<(lo + n) { sum += base[k * stride] }
            let n32 = Int32(n), half = Int32(n / 2)
            var x = newLo
            while true {
                tmp[x] = (sum + half) / n32
                x += 1
                if x >= newHi { break }
                sum += base[(x + pass.hi) * stride] - base[(x - 1 + pass.lo) * stride]
            }
            for k in newLo..<newHi { base[k * stride] = tmp[k] }
            lo = newLo; hi = newHi
        }
    }

    // MARK: Compositing

    /// Source over destination, premultiplied. The one formula every path
    /// uses, so a flat tile and a detailed tile agree to the bit.
    @inline(__always)
    static func over(_ s: SIMD4<Float>, _ c: Float, _ d: SIMD4<Float>) -> SIMD4<Float> {
        s * c + d * (1 - s.w * c)
    }

    /// Gives every row of the tile its own colour.
    private func spreadRows(_ tile: IntRect) {
        guard layout == .uniform else { return }
        rowColor.pointer.update(repeating: flat, count: tile.height)
        layout = .rows
    }

    /// Gives every pixel of the tile its own colour.
    private func materialize(_ tile: IntRect) {
        switch layout {
        case .uniform:
            color.pointer.update(repeating: flat, count: tile.area)
        case .rows:
            for y in 0..<tile.height {
                (color.pointer + y * tile.width).update(repeating: rowColor.pointer[y], count: tile.width)
            }
        case .sharedRows:
            let source = rowSource.pointer
            for y in 0..<tile.height where source[y] != y {
                (color.pointer + y * tile.width).update(from: color.pointer + Int(source[y]) * tile.width, count: tile.width)
            }
        case .pixels:
            return
        }
        layout = .pixels
    }

    /// Holds the tile as `.sharedRows`: from a flat tile or flat rows, only
    /// the first of each run of bit-identical rows is written out.
    private func shareRows(_ tile: IntRect) {
        let source = rowSource.pointer
        switch layout {
        case .uniform:
            color.pointer.update(repeating: flat, count: tile.width)
            source.update(repeating: 0, count: tile.height)
        case .rows:
            let rows = rowColor.pointer
            var first = 0
            for y in 0..<tile.height {
                if y == 0 || Rasterizer.bits(rows[y]) != Rasterizer.bits(rows[y - 1]) {
                    first = y
                    (color.pointer + y * tile.width).update(repeating: rows[y], count: tile.width)
                }
                source[y] = Int32(first)
            }
        case .sharedRows, .pixels:
            return
        }
        layout = .sharedRows
    }

    /// Rows are shared only when equal to the bit, so they encode and
    /// composite to the very same bytes.
    @inline(__always)
    private static func bits(_ c: SIMD4<Float>) -> SIMD4<UInt32> {
        unsafeBitCast(c, to: SIMD4<UInt32>.self)
    }

    /// Whether `region` can be painted one row at a time: it spans the
    /// tile's width, and the tile's rows are still flat.
    @inline(__always)
    private func byRows(_ region: IntRect, _ tile: IntRect) -> Bool {
        fastPaths && (layout == .uniform || layout == .rows) && region.x == tile.x && region.width == tile.width
    }

    /// Paints `region` (inside `tile`) through `coverage`, whose mask rows
    /// are `region.width` long. Pixels of the tile outside `region` are
    /// left alone.
    private func composite(_ paint: DevicePaint, _ coverage: Coverage, region: IntRect, tile: IntRect) {
        let whole = region == tile
        // Offset of the region's first pixel in the tile's colour buffer.
        let origin = (region.y - tile.y) * tile.width + (region.x - tile.x)
        switch coverage {
        case .empty:
            return
        case .full:
            if case .solid(let s) = paint {
                let opaque = paint.isOpaqueSolid
                if whole, opaque {
                    // over(s, 1, d) == s exactly when alpha is 1.
                    layout = .uniform
                    flat = s
                    return
                }
                if whole, layout == .uniform {
                    flat = Rasterizer.over(s, 1, flat)
                    return
                }
                if byRows(region, tile) {
                    spreadRows(tile)
                    let rows = rowColor.pointer + (region.y - tile.y)
                    for y in 0..<region.height { rows[y] = opaque ? s : Rasterizer.over(s, 1, rows[y]) }
                    return
                }
                // A strip down the whole tile does the same to every row,
                // so rows equal before it stay equal: paint only the first of each.
                let strip = fastPaths && region.y == tile.y && region.height == tile.height && layout != .pixels
                if strip { shareRows(tile) } else { materialize(tile) }
                let source = rowSource.pointer
                // Narrow strips make this loop run per row more than per
                // pixel, so the row pointer just steps and the opacity test
                // is taken once.
                var c = color.pointer + origin
                let width = region.width, stride = tile.width
                for y in 0..<region.height {
                    if !strip || source[y] == y {
                        if opaque {
                            c.update(repeating: s, count: width)
                        } else {
                            for x in 0..<width { c[x] = Rasterizer.over(s, 1, c[x]) }
                        }
                    }
                    c += stride
                }
                return
            }
            shade(paint, coverage, region: region, tile: tile)
        case .mixed(let full):
            guard case .solid(let s) = paint else {
                shade(paint, coverage, region: region, tile: tile)
                return
            }
            materialize(tile)
            let scale = 1 / Float(full)
            let opaque = s.w >= 1
            for y in 0..<region.height {
                let c = color.pointer + origin + y * tile.width
                let m = mask.pointer + y * region.width
                for x in 0..<region.width {
                    let v = m[x]
                    if v == 0 { continue }
                    if opaque && v == full { c[x] = s; continue }
                    c[x] = Rasterizer.over(s, Float(v) * scale, c[x])
                }
            }
        case .rows(let full):
            // The same arithmetic as `.mixed`, with one coverage per row.
            guard case .solid(let s) = paint else {
                shade(paint, coverage, region: region, tile: tile)
                return
            }
            let scale = 1 / Float(full)
            let opaque = s.w >= 1
            let cov = carry.pointer
            if byRows(region, tile) {
                spreadRows(tile)
                let rows = rowColor.pointer + (region.y - tile.y)
                for y in 0..<region.height {
                    let v = cov[y]
                    if v == 0 { continue }
                    rows[y] = opaque && v == full ? s : Rasterizer.over(s, Float(v) * scale, rows[y])
                }
                return
            }
            materialize(tile)
            for y in 0..<region.height {
                let v = cov[y]
                if v == 0 { continue }
                let c = color.pointer + origin + y * tile.width
                if opaque && v == full {
                    c.update(repeating: s, count: region.width)
                } else {
                    let a = Float(v) * scale
                    for x in 0..<region.width { c[x] = Rasterizer.over(s, a, c[x]) }
                }
            }
        }
    }

    /// Whether every pixel centre of `region`, mapped by `inverse`, lies a
    /// finite offset from `origin`. The map is affine and rounding is
    /// monotonic, so the corners bound every pixel; then a zero component
    /// of a gradient's axis contributes exact zeros, and the gradient's
    /// value does not depend on that coordinate at all.
    private static func finiteOffsets(_ inverse: Transform, _ origin: Point, _ region: IntRect) -> Bool {
        for (x, y) in [(region.x, region.y), (region.maxX - 1, region.y),
                       (region.x, region.maxY - 1), (region.maxX - 1, region.maxY - 1)] {
            if !(inverse.map(Point(Float(x) + 0.5, Float(y) + 0.5)) - origin).isFinite { return false }
        }
        return true
    }

    /// Composites a paint that varies per pixel. Images get their own loop
    /// so the texels are reached once per region rather than once per
    /// pixel; both loops call the same sampler, so the values agree.
    /// Gradients that vary along one axis only (the sky, a wall's light)
    /// are evaluated once per row or per column, with the very same call.
    private func shade(_ paint: DevicePaint, _ coverage: Coverage, region: IntRect, tile: IntRect) {
        if fastPaths, case .linear(let inv, let o, let axis, _) = paint, Rasterizer.finiteOffsets(inv, o, region) {
            if axis.x == 0, inv.ky == 0 {
                if byRows(region, tile), coverage.isFlatAlongRows {
                    spreadRows(tile)
                    let rows = rowColor.pointer + (region.y - tile.y)
                    for y in 0..<region.height {
                        var a: Float = 1
                        if case .rows(let full) = coverage {
                            let v = carry.pointer[y]
                            if v == 0 { continue }
                            a = Float(v) * (1 / Float(full))
                        }
                        rows[y] = Rasterizer.over(paint.color(x: region.x, y: region.y + y), a, rows[y])
                    }
                    return
                }
                materialize(tile)
                var row = Int.min, rowPaint = SIMD4<Float>.zero
                shade(coverage, region: region, tile: tile) { _, y in
                    if y != row { row = y; rowPaint = paint.color(x: region.x, y: y) }
                    return rowPaint
                }
                return
            }
            if axis.y == 0, inv.kx == 0 {
                materialize(tile)
                columnColor.reserve(region.width)
                let cols = columnColor.pointer
                for x in 0..<region.width { cols[x] = paint.color(x: region.x + x, y: region.y) }
                shade(coverage, region: region, tile: tile) { x, _ in cols[x - region.x] }
                return
            }
        }
        materialize(tile)
        if case .image(let inv, let texture) = paint {
            let w = texture.width, h = texture.height
            texture.texels.linear.withUnsafeBufferPointer { t in
                guard inv.kx == 0, inv.ky == 0 else {
                    shade(coverage, region: region, tile: tile) { x, y in
                        Texels.sample(inv.map(Point(Float(x) + 0.5, Float(y) + 0.5)), t, width: w, height: h)
                    }
                    return
                }
                // Not rotated (a backdrop, a scaled sprite): the image
                // column depends on x alone, so look it up once per column
                // of the region. With kx == 0, inv.map's x is sx*px + 0 + tx,
                // which is sx*px + tx to the bit, so this matches the
                // general loop exactly.
                columns.reserve(region.width)
                let taps = columns.pointer
                for x in 0..<region.width {
                    taps[x] = Texels.axis(inv.sx * (Float(region.x + x) + 0.5) + inv.tx, size: w)
                }
                var row = -1, rowTaps = Texels.Taps(first: 0, second: 0, weight: 0)
                shade(coverage, region: region, tile: tile) { x, y in
                    if y != row { row = y; rowTaps = Texels.axis(inv.sy * (Float(y) + 0.5) + inv.ty, size: h) }
                    return Texels.blend(t, taps[x - region.x], rowTaps, width: w)
                }
            }
            return
        }
        shade(coverage, region: region, tile: tile) { x, y in paint.color(x: x, y: y) }
    }

    /// `color` gives the premultiplied paint at global pixel (x, y). The
    /// tile must be per pixel.
    @inline(__always)
    private func shade(_ coverage: Coverage, region: IntRect, tile: IntRect, _ color: (Int, Int) -> SIMD4<Float>) {
        let origin = (region.y - tile.y) * tile.width + (region.x - tile.x)
        switch coverage {
        case .empty:
            return
        case .full:
            for y in 0..<region.height {
                let c = self.color.pointer + origin + y * tile.width
                let gy = region.y + y
                for x in 0..<region.width {
                    c[x] = Rasterizer.over(color(region.x + x, gy), 1, c[x])
                }
            }
        case .mixed(let full):
            let scale = 1 / Float(full)
            for y in 0..<region.height {
                let c = self.color.pointer + origin + y * tile.width
                let m = mask.pointer + y * region.width
                let gy = region.y + y
                for x in 0..<region.width {
                    let v = m[x]
                    if v == 0 { continue }
                    c[x] = Rasterizer.over(color(region.x + x, gy), Float(v) * scale, c[x])
                }
            }
        case .rows(let full):
            let scale = 1 / Float(full)
            for y in 0..<region.height {
                let v = carry.pointer[y]
                if v == 0 { continue }
                let c = self.color.pointer + origin + y * tile.width
                let gy = region.y + y
                let a = Float(v) * scale
                for x in 0..<region.width {
                    c[x] = Rasterizer.over(color(region.x + x, gy), a, c[x])
                }
            }
        }
    }

    /// Recolours `region` (inside `tile`). A flat tile, or flat rows, stay
    /// flat when the filter spans them: the filter is a pure function of
    /// the colour, so filtering the one colour equals filtering each pixel.
    private func apply(_ filter: ColorFilter, region: IntRect, tile: IntRect) {
        if region == tile, layout == .uniform {
            flat = filter.apply(flat)
            return
        }
        if byRows(region, tile) {
            spreadRows(tile)
            let rows = rowColor.pointer + (region.y - tile.y)
            for y in 0..<region.height { rows[y] = filter.apply(rows[y]) }
            return
        }
        materialize(tile)
        let origin = (region.y - tile.y) * tile.width + (region.x - tile.x)
        for y in 0..<region.height {
            let c = color.pointer + origin + y * tile.width
            // Runs of one colour are common (flat fills): filter each run once.
            var last = c[0], filtered = filter.apply(last)
            for x in 0..<region.width {
                let p = c[x]
                if p != last { last = p; filtered = filter.apply(p) }
                c[x] = filtered
            }
        }
    }

    // MARK: Encoding

    /// Encodes the tile into `encoded`, then copies it out a row at a
    /// time: the destination is usually a whole frame, far from cache, and
    /// a row copy reaches it in a few wide stores rather than one per pixel.
    private func encode(tile: IntRect, into pixels: UnsafeMutableRawPointer, bytesPerRow: Int) {
        let w = tile.width, rowBytes = w * 4
        encoded.reserve(tile.area)
        let out = encoded.pointer
        SRGB.encode.withUnsafeBufferPointer { table in
            let lut = table.baseAddress!
            switch layout {
            case .uniform:
                out.update(repeating: Rasterizer.encodePixel(flat, lut), count: w)
                for y in 0..<tile.height { (pixels + y * bytesPerRow).copyMemory(from: out, byteCount: rowBytes) }
            case .rows:
                let rows = rowColor.pointer
                var last = rows[0]
                out.update(repeating: Rasterizer.encodePixel(last, lut), count: w)
                for y in 0..<tile.height {
                    if rows[y] != last {
                        last = rows[y]
                        out.update(repeating: Rasterizer.encodePixel(last, lut), count: w)
                    }
                    (pixels + y * bytesPerRow).copyMemory(from: out, byteCount: rowBytes)
                }
            case .pixels:
                let c = color.pointer
                // Shapes are mostly runs of one colour: encode each run once.
                // Runs are found by bit pattern: equal bits encode equally,
                // and two integer compares are cheaper than four float ones.
                let bits = UnsafeRawPointer(c)
                var last = bits.load(as: SIMD2<UInt64>.self), px = Rasterizer.encodePixel(c[0], lut)
                for y in 0..<tile.height {
                    let start = y * w
                    // Bands often repeat a row exactly: then reuse its bytes.
                    if y > 0, memcmp(c + start, c + start - w, w * MemoryLayout<SIMD4<Float>>.stride) == 0 {
                        (out + start).update(from: out + start - w, count: w)
                        continue
                    }
                    Rasterizer.encodeRow(c + start, into: out + start, width: w, lut, &last, &px)
                }
                for y in 0..<tile.height { (pixels + y * bytesPerRow).copyMemory(from: out + y * w, byteCount: rowBytes) }
            case .sharedRows:
                let c = color.pointer, source = rowSource.pointer
                var last = UnsafeRawPointer(c).load(as: SIMD2<UInt64>.self), px = Rasterizer.encodePixel(c[0], lut)
                for y in 0..<tile.height {
                    let from = Int(source[y])
                    if from == y { Rasterizer.encodeRow(c + y * w, into: out + y * w, width: w, lut, &last, &px) }
                    (pixels + y * bytesPerRow).copyMemory(from: out + from * w, byteCount: rowBytes)
                }
            }
        }
    }

    /// Encodes one row, once per run of bit-identical colours; `last` and
    /// `px` carry the run across rows. Row pointers and wrapping offsets
    /// keep index arithmetic and its overflow checks out of the loop.
    @inline(__always)
    private static func encodeRow(_ row: UnsafePointer<SIMD4<Float>>, into dst: UnsafeMutablePointer<UInt32>, width: Int,
                                  _ lut: UnsafePointer<UInt8>, _ last: inout SIMD2<UInt64>, _ px: inout UInt32) {
        let rowBits = UnsafeRawPointer(row)
        for x in 0..<width {
            let b = rowBits.load(fromByteOffset: x &* 16, as: SIMD2<UInt64>.self)
            if b.x != last.x || b.y != last.y { last = b; px = encodePixel(row[x], lut) }
            dst[x] = px
        }
    }

    /// Premultiplied linear to straight-alpha sRGB bytes, packed r,g,b,a in memory order.
    ///
    /// Channel by channel: written on four lanes, the compiler divided
    /// every pixel by its alpha (most are opaque), branched per lane
    /// around the scaling, and checked each of the three conversions to an
    /// index; this form was a quarter faster, with the same bytes.
    @inline(__always)
    static func encodePixel(_ p: SIMD4<Float>, _ lut: UnsafePointer<UInt8>) -> UInt32 {
        let a = p.w
        if !(a > 0) { return 0 }
        let a8 = UInt32(min(1, a) * 255 + 0.5)
        if a >= 1 { return code(p.x, lut) | code(p.y, lut) << 8 | code(p.z, lut) << 16 | a8 << 24 }
        let v = p / a
        return code(v.x, lut) | code(v.y, lut) << 8 | code(v.z, lut) << 16 | a8 << 24
    }

    /// One colour channel's byte: max(0, min(1, c)) with the selects of the
    /// library's min and max (a NaN clamps to 1), then the table entry at
    /// c * steps + 0.5 rounded down.
    @inline(__always)
    private static func code(_ c: Float, _ lut: UnsafePointer<UInt8>) -> UInt32 {
        let upper = c < 1 ? c : 1
        let clamped = upper >= 0 ? upper : 0
        let y = clamped * Float(SRGB.encodeSteps) + 0.5
        // floor(y), y in [0.5, 65535.5], without a checked conversion:
        // y + 2^23 holds y rounded to the nearest integer in its low
        // mantissa bits; one step down where that rounded up.
        let magic: Float = 8_388_608
        let rounded = (y + magic) - magic
        let whole = rounded > y ? rounded - 1 : rounded
        return UInt32(lut[Int((whole + magic).bitPattern & 0x7F_FFFF)])
    }
}

/// A growable, uninitialised-free scratch array that is reused across tiles.
final class Scratch<T: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<T>
    private var capacity: Int

    init() {
        capacity = 0
        pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
    }

    /// Room for `n` elements; new storage starts zeroed.
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        pointer.deallocate()
        pointer = UnsafeMutablePointer<T>.allocate(capacity: n)
        let raw = UnsafeMutableRawPointer(pointer)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: n * MemoryLayout<T>.stride)
        capacity = n
    }

    deinit { pointer.deallocate() }
}

/// The commands that may touch each tile of one row of tiles, in painting
/// order. A frame has hundreds of commands and a tile meets a few dozen;
/// testing all of them against every tile costs more than drawing. Tiles
/// of a row share one pass over the commands, which sorts them into
/// columns of the row's tile width. The candidates are a superset of the
/// commands that meet a tile (each is still tested against the tile), so
/// the bins only skip work, they never decide what is drawn.
final class CommandBins {
    /// Keeps the binned list's storage alive, so that equal storage
    /// addresses mean the very same commands.
    private var commands: [DrawCommand] = []
    private var base: UnsafeRawPointer?
    private var top = 0, bottom = 0, origin = 0, width = 0
    private var columns = 0
    /// Column c's command indices are `indices[starts[c]..<starts[c + 1]]`.
    private var starts: [Int] = []
    private var indices: [Int32] = []

    private struct Key: Equatable {
        var address: UnsafeRawPointer?, count: Int, top: Int, bottom: Int
    }
    /// The last row asked for that had no bins (its address is only
    /// compared, never followed).
    private var lastMiss: Key?

    /// Fewer commands than this are cheaper to scan than to bin.
    static let threshold = 48

    func candidates(_ list: [DrawCommand], _ buffer: UnsafeBufferPointer<DrawCommand>,
                    tile: IntRect) -> ArraySlice<Int32>? {
        guard buffer.count >= CommandBins.threshold, buffer.count <= Int(Int32.max) else { return nil }
        let address = UnsafeRawPointer(buffer.baseAddress)
        if address != base || buffer.count != commands.count || tile.y != top || tile.maxY != bottom {
            // Binning pays off from the second tile of a row on; a lone
            // tile (a patch redrawn on its own) just scans.
            let key = Key(address: address, count: buffer.count, top: tile.y, bottom: tile.maxY)
            guard key == lastMiss else {
                lastMiss = key
                return nil
            }
            rebuild(list, buffer, tile: tile)
        }
        let offset = tile.x - origin
        guard offset >= 0, offset % width == 0, tile.width <= width else { return nil }
        let c = offset / width
        guard c < columns else { return nil }
        return indices[starts[c]..<starts[c + 1]]
    }

    private func rebuild(_ list: [DrawCommand], _ buffer: UnsafeBufferPointer<DrawCommand>, tile: IntRect) {
        commands = list
        base = UnsafeRawPointer(buffer.baseAddress)
        let top = tile.y, bottom = tile.maxY, width = tile.width
        var origin = tile.x % width
        if origin > 0 { origin -= width }
        var right = origin
        for i in buffer.indices { right = max(right, buffer[i].bounds.maxX) }
        let columns = max(1, (right - origin + width - 1) / width)
        @inline(__always) func span(_ b: IntRect) -> (Int, Int)? {
            guard b.y < bottom, b.maxY > top, b.maxX > origin else { return nil }
            let first = max(0, (b.x - origin) / width), last = min(columns - 1, (b.maxX - 1 - origin) / width)
            return first <= last ? (first, last) : nil
        }
        // Two passes, counting then placing, keep the bins in one array;
        // built in locals, as the stored properties are checked per access.
        var starts = [Int](repeating: 0, count: columns + 1)
        starts.withUnsafeMutableBufferPointer { st in
            for i in buffer.indices {
                guard let (first, last) = span(buffer[i].bounds) else { continue }
                for c in first...last { st[c + 1] += 1 }
            }
            for c in 0..<columns { st[c + 1] += st[c] }
        }
        var indices = [Int32](repeating: 0, count: starts[columns])
        var next = starts
        indices.withUnsafeMutableBufferPointer { out in
            next.withUnsafeMutableBufferPointer { nx in
                for i in buffer.indices {
                    guard let (first, last) = span(buffer[i].bounds) else { continue }
                    for c in first...last { out[nx[c]] = Int32(i); nx[c] += 1 }
                }
            }
        }
        self.top = top; self.bottom = bottom; self.width = width; self.origin = origin
        self.columns = columns; self.starts = starts; self.indices = indices
    }
}
