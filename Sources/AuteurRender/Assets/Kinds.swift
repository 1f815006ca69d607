import AuteurCore
import Foundation

extension AssetPen {
    /// Draws the object's kind; the caption and shadow are the caller's.
    mutating func drawKind() {
        switch object.kind {
        case .car: car()
        case .truck: truck()
        case .bus: bus()
        case .bicycle: bicycle()
        case .boat: boat()
        case .plane: plane()
        case .rocket: rocket()
        case .ball: ball()
        case .box: crate()
        case .glass: glass()
        case .bottle: bottle()
        case .table: table()
        case .chair: chair()
        case .lamp: lamp()
        case .tree: tree()
        case .flower: flower()
        case .rock: rock()
        case .house: house()
        case .mountain: mountain()
        case .cloud: cloud()
        case .sun: sun()
        case .moon: moon()
        case .star: starKind()
        case .person: person()
        case .dog: dog()
        case .cat: cat()
        case .bird: bird()
        case .fish: fish()
        case .laptop: laptop()
        case .phone: phone()
        case .server: server()
        case .database: database()
        case .arrow: arrow()
        case .label: labelKind()
        }
    }

    // Shared secondary materials.
    var tyre: Tint { hex(0x1e1e22) }
    var chrome: Tint { hex(0xc9ced4) }
    var glassTint: Tint { hex(0x8fb2c8) }
    var darkGlass: Tint { hex(0x2a3440) }
    var headlight: Tint { hex(0xfff4c8) }
    var tailLight: Tint { hex(0xd02020) }
    var wood: Tint { hex(0x8a5a30) }
    var skin: [Tint] { [hex(0xf1c7a5), hex(0xd9a27a), hex(0xa86f4c), hex(0x7a4a2e), hex(0xe8b890)] }

    /// The object's label text, if it has one.
    var labelText: String? {
        guard let t = object.label?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}
