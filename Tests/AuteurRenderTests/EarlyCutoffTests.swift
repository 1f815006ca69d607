import AuteurCore
@testable import AuteurRender
import Testing

/// A ball crossing the studio: every frame differs from the next, so a
/// frame kept without composing cannot pass for a neighbour.
func studioWithMovingBall(frames: Int) throws -> Project {
    try Project(canvas: smallCanvas, seconds: Double(frames) / 24, seed: 3).applying([
        .setting(SetSetting(setting: .studio)),
        .add(AddObject(id: "ball", kind: .ball, color: RGBColor(text: "red"), size: 0.2,
                       path: [Keyframe(0, Point2(0.1, 0.7)), Keyframe(frames - 1, Point2(0.9, 0.7))])),
    ])
}

/// Every frame from an empty cache on one thread, with the given audio and backdrops.
func fromScratch(_ project: Project, signals: AudioSignals, backdrops: [String: ImageTexture] = [:]) -> [FrameImage] {
    let r = Regenerator(width: smallCanvas.width, height: smallCanvas.height, threads: 1)
    r.update(to: project, signals: signals, backdrops: backdrops)
    return (0..<project.totalFrames).map { r.image($0) }
}

/// The early cut-off, asserted as salsa asserts its re-executed queries:
/// the exact frames each update composed, and every frame still equal to a
/// from-scratch render.
@Suite("Early cut-off: only frames whose inputs changed are composed")
struct EarlyCutoffTests {
    @Test func anEditOfFramesTenToTwentyComposesOnlyThose() throws {
        let p = try studioWithMovingBall(frames: 32)
        let r = Regenerator(width: 128, height: 64, threads: 2)
        #expect(r.update(to: p).framesComposed == 32)
        let before = r.keys
        let next = try p.applying([.set(SetProperty(object: "ball", property: .color, value: .color(RGBColor(text: "blue")!),
                                                    scope: Scope(frames: FrameRange(10, 20))))])
        let stats = r.update(to: next)
        #expect(r.lastComposed == Array(10...20))
        #expect(stats.framesComposed == 11 && stats.framesChanged == 11)
        for f in 0..<32 where !(10...20).contains(f) { #expect(r.keys[f] == before[f], "frame \(f) kept its keys") }
        let expected = fromScratch(next, signals: .none)
        for f in 0..<32 { #expect(r.image(f) == expected[f], "frame \(f)") }
    }

    @Test func aChangeNoFrameReadsComposesNothing() throws {
        let p = try studioWithMovingBall(frames: 16)
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        let next = try p.applying([.attach(Attach(hash: "unused", name: "notes.png", kind: .image))])
        let stats = r.update(to: next)
        #expect(stats.framesComposed == 0 && r.lastComposed.isEmpty && stats.patchesRendered == 0)
        #expect(r.update(to: next).framesComposed == 0, "the same revision again")
    }

    @Test func undoComposesTheEditedFramesAgainButRendersNothing() throws {
        let p = try studioWithMovingBall(frames: 24)
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        let next = try p.applying([.restyle(Restyle(style: .noir, scope: Scope(frames: FrameRange(4, 6))))])
        r.update(to: next)
        let back = r.update(to: p)
        #expect(r.lastComposed == [4, 5, 6])
        #expect(back.patchesRendered == 0, "the original patches are still cached")
    }

    /// Hiding the table for three frames drops the ball: its state differs
    /// in every later frame, though their evaluated scene does not.
    @Test func aPhysicsEditAtFrameKRecomposesTheFramesItsSimulationChanges() throws {
        var p = physicsStage(frames: 48, [
            physicsProp("table", .table, at: Point2(0.5, 0.73)),
            physicsProp("ball", .ball, at: Point2(0.5, 0.3), size: 0.08, body: PhysicsBody(restitution: 0.4)),
        ])
        p.canvas = Canvas(width: 128, height: 72, fps: 24)
        let r = Regenerator(width: 128, height: 72, threads: 2)
        r.update(to: p)
        var next = p
        next.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(24, 26), objects: ["table"]), change: .visible(false)))
        r.update(to: next)
        #expect(r.lastComposed.first == 24, "frames before the edit keep their keys")
        #expect(r.lastComposed.contains(47), "the ripple reaches past the edit's own frames")
        #expect(r.composer!.project.evaluate(40) == p.evaluate(40), "frame 40 changed through physics alone")
        let scratch = Regenerator(width: 128, height: 72, threads: 1)
        scratch.update(to: next)
        for f in 0..<48 { #expect(r.image(f) == scratch.image(f), "frame \(f)") }
    }

    @Test func anAudioChangeRecomposesOnlyTheFramesWhereTheLevelDiffers() throws {
        let p = try studioWithMovingBall(frames: 16).applying([
            .attach(Attach(hash: "beat", name: "beat.wav", kind: .audio)),
            .bindAudio(BindAudio(object: "ball", media: "beat", property: .scale)),
        ])
        var envelope = [Float](repeating: 0.2, count: 16)
        let quiet = AudioSignals(envelopes: ["beat": envelope])
        envelope[5] = 0.9; envelope[6] = 0.7; envelope[7] = 0.4
        let loud = AudioSignals(envelopes: ["beat": envelope])
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p, signals: quiet)
        r.update(to: p, signals: loud)
        #expect(r.lastComposed == [5, 6, 7])
        let expected = fromScratch(p, signals: loud)
        for f in 0..<16 { #expect(r.image(f) == expected[f], "frame \(f)") }
    }

    @Test func aBackdropTextureRecomposesTheFramesThatShowIt() throws {
        let p = try studioWithMovingBall(frames: 8).applying([
            .attach(Attach(hash: "sky", name: "sky.png", kind: .image)),
            .backdrop(SetBackdrop(media: "sky", scope: Scope(frames: FrameRange(2, 5)))),
        ])
        func texture(_ shade: UInt8) -> ImageTexture {
            ImageTexture(width: 4, height: 4, pixels: (0..<64).map { $0 % 4 == 3 ? 255 : shade &+ UInt8($0) })!
        }
        let r = Regenerator(width: 128, height: 64, threads: 2)
        r.update(to: p)
        // The image is loaded: the frames that name it change.
        r.update(to: p, backdrops: ["sky": texture(40)])
        #expect(r.lastComposed == [2, 3, 4, 5])
        // The same bytes decoded again: nothing to do.
        r.update(to: p, backdrops: ["sky": texture(40)])
        #expect(r.lastComposed.isEmpty)
        // Other bytes under the same name.
        r.update(to: p, backdrops: ["sky": texture(90)])
        #expect(r.lastComposed == [2, 3, 4, 5])
        let expected = fromScratch(p, signals: .none, backdrops: ["sky": texture(90)])
        for f in 0..<8 { #expect(r.image(f) == expected[f], "frame \(f)") }
    }

    @Test func aKeptFrameWhosePatchesWereEvictedIsComposedAndDrawnAgain() throws {
        let p = try studioWithMovingBall(frames: 8).applying([.relight(Relight(timeOfDay: .preset(.sunset)))])
        let cache = PatchCache(capacityBytes: 1 << 16)
        let r = Regenerator(width: 128, height: 64, threads: 2, cache: cache)
        r.update(to: p)
        let held = (0..<8).filter { cache.containsAll(r.keys[$0]) }
        #expect(held.count < 8, "the cache is too small for every frame")
        r.update(to: p)
        #expect(r.lastComposed == (0..<8).filter { !held.contains($0) })
        let expected = fromScratch(p, signals: .none)
        for f in 0..<8 { #expect(r.image(f) == expected[f], "frame \(f)") }
    }
}

/// Inside a composed frame, layers whose inputs did not change are taken
/// from the previous revision (or, for a region look, from the frame's own
/// main look) instead of being painted, and the result is the same list.
@Suite("Layers taken instead of painted")
struct LayerReuseTests {
    func outdoorWithBall() throws -> Project {
        try studioWithMovingBall(frames: 8).applying([.setting(SetSetting(setting: .desert)),
                                                      .weather(SetWeather(weather: Weather(.rain)))])
    }

    @Test func aRecolourRepaintsOnlyTheObjectsLayer() throws {
        let p = try outdoorWithBall()
        let before = FrameComposer(project: p, width: 128, height: 64)
        let first = before.compose(before.inputs(3), reusing: [])
        #expect(first.reused == 0 && first.layers.count == 3, "sky and land, the ball, the rain")
        let next = try p.applying([.set(SetProperty(object: "ball", property: .color, value: .color(RGBColor(text: "blue")!)))])
        let after = FrameComposer(project: next, width: 128, height: 64)
        let again = after.compose(after.inputs(3), reusing: first.layers)
        #expect(again.reused == 2)
        #expect(again.frame.list == after.compose(3).list, "the same commands as painting everything")
        #expect(again.frame.sources == after.compose(3).sources)
    }

    @Test func aRegionRestyledToNoirTakesTheFramesOwnLayers() throws {
        let p = try outdoorWithBall().applying([.restyle(Restyle(style: .noir, scope: Scope(region: Region(x: 0, y: 0, w: 0.5, h: 1))))])
        let composer = FrameComposer(project: p, width: 128, height: 64)
        let c = composer.compose(composer.inputs(3), reusing: [])
        #expect(c.layers.count == 6 && c.reused == 3, "the region's three layers are the main look's")
    }

    @Test func blueprintObjectsAreDrawnAgainInTheirRegion() throws {
        let p = try outdoorWithBall().applying([.restyle(Restyle(style: .blueprint, scope: Scope(region: Region(x: 0, y: 0, w: 1, h: 1))))])
        let composer = FrameComposer(project: p, width: 128, height: 64)
        let c = composer.compose(composer.inputs(3), reusing: [])
        // Painters are shown blueprint (objects become line work), so the
        // region's layers are its own: none is taken from the main look.
        #expect(c.layers.count == 6 && c.reused == 0)
        let balls = c.layers.filter { if case .object = $0.inputs { return true } else { return false } }
        #expect(balls.count == 2 && balls[0].commands != balls[1].commands)
    }

    @Test func withNoRoomForLayersEveryComposedFrameIsPaintedWithTheSameResult() throws {
        let p = try outdoorWithBall()
        let next = try p.applying([.set(SetProperty(object: "ball", property: .color, value: .color(RGBColor(text: "blue")!)))])
        let kept = Regenerator(width: 128, height: 64, threads: 2)
        let none = Regenerator(width: 128, height: 64, threads: 2, layerBudget: 0)
        for r in [kept, none] { r.update(to: p); r.update(to: next) }
        #expect(kept.keys == none.keys)
        for f in 0..<8 { #expect(kept.image(f) == none.image(f), "frame \(f)") }
    }
}
