/// What the person has selected on the timeline and in the preview. A turn
/// made with a selection is scoped to it, unless the turn names its own scope.
public struct Selection: Hashable, Sendable, Codable {
    public var frames: FrameRange?
    public var region: Region?
    public init(frames: FrameRange? = nil, region: Region? = nil) { self.frames = frames; self.region = region }
    public var isEmpty: Bool { frames == nil && region == nil }
}

extension Op {
    /// The op with the selection as its scope, where it takes a scope and
    /// has none of its own. Blocking ops (add, camera paths, shot lengths)
    /// are not scoped by a selection, except camera moves, which take its frames.
    public func scoped(by selection: Selection) -> Op {
        guard !selection.isEmpty else { return self }
        let scope = Scope(frames: selection.frames, region: selection.region)
        func fill(_ s: Scope?) -> Scope? { s ?? scope }
        switch self {
        case .remove(var p): p.scope = fill(p.scope); return .remove(p)
        case .set(var p) where p.property == .color || p.property == .label || p.property == .size:
            p.scope = fill(p.scope); return .set(p)
        case .replace(var p): p.scope = fill(p.scope); return .replace(p)
        case .relight(var p): p.scope = fill(p.scope); return .relight(p)
        case .weather(var p): p.scope = fill(p.scope); return .weather(p)
        case .restyle(var p): p.scope = fill(p.scope); return .restyle(p)
        case .setting(var p): p.scope = fill(p.scope); return .setting(p)
        case .resize(var p): p.scope = fill(p.scope); return .resize(p)
        case .backdrop(var p): p.scope = fill(p.scope); return .backdrop(p)
        case .grade(var p): p.scope = fill(p.scope); return .grade(p)
        case .reseed(var p): p.scope = fill(p.scope); return .reseed(p)
        case .camera(var p) where p.frames == nil && selection.frames != nil:
            p.frames = selection.frames; return .camera(p)
        default: return self
        }
    }

    /// A short description in words, for replies and the log.
    public var summary: String {
        func scoped(_ s: Scope?) -> String { s.map { $0.isEverything ? "" : " (\($0))" } ?? "" }
        switch self {
        case .add(let p): return "add \(p.id ?? p.kind?.rawValue ?? "object")"
        case .remove(let p): return "remove \(p.object)\(scoped(p.scope))"
        case .set(let p): return "set \(p.object) \(p.property.rawValue)\(scoped(p.scope))"
        case .replace(let p): return "make \(p.object) a \([p.variant, p.kind?.rawValue].compactMap { $0 }.joined(separator: " "))\(scoped(p.scope))"
        case .relight(let p): return "\(p.timeOfDay) light\(scoped(p.scope))"
        case .weather(let p): return "\(p.weather.kind.rawValue) weather\(scoped(p.scope))"
        case .restyle(let p): return "\(p.style.rawValue) style\(scoped(p.scope))"
        case .setting(let p): return "setting \(p.setting.rawValue)\(scoped(p.scope))"
        case .camera(let p): return "camera \(p.move.rawValue)" + (p.frames.map { " (frames \($0))" } ?? "")
        case .retime(let p): return "retime \(p.object ?? "shot")"
        case .resize(let p): return "resize \(p.object) x\(p.factor)\(scoped(p.scope))"
        case .extend(let p): return "extend \(p.shot ?? "last shot") by \(p.frames) frames"
        case .trim(let p): return "trim \(p.shot ?? "last shot") by \(p.frames) frames"
        case .addShot(let p): return "add shot \(p.id ?? "")".trimmingCharacters(in: .whitespaces)
        case .bindAudio(let p): return "bind \(p.object) \(p.property.rawValue) to audio"
        case .attach(let p): return "attach \(p.name)"
        case .backdrop(let p): return (p.media == nil ? "clear backdrop" : "backdrop") + scoped(p.scope)
        case .grade(let p): return (p.grade == nil ? "clear grade" : "grade") + scoped(p.scope)
        case .reseed(let p): return "new take\(p.object.map { " of \($0)" } ?? "")\(scoped(p.scope))"
        }
    }
}
