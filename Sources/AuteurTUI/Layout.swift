import AuteurCore

/// Where the panes go for a terminal size. Pure geometry, shared by
/// `update` (which must know what thumbnails are on screen) and `view`.
public struct Layout: Hashable, Sendable {
    public static let minimum = Size(width: 80, height: 24)

    public var size: Size
    public var tooSmall: Bool
    public var preview: CellRect
    public var chat: CellRect
    public var timeline: CellRect
    public var status: CellRect
    /// Rows of thumbnail pictures in the timeline.
    public var thumbRows: Int
    /// Columns of one thumbnail, keeping the canvas aspect.
    public var thumbColumns: Int
    /// Cells the preview picture covers, centred in the preview pane.
    public var previewPicture: CellRect

    public init(size: Size, canvas: Canvas, cellPixels: Size) {
        self.size = size
        tooSmall = size.width < Layout.minimum.width || size.height < Layout.minimum.height
        let w = max(size.width, 1), h = max(size.height, 1)
        thumbRows = min(8, max(3, h / 8))
        // Cells are taller than wide: a picture's columns are its rows times
        // the canvas aspect, times the cell's height-to-width ratio.
        let cellRatio = Double(max(1, cellPixels.height)) / Double(max(1, cellPixels.width))
        thumbColumns = max(4, Int((Double(thumbRows) * cellRatio * canvas.aspect).rounded()))
        let timelineHeight = thumbRows + 4
        let topHeight = max(0, h - 1 - timelineHeight)
        let chatWidth = min(72, max(32, w * 2 / 5))
        preview = CellRect(x: 0, y: 0, width: w - chatWidth, height: topHeight)
        chat = CellRect(x: w - chatWidth, y: 0, width: chatWidth, height: topHeight)
        timeline = CellRect(x: 0, y: topHeight, width: w, height: timelineHeight)
        status = CellRect(x: 0, y: h - 1, width: w, height: 1)
        let inner = preview.inset(by: 1)
        var cols = inner.width
        var rows = Int((Double(cols) / canvas.aspect / cellRatio).rounded(.down))
        if rows > inner.height {
            rows = inner.height
            cols = min(inner.width, Int((Double(rows) * canvas.aspect * cellRatio).rounded()))
        }
        previewPicture = CellRect(x: inner.x + (inner.width - cols) / 2, y: inner.y + (inner.height - rows) / 2,
                                  width: cols, height: rows)
    }
}

/// How frames map to the columns of the timeline at the model's zoom.
public struct TimelineGeometry: Hashable, Sendable {
    /// Inside the timeline's border: ruler, thumbnails, marks.
    public var inner: CellRect
    public var framesPerColumn: Double
    /// Frames covered by one thumbnail and the gap after it.
    public var framesPerThumb: Double
    public var origin: Double
    public var thumbColumns: Int
    public var thumbRows: Int
    public var frameCount: Int

    public static let maxZoom = 8

    public init(layout: Layout, frameCount: Int, zoom: Int, origin: Double) {
        inner = layout.timeline.inset(by: 1)
        let columns = max(1, inner.width)
        thumbColumns = layout.thumbColumns
        thumbRows = layout.thumbRows
        self.frameCount = max(1, frameCount)
        let fit = Double(self.frameCount) / Double(columns)
        framesPerColumn = fit / Double(1 << max(0, min(zoom, TimelineGeometry.maxZoom)))
        framesPerThumb = framesPerColumn * Double(thumbColumns + 1)
        self.origin = origin
    }

    public var visibleFrames: Double { framesPerColumn * Double(max(1, inner.width)) }

    /// The column (relative to `inner.x`) showing `frame`, or nil off screen.
    public func column(of frame: FrameIndex) -> Int? {
        let c = Int(((Double(frame) - origin) / framesPerColumn).rounded(.down))
        return c >= 0 && c < inner.width ? c : nil
    }

    /// The first frame shown in a column.
    public func frame(atColumn c: Int) -> FrameIndex {
        min(frameCount - 1, max(0, Int((origin + Double(c) * framesPerColumn).rounded(.down))))
    }

    /// The origin that keeps `frame` in view, changed only when the frame
    /// leaves it, and always on the thumbnail grid so that scrolling reuses
    /// the thumbnails already rendered.
    public func origin(keeping frame: FrameIndex) -> Double {
        let visible = visibleFrames
        if visible >= Double(frameCount) { return 0 }
        if Double(frame) >= origin, Double(frame) < origin + visible { return origin }
        let wanted = max(0, min(Double(frame) - visible / 4, Double(frameCount) - visible))
        let snapped = (wanted / framesPerThumb).rounded(.down) * framesPerThumb
        // Near the end the grid may not reach the frame: then leave the grid.
        return Double(frame) < snapped + visible ? snapped : wanted
    }

    /// The thumbnails on screen: the frame each shows and its cells.
    public var thumbnails: [(frame: FrameIndex, rect: CellRect)] {
        var out: [(FrameIndex, CellRect)] = []
        var k = 0
        while true {
            let x = k * (thumbColumns + 1)
            guard x + thumbColumns <= inner.width else { break }
            let first = origin + Double(k) * framesPerThumb
            guard first < Double(frameCount) else { break }
            let frame = min(frameCount - 1, Int((first + framesPerThumb / 2).rounded(.down)))
            out.append((frame, CellRect(x: inner.x + x, y: inner.y + 1, width: thumbColumns, height: thumbRows)))
            k += 1
        }
        return out
    }
}
