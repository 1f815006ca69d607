import AuteurCore

/// How a shattering object breaks. Every number comes from the object's
/// seed, so the same take breaks the same way and a reseed breaks it
/// differently.
enum Debris {
    /// The shards of `body`, hitting a surface at `impactSpeed` (stage units
    /// per second) along `normal` (from the body into the surface).
    static func shards(of body: BodyState, impactSpeed: Double, normal: (Double, Double)) -> [BodyState] {
        var g = SeededGenerator(seed: Seeds.combine(body.seed, Seeds.hash("shatter")))
        let count = 7 + Int(g.next() % 6)
        let (hw, hh) = body.shape.halfExtents
        // Shards share the object's area between them, a little less for the
        // gaps between pieces.
        let meanRadius = (4 * hw * hh / Double(count) / Double.pi).squareRoot() * 0.8
        let spin = body.baseRotation + body.angle * PhysicsMath.degreesPerRadian
        var out: [BodyState] = []
        out.reserveCapacity(count)
        for k in 0..<count {
            let ox = (g.unit() * 2 - 1) * hw * 0.8
            let oy = (g.unit() * 2 - 1) * hh * 0.8
            let radius = meanRadius * (0.7 + 0.6 * g.unit())
            let burst = PhysicsMath.unitVector(&g)
            let outward = impactSpeed * (0.15 + 0.35 * g.unit())
            let rebound = impactSpeed * (0.1 + 0.25 * g.unit())
            // Most of the fall's energy goes into breaking; what is left
            // throws the pieces outward and back off the surface.
            let vx = body.vx * 0.25 + burst.x * outward - normal.0 * rebound
            let vy = body.vy * 0.25 + burst.y * outward - normal.1 * rebound
            out.append(BodyState(
                object: body.object, piece: k, kind: body.kind, shape: .circle(radius: radius),
                x: body.x + ox, y: body.y + oy, vx: vx, vy: vy,
                angle: 0, omega: (g.unit() * 2 - 1) * 25,
                mass: body.mass / Double(count), restitution: 0.2, friction: 0.6, gravityScale: body.gravityScale,
                depth: body.depth, shatters: false, seed: Seeds.combine(body.seed, UInt64(k)),
                baseRotation: spin, present: true, shattered: false, sleeping: false, stillTime: 0))
        }
        return out
    }

    /// A shard's outline: three to five corners around its centre, in stage
    /// units, before rotation.
    static func outline(seed: UInt64, radius: Double) -> [Point2] {
        var g = SeededGenerator(seed: Seeds.combine(seed, Seeds.hash("outline")))
        let corners = 3 + Int(g.next() % 3)
        var points: [(Double, Point2)] = []
        for _ in 0..<corners {
            let d = PhysicsMath.unitVector(&g)
            let r = radius * (0.55 + 0.45 * g.unit())
            points.append((PhysicsMath.pseudoAngle(d.x, d.y), Point2(d.x * r, d.y * r)))
        }
        return points.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
