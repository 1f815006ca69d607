/// A small visible "AI-GENERATED" mark in the bottom-right corner of a
/// frame, for `auteur export --watermark`.
///
/// The letters are a built-in 5x7 pixel font scaled by whole pixels, on a
/// half-dark plate: no font file can be missing, every pixel is integer
/// arithmetic, so the mark is the same on every machine and every run.
public enum Watermark {
    public static let text = "AI-GENERATED"

    /// The 5x7 glyphs the text needs, row by row from the top.
    private static let glyphs: [Character: [String]] = [
        "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
        "I": [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
        "-": [".....", ".....", ".....", ".###.", ".....", ".....", "....."],
        "G": [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".###."],
        "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
        "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
        "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
        "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
        "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    ]

    /// Text cells: 6 per letter (5 and a gap), less the last gap; 2 cells of plate around.
    private static let padding = 2
    private static var textColumns: Int { text.count * 6 - 1 }

    /// Pixels per font cell: 1 up to 479 lines, then one more every 240
    /// lines (4 at 1080p), so the mark keeps its share of the frame.
    public static func scale(height: Int) -> Int { max(1, height / 240) }

    /// The plate's rectangle in the frame, clipped to it: x, y, width, height.
    public static func plate(width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        let s = scale(height: height)
        let w = (textColumns + 2 * padding) * s
        let h = (7 + 2 * padding) * s
        let x = max(0, width - w - 2 * s)
        let y = max(0, height - h - 2 * s)
        return (x, y, min(w, width - x), min(h, height - y))
    }

    /// Draws the mark into an RGBA8 frame of `width` x `height`. Alpha is
    /// left as it is; a frame of another size is left untouched.
    public static func stamp(into rgba: inout [UInt8], width: Int, height: Int) {
        guard width > 0, height > 0, rgba.count == width * height * 4 else { return }
        let s = scale(height: height)
        let box = plate(width: width, height: height)
        rgba.withUnsafeMutableBufferPointer { pixels in
            for y in box.y..<box.y + box.height {
                for x in box.x..<box.x + box.width {
                    let ink = isInk(column: (x - box.x) / s - padding, row: (y - box.y) / s - padding)
                    blend(&pixels, at: (y * width + x) * 4, colour: ink ? 255 : 0, alpha: ink ? 230 : 128)
                }
            }
        }
    }

    private static func isInk(column: Int, row: Int) -> Bool {
        guard row >= 0, row < 7, column >= 0, column < textColumns, column % 6 != 5 else { return false }
        let letter = text[text.index(text.startIndex, offsetBy: column / 6)]
        guard let rows = glyphs[letter] else { return false }
        let line = rows[row].utf8
        return line[line.index(line.startIndex, offsetBy: column % 6)] == UInt8(ascii: "#")
    }

    /// Integer "over" of a grey at alpha/256 onto the pixel's colour.
    private static func blend(_ pixels: inout UnsafeMutableBufferPointer<UInt8>, at i: Int, colour: UInt32, alpha: UInt32) {
        for c in i..<i + 3 {
            pixels[c] = UInt8((UInt32(pixels[c]) * (256 - alpha) + colour * alpha) >> 8)
        }
    }
}
