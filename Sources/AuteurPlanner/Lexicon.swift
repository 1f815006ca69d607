import AuteurCore

/// The planner's vocabulary: words and fixed phrases with their senses.
/// Inflections are not listed: `Lexicon.lookup` strips plurals and verb
/// endings, so "drives", "driving" and "drove" find "drive".
enum Lexicon {
    // MARK: Things

    /// Nouns for catalog things, singular; plurals are derived.
    static let things: [String: (CatalogKind, String?)] = {
        var t: [String: (CatalogKind, String?)] = [:]
        for kind in CatalogKind.allCases { t[kind.rawValue] = (kind, nil) }
        let extra: [String: (CatalogKind, String?)] = [
            "sedan": (.car, "sedan"), "saloon": (.car, "sedan"), "taxi": (.car, "taxi"), "cab": (.car, "taxi"),
            "taxicab": (.car, "taxi"), "convertible": (.car, "vintage-convertible"), "roadster": (.car, "sports"),
            "hatchback": (.car, "hatchback"), "racecar": (.car, "sports"), "coupe": (.car, "sports"),
            "lorry": (.truck, "lorry"), "pickup": (.truck, "pickup"), "firetruck": (.truck, "fire-truck"), "van": (.truck, "pickup"),
            "coach": (.bus, "city"), "minibus": (.bus, "city"),
            "bike": (.bicycle, nil), "cycle": (.bicycle, nil),
            "sailboat": (.boat, "sailboat"), "yacht": (.boat, "sailboat"), "motorboat": (.boat, "motorboat"),
            "speedboat": (.boat, "motorboat"), "rowboat": (.boat, "rowboat"), "canoe": (.boat, "rowboat"),
            "ship": (.boat, nil), "dinghy": (.boat, "rowboat"),
            "airplane": (.plane, nil), "aeroplane": (.plane, nil), "airliner": (.plane, "airliner"), "jet": (.plane, "jet"),
            "aircraft": (.plane, nil), "jetliner": (.plane, "airliner"),
            "spaceship": (.rocket, nil), "spacecraft": (.rocket, nil), "shuttle": (.rocket, "shuttle"),
            "football": (.ball, "soccer"), "beachball": (.ball, "beach"),
            "crate": (.box, "crate"), "present": (.box, "gift"), "gift": (.box, "gift"), "package": (.box, "cardboard"),
            "parcel": (.box, "cardboard"), "carton": (.box, "cardboard"), "cube": (.box, nil),
            "tumbler": (.glass, "tumbler"), "cup": (.glass, "tumbler"), "goblet": (.glass, "wine"),
            "desk": (.table, "desk"), "armchair": (.chair, "armchair"), "stool": (.chair, "wooden"),
            "streetlight": (.lamp, "street"), "streetlamp": (.lamp, "street"), "lamppost": (.lamp, "street"),
            "lantern": (.lamp, "street"),
            "oak": (.tree, "oak"), "pine": (.tree, "pine"), "palm": (.tree, "palm"), "birch": (.tree, "birch"),
            "tulip": (.flower, "tulip"), "daisy": (.flower, "daisy"), "sunflower": (.flower, "sunflower"),
            "rose": (.flower, nil), "boulder": (.rock, "boulder"), "pebble": (.rock, "pebble"), "stone": (.rock, nil),
            "cottage": (.house, "cottage"), "townhouse": (.house, "townhouse"), "cabin": (.house, "cabin"),
            "hut": (.house, "cabin"), "home": (.house, nil), "building": (.house, nil),
            "hill": (.mountain, "peak"), "peak": (.mountain, "peak"), "volcano": (.mountain, "peak"),
            "man": (.person, "adult"), "woman": (.person, "adult"), "guy": (.person, "adult"), "lady": (.person, "adult"),
            "adult": (.person, "adult"), "child": (.person, "child"), "kid": (.person, "child"), "boy": (.person, "child"),
            "girl": (.person, "child"), "human": (.person, nil), "figure": (.person, nil), "pedestrian": (.person, nil),
            "actor": (.person, nil), "presenter": (.person, nil), "speaker": (.person, nil), "singer": (.person, nil),
            "narrator": (.person, nil), "character": (.person, nil), "someone": (.person, nil), "somebody": (.person, nil),
            "puppy": (.dog, nil), "terrier": (.dog, "terrier"), "retriever": (.dog, "retriever"),
            "dachshund": (.dog, "dachshund"), "doggy": (.dog, nil), "hound": (.dog, nil),
            "kitten": (.cat, "shorthair"), "kitty": (.cat, nil),
            "seagull": (.bird, "gull"), "gull": (.bird, "gull"), "crow": (.bird, "crow"), "raven": (.bird, "crow"),
            "songbird": (.bird, "songbird"), "sparrow": (.bird, "songbird"), "pigeon": (.bird, nil),
            "goldfish": (.fish, "goldfish"), "shark": (.fish, "shark"),
            "notebook": (.laptop, "open"), "computer": (.laptop, "open"), "smartphone": (.phone, "smartphone"),
            "mobile": (.phone, "smartphone"), "cellphone": (.phone, "smartphone"), "db": (.database, nil),
            "sign": (.label, nil), "tag": (.label, nil), "badge": (.label, "badge"), "caption": (.label, nil),
            "title": (.label, nil), "pointer": (.arrow, nil),
        ]
        for (k, v) in extra { t[k] = v }
        return t
    }()

    static let irregularPlurals: [String: String] = [
        "people": "person", "persons": "person", "men": "man", "women": "woman", "children": "child", "kids": "kid",
        "fish": "fish", "fishes": "fish", "buses": "bus", "busses": "bus", "glasses": "glass", "boxes": "box",
        "databases": "database", "mice": "mouse", "geese": "bird", "sheep": "sheep", "leaves": "leaf",
        "daisies": "daisy", "puppies": "puppy", "kitties": "kitty", "ladies": "lady", "taxis": "taxi", "taxies": "taxi",
        "shelves": "shelf", "wolves": "wolf", "lorries": "lorry", "dinghies": "dinghy", "birches": "birch",
        "bodies": "body", "canoes": "canoe", "volcanoes": "volcano", "coaches": "coach", "benches": "bench",
        "cities": "city", "skies": "sky", "dummies": "dummy",
    ]

    /// Words that name a family of kinds, for references ("the vehicle") and
    /// for "one" ("the red one").
    static let families: [String: [CatalogKind]] = [
        "vehicle": [.car, .truck, .bus, .bicycle, .boat, .plane, .rocket],
        "animal": [.dog, .cat, .bird, .fish], "pet": [.dog, .cat, .fish], "creature": [.dog, .cat, .bird, .fish],
        "plant": [.tree, .flower], "thing": CatalogKind.allCases, "object": CatalogKind.allCases,
        "item": CatalogKind.allCases, "one": CatalogKind.allCases, "prop": CatalogKind.allCases,
        "shape": CatalogKind.allCases, "furniture": [.table, .chair, .lamp],
    ]

    static let variantModifiers: [String: [CatalogKind: String]] = [
        "vintage": [.car: "vintage-convertible"], "classic": [.car: "vintage-convertible", .rocket: "classic"],
        "sports": [.car: "sports"], "sport": [.car: "sports"], "racing": [.car: "sports"], "race": [.car: "sports"],
        "fire": [.truck: "fire-truck"], "pickup": [.truck: "pickup"],
        "school": [.bus: "school"], "city": [.bus: "city", .bicycle: "city"], "road": [.bicycle: "road"],
        "sailing": [.boat: "sailboat"], "motor": [.boat: "motorboat"], "rowing": [.boat: "rowboat"],
        "propeller": [.plane: "propeller"], "prop": [.plane: "propeller"], "jet": [.plane: "jet"],
        "passenger": [.plane: "airliner"], "space": [.rocket: "shuttle"],
        "beach": [.ball: "beach"], "soccer": [.ball: "soccer"],
        "cardboard": [.box: "cardboard"], "wooden": [.box: "crate", .chair: "wooden"], "gift": [.box: "gift"],
        "wine": [.glass: "wine", .bottle: "wine"], "soda": [.bottle: "soda"], "pop": [.bottle: "soda"],
        "dining": [.table: "dining"], "round": [.table: "round"], "office": [.chair: "office"],
        "street": [.lamp: "street"], "desk": [.lamp: "desk"], "floor": [.lamp: "floor"], "standing": [.lamp: "floor"],
        "oak": [.tree: "oak"], "pine": [.tree: "pine"], "palm": [.tree: "palm"], "birch": [.tree: "birch"],
        "full": [.moon: "full"], "crescent": [.moon: "crescent"], "half": [.moon: "crescent"],
        "twinkling": [.star: "twinkle"], "golden": [.dog: "retriever"], "tropical": [.fish: "tropical"],
        "open": [.laptop: "open"], "closed": [.laptop: "closed"], "rack": [.server: "rack"], "tower": [.server: "tower"],
        "curved": [.arrow: "curved"], "straight": [.arrow: "straight"], "storm": [.cloud: "storm"],
        "double": [.bus: "double-decker"], "decker": [.bus: "double-decker"], "longhaired": [.cat: "longhair"],
        "fluffy": [.cat: "longhair"], "little": [.person: "child"], "young": [.person: "child"],
    ]

    // MARK: Colours and sizes

    static let colours: [String: RGBColor] = {
        var c = RGBColor.named
        let extra: [String: RGBColor] = [
            "crimson": RGBColor(0xb8, 0x1c, 0x2e), "scarlet": RGBColor(0xe0, 0x2a, 0x1a), "violet": RGBColor(0x8a, 0x4c, 0xc8),
            "lilac": RGBColor(0xb8, 0x90, 0xd8), "lavender": RGBColor(0xb0, 0x9c, 0xe0), "turquoise": RGBColor(0x30, 0xc0, 0xc0),
            "lime": RGBColor(0x8c, 0xd4, 0x2a), "olive": RGBColor(0x70, 0x78, 0x20), "tan": RGBColor(0xc8, 0xa0, 0x6e),
            "ivory": RGBColor(0xf8, 0xf4, 0xe0), "cream": RGBColor(0xf4, 0xec, 0xcc), "charcoal": RGBColor(0x36, 0x38, 0x3c),
            "amber": RGBColor(0xf0, 0xa8, 0x18), "emerald": RGBColor(0x20, 0xa0, 0x58), "azure": RGBColor(0x30, 0x84, 0xe8),
            "indigo": RGBColor(0x40, 0x30, 0x98), "rose": RGBColor(0xf0, 0x80, 0xa0), "coral": RGBColor(0xf2, 0x78, 0x5a),
            "peach": RGBColor(0xf8, 0xb8, 0x90), "khaki": RGBColor(0xc0, 0xb0, 0x78), "chocolate": RGBColor(0x5c, 0x34, 0x18),
            "blond": RGBColor(0xe8, 0xd0, 0x80), "blonde": RGBColor(0xe8, 0xd0, 0x80), "ruby": RGBColor(0xb8, 0x10, 0x3a),
        ]
        for (k, v) in extra { c[k] = v }
        return c
    }()

    /// The eleven basic colour terms, for naming a colour back to a person.
    static let basicColourNames = ["black", "white", "red", "green", "yellow", "blue", "brown", "purple", "pink", "orange", "gray"]

    static let shades: [String: Double] = ["light": 0.45, "pale": 0.5, "pastel": 0.55, "bright": 0.15, "dark": -0.45, "deep": -0.3]

    static let sizes: [String: Double] = [
        "small": 0.7, "little": 0.7, "tiny": 0.45, "miniature": 0.45, "mini": 0.5, "big": 1.4, "large": 1.4,
        "huge": 1.9, "giant": 2.2, "enormous": 2.2, "massive": 2, "gigantic": 2.2, "oversized": 1.8, "medium": 1,
    ]

    // MARK: Where and when

    static let settings: [String: Setting] = {
        var s: [String: Setting] = [:]
        for v in Setting.allCases { s[v.rawValue] = v }
        let extra: [String: Setting] = [
            "dune": .desert, "dunes": .desert, "sahara": .desert, "wasteland": .desert,
            "seaside": .beach, "shore": .beach, "seashore": .beach, "coast": .beach, "sand": .beach,
            "street": .city, "town": .city, "downtown": .city, "skyline": .city, "avenue": .city, "alley": .city,
            "metropolis": .city, "urban": .city, "traffic": .city,
            "wood": .forest, "woods": .forest, "woodland": .forest, "jungle": .forest,
            "sea": .ocean, "waves": .ocean, "water": .ocean, "harbour": .ocean, "harbor": .ocean, "lake": .ocean,
            "cosmos": .space, "orbit": .space, "galaxy": .space,
            "snowfield": .snowfield, "tundra": .snowfield, "arctic": .snowfield, "glacier": .snowfield, "ice": .snowfield,
            "field": .meadow, "grass": .meadow, "grassland": .meadow, "park": .meadow, "garden": .meadow,
            "countryside": .meadow, "prairie": .meadow, "lawn": .meadow, "pasture": .meadow, "farm": .meadow,
            "workplace": .office, "cubicle": .office, "classroom": .office, "room": .studio, "stage": .studio,
            "seabed": .underwater, "reef": .underwater, "aquarium": .underwater,
            "kitchen": .kitchen, "diner": .kitchen, "restaurant": .kitchen,
        ]
        for (k, v) in extra { s[k] = v }
        return s
    }()

    static let times: [String: TimeOfDay.Preset] = {
        var t: [String: TimeOfDay.Preset] = [:]
        for p in TimeOfDay.Preset.allCases { t[p.rawValue] = p }
        let extra: [String: TimeOfDay.Preset] = [
            "sunrise": .dawn, "daybreak": .dawn, "daylight": .noon, "midday": .noon, "daytime": .noon, "day": .noon,
            "lunchtime": .noon, "evening": .dusk, "twilight": .dusk, "sundown": .sunset, "nighttime": .night,
            "midnight": .night, "moonlight": .night, "moonlit": .night, "dark": .night, "starry": .night, "am": .morning,
            "pm": .afternoon,
        ]
        for (k, v) in extra { t[k] = v }
        return t
    }()

    static let weathers: [String: Weather.Kind] = [
        "rain": .rain, "rainy": .rain, "raining": .rain, "rainfall": .rain, "drizzle": .rain, "downpour": .rain,
        "shower": .rain, "showers": .rain, "wet": .rain,
        "snow": .snow, "snowy": .snow, "snowing": .snow, "snowfall": .snow, "snowflake": .snow, "blizzard": .snow,
        "fog": .fog, "foggy": .fog, "mist": .fog, "misty": .fog, "haze": .fog, "hazy": .fog, "smog": .fog,
        "storm": .storm, "stormy": .storm, "thunderstorm": .storm, "thunder": .storm, "lightning": .storm, "tempest": .storm,
        "hurricane": .storm,
        "sunny": .clear, "clear": .clear, "cloudless": .clear, "dry": .clear, "fair": .clear,
    ]

    static let intensities: [String: Double] = [
        "thick": 0.9, "heavy": 0.9, "dense": 0.9, "pouring": 0.95, "torrential": 1, "violent": 1, "fierce": 0.95,
        "thin": 0.3, "gentle": 0.35, "soft": 0.35, "slight": 0.3, "faint": 0.25, "wild": 0.9, "raging": 1,
    ]

    static let styles: [String: Style] = [
        "natural": .natural, "realistic": .natural, "normal": .natural, "photoreal": .natural, "photorealistic": .natural,
        "noir": .noir, "monochrome": .noir, "grayscale": .noir, "greyscale": .noir,
        "pastel": .pastel, "pastels": .pastel, "neon": .neon, "sepia": .sepia, "blueprint": .blueprint,
        "schematic": .blueprint, "technical": .blueprint,
    ]

    // MARK: Verbs

    static let verbs: [String: Sense] = [
        // Travel.
        "drive": .motion(Motion(kind: .travel, gerund: "drives")), "ride": .motion(Motion(kind: .travel, gerund: "rides")),
        "cycle": .motion(Motion(kind: .travel, gerund: "rides")), "pedal": .motion(Motion(kind: .travel, gerund: "rides")),
        "travel": .motion(Motion(kind: .travel, gerund: "travels")), "move": .motion(Motion(kind: .travel, gerund: "moves")),
        "go": .motion(Motion(kind: .travel, gerund: "goes")), "cross": .motion(Motion(kind: .travel, gerund: "crosses")),
        "pass": .motion(Motion(kind: .travel, gerund: "passes")), "cruise": .motion(Motion(kind: .travel, pace: 0.8, gerund: "cruises")),
        "race": .motion(Motion(kind: .travel, pace: 1.4, gerund: "races")), "speed": .motion(Motion(kind: .travel, pace: 1.4, gerund: "speeds")),
        "zoom": .motion(Motion(kind: .travel, pace: 1.5, gerund: "zooms")), "dash": .motion(Motion(kind: .travel, pace: 1.4, gerund: "dashes")),
        "hurry": .motion(Motion(kind: .travel, pace: 1.3, gerund: "hurries")), "rush": .motion(Motion(kind: .travel, pace: 1.4, gerund: "rushes")),
        "walk": .motion(Motion(kind: .travel, pace: 0.7, gerund: "walks")), "stroll": .motion(Motion(kind: .travel, pace: 0.5, gerund: "strolls")),
        "wander": .motion(Motion(kind: .travel, pace: 0.5, gerund: "wanders")), "march": .motion(Motion(kind: .travel, pace: 0.7, gerund: "marches")),
        "run": .motion(Motion(kind: .travel, pace: 1.2, gerund: "runs")), "jog": .motion(Motion(kind: .travel, pace: 1, gerund: "jogs")),
        "sprint": .motion(Motion(kind: .travel, pace: 1.5, gerund: "sprints")), "crawl": .motion(Motion(kind: .travel, pace: 0.4, gerund: "crawls")),
        "fly": .motion(Motion(kind: .travel, gerund: "flies")), "glide": .motion(Motion(kind: .travel, pace: 0.8, gerund: "glides")),
        "soar": .motion(Motion(kind: .travel, gerund: "soars")), "flutter": .motion(Motion(kind: .travel, pace: 0.7, gerund: "flutters")),
        "swim": .motion(Motion(kind: .travel, pace: 0.8, gerund: "swims")), "sail": .motion(Motion(kind: .travel, pace: 0.6, gerund: "sails")),
        "drift": .motion(Motion(kind: .travel, pace: 0.4, gerund: "drifts")), "float": .motion(Motion(kind: .float, pace: 0.4, gerund: "floats")),
        "slide": .motion(Motion(kind: .travel, pace: 0.8, gerund: "slides")), "skate": .motion(Motion(kind: .travel, gerund: "skates")),
        "roll": .motion(Motion(kind: .travel, pace: 0.9, rolls: true, gerund: "rolls")),
        "tumble": .motion(Motion(kind: .travel, pace: 0.9, rolls: true, gerund: "tumbles")),
        "chase": .motion(Motion(kind: .chase, pace: 1.2, gerund: "chases")), "pursue": .motion(Motion(kind: .chase, pace: 1.2, gerund: "chases")),
        "follow": .motion(Motion(kind: .chase, pace: 1, gerund: "follows")), "gallop": .motion(Motion(kind: .travel, pace: 1.3, gerund: "gallops")),
        "approach": .motion(Motion(kind: .approach, gerund: "approaches")), "come": .motion(Motion(kind: .approach, gerund: "comes")),
        "leave": .motion(Motion(kind: .leave, gerund: "leaves")), "depart": .motion(Motion(kind: .leave, gerund: "leaves")),
        "recede": .motion(Motion(kind: .leave, gerund: "recedes")), "retreat": .motion(Motion(kind: .leave, gerund: "retreats")),
        // Vertical.
        "rise": .motion(Motion(kind: .rise, pace: 0.8, gerund: "rises")), "ascend": .motion(Motion(kind: .rise, gerund: "ascends")),
        "climb": .motion(Motion(kind: .rise, pace: 0.8, gerund: "climbs")), "launch": .motion(Motion(kind: .rise, pace: 1.2, gerund: "launches")),
        "levitate": .motion(Motion(kind: .rise, pace: 0.5, gerund: "levitates")),
        "sink": .motion(Motion(kind: .sink, pace: 0.6, gerund: "sinks")), "descend": .motion(Motion(kind: .sink, gerund: "descends")),
        "land": .motion(Motion(kind: .sink, gerund: "lands")), "set": .motion(Motion(kind: .sink, pace: 0.6, gerund: "sets")),
        "fall": .motion(Motion(kind: .fall, gerund: "falls")), "drop": .motion(Motion(kind: .fall, gerund: "drops")),
        "plunge": .motion(Motion(kind: .fall, gerund: "plunges")), "plummet": .motion(Motion(kind: .fall, gerund: "plummets")),
        "topple": .motion(Motion(kind: .fall, gerund: "topples")),
        "bounce": .motion(Motion(kind: .bounce, gerund: "bounces")), "rebound": .motion(Motion(kind: .bounce, gerund: "bounces")),
        "shatter": .motion(Motion(kind: .shatter, gerund: "shatters")), "break": .motion(Motion(kind: .shatter, gerund: "breaks")),
        "smash": .motion(Motion(kind: .shatter, gerund: "smashes")), "crack": .motion(Motion(kind: .shatter, gerund: "cracks")),
        "spin": .motion(Motion(kind: .spin, gerund: "spins")), "rotate": .motion(Motion(kind: .spin, gerund: "rotates")),
        "twirl": .motion(Motion(kind: .spin, gerund: "twirls")), "whirl": .motion(Motion(kind: .spin, gerund: "whirls")),
        "jump": .motion(Motion(kind: .hop, gerund: "jumps")), "hop": .motion(Motion(kind: .hop, gerund: "hops")),
        "leap": .motion(Motion(kind: .hop, gerund: "leaps")), "skip": .motion(Motion(kind: .hop, gerund: "skips")),
        "pulse": .motion(Motion(kind: .pulse, gerund: "pulses")), "throb": .motion(Motion(kind: .pulse, gerund: "throbs")),
        "beat": .motion(Motion(kind: .pulse, gerund: "pulses")), "pump": .motion(Motion(kind: .pulse, gerund: "pulses")),
        "dance": .motion(Motion(kind: .hop, pace: 0.6, gerund: "dances")), "bob": .motion(Motion(kind: .hop, pace: 0.5, gerund: "bobs")),
        // Staying put.
        "sit": .still, "stand": .still, "park": .still, "rest": .still, "lie": .still, "lay": .still, "wait": .still,
        "stay": .still, "hover": .still, "hang": .still, "perch": .still, "idle": .still, "stop": .still, "pose": .still,
        "grow": .still, "loom": .still, "tower": .still, "shine": .still, "glow": .still, "sleep": .still, "watch": .still,
        "look": .still, "stare": .still, "read": .still, "work": .still, "type": .still, "appear": .still,
        "contain": .still, "hold": .still, "show": .still, "feature": .still, "glint": .still, "sparkle": .still,
        "twinkle": .still, "burn": .still, "flicker": .still, "bark": .still, "meow": .still, "purr": .still, "chirp": .still,
        "sing": .talk, "talk": .talk, "speak": .talk, "say": .talk, "chat": .talk, "narrate": .talk, "present": .talk,
        "explain": .talk, "lecture": .talk, "shout": .talk, "whisper": .talk, "mouth": .talk, "rap": .talk,
        // Diagram verbs move nothing: they connect.
        "send": .connect, "connect": .connect, "point": .connect, "link": .connect,
        "feed": .connect, "query": .connect, "call": .connect, "flow": .connect,
        "write": .connect, "stream": .connect, "push": .connect, "forward": .connect,
        "request": .connect, "transmit": .connect,
    ]

    /// Imperatives, matched only where a command can start (the start of a
    /// clause), because "drop", "set" and "turn" are also verbs of motion.
    static let commands: [String: Command] = [
        "make": .make, "turn": .make, "render": .make, "keep": .make, "let": .let_, "give": .make, "play": .make,
        "change": .change, "switch": .change, "alter": .change, "modify": .change, "adjust": .change, "set": .change,
        "paint": .paint, "colour": .paint, "color": .paint, "recolour": .paint, "recolor": .paint, "repaint": .paint,
        "tint": .paint, "dye": .paint,
        "remove": .remove, "delete": .remove, "erase": .remove, "eliminate": .remove, "drop": .remove, "lose": .remove,
        "ditch": .remove, "kill": .remove, "scrap": .remove, "hide": .hide,
        "add": .add, "include": .add, "insert": .add, "introduce": .add, "spawn": .add, "create": .add, "show": .add,
        "draw": .add,
        "put": .put, "place": .put, "position": .put, "move": .move, "shift": .move, "relocate": .move, "bring": .move,
        "replace": .replace, "substitute": .replace, "swap": .swap, "exchange": .swap, "trade": .swap,
        "relight": .relight, "light": .relight, "restyle": .restyle, "style": .restyle,
        "pan": .pan, "tilt": .tilt, "zoom": .zoom(inward: true), "shake": .shake, "jiggle": .shake, "wobble": .shake,
        "follow": .follow, "track": .follow, "roll": .roll,
        "speed": .speedUp, "accelerate": .speedUp, "hasten": .speedUp, "quicken": .speedUp, "slow": .slowDown, "decelerate": .slowDown,
        "grow": .grow, "enlarge": .grow, "scale": .grow, "magnify": .grow, "expand": .grow, "shrink": .shrink, "reduce": .shrink,
        "extend": .extend, "lengthen": .extend, "prolong": .extend, "stretch": .extend,
        "trim": .trim, "shorten": .trim, "cut": .cut,
        "stop": .stop, "end": .stop, "halt": .stop, "cease": .stop, "clear": .clear,
        "undo": .undo, "redo": .redo, "revert": .revert, "restore": .revert, "rollback": .revert, "checkout": .checkout,
        "reseed": .reseed, "reroll": .reseed, "regenerate": .reseed, "retake": .reseed, "reshoot": .reseed, "rerun": .reseed,
        "use": .use, "apply": .use, "sync": .lipSync, "synchronise": .lipSync, "synchronize": .lipSync, "lipsync": .lipSync,
        "grade": .restyle,
    ]

    // MARK: Function words and modifiers

    static let words: [String: Sense] = [
        "a": .article(definite: false), "an": .article(definite: false), "another": .article(definite: false),
        "the": .article(definite: true), "this": .article(definite: true), "that": .article(definite: true),
        "its": .article(definite: true), "their": .article(definite: true), "his": .article(definite: true),
        "my": .article(definite: true), "our": .article(definite: true),
        "he": .pronoun(.person), "she": .pronoun(.person), "him": .pronoun(.person), "himself": .pronoun(.person),
        "herself": .pronoun(.person),
        "these": .demonstrative, "those": .demonstrative,
        "some": .vagueQuantity(3), "several": .vagueQuantity(3), "few": .vagueQuantity(3), "many": .vagueQuantity(5),
        "lots": .vagueQuantity(5), "numerous": .vagueQuantity(5), "couple": .quantity(2), "pair": .quantity(2),
        "dozen": .quantity(12), "both": .both, "all": .every, "every": .every, "each": .every,
        "other": .other, "else": .other,
        "first": .first, "fourth": .ordinal(4), "fifth": .ordinal(5),
        "last": .last, "final": .last, "closing": .last, "opening": .first, "start": .beginning, "beginning": .beginning,
        "end": .end, "ending": .end, "middle": .relation(.between),
        "it": .pronoun(.it), "itself": .pronoun(.it), "them": .pronoun(.them), "they": .pronoun(.them),
        "everything": .pronoun(.everything), "everyone": .pronoun(.them), "anything": .pronoun(.everything),
        "whole": .every, "entire": .every,
        "labeled": .labelMarker, "labelled": .labelMarker, "label": .labelMarker, "named": .labelMarker,
        "called": .labelMarker, "marked": .labelMarker, "titled": .labelMarker, "reading": .labelMarker,
        "saying": .labelMarker, "tagged": .labelMarker, "captioned": .labelMarker, "says": .labelMarker, "reads": .labelMarker,
        "beside": .relation(.nextTo), "besides": .relation(.nextTo), "alongside": .relation(.nextTo), "by": .relation(.nextTo),
        "near": .relation(.near), "nearby": .relation(.near), "beneath": .relation(.under), "under": .relation(.under),
        "underneath": .relation(.under), "below": .relation(.under), "behind": .relation(.behind),
        "above": .relation(.above), "over": .relation(.above), "atop": .relation(.on), "on": .relation(.on),
        "onto": .relation(.on), "upon": .relation(.on), "between": .relation(.between), "among": .relation(.near),
        "inside": .relation(.inside), "within": .preposition(.inside), "in": .preposition(.inside),
        "across": .path, "along": .path, "through": .path, "past": .path, "around": .path, "toward": .direction(.toward),
        "towards": .direction(.toward), "forward": .direction(.toward), "forwards": .direction(.toward),
        "closer": .direction(.toward), "nearer": .direction(.toward), "away": .direction(.away),
        "backward": .direction(.away), "backwards": .direction(.away), "farther": .direction(.away), "further": .direction(.away),
        "up": .direction(.up), "upward": .direction(.up), "upwards": .direction(.up), "skyward": .direction(.up),
        "skywards": .direction(.up), "aloft": .direction(.up), "down": .direction(.down), "downward": .direction(.down),
        "downwards": .direction(.down), "rightward": .direction(.leftToRight), "rightwards": .direction(.leftToRight),
        "leftward": .direction(.rightToLeft), "leftwards": .direction(.rightToLeft), "eastward": .direction(.leftToRight),
        "westward": .direction(.rightToLeft), "right": .direction(.leftToRight), "left": .direction(.rightToLeft),
        "to": .preposition(.to), "into": .preposition(.into), "with": .preposition(.with), "of": .preposition(.of),
        "from": .preposition(.from), "at": .preposition(.at), "for": .preposition(.forTime), "as": .preposition(.asRole),
        "than": .preposition(.than), "until": .preposition(.until), "till": .preposition(.until), "after": .preposition(.after),
        "before": .preposition(.before), "during": .preposition(.during), "throughout": .preposition(.during),
        "off": .preposition(.off), "out": .preposition(.off), "without": .negation,
        "no": .negation, "not": .negation, "don't": .negation, "dont": .negation, "never": .negation, "none": .negation,
        "nothing": .negation, "stop": .negation, "anymore": .filler, "longer": .durationChange(longer: true),
        "shorter": .durationChange(longer: false), "long": .long, "short": .durationChange(longer: false),
        "and": .conjunction(.and), "plus": .conjunction(.and), "also": .filler, "then": .conjunction(.then),
        "afterwards": .conjunction(.then), "next": .conjunction(.then), "later": .conjunction(.then), "but": .conjunction(.but),
        "while": .conjunction(.and), "whilst": .conjunction(.and), "as well": .filler,
        "like": .like, "instead": .instead, "rather": .instead,
        "twice": .times(2), "double": .times(2), "thrice": .times(3), "triple": .times(3), "halve": .half, "once": .filler,
        "second": .second, "seconds": .second, "sec": .second, "secs": .second, "s": .second,
        "frame": .frame, "frames": .frame, "minute": .minute, "minutes": .minute, "min": .minute,
        "half": .half, "halves": .half, "third": .third, "thirds": .third, "quarter": .quarter,
        "shot": .shot, "shots": .shot, "scene": .aspect(.scene), "scenes": .aspect(.scene),
        "revision": .revision, "version": .revision, "rev": .revision, "step": .revision,
        "slowly": .manner(speed: 0.6), "slow": .manner(speed: 0.6), "gently": .manner(speed: 0.6), "gradually": .manner(speed: 0.6),
        "lazily": .manner(speed: 0.5), "leisurely": .manner(speed: 0.5), "calmly": .manner(speed: 0.7), "steadily": .manner(speed: 1),
        "quickly": .manner(speed: 1.5), "fast": .manner(speed: 1.5), "rapidly": .manner(speed: 1.6), "swiftly": .manner(speed: 1.5),
        "speedily": .manner(speed: 1.5), "quick": .manner(speed: 1.5), "briskly": .manner(speed: 1.3), "smoothly": .filler,
        "suddenly": .manner(speed: 1.4), "slightly": .filler, "subtly": .filler,
        "faster": .speed(1.5), "quicker": .speed(1.5), "speedier": .speed(1.5), "slower": .speed(1 / 1.5),
        "bigger": .sizeChange(1.5), "larger": .sizeChange(1.5), "taller": .sizeChange(1.4), "smaller": .sizeChange(1 / 1.5),
        "tinier": .sizeChange(0.5), "wider": .sizeChange(1.3), "thinner": .sizeChange(0.75),
        "lighting": .aspect(.lighting), "light": .aspect(.lighting), "lights": .aspect(.lighting), "illumination": .aspect(.lighting),
        "sunlight": .aspect(.lighting), "time": .aspect(.lighting), "hour": .aspect(.lighting), "clock": .aspect(.lighting),
        "colour": .aspect(.colour), "color": .aspect(.colour), "colours": .aspect(.colour), "colors": .aspect(.colour),
        "hue": .aspect(.colour), "paint": .aspect(.colour), "size": .aspect(.size), "scale": .aspect(.size),
        "style": .aspect(.style), "look": .aspect(.look), "looks": .aspect(.look), "feel": .aspect(.look), "vibe": .aspect(.look),
        "aesthetic": .aspect(.style), "mood": .aspect(.look), "grade": .aspect(.look), "grading": .aspect(.look),
        "palette": .aspect(.look), "filter": .aspect(.style), "tone": .aspect(.look),
        "camera": .aspect(.camera), "cam": .aspect(.camera), "view": .aspect(.camera), "lens": .aspect(.camera),
        "shake": .aspect(.camera), "background": .aspect(.background), "backdrop": .aspect(.background),
        "backgrounds": .aspect(.background), "weather": .aspect(.weather), "sky": .aspect(.sky), "skies": .aspect(.sky),
        "speed": .aspect(.speed), "pace": .aspect(.speed), "tempo": .aspect(.speed), "motion": .aspect(.speed),
        "setting": .aspect(.setting), "location": .aspect(.setting), "place": .aspect(.setting), "environment": .aspect(.setting),
        "take": .aspect(.take), "takes": .aspect(.take), "try": .aspect(.take), "attempt": .aspect(.take), "variation": .aspect(.take),
        "length": .aspect(.length), "duration": .aspect(.length), "runtime": .aspect(.length),
        "clip": .aspect(.scene), "video": .aspect(.scene), "film": .aspect(.scene), "movie": .aspect(.scene),
        "sequence": .aspect(.scene), "animation": .aspect(.scene), "picture": .aspect(.scene), "image": .aspect(.scene),
        "audio": .aspect(.audio), "sound": .aspect(.audio), "music": .aspect(.audio), "track": .aspect(.audio),
        "song": .aspect(.audio), "voice": .aspect(.audio), "soundtrack": .aspect(.audio), "rhythm": .aspect(.audio),
        "floor": .ground, "ground": .ground, "pavement": .ground, "sidewalk": .ground, "road": .ground, "surface": .ground,
        "horizon": .placeNoun, "launchpad": .placeNoun, "pad": .placeNoun, "runway": .placeNoun, "bridge": .placeNoun,
        "highway": .ground, "corner": .placeNoun, "ceiling": .placeNoun, "wall": .placeNoun, "counter": .placeNoun,
        "center": .relation(.between), "centre": .relation(.between), "edge": .placeNoun,
        "side": .placeNoun, "upper": .placeNoun, "lower": .placeNoun, "part": .placeNoun, "top": .placeNoun, "bottom": .placeNoun, "screen": .placeNoun, "air": .placeNoun,
        "distance": .placeNoun, "viewer": .placeNoun, "us": .placeNoun, "me": .placeNoun, "you": .placeNoun,
        "foreground": .placeNoun, "surf": .placeNoun, "trail": .placeNoun, "path": .placeNoun, "lane": .placeNoun,
        
        // Words that carry no instruction here.
        "please": .filler, "now": .filler, "just": .filler, "actually": .filler, "really": .filler, "very": .filler,
        "so": .filler, "quite": .filler, "too": .filler, "again": .filler, 
        "there": .filler, "here": .filler, "which": .filler, "who": .filler, "whose": .filler, "where": .filler,
        "when": .filler, "what": .filler, "how": .filler, "can": .filler, "could": .filler, "would": .filler,
        "will": .filler, "should": .filler, "shall": .filler, "might": .filler, "may": .filler, "must": .filler,
        "do": .filler, "does": .filler, "did": .filler, "done": .filler, "be": .filler, "being": .filler, "been": .filler,
        "is": .filler, "are": .filler, "was": .filler, "were": .filler, "i": .filler, "we": .filler,
        "want": .filler, "have": .filler, "has": .filler, "had": .filler, "having": .filler, "wanna": .filler, "need": .filler, "love": .filler, "maybe": .filler, "ok": .filler,
        "okay": .filler, "yes": .filler, "hey": .filler, "hi": .filler, "hello": .filler, "thanks": .filler, "thank": .filler,
        "cool": .filler, "nice": .filler, "great": .filler, "good": .filler, "lovely": .filler, "beautiful": .filler,
        "pretty": .filler, "quiet": .filler, "peaceful": .filler, "calm": .filler, "busy": .filler, "empty": .filler,
        "lonely": .filler, "lone": .filler, "single": .quantity(1), "old": .filler, "new": .filler, "shiny": .filler,
        "cute": .filler, "happy": .filler, "sad": .filler, "cartoon": .filler, "cartoony": .filler, "animated": .filler,
        "simple": .filler, "cinematic": .filler, "epic": .filler, "dramatic": .filler, "moody": .filler, "cozy": .filler,
        "cosy": .filler, "sleepy": .filler, "bustling": .filler, "vast": .filler, "endless": .filler, "wide": .filler,
        "distant": .filler, "sandy": .filler, "rocky": .filler, "grassy": .filler, 
        "lush": .filler, "dusty": .filler, "tall": .filler, "warm": .filler,
        "cold": .filler, "lazy": .filler, "playful": .filler, "curious": .filler, "friendly": .filler,
        "own": .filler, "same": .filler, "way": .filler, "bit": .filler, "lot": .filler, "much": .filler,
        "more": .filler, "less": .filler, "somewhat": .filler, "kind": .filler, "sort": .filler,
        "overall": .filler, "entirely": .filler, "completely": .filler,
        "totally": .filler, "fully": .filler, "mode": .filler, "effect": .filler,
        "shaky": .aspect(.camera), "handheld": .aspect(.camera), "about": .filler, "almost": .filler,
        "nearly": .filler, "exactly": .filler, "only": .filler, "even": .filler, "still": .still, "together": .filler,
        "apart": .filler, "onscreen": .filler, "frame-wide": .filler, "shown": .filler, "seen": .filler,
        "visible": .filler, "parked": .still, "standing": .still, "sitting": .still, "resting": .still,
        "sleeping": .still, "lying": .still, "waiting": .still, "static": .still, "stationary": .still, "motionless": .still,
        "if": .filler, "because": .filler, "early": .filler, "late": .filler, "drawn": .filler, "painted": .filler, "since": .filler, "or": .conjunction(.and), "nor": .filler,
        "let's": .filler, "lets": .filler, "it's": .pronoun(.it), "there's": .filler, "i'd": .filler,
        "i'm": .filler, "we're": .filler, "you're": .filler, "that's": .filler, "what's": .filler, "one": .family(CatalogKind.allCases, plural: false),
        "ones": .family(CatalogKind.allCases, plural: true), "someplace": .filler, "somewhere": .filler,
        "whatever": .filler, "something": .filler, "any": .filler, "anywhere": .filler, "instance": .filler,
        "cameras": .aspect(.camera), "moving": .filler, 
        "slowmo": .speed(0.5), "timelapse": .speed(3), "realtime": .speed(1), 
        "theme": .aspect(.style), "themed": .aspect(.style), "styled": .aspect(.style),
    ]

    /// Fixed phrases, matched before single words, longest first. Keys are
    /// lemmas (as `lookup` reduces them) joined by spaces.
    static let phrases: [String: Sense] = [
        "film noir": .style(.noir), "black and white": .style(.noir), "black-and-white": .style(.noir), "b&w": .style(.noir),
        "old photo": .style(.sepia), "old photograph": .style(.sepia), "old timey": .style(.sepia), "old-timey": .style(.sepia),
        "technical drawing": .style(.blueprint), "blue print": .style(.blueprint), "tech drawing": .style(.blueprint),
        "fire truck": .thing(.truck, variant: "fire-truck", plural: false), "fire engine": .thing(.truck, variant: "fire-truck", plural: false),
        "school bus": .thing(.bus, variant: "school", plural: false), "double decker": .thing(.bus, variant: "double-decker", plural: false),
        "double-decker": .thing(.bus, variant: "double-decker", plural: false),
        "sports car": .thing(.car, variant: "sports", plural: false), "race car": .thing(.car, variant: "sports", plural: false),
        "racing car": .thing(.car, variant: "sports", plural: false), "vintage convertible": .thing(.car, variant: "vintage-convertible", plural: false),
        "vintage car": .thing(.car, variant: "vintage-convertible", plural: false), "classic car": .thing(.car, variant: "vintage-convertible", plural: false),
        "beach ball": .thing(.ball, variant: "beach", plural: false), "soccer ball": .thing(.ball, variant: "soccer", plural: false),
        "wine glass": .thing(.glass, variant: "wine", plural: false), "drinking glass": .thing(.glass, variant: "tumbler", plural: false),
        "wine bottle": .thing(.bottle, variant: "wine", plural: false), "soda bottle": .thing(.bottle, variant: "soda", plural: false),
        "street lamp": .thing(.lamp, variant: "street", plural: false), "street light": .thing(.lamp, variant: "street", plural: false),
        "lamp post": .thing(.lamp, variant: "street", plural: false), "desk lamp": .thing(.lamp, variant: "desk", plural: false),
        "floor lamp": .thing(.lamp, variant: "floor", plural: false), "palm tree": .thing(.tree, variant: "palm", plural: false),
        "pine tree": .thing(.tree, variant: "pine", plural: false), "oak tree": .thing(.tree, variant: "oak", plural: false),
        "birch tree": .thing(.tree, variant: "birch", plural: false), "space shuttle": .thing(.rocket, variant: "shuttle", plural: false),
        "space ship": .thing(.rocket, variant: nil, plural: false), "full moon": .thing(.moon, variant: "full", plural: false),
        "crescent moon": .thing(.moon, variant: "crescent", plural: false), "half moon": .thing(.moon, variant: "crescent", plural: false),
        "office chair": .thing(.chair, variant: "office", plural: false), "dining table": .thing(.table, variant: "dining", plural: false),
        "gift box": .thing(.box, variant: "gift", plural: false), "cardboard box": .thing(.box, variant: "cardboard", plural: false),
        "golden retriever": .thing(.dog, variant: "retriever", plural: false), "storm cloud": .thing(.cloud, variant: "storm", plural: false),
        "thundercloud": .thing(.cloud, variant: "storm", plural: false), "propeller plane": .thing(.plane, variant: "propeller", plural: false),
        "fighter jet": .thing(.plane, variant: "jet", plural: false), "cell phone": .thing(.phone, variant: "smartphone", plural: false),
        "mobile phone": .thing(.phone, variant: "smartphone", plural: false), "server rack": .thing(.server, variant: "rack", plural: false),
        "text box": .thing(.label, variant: nil, plural: false), "text": .thing(.label, variant: nil, plural: false),
        "outer space": .setting(.space), "deep space": .setting(.space), "under water": .setting(.underwater),
        "under the sea": .setting(.underwater), "under the ocean": .setting(.underwater), "underwater": .setting(.underwater),
        "snow field": .setting(.snowfield), "snowy field": .setting(.snowfield), "snowy plain": .setting(.snowfield),
        "ice field": .setting(.snowfield), "city street": .setting(.city), "main street": .setting(.city),
        "launch pad": .placeNoun, "launch site": .placeNoun, "parking lot": .setting(.city), "sea floor": .setting(.underwater),
        "ocean floor": .setting(.underwater), "open sea": .setting(.ocean), "open ocean": .setting(.ocean),
        "mountain range": .settingOrThing(.mountains, .mountain), "the mountains": .settingOrThing(.mountains, .mountain),
        "high noon": .time(.noon), "late afternoon": .time(.afternoon), "early morning": .time(.morning),
        "first light": .time(.dawn), "break of day": .time(.dawn),
        "sun down": .time(.sunset), "sun set": .time(.sunset), "dead of night": .time(.night), "night time": .time(.night),
        "day time": .time(.noon), "middle of the day": .time(.noon), "middle of the night": .time(.night),
        "from left to right": .direction(.leftToRight), "left to right": .direction(.leftToRight),
        "from the left to the right": .direction(.leftToRight), "left-to-right": .direction(.leftToRight),
        "from right to left": .direction(.rightToLeft), "right to left": .direction(.rightToLeft),
        "from the right to the left": .direction(.rightToLeft), "right-to-left": .direction(.rightToLeft),
        "to the right": .direction(.leftToRight), "to the left": .direction(.rightToLeft),
        "from the left": .direction(.leftToRight), "from the right": .direction(.rightToLeft),
        "toward the camera": .direction(.toward), "towards the camera": .direction(.toward), "at the camera": .direction(.toward),
        "toward the viewer": .direction(.toward), "towards the viewer": .direction(.toward), "toward us": .direction(.toward),
        "towards us": .direction(.toward), "toward the lens": .direction(.toward), "towards the lens": .direction(.toward),
        "toward camera": .direction(.toward), "towards camera": .direction(.toward), "at us": .direction(.toward),
        "away from the camera": .direction(.away), "away from camera": .direction(.away), "away from us": .direction(.away),
        "away from the viewer": .direction(.away), "into the distance": .direction(.away), "off into the distance": .direction(.away),
        "into the sky": .direction(.up), "into the air": .direction(.up), "up into the sky": .direction(.up),
        "to the sky": .direction(.up), "to the ceiling": .direction(.up),
        "toward the ceiling": .direction(.up), "towards the ceiling": .direction(.up), "toward the sky": .direction(.up),
        "towards the sky": .direction(.up), "to the ground": .direction(.down), "to the floor": .direction(.down),
        "lift off": .motion(Motion(kind: .rise, pace: 1.2, gerund: "lifts off")), "take off": .motion(Motion(kind: .rise, pace: 1.1, gerund: "takes off")),
        "blast off": .motion(Motion(kind: .rise, pace: 1.3, gerund: "blasts off")), "liftoff": .motion(Motion(kind: .rise, pace: 1.2, gerund: "lifts off")),
        "fall over": .motion(Motion(kind: .fall, gerund: "falls")), "fall down": .motion(Motion(kind: .fall, gerund: "falls")),
        "fall off": .motion(Motion(kind: .fall, gerund: "falls off")),
        "break apart": .motion(Motion(kind: .shatter, gerund: "breaks")), "fall apart": .motion(Motion(kind: .shatter, gerund: "breaks")),
        "smash into piece": .motion(Motion(kind: .shatter, gerund: "smashes")), "break into piece": .motion(Motion(kind: .shatter, gerund: "breaks")),
        "come toward": .direction(.toward), "come closer": .direction(.toward), "walk away": .motion(Motion(kind: .leave, pace: 0.7, gerund: "walks away")),
        "drive away": .motion(Motion(kind: .leave, gerund: "drives away")), "drive off": .motion(Motion(kind: .leave, gerund: "drives off")),
        "next to": .relation(.nextTo), "close to": .relation(.near), "in front of": .relation(.inFrontOf),
        "on top of": .relation(.on), "to the left of": .relation(.leftOf), "left of": .relation(.leftOf),
        "to the right of": .relation(.rightOf), "right of": .relation(.rightOf), "in back of": .relation(.behind),
        "in the middle of": .relation(.between),
        "lip sync": .command(.lipSync), "lip synced": .command(.lipSync), "lip-synced": .command(.lipSync),
        "lip synch": .command(.lipSync), "lipsynced": .command(.lipSync), "mouth along": .command(.lipSync),
        "lip synchronised": .command(.lipSync), "lip synchronized": .command(.lipSync), "in sync with": .command(.lipSync),
        "in time with": .relation(.near), "to the beat of": .relation(.near), "to the rhythm of": .relation(.near),
        "take out": .command(.remove), "take away": .command(.remove),
        "take that back": .command(.undo), "take it back": .command(.undo), "go back": .command(.revert),
        "roll back": .command(.revert), "put back": .command(.redo), "bring back": .command(.redo),
        "speed up": .command(.speedUp), "slow down": .command(.slowDown), "slow motion": .speed(0.5), "slow-mo": .speed(0.5),
        "twice as fast": .speed(2), "two times faster": .speed(2), "twice as quick": .speed(2), "double speed": .speed(2),
        "double the speed": .speed(2), "half speed": .speed(0.5), "half as fast": .speed(0.5), "half the speed": .speed(0.5),
        "three times as fast": .speed(3), "three times faster": .speed(3), "twice as slow": .speed(0.5),
        "twice as big": .sizeChange(2), "twice as large": .sizeChange(2), "twice the size": .sizeChange(2), "double the size": .sizeChange(2),
        "half the size": .sizeChange(0.5), "half as big": .sizeChange(0.5), "three times as big": .sizeChange(3),
        "a lot bigger": .sizeChange(2), "much bigger": .sizeChange(2), "much larger": .sizeChange(2), "a bit bigger": .sizeChange(1.2),
        "a little bigger": .sizeChange(1.2), "slightly bigger": .sizeChange(1.2), "much smaller": .sizeChange(0.5),
        "a lot smaller": .sizeChange(0.5), "a bit smaller": .sizeChange(0.8), "a little smaller": .sizeChange(0.8),
        "slightly smaller": .sizeChange(0.8), "scale up": .command(.grow), "scale down": .command(.shrink),
        "zoom in": .command(.zoom(inward: true)), "zoom out": .command(.zoom(inward: false)), "push in": .command(.zoom(inward: true)),
        "pull back": .command(.zoom(inward: false)), "pull out": .command(.zoom(inward: false)), "dolly in": .command(.zoom(inward: true)),
        "dolly out": .command(.zoom(inward: false)), "move in": .command(.zoom(inward: true)), "close up": .command(.zoom(inward: true)),
        "close-up": .command(.zoom(inward: true)), "wide shot": .command(.zoom(inward: false)),
        "camera shake": .command(.shake), "lock off": .command(.holdCamera), "hold still": .command(.holdCamera),
        "keep still": .command(.holdCamera), "keep steady": .command(.holdCamera), "hold steady": .command(.holdCamera),
        "cut to": .command(.cut), "another take": .aspect(.take), "new take": .aspect(.take), "one more take": .aspect(.take),
        "different take": .aspect(.take), "try again": .aspect(.take), "again please": .aspect(.take), "do it again": .aspect(.take),
        "the whole thing": .pronoun(.everything), "whole thing": .pronoun(.everything), "the entire thing": .pronoun(.everything),
        "the whole clip": .pronoun(.everything), "the whole video": .pronoun(.everything), "the whole scene": .pronoun(.everything),
        "the entire clip": .pronoun(.everything), "the entire video": .pronoun(.everything), "the entire scene": .pronoun(.everything),
        "the whole film": .pronoun(.everything), "all of it": .pronoun(.everything), "the whole sequence": .pronoun(.everything),
        "turn off": .command(.stop), "switch off": .command(.stop), "shut off": .command(.stop), "no more": .command(.stop),
        "turn on": .command(.add), "switch on": .command(.add), "clear up": .command(.clear), "clear sky": .weather(.clear),
        "clear skies": .weather(.clear), "blue sky": .weather(.clear), "blue skies": .weather(.clear),
        "look like": .like, "looks like": .like, "feel like": .like, "match": .like, "in the style of": .like,
        "the color of": .like, "the colour of": .like, "as in": .like, "based on": .like,
        "next shot": .command(.cut), "new shot": .command(.cut), "another shot": .command(.cut),
        "a couple of": .quantity(2), "a pair of": .quantity(2), "a few": .vagueQuantity(3), "a lot of": .vagueQuantity(5),
        "lots of": .vagueQuantity(5), "a bunch of": .vagueQuantity(4), "a group of": .vagueQuantity(3), "a flock of": .vagueQuantity(5),
        "a dozen": .quantity(12), "a herd of": .vagueQuantity(4), "a row of": .vagueQuantity(4), "a line of": .vagueQuantity(4),
        "a school of": .vagueQuantity(4), "a fleet of": .vagueQuantity(4), "a pack of": .vagueQuantity(4),
        "the other way": .reverse, "the opposite way": .reverse, "the opposite direction": .reverse, "the other direction": .reverse,
        "in reverse": .reverse, "reverse direction": .reverse, "turn around": .reverse, "turn back": .reverse,
        "more slowly": .speed(1 / 1.5), "more quickly": .speed(1.5), "at night": .time(.night), "by night": .time(.night),
        "at day": .time(.noon), "by day": .time(.noon), "in the dark": .time(.night), "pitch black": .time(.night),
        "time of day": .aspect(.lighting), "time-of-day": .aspect(.lighting),
    ]

    /// Adjectives that describe without changing what the planner makes;
    /// they may sit inside a noun phrase ("the same car", "a lonely house").
    static let plainAdjectives: Set<String> = [
        "same", "old", "new", "shiny", "cute", "happy", "sad", "lonely", "lone", "pretty", "beautiful", "lovely", "nice",
        "quiet", "tall", "lazy", "playful", "curious", "friendly", "distant", "own", "simple", "cartoon", "animated", "dusty",
        "sleepy", "busy", "empty", "vast", "wide", "lush", "warm", "cold", "sandy", "rocky", "grassy", "peaceful", "calm",
        "great", "good", "cool", "moody", "cozy", "cosy", "bustling", "endless", "dramatic", "epic", "cinematic",
    ]

    /// Verbs that link a subject to what it is: "the car is red", "it should be orange".
    static let copulas: Set<String> = ["is", "are", "be", "was", "were", "becomes", "become", "turns", "looks", "seems", "gets"]

    // MARK: Numbers

    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]

    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
        "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    ]
}
