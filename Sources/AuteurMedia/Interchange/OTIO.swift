/// OpenTimelineIO documents, written in pure Swift.
///
/// The shape is the one opentimelineio 0.18 writes itself (checked by writing
/// the same timeline with its Python API): every object carries its
/// `OTIO_SCHEMA` and the fields of that schema version in the library's own
/// order, and metadata keys are sorted. Numbers are formatted by Swift's
/// shortest round-trip printing, so the same timeline is the same bytes on
/// every run and every machine.
///
/// Only what a cut needs is modelled: one video track of clips that all
/// reference media by URL, and markers on that track. Times are frames at
/// the timeline's rate, written as `RationalTime.1 {value, rate}`.
public enum OTIO {
    /// The schema versions this writer emits, all read by opentimelineio 0.18.
    public static let schemas = ["Timeline.1", "Stack.1", "Track.1", "Clip.2", "ExternalReference.1",
                                 "Marker.2", "TimeRange.1", "RationalTime.1"]

    /// The key under which a clip's one media reference is stored (Clip.2
    /// holds a dictionary of references and names the active one).
    public static let defaultMediaKey = "DEFAULT_MEDIA"

    /// A metadata value. OTIO keeps integers as C++ `int64_t` and silently
    /// clamps larger ones, so 64-bit seeds belong in `.string`.
    public indirect enum Value: Hashable, Sendable {
        case null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    /// Marker colours, spelt as `opentimelineio.schema.MarkerColor` spells them.
    public enum MarkerColor: String, Hashable, Sendable, CaseIterable {
        case pink = "PINK", red = "RED", orange = "ORANGE", yellow = "YELLOW", green = "GREEN", cyan = "CYAN",
             blue = "BLUE", purple = "PURPLE", magenta = "MAGENTA", black = "BLACK", white = "WHITE"
    }

    /// A span of whole frames at the timeline's rate: a `TimeRange.1`.
    public struct FrameSpan: Hashable, Sendable {
        public var start: Int
        public var duration: Int
        public init(start: Int, duration: Int) { self.start = start; self.duration = duration }
    }

    public struct Clip: Hashable, Sendable {
        public var name: String
        /// The media's URL, relative to the .otio's folder or absolute.
        public var mediaURL: String
        /// The frames of the media this clip plays.
        public var source: FrameSpan
        /// Every frame the media holds.
        public var available: FrameSpan
        public var metadata: [String: Value]
        public init(name: String, mediaURL: String, source: FrameSpan, available: FrameSpan, metadata: [String: Value] = [:]) {
            self.name = name; self.mediaURL = mediaURL; self.source = source; self.available = available; self.metadata = metadata
        }
    }

    public struct Marker: Hashable, Sendable {
        public var name: String
        /// Frames of the track (the first clip starts at 0).
        public var range: FrameSpan
        public var color: MarkerColor
        public var comment: String
        public var metadata: [String: Value]
        public init(name: String, range: FrameSpan, color: MarkerColor, comment: String = "", metadata: [String: Value] = [:]) {
            self.name = name; self.range = range; self.color = color; self.comment = comment; self.metadata = metadata
        }
    }

    public struct Timeline: Hashable, Sendable {
        public var name: String
        /// Frames per second of every time in the document.
        public var rate: Int
        public var trackName: String
        /// Played one after the other from frame 0 of the track.
        public var clips: [Clip]
        public var markers: [Marker]
        public var metadata: [String: Value]
        public init(name: String, rate: Int, trackName: String = "Video 1", clips: [Clip], markers: [Marker] = [],
                    metadata: [String: Value] = [:]) {
            self.name = name; self.rate = rate; self.trackName = trackName; self.clips = clips; self.markers = markers
            self.metadata = metadata
        }
    }

    public enum WriteError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let m): return m }
        }
    }

    /// The document as UTF-8 JSON text, ending with a newline.
    public static func document(_ timeline: Timeline) throws -> String {
        try check(timeline)
        var out = ""
        write(node(timeline), indent: 0, into: &out)
        out += "\n"
        return out
    }

    static func check(_ timeline: Timeline) throws {
        guard timeline.rate > 0 else { throw WriteError.invalid("an OTIO timeline needs a positive rate, got \(timeline.rate)") }
        for clip in timeline.clips {
            guard clip.source.duration > 0, clip.source.start >= 0 else {
                throw WriteError.invalid("clip \(clip.name) has no frames (\(clip.source.start)+\(clip.source.duration))")
            }
        }
        for marker in timeline.markers where marker.range.duration < 0 || marker.range.start < 0 {
            throw WriteError.invalid("marker \(marker.name) has a negative range")
        }
    }
}

// MARK: - Schema objects, in the field order opentimelineio writes

extension OTIO {
    /// A JSON node whose object keys keep the order they are given in.
    indirect enum Node {
        case value(Value)
        case fields([(String, Node)])
        case list([Node])
    }

    static func node(_ t: Timeline) -> Node {
        let track: Node = .fields([
            ("OTIO_SCHEMA", .value(.string("Track.1"))),
            ("metadata", metadata([:])),
            ("name", .value(.string(t.trackName))),
            ("source_range", .value(.null)),
            ("effects", .list([])),
            ("markers", .list(t.markers.map { marker($0, rate: t.rate) })),
            ("enabled", .value(.bool(true))),
            ("color", .value(.null)),
            ("children", .list(t.clips.map { clip($0, rate: t.rate) })),
            ("kind", .value(.string("Video"))),
        ])
        let stack: Node = .fields([
            ("OTIO_SCHEMA", .value(.string("Stack.1"))),
            ("metadata", metadata([:])),
            ("name", .value(.string("tracks"))),
            ("source_range", .value(.null)),
            ("effects", .list([])),
            ("markers", .list([])),
            ("enabled", .value(.bool(true))),
            ("color", .value(.null)),
            ("children", .list([track])),
        ])
        return .fields([
            ("OTIO_SCHEMA", .value(.string("Timeline.1"))),
            ("metadata", metadata(t.metadata)),
            ("name", .value(.string(t.name))),
            ("global_start_time", .value(.null)),
            ("tracks", stack),
        ])
    }

    static func clip(_ c: Clip, rate: Int) -> Node {
        let reference: Node = .fields([
            ("OTIO_SCHEMA", .value(.string("ExternalReference.1"))),
            ("metadata", metadata([:])),
            ("name", .value(.string(""))),
            ("available_range", timeRange(c.available, rate: rate)),
            ("available_image_bounds", .value(.null)),
            ("target_url", .value(.string(c.mediaURL))),
        ])
        return .fields([
            ("OTIO_SCHEMA", .value(.string("Clip.2"))),
            ("metadata", metadata(c.metadata)),
            ("name", .value(.string(c.name))),
            ("source_range", timeRange(c.source, rate: rate)),
            ("effects", .list([])),
            ("markers", .list([])),
            ("enabled", .value(.bool(true))),
            ("color", .value(.null)),
            ("media_references", .fields([(defaultMediaKey, reference)])),
            ("active_media_reference_key", .value(.string(defaultMediaKey))),
        ])
    }

    static func marker(_ m: Marker, rate: Int) -> Node {
        .fields([
            ("OTIO_SCHEMA", .value(.string("Marker.2"))),
            ("metadata", metadata(m.metadata)),
            ("name", .value(.string(m.name))),
            ("color", .value(.string(m.color.rawValue))),
            ("marked_range", timeRange(m.range, rate: rate)),
            ("comment", .value(.string(m.comment))),
        ])
    }

    static func timeRange(_ span: FrameSpan, rate: Int) -> Node {
        .fields([
            ("OTIO_SCHEMA", .value(.string("TimeRange.1"))),
            ("duration", rationalTime(span.duration, rate: rate)),
            ("start_time", rationalTime(span.start, rate: rate)),
        ])
    }

    static func rationalTime(_ frames: Int, rate: Int) -> Node {
        .fields([
            ("OTIO_SCHEMA", .value(.string("RationalTime.1"))),
            ("rate", .value(.double(Double(rate)))),
            ("value", .value(.double(Double(frames)))),
        ])
    }

    static func metadata(_ m: [String: Value]) -> Node { .value(.object(m)) }
}

// MARK: - Text

extension OTIO {
    static func write(_ node: Node, indent: Int, into out: inout String) {
        switch node {
        case .value(.array(let items)): write(.list(items.map { .value($0) }), indent: indent, into: &out)
        case .value(.object(let dict)): write(.fields(dict.keys.sorted().map { ($0, .value(dict[$0]!)) }), indent: indent, into: &out)
        case .value(let v): write(scalar: v, into: &out)
        case .list(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad(indent + 1)
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += pad(indent) + "]"
        case .fields(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in fields.enumerated() {
                out += pad(indent + 1)
                writeString(key, into: &out)
                out += ": "
                write(value, indent: indent + 1, into: &out)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            out += pad(indent) + "}"
        }
    }

    static func write(scalar value: Value, into out: inout String) {
        switch value {
        case .null, .array, .object: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        // Swift prints the shortest text that reads back to the same double
        // ("24.0", "0.1", "1e-05"), the same on every platform. JSON has no
        // infinities; scenes never hold them, and null keeps the file readable.
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): writeString(s, into: &out)
        }
    }

    static func pad(_ level: Int) -> String { String(repeating: " ", count: 4 * level) }

    /// JSON string escaping; DEL, C1 controls, line separators and bidi
    /// overrides are escaped too, so printing the file cannot drive a terminal.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    let hex = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension OTIO.Value: Decodable {
    /// Reads JSON (such as an op list in canonical JSON) into metadata.
    /// Integers beyond `Int64` become decimal strings, which OTIO keeps
    /// exactly instead of clamping.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let u = try? c.decode(UInt64.self) { self = .string(String(u)) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([OTIO.Value].self) { self = .array(a) }
        else { self = .object(try c.decode([String: OTIO.Value].self)) }
    }
}
