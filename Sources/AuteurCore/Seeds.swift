/// Deterministic seed arithmetic. Everything random in Auteur is derived
/// from the project seed and stable names through these functions, never
/// from a system generator, so a project renders the same everywhere.
public enum Seeds {
    /// SplitMix64's finaliser: a good 64-bit mix.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 { mix(a ^ mix(b)) }

    /// FNV-1a over UTF-8, stable across runs and platforms (unlike `hashValue`).
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Seed of an object named `id` in a project seeded with `projectSeed`.
    public static func object(_ id: ObjectID, projectSeed: UInt64) -> UInt64 { combine(projectSeed, hash(id)) }

    /// Seed of one frame's effects (weather particles, shake).
    public static func frame(_ frame: FrameIndex, projectSeed: UInt64) -> UInt64 { combine(projectSeed, UInt64(bitPattern: Int64(frame))) }

    /// The next take's seed after `seed`.
    public static func nextTake(_ seed: UInt64) -> UInt64 { mix(seed &+ 0x5EED) }
}

/// A small deterministic generator (SplitMix64) for renderers and tests.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }
}
