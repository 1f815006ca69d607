import AuteurCore
import AuteurRender
import Testing

@Suite("Physics: particles")
struct PhysicsParticleTests {
    /// A field with everything in it: weather is passed per query, and the
    /// impacts come from a real simulation (a glass breaking, a car landing,
    /// a ball bouncing).
    func busyField(setting: Setting = .city) -> (ParticleField, ShotSimulation) {
        let project = physicsStage(frames: 96, setting: setting, [
            physicsProp("glass", .glass, at: Point2(0.3, 0.2), body: PhysicsBody(shatters: true)),
            physicsProp("car", .car, at: Point2(0.7, 0.3), body: PhysicsBody(restitution: 0.2)),
            physicsProp("ball", .ball, at: Point2(0.5, 0.1), body: PhysicsBody(restitution: 0.7)),
        ])
        let sim = ShotSimulation(project: project, shot: 0)
        let field = ParticleField(project: project, shot: 0, simulation: sim,
                                  smoke: [SmokeSource(anchor: Point2(0.1, 0.5), startFrame: 5, rate: 8, seed: 3)])
        return (field, sim)
    }

    @Test func anyFrameComputedAloneEqualsTheSameFrameComputedAfterOthers() {
        let (field, _) = busyField()
        let storm = Weather(.storm, intensity: 0.8)
        var inOrder: [[Particle]] = []
        for f in 0..<60 { inOrder.append(field.particles(atLocalFrame: f, weather: storm)) }
        let fresh = busyField().0
        for f in [59, 3, 41, 17, 0] {
            #expect(fresh.particles(atLocalFrame: f, weather: storm) == inOrder[f])
        }
        // And frames really change over time.
        #expect(inOrder[10] != inOrder[11])
    }

    @Test func tileQueryReturnsExactlyTheParticlesWhoseBoundsIntersect() {
        let (field, _) = busyField()
        var g = SeededGenerator(seed: 77)
        for weather in [Weather(.rain, intensity: 1), Weather(.snow, intensity: 0.7), Weather(.storm)] {
            for f in [0, 14, 15, 30, 55] {
                let all = field.particles(atLocalFrame: f, weather: weather)
                for _ in 0..<12 {
                    let w = 0.05 + 0.3 * g.unit(), h = 0.05 + 0.3 * g.unit()
                    let rect = Region(x: g.unit() * 1.1 - 0.05, y: g.unit() * 1.1 - 0.05, w: w, h: h)
                    let tile = field.particles(atLocalFrame: f, weather: weather, intersecting: rect)
                    let expected = all.filter {
                        $0.bounds.x <= rect.x + rect.w && rect.x <= $0.bounds.x + $0.bounds.w &&
                        $0.bounds.y <= rect.y + rect.h && rect.y <= $0.bounds.y + $0.bounds.h
                    }
                    #expect(tile == expected)
                }
            }
        }
        // A grid of tiles covering the frame sees every on-screen particle.
        let all = field.particles(atLocalFrame: 20, weather: Weather(.rain, intensity: 1))
        var seen = 0
        for i in 0..<4 { for j in 0..<4 {
            let tile = Region(x: Double(i) / 4, y: Double(j) / 4, w: 0.25, h: 0.25)
            seen += field.particles(atLocalFrame: 20, weather: Weather(.rain, intensity: 1), intersecting: tile).count
        } }
        let onScreen = all.filter { $0.bounds.x <= 1 && $0.bounds.x + $0.bounds.w >= 0 && $0.bounds.y <= 1 && $0.bounds.y + $0.bounds.h >= 0 }
        #expect(seen >= onScreen.count)
    }

    @Test func rainFallsFastSnowDriftsSlowlyAndIntensityAddsDrops() {
        let field = ParticleField(seed: 9, fps: 24, aspect: 16.0 / 9.0, floor: 0.8, setting: .city)
        #expect(field.particles(atLocalFrame: 10, weather: .clear).isEmpty)
        let light = field.particles(atLocalFrame: 10, weather: Weather(.rain, intensity: 0.3)).filter { $0.kind == .rain }
        let heavy = field.particles(atLocalFrame: 10, weather: Weather(.rain, intensity: 1)).filter { $0.kind == .rain }
        #expect(heavy.count > 2 * light.count)
        // Heavier rain keeps the light rain's drops and adds more.
        #expect(Set(light.map(\.position)).isSubset(of: Set(heavy.map(\.position))))

        func meanFall(_ kind: Weather.Kind) -> Double {
            let a = field.particles(atLocalFrame: 10, weather: Weather(kind, intensity: 1)).filter { $0.kind != .splash }
            let b = field.particles(atLocalFrame: 11, weather: Weather(kind, intensity: 1)).filter { $0.kind != .splash }
            // Particles keep their place in the list between frames; skip the
            // ones that wrapped back to the top.
            let steps = zip(a, b).map { $1.position.y - $0.position.y }.filter { $0 > 0 }
            return steps.reduce(0, +) / Double(steps.count)
        }
        let rain = meanFall(.rain), snow = meanFall(.snow)
        #expect(rain > 0.2 && rain < 0.35)   // about 6 frame heights per second at 24 fps
        #expect(snow > 0.002 && snow < 0.01)
        #expect(field.particles(atLocalFrame: 10, weather: Weather(.rain, intensity: 1)).contains { $0.kind == .splash })
        #expect(field.particles(atLocalFrame: 10, weather: Weather(.snow)).allSatisfy { $0.kind == .snow })
    }

    @Test func impactsThrowSparksDustAndSplashAfterTheyHappen() throws {
        let (field, sim) = busyField()
        let crash = try #require(sim.impacts.first { $0.object == "car" })
        let shatter = try #require(sim.impacts.first { $0.object == "glass" && $0.shattered })
        let thud = try #require(sim.impacts.first { $0.object == "ball" })

        func kinds(near e: ImpactEvent, at frame: FrameIndex) -> Set<ParticleKind> {
            let area = Region(x: e.position.x - 0.1, y: e.position.y - 0.2, w: 0.2, h: 0.3)
            return Set(field.particles(atLocalFrame: frame, weather: .clear, intersecting: area).map(\.kind))
        }
        #expect(kinds(near: crash, at: crash.localFrame + 2).contains(.spark))
        #expect(kinds(near: shatter, at: shatter.localFrame + 2).contains(.splash))
        #expect(kinds(near: thud, at: thud.localFrame + 2).contains(.smoke))
        #expect(!kinds(near: crash, at: crash.localFrame - 1).contains(.spark))
        // Sparks are gone within a second.
        #expect(!kinds(near: crash, at: crash.localFrame + 24).contains(.spark))

        // On water, the same fall splashes instead of raising dust.
        let (sea, seaSim) = busyField(setting: .ocean)
        let splash = try #require(seaSim.impacts.first { $0.object == "ball" })
        let area = Region(x: splash.position.x - 0.1, y: splash.position.y - 0.2, w: 0.2, h: 0.3)
        let kindsAtSea = Set(sea.particles(atLocalFrame: splash.localFrame + 2, weather: .clear, intersecting: area).map(\.kind))
        #expect(kindsAtSea.contains(.splash) && !kindsAtSea.contains(.smoke))
    }

    @Test func smokeRisesFromItsSourceAfterItStarts() {
        let field = ParticleField(seed: 1, fps: 24, aspect: 16.0 / 9.0, floor: 0.8, setting: .city,
                                  smoke: [SmokeSource(anchor: Point2(0.5, 0.7), startFrame: 12, rate: 6, seed: 2)])
        #expect(field.particles(atLocalFrame: 11, weather: .clear).isEmpty)
        let puffs = field.particles(atLocalFrame: 60, weather: .clear)
        #expect(puffs.count >= 8)
        #expect(puffs.allSatisfy { $0.kind == .smoke && $0.position.y <= 0.7 })
        // Older puffs (earlier in the list) are higher and bigger.
        #expect(puffs.first!.position.y < puffs.last!.position.y)
        #expect(puffs.first!.radius > puffs.last!.radius)
    }
}
