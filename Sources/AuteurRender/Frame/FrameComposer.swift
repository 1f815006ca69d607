import AuteurCore
import Foundation

/// Where a draw command came from: what a patch depends on, for
/// `auteur frame --explain` and for tests that ask why a patch re-rendered.
public indirect enum LayerSource: Hashable, Sendable, CustomStringConvertible {
    /// Sky, terrain, water, skyline or interior.
    case environment
    case backdrop
    case object(ObjectID)
    /// The shards of an object that shattered.
    case debris(ObjectID)
    /// Weather, fog, lightning, haze.
    case atmosphere
    case style
    case grade
    /// A region-scoped look (index into the frame's region looks).
    case region(Int, LayerSource)

    public var description: String {
        switch self {
        case .environment: return "environment"
        case .backdrop: return "backdrop"
        case .object(let id): return "object \(id)"
        case .debris(let id): return "debris of \(id)"
        case .atmosphere: return "atmosphere"
        case .style: return "style"
        case .grade: return "grade"
        case .region(let i, let s): return "region \(i + 1): \(s)"
        }
    }
}

/// One frame's drawing, with the source of every command and the seeds used.
public struct ComposedFrame: Sendable {
    public let frame: FrameIndex
    public let shotID: ShotID
    public let localFrame: FrameIndex
    public let list: DisplayList
    /// Parallel to `list.commands`.
    public let sources: [LayerSource]
    /// The effects seed of the frame and the seed of every object drawn.
    public let seeds: [String: UInt64]
    /// Objects as drawn (after physics), with their device bounds.
    public let objects: [(state: ObjectState, bounds: Rect?)]
}

/// Everything composing one frame reads besides the canvas size: the
/// evaluated state, the simulated bodies and shards, the particle field as
/// it can show in this frame, and the textures of the backdrops named by
/// the frame's environments (nil where none is loaded). Composing is a
/// function of these alone, so a frame whose inputs equal the previous
/// revision's keeps its patch keys without being composed (salsa's early
/// cut-off). Everything is compared whole, never sampled.
public struct FrameInputs: Equatable, Sendable {
    public let state: FrameState
    public let physics: PhysicsFrame
    public let particles: ParticleField
    /// The main environment's, then each region look's. Textures compare by
    /// size and content hash, as patch keys do.
    public let backdrops: [ImageTexture?]
}

/// Turns a project revision into display lists, frame by frame. Evaluation
/// is pure; physics is simulated once per shot when the composer is made
/// (reusing a previous composer's snapshots, so an edit at frame k
/// re-simulates only from k); everything else is computed per frame, so
/// frames can be composed on any thread in any order.
public final class FrameComposer: Sendable {
    public let project: Project
    public let width: Int
    public let height: Int
    public let signals: AudioSignals
    public let simulations: [ShotSimulation]
    let particleFields: [ParticleField]
    let backdrops: [String: ImageTexture]

    /// `width` x `height` is the output size; the scene scales to it.
    public init(project: Project, width: Int, height: Int, signals: AudioSignals = .none,
                backdrops: [String: ImageTexture] = [:], previous: FrameComposer? = nil) {
        self.project = project
        self.width = width
        self.height = height
        self.signals = signals
        self.backdrops = backdrops
        var sims: [ShotSimulation] = []
        for i in project.shots.indices {
            if let old = previous, i < old.simulations.count, old.project.shots.indices.contains(i),
               old.project.shots[i].id == project.shots[i].id {
                sims.append(old.simulations[i].updated(project: project, shot: i, signals: signals))
            } else {
                sims.append(ShotSimulation(project: project, shot: i, signals: signals))
            }
        }
        simulations = sims
        particleFields = project.shots.indices.map { ParticleField(project: project, shot: $0, simulation: sims[$0]) }
    }

    public var frameCount: Int { project.totalFrames }

    /// Everything `compose` will read for `frame`: evaluation (20 times
    /// cheaper than composing) plus lookups into the shot's simulation.
    public func inputs(_ frame: FrameIndex) -> FrameInputs {
        let state = project.evaluate(frame, signals: signals)
        var particles = particleFields[state.shot]
        // Bursts start at their impact's frame, so later impacts cannot show
        // yet: leaving them out lets a physics edit at frame k keep the
        // frames before k.
        if particles.impacts.contains(where: { $0.localFrame > state.localFrame }) {
            particles.impacts.removeAll { $0.localFrame > state.localFrame }
        }
        let environments = [state.environment] + state.regionLooks.map(\.environment)
        return FrameInputs(state: state, physics: simulations[state.shot].bodies(atLocalFrame: state.localFrame),
                           particles: particles, backdrops: environments.map { $0.backdrop.flatMap { backdrops[$0] } })
    }

    public func compose(_ frame: FrameIndex) -> ComposedFrame { compose(inputs(frame)) }

    /// Composes from `inputs` and the canvas size alone, so equal inputs
    /// give identical commands.
    public func compose(_ inputs: FrameInputs) -> ComposedFrame { compose(inputs, reusing: []).frame }

    /// A composition with its layers, and how many of them were taken
    /// rather than painted.
    struct Composition {
        let frame: ComposedFrame
        let layers: [PaintedLayer]
        let reused: Int
    }

    /// Composes, taking from `previous` (this frame's layers in an earlier
    /// revision) every layer whose inputs are unchanged instead of painting
    /// it again; also returns this composition's layers, for the next one.
    func compose(_ inputs: FrameInputs, reusing previous: [PaintedLayer]) -> Composition {
        let state = inputs.state
        let cast = Cast(inputs)
        var list = DisplayList(width: width, height: height)!
        var sources: [LayerSource] = []
        var painted: [(inputs: LayerInputs, range: Range<Int>)] = []
        var reused = 0
        let stage = paint(state.environment, backdrop: inputs.backdrops[0], inputs: inputs, cast: cast,
                          memo: LayerMemo(previous: previous), into: &list, sources: &sources, layers: &painted,
                          reused: &reused, wrap: { $0 })
        // Region looks are painted whole, then clipped; they may take the
        // frame's own main layers. Those slices of `list` are let go before
        // the clipped commands are appended, so appending does not copy it.
        var regions: [(clip: IntRect, list: DisplayList, sources: [LayerSource])] = []
        var regionLayers: [PaintedLayer] = []
        if !state.regionLooks.isEmpty {
            let main = painted.map { PaintedLayer(inputs: $0.inputs, commands: list.commands[$0.range]) }
            for (k, look) in state.regionLooks.enumerated() {
                guard let clip = deviceRect(look.region) else { continue }
                var regional = DisplayList(width: width, height: height)!
                var regionalSources: [LayerSource] = []
                var painted: [(inputs: LayerInputs, range: Range<Int>)] = []
                paint(look.environment, backdrop: inputs.backdrops[k + 1], inputs: inputs, cast: cast,
                      memo: LayerMemo(previous: previous, current: main), into: &regional, sources: &regionalSources,
                      layers: &painted, reused: &reused, wrap: { .region(k, $0) })
                regionLayers += painted.map { PaintedLayer(inputs: $0.inputs, commands: regional.commands[$0.range]) }
                regions.append((clip, regional, regionalSources))
            }
        }
        for region in regions {
            for (command, source) in zip(region.list.commands, region.sources) {
                if list.append(command, clippedTo: region.clip) { sources.append(source) }
            }
        }
        let layers = painted.map { PaintedLayer(inputs: $0.inputs, commands: list.commands[$0.range]) } + regionLayers
        var seeds = ["frame": state.seed]
        for o in cast.objects { seeds[o.id] = o.seed }
        let drawn = cast.objects.map { ($0, Assets.bounds(of: $0, stage: stage)) }
        let frame = ComposedFrame(frame: state.frame, shotID: state.shotID, localFrame: state.localFrame, list: list,
                                  sources: sources, seeds: seeds, objects: drawn)
        return Composition(frame: frame, layers: layers, reused: reused)
    }

    /// The objects of a frame after physics: which broke, and their shards.
    struct Cast {
        var objects: [ObjectState]
        var shattered: Set<ObjectID> = []
        var debris: [ObjectID: [DebrisPiece]] = [:]

        init(_ inputs: FrameInputs) {
            objects = inputs.state.objects
            for i in objects.indices {
                guard let body = inputs.physics.body(objects[i].id) else { continue }
                objects[i].position = body.position
                objects[i].rotation = body.rotation
                if body.isShattered { shattered.insert(objects[i].id) }
            }
            for piece in inputs.physics.debris { debris[piece.object, default: []].append(piece) }
        }
    }

    /// The environment as painters see it. Style and grade are colour
    /// filters laid over what is painted, and painters only tell blueprint
    /// (drawn as line work) from the rest, so the other styles and the grade
    /// are not shown to them: a restyled frame then reuses its unstyled
    /// layers, the filter alone being new.
    static func painted(_ environment: Environment) -> Environment {
        var e = environment
        if e.style != .blueprint { e.style = .natural }
        e.grade = nil
        return e
    }

    /// Paints one full look of the frame: environment, objects, atmosphere,
    /// then the style's and the grade's colour filters. A layer whose inputs
    /// `memo` holds is taken from it; every layer painted or taken is
    /// listed in `layers` with its commands' place in `list`.
    @discardableResult
    func paint(_ environment: Environment, backdrop: ImageTexture?, inputs: FrameInputs, cast: Cast, memo: LayerMemo,
               into list: inout DisplayList, sources: inout [LayerSource],
               layers: inout [(inputs: LayerInputs, range: Range<Int>)], reused: inout Int,
               wrap: (LayerSource) -> LayerSource) -> Stage {
        let state = inputs.state
        let seen = Self.painted(environment)
        let stage = Stage(width: width, height: height, environment: seen, lighting: Look.lighting(for: seen),
                          camera: state.camera, frame: state.frame, localFrame: state.localFrame, fps: state.canvas.fps,
                          seed: state.seed)
        func record(_ source: LayerSource, _ key: LayerInputs? = nil, _ draw: (inout DisplayList) -> Void) {
            let before = list.commands.count
            if let key, let commands = memo.commands(for: key, hint: layers.count) {
                list.append(reused: commands)
                reused += 1
            } else {
                draw(&list)
            }
            if let key { layers.append((key, before..<list.commands.count)) }
            sources.append(contentsOf: repeatElement(wrap(source), count: list.commands.count - before))
        }
        record(.environment, .environment(stage)) { Look.paintBackground(stage, into: &$0) }
        if let texture = backdrop {
            record(.backdrop) { list in Self.paintBackdrop(texture, width: width, height: height, into: &list) }
        }
        for o in cast.objects where o.opacity > 0 {
            if cast.shattered.contains(o.id) {
                let debris = cast.debris[o.id] ?? []
                record(.debris(o.id), .debris(o, debris, stage)) { Assets.paint(debris: debris, of: o, stage: stage, into: &$0) }
            } else {
                record(.object(o.id), .object(o, stage)) { Assets.paint(o, stage: stage, into: &$0) }
            }
        }
        record(.atmosphere, .atmosphere(stage, inputs.particles)) {
            let particles = inputs.particles.particles(atLocalFrame: state.localFrame, weather: seen.weather)
            Look.paintAtmosphere(stage, particles: particles, into: &$0)
        }
        if let style = Look.styleFilter(environment.style) {
            record(.style) { $0.filter(style) }
        }
        if let grade = environment.grade {
            record(.grade) { $0.filter(ColorMatrix(grade)) }
        }
        return stage
    }

    /// An attached image behind the shot, scaled to cover the frame and centred.
    static func paintBackdrop(_ texture: ImageTexture, width: Int, height: Int, into list: inout DisplayList) {
        let frame = Rect(x: 0, y: 0, width: Float(width), height: Float(height))!
        list.image(texture, transform: texture.transform(covering: frame))
    }

    /// A region of the frame (screen coordinates, 0...1) in device pixels.
    func deviceRect(_ r: Region) -> IntRect? {
        let x0 = Int((r.x * Double(width)).rounded()), y0 = Int((r.y * Double(height)).rounded())
        let x1 = Int(((r.x + r.w) * Double(width)).rounded()), y1 = Int(((r.y + r.h) * Double(height)).rounded())
        return IntRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
