import AuteurCore
import Foundation
import Testing

@Suite("Evaluation and scoped overrides")
struct EvaluationTests {
    @Test func pathsInterpolateBetweenKeyframes() throws {
        let p = try desertProject()
        #expect(p.evaluate(0).object("car")?.position == Point2(0.1, 0.8))
        #expect(p.evaluate(143).object("car")?.position == Point2(0.9, 0.8))
        let mid = try #require(p.evaluate(71).object("car")).position.x
        #expect(abs(mid - 0.5) < 0.01)
        #expect(p.evaluate(10).object("car")!.position.x < p.evaluate(20).object("car")!.position.x)
    }

    @Test func easingShapesTheMotion() {
        let linear = Track([Keyframe(0, 0.0), Keyframe(10, 1.0)])
        let eased = Track([Keyframe(0, 0.0, easing: .easeIn), Keyframe(10, 1.0)])
        #expect(linear.value(at: 2, fallback: 0) == 0.2)
        #expect(eased.value(at: 2, fallback: 0) < 0.2)
        #expect(eased.value(at: 10, fallback: 0) == 1)
        #expect(Track<Double>().value(at: 5, fallback: 3) == 3)
    }

    @Test func evaluationIsTotal() throws {
        let p = try desertProject()
        #expect(p.evaluate(-5).frame == 0)
        #expect(p.evaluate(Int.max).frame == 143)
        #expect(p.evaluate(-5) == p.evaluate(0))
        // An empty project evaluates too.
        #expect(Project().evaluate(3).objects.isEmpty)
    }

    @Test func aFrameScopedRelightHoldsOnlyInsideItsScope() throws {
        let base = try desertProject()
        let p = try base.applying([.relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(48, 95))))])
        for f in [0, 47, 96, 143] {
            #expect(p.evaluate(f) == base.evaluate(f), "frame \(f) is outside the scope and must not change")
        }
        for f in [48, 70, 95] {
            #expect(p.evaluate(f).environment.timeOfDay == .preset(.sunset))
        }
        // The base scene is untouched: the edit is an override.
        #expect(p.shots == base.shots)
        #expect(p.edits.count == 1)
    }

    @Test func transitionsStayInsideTheScope() throws {
        let base = try desertProject()
        let p = try base.applying([.relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(48, 95)), transition: 6))])
        #expect(p.evaluate(47) == base.evaluate(47))
        #expect(p.evaluate(96) == base.evaluate(96))
        let first = p.evaluate(48).environment.timeOfDay.hours
        #expect(first > 12 && first < 18.5, "frame 48 is part-way into the transition, got \(first)")
        #expect(p.evaluate(60).environment.timeOfDay.hours == 18.5)
        let last = p.evaluate(95).environment.timeOfDay.hours
        #expect(last > 12 && last < 18.5)
    }

    @Test func anObjectScopedChangeTouchesOnlyThatObject() throws {
        let base = try desertProject()
        let p = try base.applying([.set(SetProperty(object: "car", property: .color, value: .color(RGBColor(text: "blue")!),
                                                    scope: Scope(frames: FrameRange(10, 20))))])
        #expect(p.evaluate(15).object("car")?.color == RGBColor(text: "blue"))
        #expect(p.evaluate(15).object("tree") == base.evaluate(15).object("tree"))
        #expect(p.evaluate(15).environment == base.evaluate(15).environment)
        #expect(p.evaluate(9) == base.evaluate(9))
        #expect(p.evaluate(21) == base.evaluate(21))
    }

    @Test func aRegionScopedEditChangesOnlyThatRegion() throws {
        let base = try desertProject()
        let left = Region(x: 0, y: 0, w: 0.5, h: 1)
        let p = try base.applying([
            .relight(Relight(timeOfDay: .preset(.night), scope: Scope(region: left))),
            .set(SetProperty(object: "tree", property: .color, value: .color(RGBColor(text: "orange")!), scope: Scope(region: left))),
            .set(SetProperty(object: "sun", property: .color, value: .color(RGBColor(text: "pink")!), scope: Scope(region: left))),
        ])
        let s = p.evaluate(30)
        #expect(s.environment == base.evaluate(30).environment, "outside the region the light is unchanged")
        #expect(s.regionLooks == [RegionLook(region: left, environment: { var e = base.evaluate(30).environment; e.timeOfDay = .preset(.night); return e }())])
        #expect(s.object("tree")?.color == RGBColor(text: "orange"), "the tree stands in the left half")
        #expect(s.object("sun")?.color == base.evaluate(30).object("sun")?.color, "the sun is in the right half")
    }

    @Test func laterWholeFrameChangesReachEditedRegions() throws {
        let left = Region(x: 0, y: 0, w: 0.5, h: 1)
        let p = try desertProject().applying([
            .relight(Relight(timeOfDay: .preset(.night), scope: Scope(region: left))),
            .weather(SetWeather(weather: Weather(.rain), scope: Scope(frames: FrameRange(0, 143)))),
        ])
        #expect(p.evaluate(5).regionLooks.first?.environment.weather.kind == .rain)
        #expect(p.evaluate(5).environment.weather.kind == .rain)
    }

    @Test func scopedRemovalHidesAndUnscopedRemovalDeletes() throws {
        let base = try desertProject()
        let hidden = try base.applying([.remove(RemoveObject(object: "tree", scope: Scope(frames: FrameRange(0, 9))))])
        #expect(hidden.evaluate(5).object("tree") == nil)
        #expect(hidden.evaluate(10).object("tree") != nil)
        let gone = try base.applying([.remove(RemoveObject(object: "tree"))])
        #expect(gone.member("tree") == nil)
        #expect((0..<144).allSatisfy { gone.evaluate($0).object("tree") == nil })
    }

    @Test func lifetimeLimitsWhenAnObjectIsOnScreen() throws {
        let p = try desertProject().applying([.add(AddObject(id: "bird", kind: .bird, enter: 20, exit: 40))])
        #expect(p.evaluate(19).object("bird") == nil)
        #expect(p.evaluate(20).object("bird") != nil)
        #expect(p.evaluate(40).object("bird") != nil)
        #expect(p.evaluate(41).object("bird") == nil)
    }

    @Test func objectsAreOneIdentityAcrossShots() throws {
        let p = try desertProject().applying([
            .addShot(AddShot(id: "dusk", frames: 48, setting: .city, timeOfDay: .preset(.dusk), objects: ["car"])),
            .set(SetProperty(object: "car", property: .color, value: .color(RGBColor(text: "green")!))),
        ])
        let inFirst = try #require(p.evaluate(10).object("car"))
        let inSecond = try #require(p.evaluate(150).object("car"))
        #expect(p.evaluate(150).shotID == "dusk")
        #expect(p.evaluate(150).environment.setting == .city)
        #expect(inFirst.color == inSecond.color && inFirst.color == RGBColor(text: "green"))
        #expect(inFirst.seed == inSecond.seed && inFirst.variant == inSecond.variant && inFirst.size == inSecond.size)
        #expect(p.evaluate(150).object("tree") == nil, "only the car was carried over")
    }

    @Test func anUnscopedChangeSupersedesEarlierScopedOnesOfTheSameProperty() throws {
        let p = try desertProject().applying([
            .relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(48, 95)))),
            .relight(Relight(timeOfDay: .preset(.night))),
        ])
        #expect((0..<144).allSatisfy { p.evaluate($0).environment.timeOfDay == .preset(.night) })
    }

    @Test func audioDrivesBoundProperties() throws {
        let p = try desertProject().applying([
            .attach(Attach(hash: "v", name: "voice.wav", kind: .audio)),
            .add(AddObject(id: "anna", kind: .person)),
            .bindAudio(BindAudio(object: "anna", media: "v", property: .mouth)),
        ])
        let signals = AudioSignals(envelopes: ["v": [0, 1, 0.5]])
        #expect(p.evaluate(0, signals: signals).object("anna")?.mouth == 0)
        #expect(p.evaluate(1, signals: signals).object("anna")?.mouth == 1)
        #expect(p.evaluate(2, signals: signals).object("anna")?.mouth == 0.5)
        #expect(p.evaluate(2).object("anna")?.mouth == 0, "without signals the mouth is closed")
    }

    @Test func cameraMovesLeaveEarlierFramesUnchanged() throws {
        let base = try desertProject(fps: 30, seconds: 4)
        let p = try base.applying([.camera(CameraMove(move: .zoomIn, frames: FrameRange(90, 119)))])
        for f in 0...90 { #expect(p.evaluate(f) == base.evaluate(f), "frame \(f)") }
        #expect(p.evaluate(119).camera.zoom > p.evaluate(100).camera.zoom)
        #expect(p.evaluate(100).camera.zoom > 1)
    }

    @Test func shakeIsAnOverrideThatEnds() throws {
        let p = try desertProject().applying([.camera(CameraMove(move: .shake, frames: FrameRange(30, 40), amount: 0.05))])
        #expect(p.evaluate(35).camera.shake == 0.05)
        #expect(p.evaluate(41).camera.shake == 0)
    }

    @Test func extendingAShotKeepsLaterEditsOnTheirContent() throws {
        let p = try desertProject().applying([
            .addShot(AddShot(id: "two", frames: 48)),
            .relight(Relight(timeOfDay: .preset(.night), shot: "two", scope: Scope(frames: FrameRange(150, 160)))),
            .extend(ShotLength(shot: "shot-1", frames: 24)),
        ])
        #expect(p.edits.first?.scope.frames == FrameRange(174, 184))
        #expect(p.evaluate(180).environment.timeOfDay == .preset(.night))
        #expect(p.evaluate(170).environment.timeOfDay == .preset(.noon))
    }

    @Test func trimmingCutsEditsWithTheFrames() throws {
        let p = try desertProject().applying([
            .addShot(AddShot(id: "two", frames: 48)),
            .weather(SetWeather(weather: Weather(.rain), scope: Scope(frames: FrameRange(130, 135)))),
            .relight(Relight(timeOfDay: .preset(.night), scope: Scope(frames: FrameRange(120, 150)))),
            .relight(Relight(timeOfDay: .preset(.dusk), scope: Scope(frames: FrameRange(150, 160)))),
            .trim(ShotLength(shot: "shot-1", frames: 20)),
        ])
        // Rain lay wholly in the cut frames (124-143): it goes with them.
        #expect(!p.edits.contains { if case .weather = $0.change { return true } else { return false } })
        #expect(p.edits.map(\.scope.frames) == [FrameRange(120, 130), FrameRange(130, 140)])
        #expect(p.evaluate(135).environment.timeOfDay == .preset(.dusk), "the second shot's own edit moved back with it")
        #expect(p.evaluate(123).environment.timeOfDay == .preset(.night))
        #expect(p.evaluate(125).environment.timeOfDay == .preset(.night), "night still reaches the second shot's first frames")
        #expect(p.evaluate(141).environment.timeOfDay == .preset(.noon))
    }

    @Test func settingAnAppearanceForOneShotScopesItToThatShot() throws {
        let p = try desertProject().applying([
            .addShot(AddShot(id: "two", frames: 48, objects: ["car"])),
            .set(SetProperty(object: "car", property: .color, value: .color(RGBColor(text: "blue")!), shot: "two")),
        ])
        #expect(p.evaluate(10).object("car")?.color == RGBColor(text: "red"))
        #expect(p.evaluate(150).object("car")?.color == RGBColor(text: "blue"))
    }

    @Test func aScopedReplaceKeepsTheRelativeSizeLikeAnUnscopedOne() throws {
        let base = try desertProject()
        let scoped = try base.applying([.replace(Replace(object: "car", kind: .bus, scope: Scope(frames: FrameRange(0, 143))))])
        let unscoped = try base.applying([.replace(Replace(object: "car", kind: .bus))])
        #expect(scoped.evaluate(20).object("car") == unscoped.evaluate(20).object("car"))
    }

    @Test func reseedingMakesANewTakeDeterministically() throws {
        let base = try desertProject()
        let a = try base.applying([.reseed(Reseed(object: "tree"))])
        let b = try base.applying([.reseed(Reseed(object: "tree"))])
        #expect(a == b)
        #expect(a.member("tree")?.seed != base.member("tree")?.seed)
        #expect(a.member("car")?.seed == base.member("car")?.seed)
    }
}
