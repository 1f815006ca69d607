/// Lays images out in a labelled grid on a dark ground, as a display list
/// (so the sheet goes through the same rasteriser and PNG writer).
public enum ContactSheetLayout {
    public static func sheet(_ images: [FrameImage], labels: [String], columns: Int, gap: Int = 12, labelHeight: Int = 22) -> DisplayList {
        let w = images.map(\.width).max() ?? 16, h = images.map(\.height).max() ?? 16
        let cols = max(1, min(columns, images.count))
        let rows = (images.count + cols - 1) / cols
        let sheetW = gap + cols * (w + gap), sheetH = gap + rows * (h + labelHeight + gap)
        var list = DisplayList(width: sheetW + sheetW % 2, height: sheetH + sheetH % 2)!
        list.clear(LinearColor(red: 0.012, green: 0.012, blue: 0.015))
        let font = try? Font.dejaVuSans()
        for (i, image) in images.enumerated() {
            let x = gap + (i % cols) * (w + gap), y = gap + (i / cols) * (h + labelHeight + gap)
            list.image(ImageTexture(image), transform: .translation(Float(x), Float(y)))
            if let font, i < labels.count, let text = font.path(for: labels[i], size: 13, origin: Point(Float(x), Float(y + h + 16))) {
                list.fill(text, paint: .solid(LinearColor(red: 0.8, green: 0.8, blue: 0.8)))
            }
        }
        return list
    }
}
