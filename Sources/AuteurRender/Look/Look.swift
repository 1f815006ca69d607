import AuteurCore

// The environment's look: light, scenery, atmosphere and style grade.
//
//     public enum Look {
//         static func lighting(for: Environment) -> Lighting
//         static func paintBackground(_ stage: Stage, into: inout DisplayList)
//         static func paintAtmosphere(_ stage: Stage, particles: [Particle], into: inout DisplayList)
//         static func styleFilter(_ style: Style) -> ColorMatrix?
//     }
//
// A frame is composed as: `lighting` -> `Stage` -> `paintBackground` ->
// the objects -> `paintAtmosphere` -> `styleFilter`, then the grade.
//
// Design rules, and why:
//
// - Light is decided once, in `lighting(for:)`, from the clock hour (a
//   continuous number, so a transition through the day is smooth: palettes
//   are keyed at anchor hours and blended between neighbours) and the
//   setting; painters only read the `Lighting`. Colours are chosen in sRGB
//   by eye and mixed in linear light.
//
// - Scenery is layers at depths (`stage.transform(depth:)`): the sky far
//   away, terrain ridges in between, the ground plane at depth 0 where the
//   objects stand, so a camera pan gives parallax. Terrain is sampled from
//   seeded noise at fixed world positions, so panning reveals more of the
//   same land rather than reshaping it.
//
// - Cheap by construction, because the outdoor benchmark draws 60 frames a
//   second at 1080p on two cores: one gradient per pixel for the sky and
//   one for the ground, solid fills for far layers (a tile a solid fill
//   covers costs nothing), radial gradients instead of blurs for glows,
//   many small shapes merged into one path per colour, split into strips so
//   a tile only visits nearby outlines.
//
// - Static scenery uses seeds that depend only on the setting, never on the
//   frame, so an unchanged frame yields identical commands and its patches
//   come back from the cache. Only what should move (water, drifting
//   clouds, swaying light, lightning) reads `stage.seconds`.
public enum Look {
    /// How light falls in `environment`: sky colours, ambient and key light,
    /// sun and moon, shadow direction and length.
    ///
    /// Ambient is the multiplier for a lit surface's colour: near white at
    /// noon (an object shows its own colour), warm at sunset, dim blue at
    /// night. Key is the sun's (or moon's, or a lamp's) colour for lit faces
    /// and highlights. Interiors are lit by lamps; their sky colours are the
    /// view through a window. Underwater light is blue-green and dim; space
    /// is black with stars.
    public static func lighting(for environment: Environment) -> Lighting {
        LookLight.lighting(for: environment)
    }

    /// Everything behind the objects, for the stage's setting, time of day
    /// and weather.
    public static func paintBackground(_ stage: Stage, into list: inout DisplayList) {
        let s = Scenery(stage)
        switch stage.environment.setting {
        case .studio: s.studio(&list)
        case .office: s.office(&list)
        case .kitchen: s.kitchen(&list)
        case .space: s.space(&list)
        case .underwater: s.underwater(&list)
        default:
            s.sky(&list)
            switch stage.environment.setting {
            case .desert: s.desert(&list)
            case .beach: s.beach(&list)
            case .city: s.city(&list)
            case .forest: s.forest(&list)
            case .ocean: s.ocean(&list)
            case .snowfield: s.snowfield(&list)
            case .meadow: s.meadow(&list)
            case .mountains: s.mountains(&list)
            case .studio, .office, .kitchen, .space, .underwater: break
            }
        }
    }

    /// Everything in front of the objects: fog and haze, precipitation drawn
    /// from `particles` (frame coordinates, as `ParticleField` gives them),
    /// storm darkening and lightning flashes.
    public static func paintAtmosphere(_ stage: Stage, particles: [Particle], into list: inout DisplayList) {
        Scenery(stage).atmosphere(particles: particles, &list)
    }

    /// The style's grade as a colour matrix in linear light; nil for natural.
    public static func styleFilter(_ style: Style) -> ColorMatrix? {
        LookStyle.filter(style)
    }
}
