import AuteurCore
import Foundation

/// A colour transform applied to pixels already drawn, in linear light:
/// `out.rgb = m * in.rgb + offset`, alpha kept. Styles and grades are
/// filters of this kind.
public struct ColorMatrix: Hashable, Sendable {
    /// Row-major 3x3.
    public var m: [Float]
    public var offset: [Float]

    public init(m: [Float], offset: [Float] = [0, 0, 0]) {
        precondition(m.count == 9 && offset.count == 3, "a colour matrix is 3x3 plus 3 offsets")
        self.m = m; self.offset = offset
    }

    public static let identity = ColorMatrix(m: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// `self` first, then `next`.
    public func then(_ next: ColorMatrix) -> ColorMatrix {
        var r = [Float](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { r[i * 3 + j] += next.m[i * 3 + k] * m[k * 3 + j] } } }
        var o = next.offset
        for i in 0..<3 { for k in 0..<3 { o[i] += next.m[i * 3 + k] * offset[k] } }
        return ColorMatrix(m: r, offset: o)
    }

    /// The grade of the scene format, mixed with the identity by its strength.
    public init(_ grade: ColorGrade) {
        let s = Float(grade.strength)
        let id: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
        self.init(m: (0..<9).map { id[$0] + (Float(grade.matrix[$0]) - id[$0]) * s },
                  offset: grade.offset.map { Float($0) * s })
    }

    public func apply(_ c: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(m[0] * c.x + m[1] * c.y + m[2] * c.z + offset[0],
              m[3] * c.x + m[4] * c.y + m[5] * c.z + offset[1],
              m[6] * c.x + m[7] * c.y + m[8] * c.z + offset[2])
    }
}

/// How light falls in one frame, derived from the time of day and the
/// setting (see `Look.lighting`). Painters read it; nothing else decides
/// what light looks like.
public struct Lighting: Hashable, Sendable {
    /// Sky colours at the top of the frame and at the horizon.
    public var skyTop: LinearColor
    public var skyHorizon: LinearColor
    /// Multiplies the colour of everything lit by the sky: the ambient light.
    public var ambient: LinearColor
    /// The sun's or the moon's light, for lit faces and highlights.
    public var key: LinearColor
    /// Where the sun (by day) or the moon (by night) stands, in frame
    /// coordinates of the default view; y past the horizon means set.
    public var sunPosition: Point2
    public var sunVisible: Bool
    public var moonVisible: Bool
    public var starsVisible: Bool
    /// The direction shadows fall along the ground (x: -1 left, +1 right)
    /// and how long they are per unit of the caster's height.
    public var shadowDirection: Double
    public var shadowLength: Double
    /// 0 (no visible shadow) to 1 (hard midday shadow).
    public var shadowOpacity: Double
    /// 0 at night to 1 at noon: how much of the day's light there is.
    public var daylight: Double

    public init(skyTop: LinearColor, skyHorizon: LinearColor, ambient: LinearColor, key: LinearColor,
                sunPosition: Point2, sunVisible: Bool, moonVisible: Bool, starsVisible: Bool,
                shadowDirection: Double, shadowLength: Double, shadowOpacity: Double, daylight: Double) {
        self.skyTop = skyTop; self.skyHorizon = skyHorizon; self.ambient = ambient; self.key = key
        self.sunPosition = sunPosition; self.sunVisible = sunVisible; self.moonVisible = moonVisible
        self.starsVisible = starsVisible; self.shadowDirection = shadowDirection; self.shadowLength = shadowLength
        self.shadowOpacity = shadowOpacity; self.daylight = daylight
    }
}

/// Everything painters need to place and light things in one frame: the
/// device size, the camera, the environment and its light. Painters draw
/// in *world units*: x = frame x * aspect, y = frame y, so one unit is one
/// frame height on both axes and shapes keep their proportions.
public struct Stage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let environment: Environment
    public let lighting: Lighting
    public let camera: CameraState
    /// Camera shake for this frame, in device pixels (derived from the frame seed).
    public let shake: Point
    public let frame: FrameIndex
    public let localFrame: FrameIndex
    public let fps: Int
    /// The frame's effects seed (particles, flicker, lightning).
    public let seed: UInt64
    /// Frame y of the horizon and of the ground line where objects stand.
    public let horizon: Double
    public let ground: Double

    public init(width: Int, height: Int, environment: Environment, lighting: Lighting, camera: CameraState,
                frame: FrameIndex, localFrame: FrameIndex, fps: Int, seed: UInt64,
                horizon: Double = 0.62, ground: Double = 0.8) {
        self.width = width; self.height = height; self.environment = environment; self.lighting = lighting
        self.camera = camera; self.frame = frame; self.localFrame = localFrame; self.fps = fps; self.seed = seed
        self.horizon = horizon; self.ground = ground
        if camera.shake > 0 {
            var g = SeededGenerator(seed: Seeds.combine(seed, 0x5A4E))
            let a = Float(camera.shake) * Float(height)
            shake = Point(Float(g.unit() * 2 - 1) * a, Float(g.unit() * 2 - 1) * a)
        } else {
            shake = .zero
        }
    }

    public var aspect: Double { Double(width) / Double(height) }
    /// Local time in seconds, for things that move by themselves (water, clouds).
    public var seconds: Double { Double(localFrame) / Double(fps) }

    /// World units to device pixels for a layer at `depth` (0 is the stage;
    /// farther layers follow the camera's pan and zoom less: parallax).
    public func transform(depth: Double = 0) -> Transform {
        let d = max(0, depth)
        let follow = 1 / (1 + d)
        let zoom = Float(1 + (camera.zoom - 1) * follow)
        let cx = Float((0.5 + (camera.center.x - 0.5) * follow) * aspect)
        let cy = Float(0.5 + (camera.center.y - 0.5) * follow)
        let unit = Float(height) * zoom
        return Transform.translation(-cx, -cy)
            .scaled(unit, unit)
            .rotated(degrees: Float(camera.roll))
            .translated(Float(width) / 2 + shake.x, Float(height) / 2 + shake.y)
    }

    /// A frame-coordinate point (scene format) in device pixels.
    public func device(_ p: Point2, depth: Double = 0) -> Point {
        transform(depth: depth).map(Point(Float(p.x * aspect), Float(p.y)))
    }

    /// Device pixels per world unit at `depth`.
    public func unit(depth: Double = 0) -> Float {
        Float(height) * Float(1 + (camera.zoom - 1) / (1 + max(0, depth)))
    }
}
