@testable import AuteurRender
import AuteurCore
import Foundation
import Testing

/// Renders environments small and measures what a viewer would notice:
/// brightness, warmth, contrast, difference.
enum LookFixture {
    static let width = 192, height = 108

    static func stage(_ env: Environment, frame: Int = 0, width: Int = width, height: Int = height) -> Stage {
        Stage(width: width, height: height, environment: env, lighting: Look.lighting(for: env), camera: CameraState(),
              frame: frame, localFrame: frame, fps: 24, seed: Seeds.frame(frame, projectSeed: 11))
    }

    static func particles(_ env: Environment, frame: Int) -> [Particle] {
        ParticleField(seed: 5, fps: 24, aspect: Double(width) / Double(height), floor: 0.8, setting: env.setting)
            .particles(atLocalFrame: frame, weather: env.weather)
    }

    static func list(_ env: Environment, frame: Int = 0, atmosphere: Bool = false) -> DisplayList {
        let s = stage(env, frame: frame)
        var l = DisplayList(width: width, height: height)!
        Look.paintBackground(s, into: &l)
        if atmosphere { Look.paintAtmosphere(s, particles: particles(env, frame: frame), into: &l) }
        return l
    }

    static func render(_ env: Environment, frame: Int = 0, atmosphere: Bool = false) -> FrameImage {
        Rasterizer().render(list(env, frame: frame, atmosphere: atmosphere))
    }

    /// Every pixel in linear light.
    static func linear(_ image: FrameImage) -> [SIMD3<Float>] {
        stride(from: 0, to: image.pixels.count, by: 4).map {
            SIMD3(SRGB.decode[Int(image.pixels[$0])], SRGB.decode[Int(image.pixels[$0 + 1])], SRGB.decode[Int(image.pixels[$0 + 2])])
        }
    }

    static func mean(_ image: FrameImage) -> SIMD3<Float> {
        let px = linear(image)
        return px.reduce(SIMD3<Float>.zero, +) / Float(px.count)
    }

    static func luminance(_ c: SIMD3<Float>) -> Float { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }

    static func meanLuminance(_ image: FrameImage) -> Float { luminance(mean(image)) }

    /// Standard deviation of the sRGB-encoded luminance: contrast as seen.
    static func contrast(_ image: FrameImage) -> Float {
        var l: [Float] = []
        for i in stride(from: 0, to: image.pixels.count, by: 4) {
            let r = Float(image.pixels[i]), g = Float(image.pixels[i + 1]), b = Float(image.pixels[i + 2])
            l.append(0.2126 * r + 0.7152 * g + 0.0722 * b)
        }
        let n = Float(l.count)
        let m: Float = l.reduce(0, +) / n
        var v: Float = 0
        for x in l { v += (x - m) * (x - m) }
        return (v / n).squareRoot()
    }

    /// Mean absolute difference per channel in 8-bit units.
    static func difference(_ a: FrameImage, _ b: FrameImage) -> Double {
        var sum = 0
        for i in 0..<a.pixels.count where i % 4 != 3 { sum += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
        return Double(sum) / Double(a.pixels.count / 4 * 3)
    }

    static func encode(_ v: Float) -> Int {
        let x = Double(max(0, min(1, v)))
        return Int(((x <= 0.0031308 ? x * 12.92 : 1.055 * pow(x, 1 / 2.4) - 0.055) * 255).rounded())
    }

    static func at(_ setting: Setting, _ time: TimeOfDay.Preset, _ weather: Weather = .clear) -> Environment {
        Environment(setting: setting, timeOfDay: .preset(time), weather: weather)
    }
}

@Suite("Look: light by time of day")
struct LookLightingTests {
    typealias F = LookFixture

    @Test("noon is brighter than dusk, and dusk than night", arguments: [Setting.meadow, .desert, .city, .beach])
    func brightnessFollowsTheDay(setting: Setting) {
        let noon = F.meanLuminance(F.render(F.at(setting, .noon)))
        let dusk = F.meanLuminance(F.render(F.at(setting, .dusk)))
        let night = F.meanLuminance(F.render(F.at(setting, .night)))
        #expect(noon > dusk * 1.5, "noon \(noon) vs dusk \(dusk)")
        #expect(dusk > night * 1.2, "dusk \(dusk) vs night \(night)")
    }

    @Test("sunset is warmer than noon")
    func sunsetIsWarm() {
        for setting in [Setting.desert, .meadow, .ocean] {
            let noon = F.mean(F.render(F.at(setting, .noon)))
            let sunset = F.mean(F.render(F.at(setting, .sunset)))
            #expect(sunset.x / sunset.z > 1.3 * noon.x / noon.z, "\(setting): r/b noon \(noon.x / noon.z), sunset \(sunset.x / sunset.z)")
        }
        let noonKey = Look.lighting(for: F.at(.meadow, .noon)).key
        let sunsetKey = Look.lighting(for: F.at(.meadow, .sunset)).key
        #expect(sunsetKey.red / sunsetKey.blue > 2 * noonKey.red / noonKey.blue)
    }

    @Test("dawn and dusk look different")
    func dawnIsNotDusk() {
        let dawn = F.render(F.at(.meadow, .dawn)), dusk = F.render(F.at(.meadow, .dusk))
        #expect(F.difference(dawn, dusk) > 12)
        // Dawn comes up pale and peachy; dusk goes down dark and violet.
        #expect(F.meanLuminance(dawn) > F.meanLuminance(dusk) * 1.3)
        let a = Look.lighting(for: F.at(.meadow, .dawn)), b = Look.lighting(for: F.at(.meadow, .dusk))
        #expect(a.sunVisible && !b.sunVisible)
        #expect(a.sunPosition.x < 0.5, "the sun rises on the left")
    }

    @Test("shadows fall right in the morning and left in the afternoon, longer when the sun is low")
    func shadowsTurn() {
        let morning = Look.lighting(for: F.at(.meadow, .morning))
        let noon = Look.lighting(for: F.at(.meadow, .noon))
        let afternoon = Look.lighting(for: F.at(.meadow, .afternoon))
        let sunset = Look.lighting(for: F.at(.meadow, .sunset))
        #expect(morning.shadowDirection > 0.2)
        #expect(afternoon.shadowDirection < -0.2)
        #expect(noon.shadowLength < morning.shadowLength)
        #expect(sunset.shadowLength > afternoon.shadowLength * 2)
        #expect(noon.shadowOpacity > Look.lighting(for: F.at(.meadow, .night)).shadowOpacity)
    }

    @Test("light changes smoothly through the day: no jumps between neighbouring minutes")
    func continuousDay() {
        var last = Look.lighting(for: Environment(setting: .meadow, timeOfDay: .clock(0)))
        var minute = 1
        while minute <= 24 * 60 {
            let l = Look.lighting(for: Environment(setting: .meadow, timeOfDay: .clock(Double(minute % (24 * 60)) / 60)))
            for (a, b) in [(last.skyTop, l.skyTop), (last.skyHorizon, l.skyHorizon), (last.ambient, l.ambient)] {
                let d = max(abs(a.red - b.red), abs(a.green - b.green), abs(a.blue - b.blue))
                #expect(d < 0.04, "jump of \(d) at minute \(minute)")
            }
            #expect(abs(last.daylight - l.daylight) < 0.03, "daylight jumps at minute \(minute)")
            last = l
            minute += 1
        }
    }

    @Test("interiors are lamp-lit, underwater is blue-green and dim, space is black with stars")
    func settingsLight() {
        let office = Look.lighting(for: F.at(.office, .night))
        #expect(office.ambient.red > 0.6 && !office.sunVisible && !office.starsVisible)
        let water = Look.lighting(for: F.at(.underwater, .noon))
        #expect(water.ambient.green > water.ambient.red * 1.3 && water.ambient.blue > water.ambient.red * 1.3)
        #expect(F.meanLuminance(F.render(F.at(.underwater, .noon))) < F.meanLuminance(F.render(F.at(.beach, .noon))))
        let space = Look.lighting(for: F.at(.space, .noon))
        #expect(space.starsVisible && space.skyTop.red + space.skyTop.green + space.skyTop.blue < 0.01)
        #expect(F.meanLuminance(F.render(F.at(.space, .noon))) < 0.05)
    }
}

@Suite("Look: settings and weather")
struct LookSceneryTests {
    typealias F = LookFixture

    @Test("every setting paints an opaque background that differs from every other setting")
    func settingsAreDistinct() {
        var images: [(Setting, FrameImage)] = []
        for s in Setting.allCases {
            let l = F.list(F.at(s, .afternoon))
            #expect(!l.commands.isEmpty)
            let img = Rasterizer().render(l)
            #expect(stride(from: 3, to: img.pixels.count, by: 4).allSatisfy { img.pixels[$0] == 255 }, "\(s) leaves holes")
            images.append((s, img))
        }
        for i in 0..<images.count {
            for j in (i + 1)..<images.count {
                let d = F.difference(images[i].1, images[j].1)
                #expect(d > 8, "\(images[i].0) and \(images[j].0) look alike (mean difference \(d))")
            }
        }
    }

    @Test("a storm is darker than a clear day")
    func stormIsDark() {
        let clear = F.meanLuminance(F.render(F.at(.meadow, .afternoon), atmosphere: true))
        let storm = F.meanLuminance(F.render(F.at(.meadow, .afternoon, Weather(.storm, intensity: 0.8)), frame: 3, atmosphere: true))
        #expect(storm < clear * 0.6, "storm \(storm) vs clear \(clear)")
    }

    @Test("lightning flashes at some frames and not others, the same on every run")
    func lightning() throws {
        let env = F.at(.ocean, .dusk, Weather(.storm, intensity: 1))
        let flashes = (0..<240).map { Scenery(F.stage(env, frame: $0)).lightning().flash }
        let bright = flashes.indices.filter { flashes[$0] > 0.5 }
        #expect(bright.count > 0 && bright.count < 60, "\(bright.count) bright frames in 10 s")
        #expect(flashes == (0..<240).map { Scenery(F.stage(env, frame: $0)).lightning().flash })
        // A flash lights the whole frame up.
        let calm = try #require(flashes.indices.first { flashes[$0] == 0 })
        let strike = try #require(bright.first)
        let dark = F.meanLuminance(F.render(env, frame: calm, atmosphere: true))
        let lit = F.meanLuminance(F.render(env, frame: strike, atmosphere: true))
        #expect(lit > dark * 2, "flash \(lit) vs calm \(dark)")
        #expect(Scenery(F.stage(F.at(.ocean, .dusk, Weather(.rain, intensity: 1)), frame: strike)).lightning().flash == 0)
    }

    @Test("fog lowers contrast")
    func fogFlattens() {
        for setting in [Setting.city, .mountains] {
            let clear = F.contrast(F.render(F.at(setting, .noon), atmosphere: true))
            let fog = F.contrast(F.render(F.at(setting, .noon, Weather(.fog, intensity: 0.8)), atmosphere: true))
            #expect(fog < clear * 0.7, "\(setting): contrast clear \(clear), fog \(fog)")
        }
    }

    @Test("weather particles are drawn only when it rains or snows")
    func particlesOnlyInWeather() {
        let clearEnv = F.at(.meadow, .noon)
        #expect(F.particles(clearEnv, frame: 4).isEmpty)
        var clear = F.list(clearEnv, frame: 4)
        let before = clear.commands.count
        Look.paintAtmosphere(F.stage(clearEnv, frame: 4), particles: [], into: &clear)
        #expect(clear.commands.count == before, "clear weather adds nothing in front")
        for kind in [Weather.Kind.rain, .snow] {
            let env = F.at(.meadow, .noon, Weather(kind, intensity: 0.7))
            let p = F.particles(env, frame: 4)
            #expect(!p.isEmpty)
            let bare = F.render(env, frame: 4)
            var l = F.list(env, frame: 4)
            Look.paintAtmosphere(F.stage(env, frame: 4), particles: p, into: &l)
            let withWeather = Rasterizer().render(l)
            // Rain and snow change many scattered pixels.
            var changed = 0
            for i in stride(from: 0, to: bare.pixels.count, by: 4) where bare.pixels[i] != withWeather.pixels[i] { changed += 1 }
            #expect(changed > F.width * F.height / 20, "\(kind) changed \(changed) pixels")
        }
    }

    @Test("indoors, rain stays outside")
    func noRainIndoors() {
        let env = F.at(.office, .noon, Weather(.rain, intensity: 0.9))
        let p = F.particles(env, frame: 2)
        #expect(p.contains { $0.kind == .rain })
        var l = F.list(env, frame: 2)
        let n = l.commands.count
        Look.paintAtmosphere(F.stage(env, frame: 2), particles: p.filter { $0.kind == .rain }, into: &l)
        #expect(l.commands.count == n)
    }
}

@Suite("Look: determinism and reuse")
struct LookDeterminismTests {
    typealias F = LookFixture

    @Test("the same stage gives identical commands", arguments: Setting.allCases)
    func sameStageSameCommands(setting: Setting) {
        let env = Environment(setting: setting, timeOfDay: .preset(.sunset), weather: Weather(.rain, intensity: 0.5))
        let a = F.list(env, frame: 17, atmosphere: true), b = F.list(env, frame: 17, atmosphere: true)
        #expect(a.commands.map(\.fingerprint) == b.commands.map(\.fingerprint))
    }

    @Test("static scenery keeps identical commands from frame to frame, so its patches are reused")
    func staticLayersAreStable() {
        // Interiors and space have nothing that moves by itself.
        for setting in [Setting.studio, .office, .kitchen, .space] {
            let a = F.list(F.at(setting, .noon), frame: 0), b = F.list(F.at(setting, .noon), frame: 40)
            #expect(a.commands.map(\.fingerprint) == b.commands.map(\.fingerprint), "\(setting)")
        }
        // Outdoors only the clouds drift: everything on the land stays put.
        let below = Int(0.6 * Double(F.height))
        for setting in [Setting.desert, .meadow, .mountains, .city, .forest, .snowfield] {
            let a = F.list(F.at(setting, .noon), frame: 0), b = F.list(F.at(setting, .noon), frame: 40)
            let landA = a.commands.filter { $0.bounds.y >= below }.map(\.fingerprint)
            let landB = b.commands.filter { $0.bounds.y >= below }.map(\.fingerprint)
            #expect(!landA.isEmpty && landA == landB, "\(setting)")
            let tile = IntRect(x: 0, y: F.height - 32, width: 32, height: 32)!
            #expect(a.fingerprint(of: tile) == b.fingerprint(of: tile), "\(setting): a ground patch must be reusable")
        }
    }

    @Test("water moves with time")
    func waterMoves() {
        let a = F.render(F.at(.ocean, .noon), frame: 0), b = F.render(F.at(.ocean, .noon), frame: 12)
        #expect(F.difference(a, b) > 0.5)
    }
}

@Suite("Look: style grades")
struct LookStyleTests {
    typealias F = LookFixture

    static func graded(_ style: Style) -> [SIMD3<Float>] {
        let m = Look.styleFilter(style)!
        let img = F.render(F.at(.meadow, .morning))
        return F.linear(img).enumerated().filter { $0.offset % 7 == 0 }.map { m.apply($0.element) }
    }

    @Test("natural has no filter; every other style has one")
    func naturalIsUntouched() {
        #expect(Look.styleFilter(.natural) == nil)
        for s in Style.allCases where s != .natural { #expect(Look.styleFilter(s) != nil) }
    }

    @Test("noir is black and white")
    func noirIsGrey() {
        let px = Self.graded(.noir)
        for c in px {
            let r = F.encode(c.x), g = F.encode(c.y), b = F.encode(c.z)
            #expect(abs(r - g) <= 1 && abs(g - b) <= 1, "not grey: \(r) \(g) \(b)")
        }
        // With contrast: the graded spread of luminance is wider than the original's.
        let lum = px.map { F.luminance($0) }
        let original = F.linear(F.render(F.at(.meadow, .morning))).enumerated().filter { $0.offset % 7 == 0 }.map { F.luminance($0.element) }
        #expect(lum.max()! - lum.min()! > (original.max()! - original.min()!) * 1.1)
    }

    @Test("sepia is warm")
    func sepiaIsWarm() {
        let px = Self.graded(.sepia)
        let mean = px.reduce(SIMD3<Float>.zero, +) / Float(px.count)
        #expect(mean.x > mean.y * 1.1 && mean.y > mean.z * 1.2)
        #expect(px.allSatisfy { $0.x >= $0.z })
    }

    @Test("blueprint is blue")
    func blueprintIsBlue() {
        let px = Self.graded(.blueprint)
        #expect(px.allSatisfy { $0.z > $0.x && $0.z >= $0.y })
    }

    @Test("pastel lifts the shadows and softens colour; neon saturates")
    func pastelAndNeon() {
        let dark = SIMD3<Float>(0.01, 0.01, 0.01)
        #expect(F.luminance(Look.styleFilter(.pastel)!.apply(dark)) > 0.1)
        let red = SIMD3<Float>(0.6, 0.1, 0.1)
        func saturation(_ c: SIMD3<Float>) -> Float { (c.max() - c.min()) / max(c.max(), 1e-6) }
        #expect(saturation(Look.styleFilter(.pastel)!.apply(red)) < saturation(red))
        #expect(saturation(Look.styleFilter(.neon)!.apply(red)) > saturation(red))
    }
}
