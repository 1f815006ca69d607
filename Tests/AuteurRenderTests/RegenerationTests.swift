import AuteurCore
@testable import AuteurRender
import Foundation
import Testing

/// A small canvas keeps debug-build renders quick: 128x64 is 4 x 2 patches.
let smallCanvas = Canvas(width: 128, height: 64, fps: 24)

func studioWithBall(frames: Int = 8) throws -> Project {
    try Project(canvas: smallCanvas, seconds: Double(frames) / 24, seed: 3).applying([
        .setting(SetSetting(setting: .studio)),
        .add(AddObject(id: "ball", kind: .ball, color: RGBColor(text: "red"), size: 0.2, position: Point2(0.2, 0.7))),
    ])
}

/// Renders every frame of `project` from nothing: a new regenerator with an
/// empty cache, on one thread.
func fromScratch(_ project: Project, width: Int = 128, height: Int = 64) -> [FrameImage] {
    let r = Regenerator(width: width, height: height, threads: 1)
    r.update(to: project)
    return (0..<project.totalFrames).map { r.image($0) }
}

@Suite("Differential regeneration")
struct RegenerationTests {
    @Test func theFirstUpdateRendersEveryDistinctPatchOnce() throws {
        let p = try studioWithBall()
        let r = Regenerator(width: 128, height: 64, threads: 2)
        let stats = r.update(to: p)
        #expect(stats.framesTotal == 8 && stats.patchesTotal == 64)
        #expect(stats.framesChanged == 8 && stats.patchesChanged == 64)
        // A still scene: every frame is the same, so each patch is drawn once.
        #expect(stats.patchesRendered == 8)
        #expect(r.lastRendered.allSatisfy { $0.frame == 0 })
    }

    @Test func anUnrelatedChangeRerendersNothing() throws {
        let p = try studioWithBall()
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        // Attaching an image nobody uses, and a scoped edit on an object that
        // is not on screen in those frames, change no pixel.
        let next = try p.applying([
            .attach(Attach(hash: "unused", name: "notes.png", kind: .image)),
            .add(AddObject(id: "late", kind: .box, enter: 100)),
            .set(SetProperty(object: "late", property: .color, value: .color(RGBColor(text: "blue")!), scope: Scope(frames: FrameRange(0, 7)))),
        ])
        let stats = r.update(to: next)
        #expect(stats.patchesChanged == 0 && stats.framesChanged == 0)
        #expect(stats.patchesRendered == 0)
        #expect(r.lastRendered == [])
    }

    @Test func aScopedRecolourRerendersExactlyTheBallsPatchesInItsFrames() throws {
        let p = try studioWithBall()
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        let before = r.keys
        let next = try p.applying([.set(SetProperty(object: "ball", property: .color, value: .color(RGBColor(text: "blue")!),
                                                    scope: Scope(frames: FrameRange(3, 4))))])
        let stats = r.update(to: next)
        #expect(stats.framesChanged == 2)
        // Which patches the ball covers: those whose commands include it.
        let composed = r.explain(3)!.patches
        let ballTiles = composed.indices.filter { composed[$0].sources.contains(.object("ball")) }
        #expect(!ballTiles.isEmpty && ballTiles.count < 8)
        #expect(stats.patchesChanged == 2 * ballTiles.count)
        // Frames 3 and 4 are identical to each other, so the new patches are drawn once, in frame 3.
        #expect(r.lastRendered == ballTiles.map { PatchRef(frame: 3, tile: $0) })
        for f in [0, 1, 2, 5, 6, 7] { #expect(r.keys[f] == before[f], "frame \(f) is outside the edit's scope") }
    }

    @Test func undoAndCheckoutAreCacheHits() throws {
        let p = try studioWithBall()
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        // Noir filters every pixel of every frame.
        let noir = try p.applying([.restyle(Restyle(style: .noir))])
        let restyled = r.update(to: noir)
        #expect(restyled.patchesChanged == 64 && restyled.patchesRendered == 8)
        let back = r.update(to: p)
        #expect(back.patchesChanged == 64, "every patch differs from the noir revision")
        #expect(back.patchesRendered == 0, "but all of them are in the cache")
        #expect(r.update(to: noir).patchesRendered == 0)
    }

    @Test func aMovingObjectRerendersOnlyWhereItWasAndIs() throws {
        let p = try studioWithBall()
        let r = Regenerator(width: 128, height: 64, threads: 1)
        r.update(to: p)
        let moved = try p.applying([.set(SetProperty(object: "ball", property: .position, value: .point(Point2(0.8, 0.7))))])
        let stats = r.update(to: moved)
        let old = Set(Regenerator(width: 128, height: 64).explainTiles(p, frame: 0, touching: "ball"))
        let new = Set(Regenerator(width: 128, height: 64).explainTiles(moved, frame: 0, touching: "ball"))
        #expect(stats.patchesChanged == 8 * old.union(new).count)
        // New to the cache: the ball where it is now, and the bare background
        // where it was (never drawn before, the ball was always there).
        #expect(Set(r.lastRendered.map(\.tile)) == old.union(new))
        #expect(r.lastRendered.allSatisfy { $0.frame == 0 }, "a still scene: each new patch is drawn once")
    }

    @Test func onePassKeysEqualPerTileFingerprints() throws {
        let p = try studioWithBall().applying([.weather(SetWeather(weather: Weather(.rain)))])
        let r = Regenerator(width: 128, height: 64)
        let list = FrameComposer(project: p, width: 128, height: 64).compose(3).list
        #expect(r.keys(list) == r.tiles.map { r.key(list, tile: $0) })
    }

    @Test func cacheEvictionStillGivesTheSameFrames() throws {
        let p = try studioWithBall().applying([.relight(Relight(timeOfDay: .preset(.sunset)))])
        let tiny = Regenerator(width: 128, height: 64, threads: 2, cache: PatchCache(capacityBytes: 1 << 16))
        tiny.update(to: p)
        #expect(tiny.cache.bytes <= 1 << 16)
        let expected = fromScratch(p)
        for f in 0..<p.totalFrames { #expect(tiny.image(f) == expected[f]) }
    }
}

extension Regenerator {
    /// Tiles of `frame` that an object touches, in a throwaway composition.
    func explainTiles(_ project: Project, frame: FrameIndex, touching id: ObjectID) -> [Int] {
        adopt(FrameComposer(project: project, width: width, height: height))
        let patches = explain(frame)!.patches
        return patches.indices.filter { patches[$0].sources.contains(.object(id)) }
    }
}

/// Random scenes and random histories: every frame produced incrementally
/// equals a from-scratch render of the same revision, on 1 and 2 threads.
@Suite("Incremental equals from scratch")
struct IncrementalPropertyTests {
    static let colours = ["red", "blue", "green", "yellow", "purple", "white", "black"]

    func randomProject(_ g: inout SeededGenerator) throws -> Project {
        let settings = Setting.allCases
        var ops: [Op] = [.setting(SetSetting(setting: settings[Int(g.next() % UInt64(settings.count))])),
                         .relight(Relight(timeOfDay: .clock(g.unit() * 24)))]
        let kinds = CatalogKind.allCases
        for i in 0..<Int(1 + g.next() % 3) {
            let kind = kinds[Int(g.next() % UInt64(kinds.count))]
            ops.append(.add(AddObject(id: "o\(i)", kind: kind, color: RGBColor(text: Self.colours[Int(g.next() % 7)]),
                                      size: 0.15 + g.unit() * 0.3,
                                      path: [Keyframe(0, Point2(g.unit(), 0.3 + g.unit() * 0.5)), Keyframe(5, Point2(g.unit(), 0.3 + g.unit() * 0.5))])))
        }
        return try Project(canvas: Canvas(width: 96, height: 64, fps: 24), seconds: 6.0 / 24, seed: g.next()).applying(ops)
    }

    func randomEdit(_ p: Project, _ g: inout SeededGenerator) -> Op {
        let ids = p.cast.map(\.id)
        let id = ids.isEmpty ? "o0" : ids[Int(g.next() % UInt64(ids.count))]
        let a = Int(g.next() % 6), b = min(5, a + Int(g.next() % 3))
        let scope = g.unit() < 0.5 ? Scope(frames: FrameRange(a, b)) : nil
        switch g.next() % 9 {
        case 0: return .set(SetProperty(object: id, property: .color, value: .color(RGBColor(text: Self.colours[Int(g.next() % 7)])!), scope: scope))
        case 1: return .relight(Relight(timeOfDay: .preset(TimeOfDay.Preset.allCases[Int(g.next() % 7)]), scope: scope, transition: Int(g.next() % 3)))
        case 2: return .weather(SetWeather(weather: Weather(Weather.Kind.allCases[Int(g.next() % 5)], intensity: g.unit()), scope: scope))
        case 3: return .restyle(Restyle(style: Style.allCases[Int(g.next() % 6)], scope: scope))
        case 4: return .resize(Resize(object: id, factor: 0.5 + g.unit(), scope: scope))
        case 5: return .camera(CameraMove(move: [.zoomIn, .panLeft, .shake, .tiltUp][Int(g.next() % 4)], frames: FrameRange(a, b)))
        case 6: return .add(AddObject(kind: .ball, size: 0.2, position: Point2(g.unit(), 0.2), physics: PhysicsBody()))
        case 7: return .reseed(Reseed(object: id, scope: scope))
        default: return .relight(Relight(timeOfDay: .preset(.noon), scope: Scope(frames: FrameRange(a, b), region: Region(x: 0, y: 0, w: 0.5, h: 1))))
        }
    }

    @Test(arguments: [11, 12, 13, 14])
    func incrementalFramesAreBitIdentical(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        var history = [try randomProject(&g)]
        var current = 0
        let incremental = Regenerator(width: 96, height: 64, threads: 2, cache: PatchCache(capacityBytes: 1 << 20))
        for step in 0..<6 {
            let roll = g.next() % 10
            if roll < 6 || history.count == 1 {
                let op = randomEdit(history[current], &g)
                guard let next = try? history[current].applying([op]) else { continue }
                history.append(next)
                current = history.count - 1
            } else if roll < 8 {
                current = max(0, current - 1)              // undo
            } else {
                current = Int(g.next() % UInt64(history.count)) // checkout
            }
            incremental.update(to: history[current])
            let expected = fromScratch(history[current], width: 96, height: 64)
            for f in 0..<history[current].totalFrames {
                #expect(incremental.image(f) == expected[f], "seed \(seed), step \(step), frame \(f)")
            }
        }
    }

    @Test func threadCountDoesNotChangeAByte() throws {
        var g = SeededGenerator(seed: 99)
        let p = try randomProject(&g).applying([.weather(SetWeather(weather: Weather(.storm)))])
        let one = Regenerator(width: 96, height: 64, threads: 1)
        let many = Regenerator(width: 96, height: 64, threads: 4)
        one.update(to: p)
        many.update(to: p)
        #expect(one.keys == many.keys)
        for f in 0..<p.totalFrames { #expect(one.image(f) == many.image(f)) }
    }
}
