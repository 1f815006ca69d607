/// Frames are numbered from 0 across the whole sequence; a shot's own frames
/// are "local" frames counted from the shot's first frame.
public typealias FrameIndex = Int

/// An inclusive range of frames, written "30-60" in text and JSON.
public struct FrameRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var start: FrameIndex
    public var end: FrameIndex

    public init(_ start: FrameIndex, _ end: FrameIndex) {
        self.start = min(start, end)
        self.end = max(start, end)
    }

    public var count: Int { end - start + 1 }
    public func contains(_ frame: FrameIndex) -> Bool { frame >= start && frame <= end }
    public func clamped(to other: FrameRange) -> FrameRange? {
        let s = max(start, other.start), e = min(end, other.end)
        return s <= e ? FrameRange(s, e) : nil
    }
    public func shifted(by delta: Int) -> FrameRange { FrameRange(start + delta, end + delta) }
    public var description: String { "\(start)-\(end)" }

    /// Parses "30-60", "42", or seconds "2s-4s" / "1.5s" at the given fps.
    public init?(parsing text: String, fps: Int) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        func frame(_ s: String, isEnd: Bool) -> Int? {
            if s.hasSuffix("s"), let sec = Double(s.dropLast()), sec >= 0, sec.isFinite {
                let f = Int((sec * Double(fps)).rounded())
                // "2s-4s" covers frames from 2 s up to, not including, 4 s.
                return isEnd ? max(0, f - 1) : f
            }
            guard let f = Int(s), f >= 0 else { return nil }
            return f
        }
        switch parts.count {
        case 1:
            guard let f = frame(parts[0], isEnd: false) else { return nil }
            self.init(f, f)
        case 2:
            guard let a = frame(parts[0], isEnd: false), let b = frame(parts[1], isEnd: true), a <= b else { return nil }
            self.init(a, b)
        default:
            return nil
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            // JSON ranges are in frames; seconds are for people typing.
            guard !text.contains("s"), let r = FrameRange(parsing: text, fps: 1) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a frame range like \"30-60\", got \"\(text)\"")
            }
            self = r
        } else {
            let pair = try c.decode([Int].self)
            guard pair.count == 2, pair[0] >= 0, pair[0] <= pair[1] else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected [start, end] with 0 <= start <= end")
            }
            self.init(pair[0], pair[1])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// How a value travels between two keyframes.
public enum Easing: String, Codable, Sendable, CaseIterable {
    case linear, easeIn = "ease-in", easeOut = "ease-out", easeInOut = "ease-in-out", hold

    public init(from decoder: Decoder) throws { self = try decodeNamedCase(decoder) }

    public func apply(_ t: Double) -> Double {
        let t = min(1, max(0, t))
        switch self {
        case .linear: return t
        case .easeIn: return t * t
        case .easeOut: return 1 - (1 - t) * (1 - t)
        case .easeInOut: return t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t)
        case .hold: return 0
        }
    }
}

/// Values that can be interpolated between keyframes.
public protocol Interpolatable: Sendable, Hashable, Codable {
    func interpolated(to other: Self, _ t: Double) -> Self
}

extension Double: Interpolatable {
    public func interpolated(to other: Double, _ t: Double) -> Double { self + (other - self) * t }
}

/// A keyframe at a shot-local frame. The easing describes the way *into*
/// the next keyframe.
public struct Keyframe<Value: Interpolatable>: Codable, Sendable, Hashable {
    public var frame: FrameIndex
    public var value: Value
    public var easing: Easing

    public init(_ frame: FrameIndex, _ value: Value, easing: Easing = .linear) {
        self.frame = frame
        self.value = value
        self.easing = easing
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case frame, value, easing }
    public init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        frame = try c.decode(Int.self, forKey: .frame)
        value = try c.decode(Value.self, forKey: .value)
        easing = try c.decodeIfPresent(Easing.self, forKey: .easing) ?? .linear
    }
}

/// A keyframed track. Evaluation is total: before the first key it holds the
/// first value, after the last it holds the last, and an empty track yields
/// the fallback.
public struct Track<Value: Interpolatable>: Codable, Sendable, Hashable {
    public private(set) var keys: [Keyframe<Value>]

    public init(_ keys: [Keyframe<Value>] = []) {
        self.keys = keys.sorted { $0.frame < $1.frame }
    }

    public init(constant value: Value) { self.init([Keyframe(0, value)]) }

    public var isEmpty: Bool { keys.isEmpty }

    public func value(at frame: FrameIndex, fallback: Value) -> Value {
        guard let first = keys.first, let last = keys.last else { return fallback }
        if frame <= first.frame { return first.value }
        if frame >= last.frame { return last.value }
        // Binary search for the segment containing `frame`.
        var lo = 0, hi = keys.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if keys[mid].frame <= frame { lo = mid } else { hi = mid }
        }
        let a = keys[lo], b = keys[hi]
        let span = Double(b.frame - a.frame)
        let t = span > 0 ? Double(frame - a.frame) / span : 1
        return a.value.interpolated(to: b.value, a.easing.apply(t))
    }

    /// Inserts or replaces the key at `frame`.
    public mutating func set(_ value: Value, at frame: FrameIndex, easing: Easing = .linear) {
        keys.removeAll { $0.frame == frame }
        keys.append(Keyframe(frame, value, easing: easing))
        keys.sort { $0.frame < $1.frame }
    }

    /// Rescales key times around `origin` (used by retime).
    public func retimed(by factor: Double, around origin: FrameIndex = 0) -> Track {
        Track(keys.map { k in
            var k = k
            k.frame = origin + Int((Double(k.frame - origin) * factor).rounded())
            return k
        })
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        self.init(try c.decode([Keyframe<Value>].self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(keys)
    }
}
