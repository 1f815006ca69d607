import AuteurCore
@testable import AuteurRender
import Testing

/// A frame whose inputs differ from the previous revision's only in its
/// region looks is keyed only under the regions (old and new); the other
/// patches keep their keys. These tests hold those keys to a fresh
/// regenerator's, which keys every patch of every frame.
@Suite("Region looks keyed under their regions")
struct RegionKeyingTests {
    static let width = 256, height = 128

    func fresh(_ p: Project) -> Regenerator {
        let r = Regenerator(width: Self.width, height: Self.height, threads: 1)
        r.update(to: p)
        return r
    }

    /// Tiles (index) that `regions` cover, as the regenerator counts them.
    func tiles(under regions: [Region], of r: Regenerator) -> Set<Int> {
        let composer = r.composer!
        return Set(r.tiles.indices.filter { t in regions.contains { composer.deviceRect($0).map { $0.intersects(r.tiles[t]) } ?? false } })
    }

    func noir(_ region: Region) -> Op { .restyle(Restyle(style: .noir, scope: Scope(region: region))) }

    @Test func addingMovingAndRemovingARegionLookChangesOnlyTheTilesUnderIt() throws {
        let p = try studioWithMovingBall(frames: 12).applying([.setting(SetSetting(setting: .desert))])
        let left = Region(x: 0.1, y: 0.2, w: 0.25, h: 0.4), right = Region(x: 0.55, y: 0.5, w: 0.3, h: 0.3)
        let r = Regenerator(width: Self.width, height: Self.height, threads: 2)
        r.update(to: p)
        var previous = r.keys
        for (next, regions) in [(try p.applying([noir(left)]), [left]),
                                (try p.applying([noir(right)]), [left, right]),
                                (p, [right])] {
            let stats = r.update(to: next)
            let under = tiles(under: regions, of: r)
            let reference = fresh(next)
            #expect(r.keys == reference.keys, "every key as a full keying gives it")
            #expect(stats.framesComposed == 12)
            for f in 0..<12 {
                for t in r.tiles.indices where !under.contains(t) { #expect(r.keys[f][t] == previous[f][t], "frame \(f) tile \(t)") }
                #expect(r.image(f) == reference.image(f), "frame \(f)")
            }
            #expect(r.lastRendered.allSatisfy { under.contains($0.tile) }, "only patches under the regions are drawn")
            previous = r.keys
        }
    }

    @Test func aRegionLookWithAnotherChangeIsKeyedWhole() throws {
        let p = try studioWithMovingBall(frames: 8)
        let region = Region(x: 0, y: 0, w: 0.3, h: 0.5)
        let r = Regenerator(width: Self.width, height: Self.height, threads: 2)
        r.update(to: p)
        // The ball's colour changes outside the region too: the region alone cannot account for it.
        let next = try p.applying([noir(region), .set(SetProperty(object: "ball", property: .color, value: .color(RGBColor(text: "blue")!)))])
        r.update(to: next)
        let reference = fresh(next)
        #expect(r.keys == reference.keys)
        #expect(r.lastRendered.contains { !tiles(under: [region], of: r).contains($0.tile) }, "the ball's own patches are drawn")
        for f in 0..<8 { #expect(r.image(f) == reference.image(f), "frame \(f)") }
    }

    @Test func patchesLetGoOfByASmallCacheAreLookedUpAndDrawnAgain() throws {
        let p = try studioWithMovingBall(frames: 8).applying([.relight(Relight(timeOfDay: .preset(.sunset)))])
        let cache = PatchCache(capacityBytes: 1 << 16)
        let r = Regenerator(width: Self.width, height: Self.height, threads: 2, cache: cache)
        r.update(to: p)
        let next = try p.applying([noir(Region(x: 0.4, y: 0.4, w: 0.2, h: 0.2))])
        r.update(to: next)
        let under = tiles(under: [Region(x: 0.4, y: 0.4, w: 0.2, h: 0.2)], of: r)
        #expect(r.lastRendered.contains { !under.contains($0.tile) }, "patches outside the region, evicted earlier, are drawn again")
        let reference = fresh(next)
        for f in 0..<8 { #expect(r.image(f) == reference.image(f), "frame \(f)") }
    }
}

@Suite("Patch cache")
struct PatchCacheTests {
    func patch(_ n: Int) -> [UInt8] { [UInt8](repeating: UInt8(n & 255), count: 16 << 10) }

    @Test func theLeastRecentlyUsedPatchGoesFirstAndTheBoundHolds() {
        let cache = PatchCache(capacityBytes: 64 << 10)  // four patches
        for k in 0..<4 { cache.put(UInt64(k), patch(k)) }
        #expect(cache.get(0) == patch(0), "0 is now the most recent")
        cache.put(4, patch(4))
        #expect(!cache.contains(1), "1 was the least recently used")
        #expect([0, 2, 3, 4].allSatisfy { cache.contains(UInt64($0)) })
        #expect(cache.bytes == 64 << 10 && cache.count == 4 && cache.evictionCount == 1)
        cache.put(2, patch(9))
        #expect(cache.get(2) == patch(9) && cache.bytes == 64 << 10, "a key put again replaces its bytes")
        for k in 10..<110 { cache.put(UInt64(k), patch(k)) }
        #expect(cache.count == 4 && cache.bytes <= cache.capacity)
        #expect((106..<110).allSatisfy { cache.get(UInt64($0)) == patch($0) }, "the newest four stay")
        #expect(cache.evictionCount == 101)
    }
}
