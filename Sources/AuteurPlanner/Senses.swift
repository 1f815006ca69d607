import AuteurCore

/// What a word (or a fixed phrase such as "film noir") means to the
/// planner. The grammar works on senses, never on spellings, so a synonym or
/// an embedding match is one more entry that yields the same sense.
enum Sense: Hashable, Sendable {
    // Noun-phrase parts.
    case article(definite: Bool)
    /// "these", "those": a definite plural.
    case demonstrative
    case quantity(Int)
    /// "some", "several", "a few": a plural whose size the planner chooses.
    case vagueQuantity(Int)
    case both, every
    case other
    case ordinal(Int)
    case colour(RGBColor, name: String)
    /// "light", "pale", "dark", "deep": mixes the next colour towards white or black.
    case shade(Double)
    /// An absolute size adjective: "small" 0.7, "huge" 2.
    case size(Double)
    /// A catalog thing; `variant` for words like "taxi" that name one.
    case thing(CatalogKind, variant: String?, plural: Bool)
    /// A word that names a family of kinds: "vehicle", "animal", "thing", "one".
    case family([CatalogKind], plural: Bool)
    /// An adjective that picks a variant of a kind named next to it: "vintage", "school".
    case variantModifier([CatalogKind: String])
    case pronoun(Pronoun)

    // Where and when.
    case setting(Setting)
    /// "mountains": the mountains setting, unless counted as objects.
    case settingOrThing(Setting, CatalogKind)
    case time(TimeOfDay.Preset)
    case weather(Weather.Kind)
    case intensity(Double)
    case style(Style)
    /// Place words that only say "on the ground" (floor, ground, street corner).
    case ground
    /// "launch pad", "road": places with no setting of their own.
    case placeNoun

    // Verbs and what modifies them.
    case motion(Motion)
    case still
    case talk
    /// Diagram verbs ("sends", "connects to"): an arrow from subject to target.
    case connect
    case direction(Direction)
    /// "across", "along", "through", "past": a path with no direction of its own.
    case path
    case command(Command)
    case manner(speed: Double)
    case speed(Double)
    case sizeChange(Double)
    case durationChange(longer: Bool)
    case long
    case labelMarker
    case relation(Relation)

    // Nouns that name a property rather than a thing.
    case aspect(Aspect)

    // Function words the grammar uses.
    case preposition(Preposition)
    case negation
    case conjunction(Conjunction)
    case like
    /// "the other way", "in reverse": the opposite of the current direction.
    case reverse
    case instead
    case times(Double)
    case second, frame, minute
    case half, third, quarter
    case last, first, end, beginning
    case shot
    case revision
    case filler

    // Tokens that are values, not words.
    case number(Double)
    /// A number glued to its unit: "2s", "90f".
    case measure(Double, unit: String)
    /// A clock time in hours since midnight: "6pm", "18:30".
    case clock(Double)
    case quoted(String)
    case file(String)
}

enum Pronoun: Hashable, Sendable {
    case it, them, everything
    /// "he", "she", "him", "her": a person.
    case person
}

enum Conjunction: Hashable, Sendable { case and, then, but, comma, stop }

enum Preposition: Hashable, Sendable {
    case to, into, with, of, from, inside, on, at, by, forTime, asRole, than, over, under, until, after, before, during, between, through, off
}

/// The property a noun names: "the lighting", "the colour", "the camera".
enum Aspect: Hashable, Sendable {
    case lighting, colour, size, style, camera, background, weather, speed, look, setting, take, sky, length, scene, audio
}

/// How a verb of motion moves its subject when nothing else says where.
struct Motion: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case travel, rise, sink, fall, bounce, shatter, spin, hop, approach, leave, chase, pulse, grow, shrink, float }
    var kind: Kind
    /// Relative pace: 1 crosses the frame in a shot, 1.4 is a race.
    var pace: Double = 1
    var rolls: Bool = false
    /// The verb as a person would read it back: "drives", "flies".
    var gerund: String
}

enum Direction: Hashable, Sendable {
    case leftToRight, rightToLeft, up, down, toward, away

    var words: String {
        switch self {
        case .leftToRight: return "left to right"
        case .rightToLeft: return "right to left"
        case .up: return "upward"
        case .down: return "downward"
        case .toward: return "toward the camera"
        case .away: return "away from the camera"
        }
    }
}

enum Relation: Hashable, Sendable {
    case on, under, nextTo, inFrontOf, behind, above, leftOf, rightOf, near, between, inside
}

/// Imperative verbs: what a command asks for before its complement says how.
enum Command: Hashable, Sendable {
    /// make, turn, set, render: the complement decides the op.
    case make
    /// change, switch: like make, and "change X to Y".
    case change
    case paint
    case remove
    case hide
    case add
    case replace
    case swap
    case move
    case relight
    case restyle
    case pan, tilt, zoom(inward: Bool), shake, follow, holdCamera, roll
    case speedUp, slowDown
    case grow, shrink
    case extend, trim
    case stop, clear
    case undo, redo, revert, checkout
    case reseed
    case lipSync
    case cut
    case use
    case put
    case let_
}
