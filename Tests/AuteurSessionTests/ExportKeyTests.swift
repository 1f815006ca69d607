import AuteurCore
import AuteurMedia
@testable import AuteurRender
@testable import AuteurSession
import Foundation
import Testing

/// The export keys patches by what each shows of the commands that moved
/// (`PatchEffect`), so that the patches inside a drifting cloud, and those
/// in its bounds but outside it, are not drawn again every frame.
@Suite("Export patch keys")
struct ExportKeyTests {
    @Test("drifting clouds keep the keys of patches they cover or miss wholly, and every frame equals the regenerator's")
    func driftingCloudsKeepKeys() throws {
        let (width, height) = (960, 540)
        let project = try Project(canvas: Canvas(width: width, height: height, fps: 24), seconds: 0.5, seed: 11).applying([
            .setting(SetSetting(setting: .desert)),
        ])
        let composer = FrameComposer(project: project, width: width, height: height)
        let renderer = ExportRenderer(width: width, height: height, threads: 2)
        let keying = ExportRenderer(width: width, height: height, threads: 1)
        let regenerator = Regenerator(width: width, height: height)
        let grid = PatchGrid(width: width, height: height, size: Rasterizer.patchSize)
        let tiles = IntRect(x: 0, y: 0, width: width, height: height)!.tiles(width: grid.size, height: grid.size)

        var kept = 0, keptWhole = 0, still = 0, moved = 0
        var last: (keys: [UInt64], whole: [UInt64])?
        var pixels: [UInt8] = []
        for f in 0..<project.totalFrames {
            let list = composer.compose(f).list
            renderer.render(list, into: &pixels)
            #expect(pixels == regenerator.render(list).pixels, "frame \(f)")
            // Keys as the export makes them, and keys of every command whole.
            let keys = keying.keys(list), whole = tiles.map { list.fingerprint(of: $0) }
            if let last {
                for t in tiles.indices where whole[t] != last.whole[t] {
                    moved += 1
                    if keys[t] == last.keys[t] { kept += 1 }
                }
                still += tiles.indices.filter { whole[$0] == last.whole[$0] }.count
                keptWhole += tiles.indices.filter { whole[$0] == last.whole[$0] && keys[$0] == last.keys[$0] }.count
            }
            last = (keys, whole)
        }
        // Clouds drift every frame here, so patches change under them...
        #expect(moved > 0)
        // ...and a good share of those keep their keys: inside a cloud or
        // in its bounds but clear of it.
        #expect(Double(kept) > 0.15 * Double(moved), "\(kept) of \(moved) patches under moving commands kept their keys")
        // Patches nothing moved over keep their keys too, from the first
        // frame on (the scenery there is taken whole, as it is later).
        #expect(still > 0)
        #expect(keptWhole == still)
    }

    /// Every setting once, under a time of day and weather that rotate, with
    /// a car and a ball crossing: the scenery each setting draws (skylines,
    /// rooms, waves, dunes) is what the export's keys meet in real films.
    static func film(_ i: Int, width: Int, height: Int, seconds: Double) throws -> Project {
        let setting = Setting.allCases[i]
        let time = ["dawn", "noon", "sunset", "dusk", "night"][i % 5]
        let weather = ["clear", "rain", "snow", "fog", "storm", "clear"][i % 6]
        let ops = """
        [{"op":"setting","setting":"\(setting.rawValue)"},{"op":"relight","time_of_day":"\(time)"},
         {"op":"weather","weather":{"kind":"\(weather)","intensity":0.7}},
         {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.05,0.71]},{"frame":47,"value":[0.95,0.71]}]},
         {"op":"add","id":"ball","kind":"ball","color":"blue","size":0.1,"path":[{"frame":0,"value":[0.8,0.5]},{"frame":47,"value":[0.2,0.6]}]}]
        """
        return try Project(canvas: Canvas(width: width, height: height, fps: 24), seconds: seconds, seed: UInt64(11 + i))
            .applying(JSONDecoder().decode([Op].self, from: Data(ops.utf8)))
    }

    /// The rule checked on every command of a real frame, at 8-pixel patches
    /// where far more patches are told untouched or whole than at 32. The
    /// first rule missed the outline's level stretches (a roof, a window, a
    /// cloud's base, and at this size the sky's bands, which are rectangles
    /// off the pixel grid): it was wrong for 437 to 14,274 patches in 12 of
    /// the 13 settings here.
    @Test("patch effects of every command of a real frame agree with the rasteriser, in every setting",
          arguments: Setting.allCases.indices)
    func effectsOfRealCommands(setting i: Int) throws {
        let (width, height) = (480, 272)
        let project = try Self.film(i, width: width, height: height, seconds: 1)
        let list = FrameComposer(project: project, width: width, height: height).compose(10).list
        let rasterizer = Rasterizer()
        let grid = PatchGrid(width: width, height: height, size: 8)
        // A fill of the frame and far beyond, for "covers the patch fully".
        let far: Int32 = 1 << 20
        let frameEdges = [Edge(x0: -far, y0: -far, x1: -far, y1: far, winding: 1), Edge(x0: far, y0: -far, x1: far, y1: far, winding: -1)]
        let frameContour = [ContourSpan(start: 0, end: 2, minX: -far, maxX: far, minY: -far, maxY: far)]
        var below = DisplayList(width: width, height: height)!
        var told = 0, wrong: [String] = []
        for (n, command) in list.commands.enumerated() {
            defer { below.append(command) }
            guard let effects = command.patchEffects(on: grid), effects.contains(where: { $0 != .partial }) else { continue }
            var with = below
            with.append(command)
            var painted = below
            painted.append(DrawCommand(bounds: command.bounds, fingerprint: 1, edges: frameEdges, contours: frameContour,
                                       rule: .nonZero, paint: command.paint, blur: nil, filter: nil))
            let drawn = rasterizer.render(with).pixels, without = rasterizer.render(below).pixels
            let whole = rasterizer.render(painted).pixels
            func same(_ a: [UInt8], _ b: [UInt8], _ r: IntRect) -> Bool {
                (r.y..<r.maxY).allSatisfy { y in
                    let row = (y * width + r.x) * 4..<(y * width + r.maxX) * 4
                    return a[row] == b[row]
                }
            }
            for (effect, patch) in zip(effects, grid.patches(meeting: command.bounds)) {
                switch effect {
                case .untouched:
                    told += 1
                    if !same(drawn, without, patch) { wrong.append("command \(n) patch \(patch) told untouched") }
                case .whole:
                    told += 1
                    if !same(drawn, whole, patch) { wrong.append("command \(n) patch \(patch) told whole") }
                case .partial: break
                }
            }
        }
        #expect(told > 100, "too few patches told untouched or whole to test anything")
        #expect(wrong.isEmpty, "\(Setting.allCases[i]): \(wrong.count) of \(told) wrong, first \(wrong.prefix(3))")
    }

    /// The export's pictures against a whole-frame render and conversion,
    /// frame by frame, through recycled buffers as the export uses them.
    @Test("exported 4:2:0 pictures equal a from-scratch render and conversion, in every setting",
          arguments: Setting.allCases.indices)
    func picturesEqualFullRenders(setting i: Int) throws {
        let (width, height) = (480, 272)
        let project = try Self.film(i, width: width, height: height, seconds: 1)
        let composer = FrameComposer(project: project, width: width, height: height)
        let renderer = ExportRenderer(width: width, height: height, threads: 2)
        let rasterizer = Rasterizer()
        var pool: [[UInt8]] = [], inFlight: [Picture420] = []
        var differing: [Int] = []
        for f in 0..<project.totalFrames {
            let list = composer.compose(f).list
            let picture = renderer.picture(list, storage: pool.isEmpty ? [] : pool.removeFirst())
            if picture.bytes != Picture420(rgba: rasterizer.render(list).pixels, width: width, height: height).bytes {
                differing.append(f)
            }
            inFlight.append(picture)
            if inFlight.count > 3 { pool.append(inFlight.removeFirst().bytes) }
        }
        #expect(differing.isEmpty, "\(Setting.allCases[i]): frames \(differing) differ")
    }
}
