import AuteurCore
import AuteurRender
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
}
