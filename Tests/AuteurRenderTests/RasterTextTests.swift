@testable import AuteurRender
import AuteurCore
import Testing

@Suite("Raster text")
struct RasterTextTests {
    typealias F = RasterFixture

    func render(_ text: String, font: Font, size: Float = 24, width: Int = 120, height: Int = 40) -> FrameImage {
        F.render(F.list(width, height) { list in
            if let p = font.path(for: text, size: size, origin: Point(4, 30)) {
                list.fill(p, paint: F.whitePaint)
            }
        })
    }

    @Test("a label renders glyph coverage that sits on the baseline")
    func rendersOnBaseline() throws {
        let font = try Font.dejaVuSans()
        let image = render("Hello", font: font)
        #expect(F.coveredArea(image) > 80)
        let inked = (0..<image.height).filter { y in (0..<image.width).contains { image.pixel(x: $0, y: y)[3] > 0 } }
        // Cap height of DejaVu Sans is 0.73 em: 17.5 px above the baseline at 30.
        #expect(inked.first! >= 11 && inked.first! <= 13, "\(inked)")
        // Round letters ("o") overshoot the baseline by about 1% of an em.
        #expect(inked.last! == 29 || inked.last! == 30, "\(inked)")
    }

    @Test("different strings render differently; equal strings identically")
    func stringsDiffer() throws {
        let font = try Font.dejaVuSans()
        #expect(render("Hello", font: font) != render("Hellp", font: font))
        #expect(render("Hello", font: font) == render("Hello", font: font))
        #expect(render("Hello", font: font) != render("Hello", font: try Font.dejaVuSans(bold: true)))
    }

    @Test("advance widths grow with the text and the size")
    func widths() throws {
        let font = try Font.dejaVuSans()
        let hell = font.width(of: "Hell", size: 20), hello = font.width(of: "Hello", size: 20)
        #expect(hello > hell + 5)
        #expect(abs(font.width(of: "Hello", size: 40) - 2 * hello) < 0.01)
        // Spaces advance without ink.
        #expect(font.width(of: "a b", size: 20) > font.width(of: "ab", size: 20))
        #expect(font.path(for: "   ", size: 20) == nil)
        #expect(font.path(for: "", size: 20) == nil)
        #expect(font.path(for: "x", size: 0) == nil)
        #expect(font.path(for: "x", size: .nan) == nil)
    }

    @Test("bold has more ink, and ink scales with the square of the size")
    func inkScales() throws {
        let regular = try Font.dejaVuSans(), bold = try Font.dejaVuSans(bold: true)
        let r = F.coveredArea(render("Ink", font: regular)), b = F.coveredArea(render("Ink", font: bold))
        #expect(b > r * 1.2)
        let small = F.coveredArea(render("Ink", font: regular, size: 12))
        #expect(abs(r / small - 4) < 0.4, "\(r) vs \(small)")
    }

    @Test("a missing font is a typed error that names the file")
    func missingFont() {
        #expect(throws: RasterError.self) { try Font(path: "/nonexistent/font.ttf") }
        do {
            _ = try Font(path: "/nonexistent/font.ttf")
        } catch {
            #expect(error.description.hasPrefix("cannot read font /nonexistent/font.ttf"))
            #expect(!error.description.contains("\n"))
        }
    }
}
