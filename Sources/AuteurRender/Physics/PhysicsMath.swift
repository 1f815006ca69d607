import AuteurCore

// Physics and particles use only + - * / and squareRoot, which IEEE 754
// rounds exactly on every platform. No libm (sin, cos, atan2, exp): those
// may differ in the last bit between C libraries, and one bit is enough to
// send a bouncing ball somewhere else a hundred frames later.

enum PhysicsMath {
    static let degreesPerRadian = 180 / Double.pi

    /// A smooth (C1) periodic wave with period 1 in `cycles`, ranging -1...1:
    /// two parabolic lobes, close enough to a sine for sway and flicker.
    static func wave(_ cycles: Double) -> Double {
        let v = cycles - cycles.rounded(.down)
        if v < 0.5 {
            let w = v * 2
            return 4 * w * (1 - w)
        }
        let w = (v - 0.5) * 2
        return -4 * w * (1 - w)
    }

    /// A uniformly distributed direction, by rejection from the square, so
    /// no trigonometry is needed. Deterministic for a given generator state.
    static func unitVector(_ g: inout SeededGenerator) -> (x: Double, y: Double) {
        while true {
            let x = g.unit() * 2 - 1, y = g.unit() * 2 - 1
            let r2 = x * x + y * y
            if r2 > 1e-4 && r2 <= 1 {
                let r = r2.squareRoot()
                return (x / r, y / r)
            }
        }
    }

    /// A number that increases with the angle of (x, y) around the origin,
    /// in [0, 4): orders polygon vertices without atan2.
    static func pseudoAngle(_ x: Double, _ y: Double) -> Double {
        let p = x / (abs(x) + abs(y))
        return y < 0 ? 3 + p : 1 - p
    }

    /// Uniform in [0, 1) from a hash, for closed-form particles.
    static func unit(_ h: UInt64) -> Double { Double(Seeds.mix(h) >> 11) * (1.0 / 9_007_199_254_740_992.0) }
}

/// Hashes the exact bit patterns of the values the simulation reads, in the
/// order it reads them. Stable across runs and platforms (unlike `hashValue`).
struct InputHasher {
    private(set) var value: UInt64

    init(_ seed: UInt64 = 0xcbf2_9ce4_8422_2325) { value = seed }

    mutating func add(_ x: UInt64) { value = Seeds.combine(value, x) }
    mutating func add(_ x: Double) { add(x.bitPattern) }
    mutating func add(_ x: Int) { add(UInt64(bitPattern: Int64(x))) }
    mutating func add(_ x: Bool) { add(x ? UInt64(1) : 2) }
    mutating func add(_ s: String) {
        // Length first, so ("ab", "c") and ("a", "bc") differ.
        add(s.utf8.count)
        add(Seeds.hash(s))
    }
    mutating func add(_ p: Point2) { add(p.x); add(p.y) }
}
