import AuteurCore

/// Tunable constants of a shot's physics. Units are stage units (frame
/// heights) and seconds.
public struct PhysicsSettings: Hashable, Sendable {
    /// Downward acceleration in frame heights per second squared. 4.9 reads
    /// as Earth gravity when the frame is about two metres tall, a typical
    /// stage shot.
    public var gravity: Double
    /// The ground line in frame coordinates (y down), or nil for no ground.
    public var floor: Double?
    /// Steps are at least this frequent. Each frame is split into a whole
    /// number of substeps (ceil(rate / fps)), so frame boundaries fall
    /// exactly on step boundaries and a frame's state is a clean snapshot;
    /// 240 Hz keeps a 0.02-frame-height object from tunnelling at the speeds
    /// a stage drop reaches.
    public var minimumStepRate: Int
    /// A full simulation state is kept every this many frames.
    public var snapshotInterval: Int
    public var solverIterations: Int
    /// Approach speed (frame heights per second) above which a body that
    /// shatters breaks: a drop of about 15 % of the frame height.
    public var shatterSpeed: Double
    /// Approach speed above which a contact is reported as an impact event.
    public var impactSpeed: Double
    /// Approach speeds below this do not bounce, so that bouncing dies out
    /// instead of buzzing forever.
    public var bounceThreshold: Double

    public init(gravity: Double = 4.9, floor: Double? = 0.8, minimumStepRate: Int = 240, snapshotInterval: Int = 8,
                solverIterations: Int = 8, shatterSpeed: Double = 1.2, impactSpeed: Double = 0.4, bounceThreshold: Double = 0.15) {
        self.gravity = gravity; self.floor = floor; self.minimumStepRate = max(1, minimumStepRate)
        self.snapshotInterval = max(1, snapshotInterval); self.solverIterations = max(1, solverIterations)
        self.shatterSpeed = shatterSpeed; self.impactSpeed = impactSpeed; self.bounceThreshold = bounceThreshold
    }

    /// The defaults for a setting: a ground line at y = 0.8 everywhere
    /// something can stand (the same line objects are placed on), and none in
    /// space, where things drift out of frame.
    public static func standard(for setting: Setting) -> PhysicsSettings {
        PhysicsSettings(floor: setting == .space ? nil : 0.8)
    }

    public func substeps(fps: Int) -> Int {
        let f = max(1, fps)
        return max(1, (minimumStepRate + f - 1) / f)
    }
}

/// What the simulation reads about one object in one frame: a copy of the
/// relevant fields of the evaluated `ObjectState`.
public struct PhysicsObjectInput: Hashable, Sendable {
    public var id: ObjectID
    public var kind: CatalogKind
    /// Frame coordinates.
    public var position: Point2
    /// Height as a fraction of the frame height.
    public var size: Double
    /// Degrees, clockwise.
    public var rotation: Double
    public var depth: Double
    public var seed: UInt64
    public var body: PhysicsBody?

    public init(id: ObjectID, kind: CatalogKind, position: Point2, size: Double, rotation: Double = 0,
                depth: Double = 0, seed: UInt64 = 0, body: PhysicsBody? = nil) {
        self.id = id; self.kind = kind; self.position = position; self.size = size; self.rotation = rotation
        self.depth = depth; self.seed = seed; self.body = body
    }

    public init(_ o: ObjectState) {
        self.init(id: o.id, kind: o.kind, position: o.position, size: o.size, rotation: o.rotation,
                  depth: o.depth, seed: o.seed, body: o.physics)
    }

    /// Moved by the simulation; everything else is a collider at its
    /// keyframed position.
    public var isDynamic: Bool { body?.dynamic == true }
}

/// Everything the simulation reads from one evaluated frame. Objects are
/// kept in id order: the order bodies are solved in must not depend on
/// drawing order, which edits to depth change.
public struct PhysicsFrameInput: Hashable, Sendable {
    public private(set) var objects: [PhysicsObjectInput]

    public init(objects: [PhysicsObjectInput]) {
        self.objects = objects.sorted { $0.id < $1.id }
    }

    /// The objects visible in an evaluated frame (hidden objects and objects
    /// outside their enter/exit range are absent, so they neither move nor
    /// collide).
    public init(_ frame: FrameState) {
        self.init(objects: frame.objects.map(PhysicsObjectInput.init))
    }

    /// Per-frame input hashes. Frame f's hash covers exactly what the
    /// simulation reads at frame f, so equal hashes mean equal states up to
    /// that frame. A dynamic body's keyframed position, rotation and initial
    /// velocity are read only on the frame it first appears (after that the
    /// simulation owns its motion), so editing its later keys re-simulates
    /// nothing.
    static func hashes(_ frames: [PhysicsFrameInput]) -> [UInt64] {
        var spawned = Set<ObjectID>()
        var out: [UInt64] = []
        out.reserveCapacity(frames.count)
        for frame in frames {
            var h = InputHasher()
            // Scenery nothing can touch is never read, so it is not hashed:
            // hiding a cloud re-simulates nothing.
            let read = frame.objects.filter { $0.isDynamic || PhysicsShapes.isSolid($0.kind) }
            h.add(read.count)
            for o in read {
                h.add(o.id)
                h.add(o.kind.rawValue)
                if let b = o.body, b.dynamic {
                    h.add(UInt64(1))
                    h.add(o.size); h.add(o.depth)
                    h.add(b.mass); h.add(b.restitution); h.add(b.friction); h.add(b.gravity); h.add(b.shatters)
                    if b.shatters { h.add(o.seed) }
                    if spawned.insert(o.id).inserted {
                        h.add(o.position); h.add(o.rotation); h.add(b.velocity)
                    }
                } else {
                    h.add(UInt64(2))
                    h.add(o.size); h.add(o.depth); h.add(o.position)
                    if let b = o.body { h.add(b.restitution); h.add(b.friction) } else { h.add(UInt64(3)) }
                }
            }
            out.append(h.value)
        }
        return out
    }
}
