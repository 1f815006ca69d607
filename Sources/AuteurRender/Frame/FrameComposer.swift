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

    public func compose(_ frame: FrameIndex) -> ComposedFrame {
        let state = project.evaluate(frame, signals: signals)
        let physics = simulations[state.shot].bodies(atLocalFrame: state.localFrame)
        var objects = state.objects
        var shattered: Set<ObjectID> = []
        for i in objects.indices {
            guard let body = physics.body(objects[i].id) else { continue }
            objects[i].position = body.position
            objects[i].rotation = body.rotation
            if body.isShattered { shattered.insert(objects[i].id) }
        }
        var debris: [ObjectID: [DebrisPiece]] = [:]
        for piece in physics.debris { debris[piece.object, default: []].append(piece) }

        var list = DisplayList(width: width, height: height)!
        var sources: [LayerSource] = []
        let stage = paint(state.environment, state: state, objects: objects, shattered: shattered, debris: debris,
                          into: &list, sources: &sources, wrap: { $0 })
        for (k, look) in state.regionLooks.enumerated() {
            guard let clip = deviceRect(look.region) else { continue }
            var regional = DisplayList(width: width, height: height)!
            var regionalSources: [LayerSource] = []
            paint(look.environment, state: state, objects: objects, shattered: shattered, debris: debris,
                  into: &regional, sources: &regionalSources, wrap: { .region(k, $0) })
            for (command, source) in zip(regional.commands, regionalSources) {
                let before = list.commands.count
                list.append(command, clippedTo: clip)
                if list.commands.count > before { sources.append(source) }
            }
        }
        var seeds = ["frame": state.seed]
        for o in objects { seeds[o.id] = o.seed }
        let drawn = objects.map { ($0, Assets.bounds(of: $0, stage: stage)) }
        return ComposedFrame(frame: state.frame, shotID: state.shotID, localFrame: state.localFrame, list: list,
                             sources: sources, seeds: seeds, objects: drawn)
    }

    /// Paints one full look of the frame: environment, objects, atmosphere,
    /// then the style's and the grade's colour filters.
    @discardableResult
    func paint(_ environment: Environment, state: FrameState, objects: [ObjectState], shattered: Set<ObjectID>,
               debris: [ObjectID: [DebrisPiece]], into list: inout DisplayList, sources: inout [LayerSource],
               wrap: (LayerSource) -> LayerSource) -> Stage {
        let stage = Stage(width: width, height: height, environment: environment, lighting: Look.lighting(for: environment),
                          camera: state.camera, frame: state.frame, localFrame: state.localFrame, fps: project.canvas.fps,
                          seed: state.seed)
        func record(_ source: LayerSource, _ draw: (inout DisplayList) -> Void) {
            let before = list.commands.count
            draw(&list)
            sources.append(contentsOf: repeatElement(wrap(source), count: list.commands.count - before))
        }
        record(.environment) { Look.paintBackground(stage, into: &$0) }
        if let hash = environment.backdrop, let texture = backdrops[hash] {
            record(.backdrop) { list in Self.paintBackdrop(texture, width: width, height: height, into: &list) }
        }
        for o in objects where o.opacity > 0 {
            if shattered.contains(o.id) {
                record(.debris(o.id)) { Assets.paint(debris: debris[o.id] ?? [], of: o, stage: stage, into: &$0) }
            } else {
                record(.object(o.id)) { Assets.paint(o, stage: stage, into: &$0) }
            }
        }
        let particles = particleFields[state.shot].particles(atLocalFrame: state.localFrame, weather: environment.weather)
        record(.atmosphere) { Look.paintAtmosphere(stage, particles: particles, into: &$0) }
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
