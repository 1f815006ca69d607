import AuteurCore
import AuteurRender
import Testing

// Scenes are built as real projects and simulated through
// `Project.evaluate`, the way the renderer will use them.

struct PhysicsProp {
    var member: CastMember
    var placement: Placement
}

func physicsProp(_ id: String, _ kind: CatalogKind, at p: Point2, size: Double? = nil, seed: UInt64 = 11,
                 body: PhysicsBody? = nil, depth: Double = 0) -> PhysicsProp {
    PhysicsProp(member: CastMember(id: id, kind: kind, size: size, seed: seed),
                placement: Placement(object: id, position: Track(constant: p), depth: depth, physics: body))
}

func physicsStage(frames: Int = 144, fps: Int = 24, setting: Setting = .studio, _ props: [PhysicsProp]) -> Project {
    var p = Project(canvas: Canvas(width: 1280, height: 720, fps: fps), seconds: Double(frames) / Double(fps), seed: 7)
    p.cast = props.map(\.member)
    p.shots[0].frames = frames
    p.shots[0].environment.setting = setting
    p.shots[0].placements = props.map(\.placement)
    return p
}

/// A digest of every bit of a simulation's output, so "equal" means
/// bit-identical (Double's == would call 0.0 and -0.0 equal).
func physicsDigest(_ sim: ShotSimulation) -> UInt64 {
    var h: UInt64 = 0x1234_5678
    func add(_ x: UInt64) { h = Seeds.combine(h, x) }
    func add(_ d: Double) { add(d.bitPattern) }
    func add(_ p: Point2) { add(p.x); add(p.y) }
    for f in sim.frames {
        add(UInt64(f.localFrame))
        for b in f.bodies {
            add(Seeds.hash(b.id)); add(b.position); add(b.rotation); add(b.velocity)
            add(b.isResting ? 1 as UInt64 : 2); add(b.isShattered ? 1 as UInt64 : 2)
        }
        for d in f.debris {
            add(Seeds.hash(d.object)); add(UInt64(d.index)); add(d.position); add(d.rotation); add(d.velocity); add(d.radius)
            for p in d.outline { add(p) }
        }
    }
    for e in sim.impacts {
        add(UInt64(e.localFrame)); add(e.position); add(e.normal); add(e.strength); add(Seeds.hash(e.object))
        add(e.shattered ? 1 as UInt64 : 2)
    }
    return h
}

func physicsTrajectory(_ sim: ShotSimulation, _ id: ObjectID) -> [SimulatedBody] {
    sim.frames.compactMap { $0.body(id) }
}

@Suite("Physics: bodies")
struct PhysicsBodyTests {
    @Test func droppedBallBouncesLowerEachTimeAndComesToRest() throws {
        let project = physicsStage([physicsProp("ball", .ball, at: Point2(0.5, 0.2), size: 0.1, body: PhysicsBody(restitution: 0.6))])
        let path = physicsTrajectory(ShotSimulation(project: project, shot: 0), "ball")
        #expect(path.count == 144)
        // Bounces: vertical velocity turns from falling (+) to rising (-).
        var bounces = 0
        var apexes: [Double] = []
        for i in 1..<path.count {
            if path[i - 1].velocity.y > 0 && path[i].velocity.y < 0 { bounces += 1 }
            if path[i - 1].velocity.y < 0 && path[i].velocity.y >= 0 { apexes.append(path[i - 1].position.y) }
        }
        #expect(bounces >= 2)
        #expect(apexes.count >= 2)
        // Each apex is lower on screen (larger y) than the one before.
        for i in 1..<apexes.count { #expect(apexes[i] > apexes[i - 1]) }
        #expect(apexes[0] > 0.2)
        let last = try #require(path.last)
        #expect(last.isResting)
        #expect(last.velocity == Point2(0, 0))
        #expect(abs(last.position.y + 0.05 - 0.8) < 0.002)
        #expect(path[path.count - 10].position == last.position)
    }

    @Test func deadBallDoesNotBounce() throws {
        let project = physicsStage(frames: 72, [physicsProp("ball", .ball, at: Point2(0.5, 0.2), size: 0.1, body: PhysicsBody(restitution: 0))])
        let path = physicsTrajectory(ShotSimulation(project: project, shot: 0), "ball")
        #expect(path.allSatisfy { $0.velocity.y >= 0 })
        let last = try #require(path.last)
        #expect(abs(last.position.y + 0.05 - 0.8) < 0.002)
    }

    @Test func ballLandsOnTableNotThroughIt() throws {
        // A table 0.14 tall centred at y 0.73: its top is at 0.66.
        let project = physicsStage(frames: 96, [
            physicsProp("table", .table, at: Point2(0.5, 0.73), size: 0.14),
            physicsProp("ball", .ball, at: Point2(0.5, 0.1), size: 0.08, body: PhysicsBody(restitution: 0.3)),
        ])
        let path = physicsTrajectory(ShotSimulation(project: project, shot: 0), "ball")
        let lowest = path.map { $0.position.y + 0.04 }.max() ?? 0
        #expect(lowest < 0.66 + 0.01)
        let last = try #require(path.last)
        #expect(abs(last.position.y + 0.04 - 0.66) < 0.002)
        #expect(abs(last.position.x - 0.5) < 0.01)

        // Without the table it falls to the floor: the table did the stopping.
        let bare = physicsStage(frames: 96, [physicsProp("ball", .ball, at: Point2(0.5, 0.1), size: 0.08, body: PhysicsBody(restitution: 0.3))])
        let floorLast = try #require(physicsTrajectory(ShotSimulation(project: bare, shot: 0), "ball").last)
        #expect(abs(floorLast.position.y + 0.04 - 0.8) < 0.002)
    }

    @Test func twoBallsCollideAndSeparate() throws {
        let project = physicsStage(frames: 48, [
            physicsProp("left", .ball, at: Point2(0.3, 0.5), size: 0.1, body: PhysicsBody(restitution: 0.9, velocity: Point2(1, 0), gravity: 0)),
            physicsProp("right", .ball, at: Point2(0.7, 0.5), size: 0.1, body: PhysicsBody(restitution: 0.9, velocity: Point2(-1, 0), gravity: 0)),
        ])
        let sim = ShotSimulation(project: project, shot: 0)
        let a = physicsTrajectory(sim, "left"), b = physicsTrajectory(sim, "right")
        #expect(a[0].velocity.x > 0 && b[0].velocity.x < 0)
        let end = try #require(sim.frames.last)
        let l = try #require(end.body("left")), r = try #require(end.body("right"))
        #expect(l.velocity.x < 0 && r.velocity.x > 0)
        // Never overlapping by more than a sliver (0.1 frame heights apart = touching).
        let aspect = 1280.0 / 720.0
        for (p, q) in zip(a, b) { #expect((q.position.x - p.position.x) * aspect > 0.1 - 0.01) }
        #expect((r.position.x - l.position.x) * aspect > 0.3)
        #expect(sim.impacts.contains { $0.object == "left" && $0.other == "right" })
    }

    @Test func frictionSlowsASlidingBox() throws {
        func slide(_ friction: Double) -> [SimulatedBody] {
            let project = physicsStage(frames: 72, [physicsProp("crate", .box, at: Point2(0.1, 0.75), size: 0.1,
                                                                body: PhysicsBody(restitution: 0, friction: friction, velocity: Point2(1.2, 0)))])
            return physicsTrajectory(ShotSimulation(project: project, shot: 0), "crate")
        }
        let rough = slide(0.5), smooth = slide(0.1), ice = slide(0)
        for i in 1..<rough.count { #expect(rough[i].velocity.x <= rough[i - 1].velocity.x) }
        #expect(rough.last?.velocity.x == 0)
        #expect(rough.last!.position.x < smooth.last!.position.x)
        #expect(smooth.last!.position.x < ice.last!.position.x)
        // With no friction nothing slows it.
        #expect(abs(ice.last!.velocity.x - 1.2) < 1e-9)
    }

    @Test func ballRollingRightTurnsClockwiseAndSlowsDown() throws {
        let project = physicsStage(frames: 72, [physicsProp("ball", .ball, at: Point2(0.2, 0.75), size: 0.1,
                                                            body: PhysicsBody(restitution: 0, velocity: Point2(1, 0)))])
        let path = physicsTrajectory(ShotSimulation(project: project, shot: 0), "ball")
        #expect(path[12].rotation > path[6].rotation)
        #expect(path[6].rotation > 0)
        #expect(path.last!.velocity.x < path[6].velocity.x)
        #expect(path.last!.position.x > path[6].position.x)
    }

    @Test func negativeGravityRises() throws {
        let project = physicsStage(frames: 24, [physicsProp("ball", .ball, at: Point2(0.5, 0.6), body: PhysicsBody(gravity: -1))])
        let path = physicsTrajectory(ShotSimulation(project: project, shot: 0), "ball")
        for i in 1..<path.count { #expect(path[i].position.y < path[i - 1].position.y) }
        #expect(path.last!.velocity.y < -3)
    }

    @Test func glassDroppedFromHeightShattersIntoSeededDebris() throws {
        func drop(seed: UInt64, from y: Double = 0.2) -> ShotSimulation {
            ShotSimulation(project: physicsStage(frames: 72, [
                physicsProp("glass", .glass, at: Point2(0.5, y), seed: seed, body: PhysicsBody(restitution: 0.2, shatters: true)),
            ]), shot: 0)
        }
        let sim = drop(seed: 5)
        let end = try #require(sim.frames.last)
        #expect(end.body("glass")?.isShattered == true)
        #expect(end.debris.count >= 7)
        let shatter = try #require(sim.impacts.first { $0.shattered })
        #expect(sim.frames[shatter.localFrame - 1].debris.isEmpty)
        #expect(!sim.frames[shatter.localFrame].debris.isEmpty)
        // Debris falls and lands: every shard ends on the ground, spread out.
        for d in end.debris {
            #expect(d.position.y + d.radius <= 0.8 + 0.002)
            #expect(d.position.y > 0.7)
            #expect(d.outline.count >= 3)
        }
        let xs = end.debris.map(\.position.x)
        #expect(xs.max()! - xs.min()! > 0.02)

        let again = drop(seed: 5)
        #expect(physicsDigest(again) == physicsDigest(sim))
        #expect(again.frames.last!.debris == end.debris)
        let other = drop(seed: 6).frames.last!.debris
        #expect(other.map(\.position) != end.debris.map(\.position))

        // Set down gently, it survives.
        let gentle = drop(seed: 5, from: 0.8 - 0.035 - 0.01)
        #expect(gentle.frames.last!.body("glass")?.isShattered == false)
        #expect(gentle.frames.last!.debris.isEmpty)
    }

    @Test func simulationIsBitIdenticalAcrossRuns() {
        let project = physicsStage(frames: 96, [
            physicsProp("table", .table, at: Point2(0.55, 0.73)),
            physicsProp("a", .ball, at: Point2(0.5, 0.1), body: PhysicsBody(restitution: 0.7, velocity: Point2(0.3, 0))),
            physicsProp("b", .box, at: Point2(0.6, 0.3), body: PhysicsBody(velocity: Point2(-0.5, -1))),
            physicsProp("c", .bottle, at: Point2(0.3, 0.2), body: PhysicsBody(shatters: true)),
        ])
        let digests = (0..<3).map { _ in physicsDigest(ShotSimulation(project: project, shot: 0)) }
        #expect(Set(digests).count == 1)
    }

    @Test func objectsOnOtherLayersPassEachOther() throws {
        let project = physicsStage(frames: 48, [
            physicsProp("wall", .box, at: Point2(0.5, 0.5), size: 0.3, depth: 2),
            physicsProp("ball", .ball, at: Point2(0.2, 0.5), body: PhysicsBody(velocity: Point2(2, 0), gravity: 0)),
        ])
        let last = try #require(ShotSimulation(project: project, shot: 0).frames.last?.body("ball"))
        #expect(last.position.x > 0.8)
    }

    @Test func keyframedBatHitsTheBall() throws {
        var bat = physicsProp("bat", .box, at: Point2(0.2, 0.75), size: 0.1)
        bat.placement.position = Track([Keyframe(0, Point2(0.2, 0.75)), Keyframe(12, Point2(0.5, 0.75))])
        let project = physicsStage(frames: 36, [bat, physicsProp("ball", .ball, at: Point2(0.4, 0.75), body: PhysicsBody())])
        let last = try #require(ShotSimulation(project: project, shot: 0).frames.last?.body("ball"))
        #expect(last.position.x > 0.6)
    }
}
