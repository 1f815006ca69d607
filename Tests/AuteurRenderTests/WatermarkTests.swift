import Testing
@testable import AuteurRender

@Suite struct WatermarkTests {
    /// A frame where every pixel differs, so any stray write shows.
    static func frame(width: Int, height: Int) -> [UInt8] {
        (0..<width * height * 4).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
    }

    @Test("the mark changes the bottom-right corner only, legibly, the same way every time", arguments: [(1280, 720), (640, 360), (128, 72)])
    func cornerOnly(size: (Int, Int)) {
        let (width, height) = size
        let original = Self.frame(width: width, height: height)
        var stamped = original
        Watermark.stamp(into: &stamped, width: width, height: height)
        let plate = Watermark.plate(width: width, height: height)
        #expect(plate.x + plate.width <= width && plate.y + plate.height <= height)
        #expect(plate.x >= width / 2 && plate.y >= height / 2 || width < 200, "a small mark, in the bottom-right quarter")

        // Counted, not expected per pixel: a million expectations are slow in debug builds.
        var changed = 0, bright = 0, strayOutside = 0, alphaChanged = 0
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                let inside = x >= plate.x && x < plate.x + plate.width && y >= plate.y && y < plate.y + plate.height
                let differs = stamped[i] != original[i] || stamped[i + 1] != original[i + 1] || stamped[i + 2] != original[i + 2]
                if differs { changed += 1 }
                if differs && !inside { strayOutside += 1 }
                if stamped[i + 3] != original[i + 3] { alphaChanged += 1 }
                if inside, stamped[i] > 200, stamped[i + 1] > 200, stamped[i + 2] > 200 { bright += 1 }
            }
        }
        #expect(strayOutside == 0, "no pixel outside the mark changes")
        #expect(alphaChanged == 0, "alpha is kept")
        #expect(changed > plate.width * plate.height * 9 / 10, "the plate darkens its area")
        let s = Watermark.scale(height: height)
        #expect(bright >= 100 * s * s, "the letters are drawn in near-white ink")
        var again = original
        Watermark.stamp(into: &again, width: width, height: height)
        #expect(again == stamped)
    }

    @Test("a buffer of the wrong size is left alone")
    func wrongSize() {
        var pixels = [UInt8](repeating: 7, count: 100)
        Watermark.stamp(into: &pixels, width: 64, height: 36)
        #expect(pixels == [UInt8](repeating: 7, count: 100))
    }
}
