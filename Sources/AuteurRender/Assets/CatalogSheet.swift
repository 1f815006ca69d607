import AuteurCore
import Foundation

extension Assets {
    /// Every kind and variant, in catalog order.
    public static var catalogEntries: [(kind: CatalogKind, variant: String)] {
        CatalogKind.allCases.flatMap { kind in kind.variants.map { (kind, $0) } }
    }

    /// The grid of `catalogSheet`: columns and rows of cells.
    public static func catalogGrid(count: Int = catalogEntries.count, columns: Int = 10) -> (columns: Int, rows: Int) {
        let columns = max(1, min(columns, count))
        return (columns, (count + columns - 1) / columns)
    }

    /// Studio light at noon: neutral, a key light from the upper left and
    /// a short soft shadow to the right. Used for the catalog review.
    public static let studioLighting = Lighting(
        skyTop: LinearColor(red: 0.8, green: 0.8, blue: 0.82), skyHorizon: LinearColor(red: 0.9, green: 0.9, blue: 0.9),
        ambient: LinearColor(red: 1, green: 1, blue: 1), key: LinearColor(red: 1, green: 0.98, blue: 0.94),
        sunPosition: Point2(0.25, 0.1), sunVisible: false, moonVisible: false, starsVisible: false,
        shadowDirection: 0.35, shadowLength: 0.35, shadowOpacity: 0.55, daylight: 1)

    /// The colour each entry is shown in: the kind's default, except where
    /// a variant is known by its colour (taxis are yellow) or the default
    /// is a plain grey that would hide the drawing.
    static func sheetColor(_ kind: CatalogKind, _ variant: String) -> RGBColor {
        switch (kind, variant) {
        case (.car, "sedan"): return RGBColor(0xd6, 0x28, 0x28)
        case (.car, "sports"): return RGBColor(0xf2, 0x84, 0x1d)
        case (.car, "taxi"): return RGBColor(0xf2, 0xc8, 0x1a)
        case (.car, "vintage-convertible"): return RGBColor(0x1f, 0x8a, 0x8a)
        case (.car, "hatchback"): return RGBColor(0x25, 0x5f, 0xd6)
        case (.truck, "pickup"): return RGBColor(0x2e, 0x6e, 0x9e)
        case (.truck, "lorry"): return RGBColor(0xf4, 0xf4, 0xf0)
        case (.truck, "fire-truck"): return RGBColor(0xd0, 0x20, 0x20)
        case (.bus, "school"): return RGBColor(0xf2, 0xb8, 0x1a)
        case (.bus, "double-decker"): return RGBColor(0xc8, 0x1e, 0x1e)
        case (.bus, _): return RGBColor(0x2e, 0x8e, 0x5a)
        case (.bicycle, _): return RGBColor(0x25, 0x5f, 0xd6)
        case (.boat, _): return RGBColor(0x1b, 0x4a, 0x8b)
        case (.plane, "jet"): return RGBColor(0x70, 0x78, 0x84)
        case (.plane, _): return RGBColor(0xe8, 0xe8, 0xec)
        case (.rocket, _): return RGBColor(0xe8, 0xe8, 0xec)
        case (.ball, _): return RGBColor(0xd6, 0x28, 0x28)
        case (.flower, "tulip"): return RGBColor(0xd6, 0x28, 0x48)
        case (.flower, "daisy"): return RGBColor(0xf6, 0xf6, 0xf2)
        case (.flower, "sunflower"): return RGBColor(0xf2, 0xc0, 0x1a)
        case (.bird, "songbird"): return RGBColor(0xc8, 0x6a, 0x2a)
        case (.bird, "gull"): return RGBColor(0xe8, 0xe8, 0xec)
        case (.bird, "crow"): return RGBColor(0x2a, 0x2a, 0x30)
        case (.fish, "shark"): return RGBColor(0x6a, 0x7a, 0x8a)
        case (.fish, _): return RGBColor(0xf2, 0x84, 0x1d)
        case (.arrow, _): return RGBColor(0x25, 0x5f, 0xd6)
        case (.label, _): return RGBColor(0x7d, 0x3c, 0xb5)
        case (.lamp, "floor"): return RGBColor(0xe0, 0xd2, 0xb0)
        default: return kind.defaultColor
        }
    }

    /// How wide an entry is drawn relative to its height (its collision
    /// box, plus what overhangs it), so each fits its cell.
    static func sheetAspect(_ kind: CatalogKind) -> Double {
        switch PhysicsShapes.outline(of: kind).outline {
        case .circle: return 1
        case .box(let a): return max(a, 0.8)
        }
    }

    /// Every kind and variant in a labelled grid on a neutral background,
    /// in studio light: `auteur contact-sheet --catalog`. Each cell is
    /// `cellSize` pixels square; the grid is `catalogGrid()`. `kinds`
    /// narrows the sheet to some kinds; `seed` picks the take.
    public static func catalogSheet(cellSize: Int = 160, style: Style = .natural, seed: UInt64 = 1,
                                    kinds: Set<CatalogKind>? = nil, columns: Int = 10) -> DisplayList {
        let cell = max(24, cellSize)
        let entries = catalogEntries.filter { kinds?.contains($0.kind) ?? true }
        let grid = catalogGrid(count: entries.count, columns: columns)
        let width = grid.columns * cell, height = grid.rows * cell
        guard var list = DisplayList(width: width, height: height) else {
            return DisplayList(width: 1, height: 1)!
        }
        let dark = style == .neon || style == .noir || style == .blueprint
        let background = style == .blueprint ? LinearColor(red: 0.02, green: 0.08, blue: 0.25)
            : dark ? LinearColor(red: 0.03, green: 0.03, blue: 0.04) : LinearColor(red: 0.62, green: 0.63, blue: 0.64)
        list.clear(background)
        let c = Float(cell)
        let environment = Environment(setting: .studio, timeOfDay: .preset(.noon), style: style)
        let captionSize = max(7, c * 0.075)
        for (i, entry) in entries.enumerated() {
            let col = i % grid.columns, row = i / grid.columns
            let x0 = Float(col) * c, y0 = Float(row) * c
            if let tile = Rect(x: x0 + 1, y: y0 + 1, width: c - 2, height: c - 2) {
                let face = style == .blueprint ? LinearColor(red: 0.03, green: 0.12, blue: 0.36)
                    : dark ? LinearColor(red: 0.06, green: 0.06, blue: 0.08) : LinearColor(red: 0.8, green: 0.8, blue: 0.81)
                list.fill(.roundedRect(tile, radius: c * 0.04), paint: .solid(face))
            }
            // The drawing area leaves the bottom of the cell to the caption.
            let area = c * 0.74
            let aspect = Float(sheetAspect(entry.kind))
            let heightPx = min(area * 0.78, area * 0.86 / aspect)
            let centreX = x0 + c / 2
            let bottom = y0 + c * 0.06 + area * 0.5 + heightPx / 2
            let stage = Stage(width: width, height: height, environment: environment, lighting: studioLighting,
                              camera: CameraState(), frame: 0, localFrame: 0, fps: 24, seed: seed,
                              horizon: 0.5, ground: Double(bottom) / Double(height))
            let object = ObjectState(
                id: "\(entry.kind.rawValue)-\(entry.variant)", kind: entry.kind, variant: entry.variant,
                color: sheetColor(entry.kind, entry.variant), label: entry.kind == .label ? entry.variant.capitalized : nil,
                position: Point2(Double(centreX) / Double(width), Double(bottom - heightPx / 2) / Double(height)),
                size: Double(heightPx) / Double(height), seed: Seeds.combine(seed, Seeds.hash(entry.kind.rawValue + entry.variant)))
            paint(object, stage: stage, into: &list)
            let caption = entry.variant == entry.kind.rawValue || entry.kind.variants.count == 1
                ? entry.kind.rawValue : "\(entry.kind.rawValue) · \(entry.variant)"
            if let font = Assets.font {
                let size = min(captionSize, (c - 8) / max(1, font.width(of: caption, size: 1)))
                let w = font.width(of: caption, size: size)
                let ink = dark ? LinearColor(red: 0.85, green: 0.85, blue: 0.88) : LinearColor(red: 0.05, green: 0.05, blue: 0.06)
                if let path = font.path(for: caption, size: size, origin: Point(centreX - w / 2, y0 + c - c * 0.07)) {
                    list.fill(path, paint: .solid(ink))
                }
            }
        }
        return list
    }
}
