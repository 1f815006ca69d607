import AuteurCore

// Physics works in "stage units": one unit is one frame height on both
// axes, so that a circle stays round on a wide canvas. Frame coordinates
// (x in frame widths) convert with the canvas aspect: stageX = x * aspect.

/// The collision outline of an object: a circle or an axis-aligned box,
/// both centred on the object's position, in stage units.
public enum PhysicsShape: Hashable, Sendable {
    case circle(radius: Double)
    case box(halfWidth: Double, halfHeight: Double)

    /// Half the extent on each axis, the box that encloses the shape.
    public var halfExtents: (x: Double, y: Double) {
        switch self {
        case .circle(let r): return (r, r)
        case .box(let hw, let hh): return (hw, hh)
        }
    }
}

/// How each catalog kind is approximated for collisions. One table, so the
/// choices can be read and argued with in one place.
public enum PhysicsShapes {
    public enum Outline: Hashable, Sendable {
        case circle
        /// Width over height of the box.
        case box(aspect: Double)
    }

    /// The outline of a kind, and whether it blocks other bodies at all.
    /// Sky things, mountains (scenery far behind the stage) and annotations
    /// are drawn, never bumped into.
    public static func outline(of kind: CatalogKind) -> (outline: Outline, solid: Bool) {
        switch kind {
        // Round things roll.
        case .ball: return (.circle, true)
        case .rock: return (.circle, true)
        // Containers stand upright and break on their base.
        case .glass: return (.box(aspect: 0.6), true)
        case .bottle: return (.box(aspect: 0.35), true)
        case .box: return (.box(aspect: 1.0), true)
        // Furniture: its top is what things land on.
        case .table: return (.box(aspect: 1.6), true)
        case .chair: return (.box(aspect: 0.75), true)
        case .lamp: return (.box(aspect: 0.35), true)
        // Vehicles are long and low.
        case .car: return (.box(aspect: 2.2), true)
        case .truck: return (.box(aspect: 2.4), true)
        case .bus: return (.box(aspect: 2.8), true)
        case .bicycle: return (.box(aspect: 1.6), true)
        case .boat: return (.box(aspect: 2.0), true)
        case .plane: return (.box(aspect: 2.5), true)
        case .rocket: return (.box(aspect: 0.35), true)
        // Nature and buildings.
        case .tree: return (.box(aspect: 0.6), true)
        case .flower: return (.box(aspect: 0.4), true)
        case .house: return (.box(aspect: 1.2), true)
        case .mountain: return (.box(aspect: 2.0), false)
        case .cloud: return (.box(aspect: 1.8), false)
        case .sun, .moon: return (.circle, false)
        case .star: return (.circle, false)
        // Living things.
        case .person: return (.box(aspect: 0.4), true)
        case .dog: return (.box(aspect: 1.4), true)
        case .cat: return (.box(aspect: 1.2), true)
        case .bird: return (.box(aspect: 1.3), true)
        case .fish: return (.box(aspect: 1.8), true)
        // Devices and diagram pieces.
        case .laptop: return (.box(aspect: 1.4), true)
        case .phone: return (.box(aspect: 0.5), true)
        case .server: return (.box(aspect: 0.5), true)
        case .database: return (.box(aspect: 0.8), true)
        case .arrow: return (.box(aspect: 2.0), false)
        case .label: return (.box(aspect: 2.5), false)
        }
    }

    /// The shape of a kind drawn `size` frame heights tall.
    public static func shape(of kind: CatalogKind, size: Double) -> PhysicsShape {
        let h = max(0, size) / 2
        switch outline(of: kind).outline {
        case .circle: return .circle(radius: h)
        case .box(let aspect): return .box(halfWidth: h * aspect, halfHeight: h)
        }
    }

    public static func isSolid(_ kind: CatalogKind) -> Bool { outline(of: kind).solid }

    /// Kinds that throw sparks rather than dust when they hit hard.
    public static func isMetal(_ kind: CatalogKind) -> Bool {
        switch kind {
        case .car, .truck, .bus, .bicycle, .plane, .rocket, .laptop, .phone, .server, .lamp: return true
        default: return false
        }
    }
}
