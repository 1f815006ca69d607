/// The kinds of thing a shot can hold. Raw values are the canonical names of
/// the planner evaluation format, and are what JSON and the planner use.
public enum CatalogKind: String, Codable, Sendable, CaseIterable {
    case car, truck, bus, bicycle, boat, plane, rocket
    case ball, box, glass, bottle, table, chair, lamp
    case tree, flower, rock, house, mountain, cloud, sun, moon, star
    case person, dog, cat, bird, fish
    case laptop, phone, server, database, arrow, label

    /// Variants that draw visibly differently. The first is the default.
    public var variants: [String] {
        switch self {
        case .car: return ["sedan", "sports", "taxi", "vintage-convertible", "hatchback"]
        case .truck: return ["pickup", "lorry", "fire-truck"]
        case .bus: return ["city", "school", "double-decker"]
        case .bicycle: return ["road", "city"]
        case .boat: return ["sailboat", "motorboat", "rowboat"]
        case .plane: return ["airliner", "propeller", "jet"]
        case .rocket: return ["classic", "shuttle"]
        case .ball: return ["plain", "beach", "soccer"]
        case .box: return ["cardboard", "crate", "gift"]
        case .glass: return ["tumbler", "wine"]
        case .bottle: return ["wine", "soda"]
        case .table: return ["dining", "desk", "round"]
        case .chair: return ["wooden", "office", "armchair"]
        case .lamp: return ["street", "desk", "floor"]
        case .tree: return ["oak", "pine", "palm", "birch"]
        case .flower: return ["tulip", "daisy", "sunflower"]
        case .rock: return ["boulder", "pebble"]
        case .house: return ["cottage", "townhouse", "cabin"]
        case .mountain: return ["peak", "range"]
        case .cloud: return ["cumulus", "storm"]
        case .sun: return ["disc"]
        case .moon: return ["full", "crescent"]
        case .star: return ["five-point", "twinkle"]
        case .person: return ["adult", "child"]
        case .dog: return ["terrier", "retriever", "dachshund"]
        case .cat: return ["shorthair", "longhair"]
        case .bird: return ["songbird", "gull", "crow"]
        case .fish: return ["tropical", "goldfish", "shark"]
        case .laptop: return ["open", "closed"]
        case .phone: return ["smartphone"]
        case .server: return ["rack", "tower"]
        case .database: return ["cylinder"]
        case .arrow: return ["straight", "curved"]
        case .label: return ["plain", "badge"]
        }
    }

    public var defaultVariant: String { variants[0] }

    public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }

    /// Height as a fraction of the frame height, when nobody says otherwise.
    public var defaultSize: Double {
        switch self {
        case .car, .truck, .bus, .boat: return 0.18
        case .bicycle, .dog, .chair, .table: return 0.14
        case .plane, .rocket: return 0.2
        case .ball, .box, .rock, .cat, .laptop, .server, .database: return 0.1
        case .glass, .bottle, .phone, .flower, .bird, .fish, .star: return 0.07
        case .lamp, .person: return 0.3
        case .tree, .house: return 0.4
        case .mountain: return 0.5
        case .cloud, .sun, .moon: return 0.15
        case .arrow, .label: return 0.08
        }
    }

    /// The colour an object has when none is given.
    public var defaultColor: RGBColor {
        switch self {
        case .tree, .flower: return RGBColor(0x3a, 0x8a, 0x3a)
        case .rock, .mountain: return RGBColor(0x80, 0x78, 0x70)
        case .sun, .star: return RGBColor(0xff, 0xd2, 0x40)
        case .moon, .cloud: return RGBColor(0xee, 0xee, 0xf2)
        case .house: return RGBColor(0xc8, 0x8a, 0x5a)
        case .box, .table, .chair: return RGBColor(0xa0, 0x70, 0x40)
        case .glass: return RGBColor(0xc8, 0xe8, 0xf0)
        case .bottle: return RGBColor(0x2a, 0x7a, 0x3a)
        case .person: return RGBColor(0x3a, 0x5a, 0x9a)
        case .dog, .cat: return RGBColor(0x9a, 0x6a, 0x3a)
        case .server, .laptop, .phone, .database: return RGBColor(0x50, 0x58, 0x68)
        default: return RGBColor(0x88, 0x88, 0x88)
        }
    }

    /// Where an object stands when nobody says: grounded kinds with their
    /// base on the ground line (y = 0.8), sky kinds high in the frame.
    public func restingPosition(size: Double) -> Point2 {
        isGrounded ? Point2(0.5, 0.8 - size / 2) : Point2(0.5, 0.25)
    }

    /// Whether the kind is a thing that stands on the ground (vs. sky objects).
    public var isGrounded: Bool {
        switch self {
        case .plane, .cloud, .sun, .moon, .star, .bird: return false
        default: return true
        }
    }
}
