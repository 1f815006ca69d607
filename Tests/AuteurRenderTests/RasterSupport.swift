@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// Helpers shared by the raster tests.
enum RasterFixture {
    static func list(_ w: Int, _ h: Int, _ build: (inout DisplayList) -> Void) -> DisplayList {
        var l = DisplayList(width: w, height: h)!
        build(&l)
        return l
    }

    static func render(_ list: DisplayList, tile: Int = Rasterizer.patchSize) -> FrameImage {
        Rasterizer().render(list, tileWidth: tile, tileHeight: tile)
    }

    static func rect(_ x: Float, _ y: Float, _ w: Float, _ h: Float) -> Rect {
        Rect(x: x, y: y, width: w, height: h)!
    }

    /// One character per pixel from alpha: '#' at least 3/4 covered,
    /// '+' between 1/4 and 3/4, ' ' below 1/4. Rows joined by newlines.
    static func ascii(_ image: FrameImage) -> String {
        var rows: [String] = []
        for y in 0..<image.height {
            var row = ""
            for x in 0..<image.width {
                let a = image.pixel(x: x, y: y)[3]
                row.append(a >= 192 ? "#" : a > 64 ? "+" : " ")
            }
            rows.append(row)
        }
        return rows.joined(separator: "\n")
    }

    /// Number of cells where two ASCII masks differ; a failing test shows both.
    static func differences(_ actual: String, _ expected: String) -> Int {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        guard a.count == e.count else { return Int.max }
        var n = 0
        for (ra, re) in zip(a, e) {
            guard ra.count == re.count else { return Int.max }
            n += zip(ra, re).filter { $0 != $1 }.count
        }
        return n
    }

    /// Total alpha in units of fully covered pixels.
    static func coveredArea(_ image: FrameImage) -> Double {
        var s = 0
        for i in stride(from: 3, to: image.pixels.count, by: 4) { s += Int(image.pixels[i]) }
        return Double(s) / 255
    }

    static let white = LinearColor.white
    static var whitePaint: Paint { .solid(.white) }
}
