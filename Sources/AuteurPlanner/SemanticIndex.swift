import AuteurCore
import Foundation

/// Meanings the planner can act on, as short label phrases embedded once
/// per encoder: a word the lexicon does not know ("automobile", "golden
/// hour") is read as the sense of its nearest label, when it is near enough.
final class SemanticIndex: Sendable {
    struct Label: Sendable {
        let phrase: String
        let sense: Sense
        /// How the reply names the reading: "car", "sunset light".
        let name: String
    }

    /// Below this cosine a word is reported as not understood. Chosen on
    /// all-MiniLM-L6-v2: synonyms of catalog words score 0.6 to 0.9, while
    /// keyboard noise and unrelated words stay under 0.5.
    static let threshold: Float = 0.56
    /// The best label must beat the best label of any other sense by this
    /// much, so a word halfway between two meanings is not guessed.
    static let margin: Float = 0.025

    let labels: [Label]
    private let vectors: [[Float]]

    init(encoder: SentenceEncoder) {
        let labels = SemanticIndex.labelSet()
        self.labels = labels
        self.vectors = encoder.embed(labels.map(\.phrase))
    }

    /// The best reading of a vector, or nil when nothing is near enough.
    func reading(of vector: [Float]) -> (Label, Float)? {
        var best: (Int, Float)?
        for (i, v) in vectors.enumerated() {
            let c = SemanticIndex.dot(vector, v)
            if best == nil || c > best!.1 { best = (i, c) }
        }
        guard let (i, score) = best, score >= SemanticIndex.threshold else { return nil }
        let runnerUp = vectors.indices.filter { labels[$0].sense != labels[i].sense }.map { SemanticIndex.dot(vector, vectors[$0]) }.max() ?? 0
        guard score - runnerUp >= SemanticIndex.margin else { return nil }
        return (labels[i], score)
    }

    private static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for k in 0..<min(a.count, b.count) { s += a[k] * b[k] }
        return s
    }

    // MARK: Cache

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: SemanticIndex] = [:]

    /// One index per encoder for the life of the process: embedding the
    /// label set takes a few hundred milliseconds, planning a turn must not.
    static func shared(for encoder: SentenceEncoder) -> SemanticIndex {
        lock.lock()
        defer { lock.unlock() }
        if let index = cache[ObjectIdentifier(encoder)] { return index }
        let index = SemanticIndex(encoder: encoder)
        cache[ObjectIdentifier(encoder)] = index
        return index
    }

    // MARK: Labels

    static func labelSet() -> [Label] {
        var l: [Label] = []
        func add(_ phrases: [String], _ sense: Sense, _ name: String) { for p in phrases { l.append(Label(phrase: p, sense: sense, name: name)) } }
        let kindGlosses: [CatalogKind: [String]] = [
            .car: ["car", "passenger car"], .truck: ["truck"], .bus: ["bus"], .bicycle: ["bicycle", "bike"], .boat: ["boat", "ship"],
            .plane: ["airplane", "aircraft"], .rocket: ["rocket", "spaceship"], .ball: ["ball"], .box: ["box", "crate"],
            .glass: ["drinking glass"], .bottle: ["bottle"], .table: ["table"], .chair: ["chair", "seat"], .lamp: ["lamp"],
            .tree: ["tree"], .flower: ["flower"], .rock: ["rock", "stone"], .house: ["house", "building"], .mountain: ["mountain"],
            .cloud: ["cloud"], .sun: ["sun"], .moon: ["moon"], .star: ["star"], .person: ["person", "human being"],
            .dog: ["dog", "puppy dog"], .cat: ["cat"], .bird: ["bird"], .fish: ["fish"], .laptop: ["laptop computer"],
            .phone: ["mobile phone"], .server: ["computer server"], .database: ["database"], .arrow: ["arrow"], .label: ["text label"],
        ]
        for k in CatalogKind.allCases { add(kindGlosses[k] ?? [k.rawValue], .thing(k, variant: nil, plural: false), k.rawValue) }
        let variants: [(String, CatalogKind, String)] = [
            ("taxi cab", .car, "taxi"), ("sports car", .car, "sports"), ("vintage convertible", .car, "vintage-convertible"),
            ("hatchback", .car, "hatchback"), ("fire truck", .truck, "fire-truck"), ("pickup truck", .truck, "pickup"),
            ("school bus", .bus, "school"), ("double decker bus", .bus, "double-decker"), ("sailboat", .boat, "sailboat"),
            ("motorboat", .boat, "motorboat"), ("rowboat", .boat, "rowboat"), ("jet plane", .plane, "jet"),
            ("propeller plane", .plane, "propeller"), ("space shuttle", .rocket, "shuttle"), ("beach ball", .ball, "beach"),
            ("soccer ball", .ball, "soccer"), ("gift box", .box, "gift"), ("wine glass", .glass, "wine"), ("office chair", .chair, "office"),
            ("armchair", .chair, "armchair"), ("street lamp", .lamp, "street"), ("palm tree", .tree, "palm"), ("pine tree", .tree, "pine"),
            ("oak tree", .tree, "oak"), ("tulip", .flower, "tulip"), ("daisy", .flower, "daisy"), ("sunflower", .flower, "sunflower"),
            ("boulder", .rock, "boulder"), ("cottage", .house, "cottage"), ("log cabin", .house, "cabin"), ("crescent moon", .moon, "crescent"),
            ("child", .person, "child"), ("terrier", .dog, "terrier"), ("golden retriever", .dog, "retriever"), ("dachshund", .dog, "dachshund"),
            ("seagull", .bird, "gull"), ("crow", .bird, "crow"), ("goldfish", .fish, "goldfish"), ("shark", .fish, "shark"),
        ]
        for (p, k, v) in variants { add([p], .thing(k, variant: v, plural: false), v.replacingDashes) }
        let settings: [Setting: [String]] = [
            .desert: ["desert", "sand dunes"], .beach: ["beach", "seaside shore"], .city: ["city", "city street"],
            .forest: ["forest", "woods"], .ocean: ["ocean", "open sea"], .space: ["outer space", "the cosmos"],
            .studio: ["studio", "empty room"], .snowfield: ["snowfield", "snowy plain"], .meadow: ["meadow", "grassy field"],
            .mountains: ["mountains"], .office: ["office"], .underwater: ["underwater", "under the sea"], .kitchen: ["kitchen"],
        ]
        for s in Setting.allCases { add(settings[s] ?? [s.rawValue], .setting(s), s.rawValue) }
        let times: [TimeOfDay.Preset: [String]] = [
            .dawn: ["dawn", "sunrise"], .morning: ["morning"], .noon: ["noon", "midday"], .afternoon: ["afternoon"],
            .sunset: ["sunset", "golden evening light"], .dusk: ["dusk", "twilight"], .night: ["night", "nighttime darkness"],
        ]
        for t in TimeOfDay.Preset.allCases { add(times[t] ?? [t.rawValue], .time(t), "\(t.rawValue) light") }
        let weathers: [Weather.Kind: [String]] = [
            .rain: ["rain", "rainy weather"], .snow: ["snow", "snowfall"], .fog: ["fog", "mist"], .storm: ["thunderstorm", "storm"],
            .clear: ["clear sunny sky"],
        ]
        for w in Weather.Kind.allCases { add(weathers[w] ?? [w.rawValue], .weather(w), w == .clear ? "clear weather" : w.rawValue) }
        let styles: [Style: [String]] = [
            .natural: ["natural realistic look"], .noir: ["film noir", "black and white film"], .pastel: ["pastel colours", "soft pastel"],
            .neon: ["neon lights", "glowing neon", "cyber", "futuristic neon"], .sepia: ["sepia old photograph"],
            .blueprint: ["blueprint", "technical drawing"],
        ]
        for s in Style.allCases { add(styles[s] ?? [s.rawValue], .style(s), "\(Replies.style(s)) style") }
        let intents: [(Command, [String], String)] = [
            (.remove, ["remove", "delete", "take away"], "remove"), (.add, ["add", "insert"], "add"),
            (.paint, ["paint", "change the colour"], "paint"), (.replace, ["replace", "swap"], "replace"),
            (.speedUp, ["speed up", "go faster"], "speed up"), (.slowDown, ["slow down"], "slow down"),
            (.grow, ["make bigger", "enlarge"], "enlarge"), (.shrink, ["make smaller"], "shrink"),
            (.undo, ["undo", "revert the last change"], "undo"), (.redo, ["redo"], "redo"), (.pan, ["pan the camera"], "pan"),
            (.zoom(inward: true), ["zoom in"], "zoom in"), (.shake, ["shake the camera"], "shake the camera"),
            (.reseed, ["another take"], "another take"), (.extend, ["make longer"], "extend"), (.trim, ["make shorter"], "trim"),
        ]
        for (c, phrases, name) in intents { add(phrases, .command(c), name) }
        let motions: [(Motion, [String])] = [
            (Motion(kind: .travel, gerund: "moves"), ["drive", "move along"]), (Motion(kind: .travel, gerund: "flies"), ["fly"]),
            (Motion(kind: .travel, pace: 0.7, gerund: "walks"), ["walk"]), (Motion(kind: .travel, pace: 1.2, gerund: "runs"), ["run"]),
            (Motion(kind: .travel, pace: 0.8, gerund: "swims"), ["swim"]), (Motion(kind: .rise, gerund: "rises"), ["rise up"]),
            (Motion(kind: .fall, gerund: "falls"), ["fall down"]), (Motion(kind: .bounce, gerund: "bounces"), ["bounce"]),
            (Motion(kind: .shatter, gerund: "shatters"), ["break into pieces"]), (Motion(kind: .spin, gerund: "spins"), ["spin around"]),
            (Motion(kind: .hop, gerund: "jumps"), ["jump"]),
        ]
        for (m, phrases) in motions { add(phrases, .motion(m), m.gerund) }
        for name in Lexicon.basicColourNames { if let c = RGBColor.named[name] { add([name], .colour(c, name: name), name) } }
        return l
    }
}
