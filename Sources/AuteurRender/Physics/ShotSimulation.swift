import AuteurCore

/// Something hit something hard enough to be seen or heard: where splash,
/// sparks and dust come from.
public struct ImpactEvent: Hashable, Sendable {
    /// The first shot-local frame that shows the result of the impact.
    public var localFrame: FrameIndex
    /// Frame coordinates.
    public var position: Point2
    /// Unit vector from the object into what it hit, on the stage's square
    /// axes (for the ground, (0, 1)).
    public var normal: Point2
    /// Approach speed in frame heights per second.
    public var strength: Double
    public var object: ObjectID
    public var kind: CatalogKind
    /// What was hit: another object, or nil for the ground.
    public var other: ObjectID?
    /// The object broke into debris on this impact.
    public var shattered: Bool
}

/// An object moved by the simulation, in one frame.
public struct SimulatedBody: Hashable, Sendable {
    public var id: ObjectID
    /// Frame coordinates: replaces the keyframed position.
    public var position: Point2
    /// Degrees, clockwise: the keyframed rotation at the moment it started
    /// moving, plus its spin since.
    public var rotation: Double
    /// Frame heights per second, y down, on both axes.
    public var velocity: Point2
    /// Settled and no longer moving.
    public var isResting: Bool
    /// Broke earlier in the shot: draw its debris instead of the object.
    public var isShattered: Bool
}

/// One shard of a shattered object, in one frame.
public struct DebrisPiece: Hashable, Sendable {
    public var object: ObjectID
    public var index: Int
    public var kind: CatalogKind
    /// Frame coordinates of the shard's centre.
    public var position: Point2
    /// Degrees, clockwise.
    public var rotation: Double
    /// Frame heights per second.
    public var velocity: Point2
    /// Frame heights.
    public var radius: Double
    /// Corners around the centre before rotation, in frame heights on both
    /// axes (divide x by the aspect to get frame widths).
    public var outline: [Point2]
}

/// The simulated part of one frame of a shot.
public struct PhysicsFrame: Hashable, Sendable {
    public var localFrame: FrameIndex
    /// Dynamic objects present in the frame, in id order.
    public var bodies: [SimulatedBody]
    public var debris: [DebrisPiece]

    public func body(_ id: ObjectID) -> SimulatedBody? { bodies.first { $0.id == id } }
}

/// The physics of one shot: a deterministic fixed-step simulation of its
/// dynamic objects, kept per frame, with snapshots so an edit re-simulates
/// only from the first frame whose inputs changed.
public struct ShotSimulation: Sendable {
    public let fps: Int
    public let aspect: Double
    public let settings: PhysicsSettings
    /// Per shot-local frame, the hash of everything the simulation read.
    public let inputHashes: [UInt64]
    /// Frames whose state this value computed rather than reused from the
    /// simulation it was updated from (all of them for a fresh one).
    public let resimulatedFrames: Int
    /// Every impact of the shot, in the order they happened.
    public let impacts: [ImpactEvent]
    public let frames: [PhysicsFrame]

    private let configuration: UInt64
    /// `snapshots[i]` is the full state at frame `i * settings.snapshotInterval`.
    private let snapshots: [SimulationState]

    public var frameCount: Int { frames.count }
    public var substepsPerFrame: Int { settings.substeps(fps: fps) }

    /// Simulates from scratch.
    public init(inputs: [PhysicsFrameInput], fps: Int, aspect: Double, settings: PhysicsSettings = PhysicsSettings()) {
        self.init(inputs: inputs, fps: fps, aspect: aspect, settings: settings, reusing: nil)
    }

    /// Simulates shot `shot` of `project`, reading each frame from
    /// `Project.evaluate` (the keyframed scene, before physics).
    public init(project: Project, shot: Int, settings: PhysicsSettings? = nil, signals: AudioSignals = .none) {
        let (inputs, resolved) = Self.inputs(project: project, shot: shot, settings: settings, signals: signals)
        self.init(inputs: inputs, fps: project.canvas.fps, aspect: project.canvas.aspect, settings: resolved, reusing: nil)
    }

    /// The simulation for new inputs, reusing this one's frames before the
    /// first frame whose inputs differ.
    public func updated(inputs: [PhysicsFrameInput], fps: Int, aspect: Double, settings: PhysicsSettings) -> ShotSimulation {
        ShotSimulation(inputs: inputs, fps: fps, aspect: aspect, settings: settings, reusing: self)
    }

    public func updated(project: Project, shot: Int, settings: PhysicsSettings? = nil, signals: AudioSignals = .none) -> ShotSimulation {
        let (inputs, resolved) = Self.inputs(project: project, shot: shot, settings: settings, signals: signals)
        return updated(inputs: inputs, fps: project.canvas.fps, aspect: project.canvas.aspect, settings: resolved)
    }

    /// The simulated bodies and debris at a shot-local frame (clamped to the
    /// shot).
    public func bodies(atLocalFrame frame: FrameIndex) -> PhysicsFrame {
        guard !frames.isEmpty else { return PhysicsFrame(localFrame: frame, bodies: [], debris: []) }
        return frames[max(0, min(frame, frames.count - 1))]
    }

    /// Impacts that show first at frames in `range` (shot-local).
    public func impacts(in range: ClosedRange<FrameIndex>) -> [ImpactEvent] {
        impacts.filter { range.contains($0.localFrame) }
    }

    // MARK: Building

    static func inputs(project: Project, shot: Int, settings: PhysicsSettings?, signals: AudioSignals)
        -> ([PhysicsFrameInput], PhysicsSettings) {
        guard project.shots.indices.contains(shot) else { return ([], settings ?? PhysicsSettings()) }
        let start = project.shotStarts[shot]
        let s = project.shots[shot]
        let inputs = (0..<s.frames).map { PhysicsFrameInput(project.evaluate(start + $0, signals: signals)) }
        return (inputs, settings ?? .standard(for: s.environment.setting))
    }

    static func configurationHash(fps: Int, aspect: Double, settings s: PhysicsSettings) -> UInt64 {
        var h = InputHasher()
        h.add(fps); h.add(aspect)
        h.add(s.gravity); h.add(s.floor != nil); h.add(s.floor ?? 0)
        h.add(s.minimumStepRate); h.add(s.snapshotInterval); h.add(s.solverIterations)
        h.add(s.shatterSpeed); h.add(s.impactSpeed); h.add(s.bounceThreshold)
        return h.value
    }

    private init(inputs: [PhysicsFrameInput], fps: Int, aspect: Double, settings: PhysicsSettings, reusing old: ShotSimulation?) {
        self.fps = fps
        self.aspect = aspect
        self.settings = settings
        let hashes = PhysicsFrameInput.hashes(inputs)
        let configuration = Self.configurationHash(fps: fps, aspect: aspect, settings: settings)
        self.inputHashes = hashes
        self.configuration = configuration
        let n = inputs.count
        let interval = settings.snapshotInterval
        let world = World(settings: settings, fps: fps, aspect: aspect)

        // The state at frame f depends on the inputs of frames 0...f, so the
        // states before the first changed frame k are still valid, and the
        // run restarts from the latest snapshot before k.
        var restart: Int? = nil
        if let old, old.configuration == configuration, n > 0 {
            var k = 0
            while k < n && k < old.inputHashes.count && hashes[k] == old.inputHashes[k] { k += 1 }
            if k == n {
                self.frames = Array(old.frames.prefix(n))
                self.impacts = old.impacts.filter { $0.localFrame < n }
                self.snapshots = Array(old.snapshots.prefix((n - 1) / interval + 1))
                self.resimulatedFrames = 0
                return
            }
            if k > 0 { restart = ((k - 1) / interval) * interval }
        }

        var frames: [PhysicsFrame] = []
        var impacts: [ImpactEvent] = []
        var snapshots: [SimulationState] = []
        var state = SimulationState()
        var frame = 0
        if let s = restart, let old {
            frames = Array(old.frames.prefix(s + 1))
            impacts = old.impacts.filter { $0.localFrame <= s }
            snapshots = Array(old.snapshots.prefix(s / interval + 1))
            state = snapshots[s / interval]
            frame = s
        } else if n > 0 {
            world.sync(&state, with: inputs[0])
            frames.append(Self.output(state, frame: 0, aspect: aspect))
            snapshots.append(state)
        }
        let resumedAt = frame
        while frame + 1 < n {
            world.advance(&state, from: inputs[frame], to: inputs[frame + 1], frame: frame, impacts: &impacts)
            frame += 1
            frames.append(Self.output(state, frame: frame, aspect: aspect))
            if frame % interval == 0 { snapshots.append(state) }
        }
        self.frames = frames
        self.impacts = impacts
        self.snapshots = snapshots
        self.resimulatedFrames = restart == nil ? n : n - 1 - resumedAt
    }

    static func output(_ state: SimulationState, frame: FrameIndex, aspect: Double) -> PhysicsFrame {
        var bodies: [SimulatedBody] = []
        var debris: [DebrisPiece] = []
        for b in state.bodies where b.present {
            let rotation = b.baseRotation + b.angle * PhysicsMath.degreesPerRadian
            if b.isShard {
                guard case .circle(let r) = b.shape else { continue }
                debris.append(DebrisPiece(
                    object: state.name(b), index: b.piece, kind: b.kind, position: Point2(b.x / aspect, b.y), rotation: rotation,
                    velocity: Point2(b.vx, b.vy), radius: r, outline: Debris.outline(seed: b.seed, radius: r)))
            } else {
                bodies.append(SimulatedBody(
                    id: state.name(b), position: Point2(b.x / aspect, b.y), rotation: rotation, velocity: Point2(b.vx, b.vy),
                    isResting: b.sleeping, isShattered: b.shattered))
            }
        }
        bodies.sort { $0.id < $1.id }
        return PhysicsFrame(localFrame: frame, bodies: bodies, debris: debris)
    }
}
