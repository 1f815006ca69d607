import AuteurCore
import Foundation
import Testing

@Suite("Applying turns")
struct ApplyTests {
    @Test func aTurnAppliesAllOrNothingAndNamesTheFailingOp() throws {
        let base = try desertProject()
        do {
            _ = try base.applying([
                .set(SetProperty(object: "car", property: .color, value: .color(RGBColor(0, 0, 255)))),
                .relight(Relight(timeOfDay: .preset(.dusk))),
                .set(SetProperty(object: "plane", property: .color, value: .color(RGBColor(0, 0, 255)))),
            ])
            Issue.record("a turn with an unknown object applied")
        } catch let e as AuteurError {
            #expect(e.description.hasPrefix("op 3 (set): no object \"plane\""))
        }
        #expect(base.member("car")?.color == RGBColor(text: "red"))
    }

    @Test(arguments: [
        Op.replace(Replace(object: "car", variant: "hovercraft")),
        Op.add(AddObject(id: "car", kind: .truck)),
        Op.add(AddObject(kind: .car, size: -1)),
        Op.trim(ShotLength(frames: 144)),
        Op.extend(ShotLength(frames: 0)),
        Op.camera(CameraMove(move: .follow, target: "ghost")),
        Op.relight(Relight(timeOfDay: .preset(.dusk), scope: Scope(frames: FrameRange(500, 600)))),
        Op.backdrop(SetBackdrop(media: "nothing-attached")),
        Op.bindAudio(BindAudio(object: "car", media: "nope", property: .mouth)),
        Op.set(SetProperty(object: "car", property: .position, value: .point(Point2(0.5, 0.5)), scope: Scope(frames: FrameRange(1, 2)))),
        Op.addShot(AddShot(id: "shot-1")),
        Op.resize(Resize(object: "car", factor: 0)),
    ])
    func invalidOpsAreRefusedWithAReason(op: Op) throws {
        let base = try desertProject()
        #expect(throws: AuteurError.self) { try base.applying([op]) }
    }

    @Test func addingGeneratesStableIdsAndSeeds() throws {
        let p = try Project(seed: 3).applying([.add(AddObject(kind: .ball)), .add(AddObject(kind: .ball))])
        #expect(p.cast.map(\.id) == ["ball-1", "ball-2"])
        let again = try Project(seed: 3).applying([.add(AddObject(kind: .ball)), .add(AddObject(kind: .ball))])
        #expect(p == again)
        #expect(p.cast[0].seed != p.cast[1].seed)
    }

    @Test func replacingTheKindKeepsRelativeSize() throws {
        let p = try desertProject().applying([.replace(Replace(object: "car", kind: .bus))])
        #expect(p.member("car")?.kind == .bus)
        #expect(p.member("car")?.variant == CatalogKind.bus.defaultVariant)
    }

    @Test func retimingChangesSpeed() throws {
        let p = try desertProject().applying([.retime(Retime(object: "car", speed: 2))])
        // Twice as fast: it reaches the far side at half the time and holds.
        // The 143-frame path now ends at frame 72 (143 / 2, rounded).
        #expect(p.evaluate(72).object("car")!.position.x == 0.9)
        #expect(p.evaluate(36).object("car")!.position.x == 0.5)
    }

    @Test func selectionScopesUnscopedOps() {
        let sel = Selection(frames: FrameRange(48, 95))
        let op = Op.relight(Relight(timeOfDay: .preset(.sunset)))
        #expect(op.scoped(by: sel) == .relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(48, 95)))))
        let own = Op.relight(Relight(timeOfDay: .preset(.sunset), scope: Scope(frames: FrameRange(1, 2))))
        #expect(own.scoped(by: sel) == own, "a turn's own scope wins over the selection")
        let add = Op.add(AddObject(kind: .car))
        #expect(add.scoped(by: sel) == add)
    }
}
