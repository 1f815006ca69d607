import AuteurCore

/// What one layer of a frame is painted from. Painters read nothing else
/// (the stage holds the canvas size, camera, light, time and seed), so equal
/// inputs give identical commands, whichever frame or revision they came
/// from. Compared whole, never sampled.
enum LayerInputs: Equatable, Sendable {
    case environment(Stage)
    case object(ObjectState, Stage)
    case debris(ObjectState, [DebrisPiece], Stage)
    case atmosphere(Stage, ParticleField)
}

/// One layer as painted: what it was painted from and the commands it gave,
/// before any region clip.
struct PaintedLayer: Sendable {
    let inputs: LayerInputs
    let commands: ArraySlice<DrawCommand>
}

/// Layers already painted that a composition may take instead of painting
/// again: the same frame's layers in the previous revision (a recoloured
/// car leaves the sky, the dunes and the weather as they were) and, for a
/// region look, the frame's own main layers (a region restyled to noir
/// shows the same scenery, only filtered).
struct LayerMemo {
    var previous: [PaintedLayer] = []
    var current: [PaintedLayer] = []

    /// The commands of a layer painted from `inputs`, if one was. `hint` is
    /// where the layer usually sits (the same place in the previous
    /// revision), tried first so a frame's lookups stay linear.
    func commands(for inputs: LayerInputs, hint: Int) -> ArraySlice<DrawCommand>? {
        Self.find(inputs, in: previous, hint: hint) ?? Self.find(inputs, in: current, hint: hint)
    }

    private static func find(_ inputs: LayerInputs, in layers: [PaintedLayer], hint: Int) -> ArraySlice<DrawCommand>? {
        if hint < layers.count, layers[hint].inputs == inputs { return layers[hint].commands }
        return layers.first { $0.inputs == inputs }?.commands
    }
}

extension PaintedLayer {
    /// Roughly the bytes the layers' commands hold, to bound how many
    /// frames' layers the regenerator keeps.
    static func bytes(_ layers: [PaintedLayer]) -> Int {
        layers.reduce(0) { total, layer in
            layer.commands.reduce(total) {
                $0 + MemoryLayout<DrawCommand>.stride + $1.edges.count * MemoryLayout<Edge>.stride
                    + $1.contours.count * MemoryLayout<ContourSpan>.stride
            }
        }
    }
}
