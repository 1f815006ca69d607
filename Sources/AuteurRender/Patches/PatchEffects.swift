/// What a fill does to one square patch of the frame, told from its outline
/// alone, without scan conversion.
///
/// A patch whose closed square no edge (nor level stretch of the outline)
/// comes within two pixels of lies in one
/// region of the outline's winding number, so the scan converter gives
/// every pixel of it the same coverage: none (winding zero, or even under
/// the even-odd rule), or full. A fill that covers a patch fully paints it
/// as its paint alone decides, wherever the outline is; a fill that covers
/// none of it leaves it as it was. So a cloud drifting a pixel a frame
/// changes only the patches along its rim: the ones inside show the same
/// gradient every frame, and the ones in its bounds but outside the puffs
/// show the sky. Inside a puff, the arcs of the puffs overlapping it do
/// not make a patch partial either (see `patchEffects(on:)`).
public enum PatchEffect: Hashable, Sendable {
    /// The fill leaves every pixel of the patch as it was.
    case untouched
    /// The fill covers every pixel of the patch fully: its bytes depend
    /// on the paint (`DrawCommand.paintKey`), not on where the outline is.
    case whole
    /// An edge is near or inside: the patch depends on the whole command.
    case partial
}

/// The patches of a frame, `size` pixels square (the last column and row
/// may be narrower), that a command's effects are told for.
public struct PatchGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let size: Int

    public init(width: Int, height: Int, size: Int) { (self.width, self.height, self.size) = (width, height, size) }

    /// The columns and rows of patches that `rect` meets.
    public func span(of rect: IntRect) -> (columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        ((rect.x / size)...((rect.maxX - 1) / size), (rect.y / size)...((rect.maxY - 1) / size))
    }

    /// The patches `rect` meets, row by row: the order of `patchEffects`.
    public func patches(meeting rect: IntRect) -> [IntRect] {
        let (columns, rows) = span(of: rect)
        return rows.flatMap { r in columns.map { c in patch(column: c, row: r) } }
    }

    public func patch(column: Int, row: Int) -> IntRect {
        IntRect(x: column * size, y: row * size, width: min(size, width - column * size), height: min(size, height - row * size))!
    }
}

extension DrawCommand {
    /// A digest of what the command paints where it covers fully: its paint
    /// (colours, and for a gradient or image its placement in device space)
    /// and nothing of its outline. Tagged, so it never equals a fingerprint
    /// of the same paint on some outline.
    public var paintKey: UInt64 {
        var h = ContentDigest()
        h.add(Int64(0x57484f4c45))  // "WHOLE"
        paint.digest(into: &h)
        return h.value
    }

    /// The effect on every patch of `grid` that the command's bounds meet,
    /// row by row over `grid.span(of: bounds)`; nil for a command whose
    /// effect is not told from its outline (a filter, a blur, a
    /// pixel-aligned rectangle, which the rasteriser already draws as
    /// cheaply as a copy).
    public func patchEffects(on grid: PatchGrid) -> [PatchEffect]? {
        guard filter == nil, blur == nil, pixelRect == nil, !edges.isEmpty else { return nil }
        let (columns, rows) = grid.span(of: bounds)
        let count = columns.count, unit = Int64(grid.size) * 256
        // Per patch, which contours come within about two pixels of it: bit
        // k for contour k, and the last bit for all contours from 63 on.
        var near = [UInt64](repeating: 0, count: count * rows.count)
        // Every patch whose square an edge comes within about two pixels of,
        // row of patches by row: where the edge runs through the row's band
        // (widened by two pixels up and down), widened by two pixels left
        // and right. Marking too many only costs a reuse; the margin is
        // far more than the rounding of the x found at each end.
        func floorDiv(_ a: Int64) -> Int { Int(a >= 0 ? a / unit : -((-a + unit - 1) / unit)) }
        let margin: Int64 = 512
        /// Marks the patches near the segment from (x0, y0) to (x1, y1), y0 <= y1.
        func mark(_ x0: Int64, _ y0: Int64, _ x1: Int64, _ y1: Int64, _ bit: UInt64) {
            let r0 = max(rows.lowerBound, floorDiv(y0 - margin)), r1 = min(rows.upperBound, floorDiv(y1 + margin))
            guard r0 <= r1 else { return }
            for r in r0...r1 {
                let top = max(y0, Int64(r) * unit - margin), bottom = min(y1, Int64(r + 1) * unit + margin)
                guard top <= bottom else { continue }
                // A level segment spans its whole length at its one y.
                let xa = y1 == y0 ? min(x0, x1) : Self.x(x0, y0, x1, y1, at: top)
                let xb = y1 == y0 ? max(x0, x1) : Self.x(x0, y0, x1, y1, at: bottom)
                let c0 = max(columns.lowerBound, floorDiv(min(xa, xb) - margin))
                let c1 = min(columns.upperBound, floorDiv(max(xa, xb) + margin))
                guard c0 <= c1 else { continue }
                let base = (r - rows.lowerBound) * count - columns.lowerBound
                for c in c0...c1 { near[base + c] |= bit }
            }
        }
        // Each edge, and each level segment of the outline: level segments
        // are not edges (they add no winding), yet the pixels along one are
        // partly covered: the bottom of a rounded rectangle runs level
        // across whole patches. Each lies between where one edge ends and
        // the next begins, in path order.
        for (index, contour) in contours.enumerated() {
            let bit = UInt64(1) << UInt64(min(index, 63))
            for k in contour.start..<contour.end {
                let e = edges[k], next = edges[k + 1 < contour.end ? k + 1 : contour.start]
                mark(Int64(e.x0), Int64(e.y0), Int64(e.x1), Int64(e.y1), bit)
                let end = e.winding > 0 ? (e.x1, e.y1) : (e.x0, e.y0)
                let start = next.winding > 0 ? (next.x0, next.y0) : (next.x1, next.y1)
                if end != start { mark(Int64(end.0), Int64(end.1), Int64(start.0), Int64(start.1), bit) }
            }
        }
        // Under the nonzero rule, an outline made of convex contours all
        // turning the same way (a cloud's puffs) covers a patch fully that
        // lies inside any one of them, even where the others' edges cross
        // it: each adds a winding of 0 or 1 (or 0 or -1) everywhere, so the
        // sum never falls back to zero. The scan converter's integers are
        // the exact area of each contour's outline, so every pixel there
        // reaches full coverage and is drawn as the paint alone.
        let puffs = rule == .nonZero && contours.count > 1 && Self.commonTurn(of: contours, edges) != nil
        // Per contour, its winding number at the patch being told (puffs only).
        var windings = [Int32](repeating: 0, count: puffs ? contours.count : 0)
        /// Whether a contour with no edge near the patch (one of the first
        /// 63, which have a bit of their own) winds around it.
        func enclosed(_ marks: UInt64) -> Bool {
            windings.indices.prefix(63).contains { windings[$0] != 0 && marks & UInt64(1) << UInt64($0) == 0 }
        }
        var effects = [PatchEffect](repeating: .partial, count: near.count)
        var crossings: [(x: Int64, winding: Int32, contour: Int)] = []
        for r in rows {
            let base = (r - rows.lowerBound) * count - columns.lowerBound
            guard puffs || columns.contains(where: { near[base + $0] == 0 }) else { continue }
            // The winding number at the centre of each patch's first pixel,
            // counted along that pixel row from the left, in all and per
            // contour. No edge passes near an untouched patch, nor any edge
            // of a contour near a patch that contour encloses, so the centre
            // is never on one that counts.
            let y = Int64(r * grid.size) * 256 + 128
            crossings.removeAll(keepingCapacity: true)
            for (index, contour) in contours.enumerated() {
                for e in edges[contour.start..<contour.end] where Int64(e.y0) <= y && y < Int64(e.y1) {
                    crossings.append((Self.x(Int64(e.x0), Int64(e.y0), Int64(e.x1), Int64(e.y1), at: y), e.winding, index))
                }
            }
            crossings.sort { $0.x < $1.x }
            var next = 0
            var winding: Int32 = 0
            for i in windings.indices { windings[i] = 0 }
            for c in columns {
                let x = Int64(c * grid.size) * 256 + 128
                while next < crossings.count && crossings[next].x < x {
                    winding &+= crossings[next].winding
                    if puffs { windings[crossings[next].contour] &+= crossings[next].winding }
                    next += 1
                }
                // A whole patch must lie inside the bounds too: a clip
                // narrows them, and the rasteriser paints only inside.
                let marks = near[base + c]
                if marks != 0 {
                    if puffs, enclosed(marks), bounds.contains(grid.patch(column: c, row: r)) {
                        effects[base + c] = .whole
                    }
                    continue
                }
                let covered = rule == .evenOdd ? winding & 1 != 0 : winding != 0
                if !covered {
                    effects[base + c] = .untouched
                } else if bounds.contains(grid.patch(column: c, row: r)) {
                    effects[base + c] = .whole
                }
            }
        }
        return effects
    }

    /// The way every contour turns, +1 or -1, when each is a convex
    /// polygon going round once and all turn the same way; nil otherwise.
    /// Convex: no turn the other way and no reversal. Once round: the
    /// outline goes down, then up, and nothing more (exactly two changes
    /// of direction between its edges, level stretches aside).
    static func commonTurn(of contours: [ContourSpan], _ edges: [Edge]) -> Int? {
        var sense = 0
        var points: [(x: Int64, y: Int64)] = []
        for contour in contours {
            var changes = 0
            for k in contour.start..<contour.end {
                let next = k + 1 < contour.end ? k + 1 : contour.start
                if edges[k].winding != edges[next].winding { changes += 1 }
            }
            guard changes == 2 else { return nil }
            points.removeAll(keepingCapacity: true)
            for k in contour.start..<contour.end {
                let e = edges[k]
                let from = e.winding > 0 ? (Int64(e.x0), Int64(e.y0)) : (Int64(e.x1), Int64(e.y1))
                let to = e.winding > 0 ? (Int64(e.x1), Int64(e.y1)) : (Int64(e.x0), Int64(e.y0))
                if points.last.map({ $0 != from }) ?? true { points.append(from) }
                points.append(to)
            }
            if points.count > 1, points[0] == points[points.count - 1] { points.removeLast() }
            guard points.count >= 3 else { return nil }
            for i in points.indices {
                let a = points[i], b = points[(i + 1) % points.count], c = points[(i + 2) % points.count]
                let (ux, uy, vx, vy) = (b.x - a.x, b.y - a.y, c.x - b.x, c.y - b.y)
                let cross = ux * vy - uy * vx
                if cross == 0 {
                    // Straight on is fine; straight back is a reversal.
                    guard ux * vx + uy * vy > 0 else { return nil }
                    continue
                }
                let turn = cross > 0 ? 1 : -1
                if sense == 0 { sense = turn } else if turn != sense { return nil }
            }
        }
        return sense == 0 ? nil : sense
    }

    /// Where the segment from (x0, y0) to (x1, y1), y0 < y1, is at height `y`.
    private static func x(_ x0: Int64, _ y0: Int64, _ x1: Int64, _ y1: Int64, at y: Int64) -> Int64 {
        x0 + (x1 - x0) * (y - y0) / (y1 - y0)
    }
}
