// The 2D raster engine.
//
// Design rules, and why:
//
// - Geometry knows nothing of pixels. `Point`, `Rect`, `Transform`, `Path`,
//   `PathBuilder` and `Stroke` are pure value types; an impossible size gives
//   nil, and a degenerate shape (empty, zero area, non-finite) draws nothing.
//
// - Drawing is two steps: build a `DisplayList` (each `DrawCommand` is
//   already flattened to device-space line segments, with a conservative
//   device-space `bounds`), then `Rasterizer.rasterize(_:tile:...)` any tile.
//   The renderer draws frames as fixed patches that are rasterised
//   independently, on any thread, and re-rasterised only when they change,
//   so a pixel's bytes must not depend on the tiling. Three choices make
//   that exact rather than approximate:
//     1. Coverage is accumulated in integers (24.8 fixed-point cells, signed
//        area plus cover, as font rasterisers do). Integer sums are
//        associative, so the winding carried in from edges left of a tile is
//        the same number whichever tile is drawn.
//     2. Paints are evaluated from the pixel's global position, never by
//        stepping from the tile's corner.
//     3. Blur works on the integer coverage mask of the tile grown by the
//        blur's reach, with three box passes (an SVG-style Gaussian
//        approximation) whose running sums are exact integers; the source is
//        re-evaluated per tile, so there is no frame-wide intermediate.
//   A command touches only the pixels of its `bounds`: its coverage is
//   computed over the part of the tile inside them (exact, by 1 and 3), so
//   clipping a command to a rectangle is narrowing its bounds, and edges
//   inside the clip keep the coverage of the whole outline.
//
// - A filter is a command too: a `ColorMatrix` applied, in painting order,
//   to what is already drawn in its rectangle. It is a function of each
//   pixel's colour alone, so it keeps the invariance, and a flat tile
//   filtered once stays flat.
//
// - Images (`ImageTexture`) are decoded once to linear premultiplied
//   Float and sampled bilinearly at each pixel centre mapped back into
//   image space, so they are just another paint.
//
// - Colour is composited in linear light with premultiplied alpha, in Float,
//   and encoded once per pixel to 8-bit sRGB through a lookup table. The
//   `FrameImage` is RGBA8, sRGB, straight (unpremultiplied) alpha, which is
//   what PNG and `rgba` video frames expect.
//
// - Speed comes from shortcuts that must give the general path's bytes
//   exactly (tests draw with `Rasterizer.fastPaths` on and off): a solid
//   rectangle on whole pixels skips scan conversion (its coverage is
//   exactly full or zero); a tile stays one colour, or one colour per row,
//   until a command makes a row vary, and is encoded once per colour;
//   gradients along one axis are evaluated once per row or column; the
//   commands of a row of tiles are binned by column. The frame's
//   backgrounds are hundreds of such bands, so most tiles never reach the
//   per-pixel loops.
//
// - Text is geometry: FreeType glyph outlines are decomposed into `Path`s,
//   so text is filled like any other shape.
//
// - No threads here: determinism is easier to keep when threading is the
//   caller's job. A `Rasterizer` owns scratch buffers; use one per thread.
