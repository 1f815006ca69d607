import AuteurCore
import AuteurRender
import Testing

@Suite("Physics: snapshots and re-simulation")
struct PhysicsResimulationTests {
    /// A ball resting on a table for the whole shot.
    func ballOnTable() -> Project {
        physicsStage(frames: 144, [
            physicsProp("table", .table, at: Point2(0.5, 0.73)),
            physicsProp("ball", .ball, at: Point2(0.5, 0.3), size: 0.08, body: PhysicsBody(restitution: 0.4)),
        ])
    }

    @Test func editAtFrame40ResimulatesOnlyFromTheSnapshotBeforeIt() throws {
        let before = ballOnTable()
        let old = ShotSimulation(project: before, shot: 0)
        #expect(old.resimulatedFrames == 144)

        var after = before
        after.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(40, 143), objects: ["table"]), change: .visible(false)))
        let updated = old.updated(project: after, shot: 0)
        let interval = updated.settings.snapshotInterval
        #expect(updated.resimulatedFrames >= 144 - 40)
        #expect(updated.resimulatedFrames < 144 - 40 + interval)
        #expect(physicsDigest(updated) == physicsDigest(ShotSimulation(project: after, shot: 0)))
        // Frames before the edit are the old ones; after it the ball, which
        // had settled on the table, falls to the floor.
        #expect(Array(updated.frames.prefix(40)) == Array(old.frames.prefix(40)))
        let resting = try #require(old.frames[39].body("ball"))
        #expect(resting.isResting)
        #expect(abs(resting.position.y + 0.04 - 0.66) < 0.002)
        let fallen = try #require(updated.frames.last?.body("ball"))
        #expect(abs(fallen.position.y + 0.04 - 0.8) < 0.002)
    }

    @Test func editsThatPhysicsDoesNotReadResimulateNothing() throws {
        let before = physicsStage(frames: 96, [
            physicsProp("table", .table, at: Point2(0.5, 0.73)),
            physicsProp("cloud", .cloud, at: Point2(0.3, 0.2)),
            physicsProp("ball", .ball, at: Point2(0.5, 0.3), size: 0.08, body: PhysicsBody(restitution: 0.4)),
        ])
        let old = ShotSimulation(project: before, shot: 0)
        var edited: [Project] = []
        var p = before
        p.edits.append(ScopedEdit(scope: Scope(objects: ["ball"]), change: .color(RGBColor(255, 0, 0))))
        edited.append(p)
        p = before
        p.edits.append(ScopedEdit(scope: .everything, change: .weather(Weather(.rain))))
        edited.append(p)
        p = before
        p.shots[0].placements[1].position.set(Point2(0.8, 0.1), at: 30)
        edited.append(p)
        p = before
        p.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(10, 50), objects: ["cloud"]), change: .visible(false)))
        edited.append(p)
        // The ball's own keys after it starts falling: the simulation owns
        // its motion from its first frame.
        p = before
        p.shots[0].placements[2].position.set(Point2(0.1, 0.1), at: 60)
        edited.append(p)
        for project in edited {
            let updated = old.updated(project: project, shot: 0)
            #expect(updated.resimulatedFrames == 0)
            #expect(physicsDigest(updated) == physicsDigest(old))
            #expect(physicsDigest(updated) == physicsDigest(ShotSimulation(project: project, shot: 0)))
        }
    }

    @Test func changingTheWorldResimulatesEverything() {
        let project = ballOnTable()
        let old = ShotSimulation(project: project, shot: 0)
        var lowFloor = PhysicsSettings.standard(for: .studio)
        lowFloor.floor = 0.9
        #expect(old.updated(project: project, shot: 0, settings: lowFloor).resimulatedFrames == 144)
    }

    /// Random scenes and random edits: the incremental result is always
    /// bit-identical to simulating the edited project from scratch, and
    /// re-simulates exactly from the snapshot before the first changed frame.
    @Test func incrementalEqualsFromScratchOverRandomScenesAndEdits() throws {
        var g = SeededGenerator(seed: 2024)
        func pick<T>(_ xs: [T]) -> T { xs[Int(g.next() % UInt64(xs.count))] }
        func range(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * g.unit() }

        var incrementalCases = 0
        for _ in 0..<60 {
            let frames = 24 + Int(g.next() % 25)
            var settings = PhysicsSettings.standard(for: .studio)
            settings.snapshotInterval = 1 + Int(g.next() % 10)
            var props: [PhysicsProp] = []
            for s in 0..<(1 + Int(g.next() % 2)) {
                // Crowded: statics sit under the falling bodies so that most
                // edits change what the bodies hit.
                var prop = physicsProp("static\(s)", pick([.table, .box, .rock, .car]), at: Point2(range(0.35, 0.65), range(0.65, 0.75)))
                if g.unit() < 0.4 {
                    prop.placement.position.set(Point2(range(0.35, 0.65), range(0.65, 0.75)), at: Int(g.next() % UInt64(frames)))
                }
                props.append(prop)
            }
            for d in 0..<(1 + Int(g.next() % 3)) {
                let kind: CatalogKind = pick([.ball, .ball, .box, .glass, .bottle])
                var prop = physicsProp("body\(d)", kind, at: Point2(range(0.35, 0.65), range(0.1, 0.5)), seed: g.next(),
                                       body: PhysicsBody(mass: range(0.5, 2), restitution: range(0, 0.9), friction: range(0, 0.8),
                                                         velocity: Point2(range(-0.5, 0.5), range(-1, 0.5)),
                                                         shatters: kind == .glass || kind == .bottle, gravity: pick([1, 1, 0.5, -0.3])))
                if g.unit() < 0.3 { prop.placement.enter = Int(g.next() % UInt64(frames / 2)) }
                props.append(prop)
            }
            props.append(physicsProp("cloud", .cloud, at: Point2(0.5, 0.15)))
            let before = physicsStage(frames: frames, props)

            var after = before
            let k = Int(g.next() % UInt64(frames * 2 / 3))
            let last = frames - 1
            let statics = props.filter { $0.placement.physics == nil && $0.member.kind != .cloud }.map(\.member.id)
            let bodies = props.filter { $0.placement.physics != nil }.map(\.member.id)
            var mustBeFree = false
            switch g.next() % 8 {
            case 0:
                let i = Int(g.next() % UInt64(statics.count))
                let old = after.shots[0].placements[i].position.value(at: max(0, k - 1), fallback: Point2(0.5, 0.5))
                if k > 0 { after.shots[0].placements[i].position.set(old, at: k - 1) }
                after.shots[0].placements[i].position.set(Point2(old.x + 0.06, old.y - 0.1), at: k)
            case 1:
                after.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(k, last), objects: [pick(statics + bodies)]),
                                              change: .visible(false)))
            case 2:
                after.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(k, last), objects: [pick(statics + bodies)]),
                                              change: .scale(1.3)))
            case 3:
                let target = pick(bodies)
                let i = try #require(props.firstIndex { $0.member.id == target })
                after.shots[0].placements[i].physics?.restitution = range(0, 1)
            case 4:
                after.edits.append(ScopedEdit(scope: Scope(frames: FrameRange(k, last), objects: [pick(bodies)]),
                                              change: .seed(g.next())))
            case 5:
                after.edits.append(ScopedEdit(scope: Scope(objects: [pick(statics + bodies)]), change: .color(RGBColor(9, 9, 9))))
                mustBeFree = true
            case 6:
                after.shots[0].frames = max(2, frames + Int(g.next() % 21) - 10)
            default:
                after.shots[0].placements[props.count - 1].position.set(Point2(0.9, 0.1), at: k)
                mustBeFree = true
            }

            let old = ShotSimulation(project: before, shot: 0, settings: settings)
            let updated = old.updated(project: after, shot: 0, settings: settings)
            let fresh = ShotSimulation(project: after, shot: 0, settings: settings)
            #expect(physicsDigest(updated) == physicsDigest(fresh))
            #expect(updated.frames == fresh.frames)
            #expect(updated.impacts == fresh.impacts)

            // The re-simulated count follows from the first changed frame.
            let n = fresh.frameCount
            var first = 0
            while first < n && first < old.inputHashes.count && fresh.inputHashes[first] == old.inputHashes[first] { first += 1 }
            let expected = first == n ? 0 : first == 0 ? n : n - 1 - ((first - 1) / settings.snapshotInterval) * settings.snapshotInterval
            #expect(updated.resimulatedFrames == expected)
            if mustBeFree { #expect(updated.resimulatedFrames == 0) }
            if expected > 0 && expected < n { incrementalCases += 1 }
        }
        // The generator must actually exercise restarts from a snapshot.
        #expect(incrementalCases >= 20)
    }
}
