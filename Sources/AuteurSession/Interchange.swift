import AuteurCore
import AuteurMedia
import AuteurStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - OpenTimelineIO

/// The exported film an OTIO timeline points at.
public struct TimelineMedia: Sendable, Equatable {
    /// The URL written into the .otio, relative to the .otio's folder.
    public var url: String
    /// The project frames the film holds; its first frame shows `frames.start`.
    public var frames: FrameRange

    public init(url: String, frames: FrameRange) { self.url = url; self.frames = frames }
}

extension Session {
    /// Revision `id` as an editorial timeline: one clip per shot, playing
    /// that shot's frames of the exported film, and one marker per revision
    /// on the path from the new project to `id` whose ops were limited to
    /// part of the film (the frames and, in metadata, the objects or region
    /// they were limited to). A marker is named by the turn that made it;
    /// its metadata holds the revision, its ops and the seeds it rendered
    /// with. Shots and markers outside the film's frames are left out.
    public func timeline(revision id: Int, name: String, media: TimelineMedia) throws -> OTIO.Timeline {
        let project = try store.revision(id).project
        let clips = project.shots.indices.compactMap { clip(project, shot: $0, media: media) }
        var markers: [OTIO.Marker] = []
        for step in try store.history().lineage(of: id) where step != 0 {
            if let m = try marker(for: try store.revision(step), media: media) { markers.append(m) }
        }
        return OTIO.Timeline(name: name, rate: project.canvas.fps, clips: clips, markers: markers,
                             metadata: ["auteur": .object(["revision": .int(Int64(id)), "seed": .string(String(project.seed))])])
    }

    func clip(_ project: Project, shot index: Int, media: TimelineMedia) -> OTIO.Clip? {
        let shot = project.shots[index]
        let frames = project.frameRange(ofShot: index)
        guard let shown = frames.clamped(to: media.frames) else { return nil }
        return OTIO.Clip(name: "\(shot.id) (\(shot.environment.setting.rawValue))", mediaURL: media.url,
                         source: Self.span(shown, in: media), available: OTIO.FrameSpan(start: 0, duration: media.frames.count),
                         metadata: ["auteur": .object(["shot": .string(shot.id), "frames": .string(frames.description)])])
    }

    func marker(for revision: Revision, media: TimelineMedia) throws -> OTIO.Marker? {
        let scoped = revision.ops.filter { $0.editScope != nil }
        guard let first = scoped.first else { return nil }
        let project = revision.project
        let scope = Scope.covering(scoped.compactMap(\.editScope))
        // A scope of objects or a region alone holds on every frame of the film as it was then.
        let frames = (scope.frames ?? project.allFrames).clamped(to: project.allFrames)
        guard let shown = frames?.clamped(to: media.frames) else { return nil }
        let seeds: OTIO.Value = .object([
            "project": .string(String(project.seed)),
            "objects": .object(Dictionary(uniqueKeysWithValues: project.cast.map { ($0.id, .string(String($0.seed))) })),
        ])
        var auteur: [String: OTIO.Value] = ["revision": .int(Int64(revision.id)), "ops": try Self.metadata(revision.ops),
                                            "seeds": seeds, "scope": try Self.metadata(scope)]
        if let parent = revision.parent { auteur["parent"] = .int(Int64(parent)) }
        let turn = revision.turn.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return OTIO.Marker(name: turn.isEmpty ? "revision \(revision.id)" : turn, range: Self.span(shown, in: media),
                           color: first.markerColor, comment: revision.reply.text, metadata: ["auteur": .object(auteur)])
    }

    static func span(_ frames: FrameRange, in media: TimelineMedia) -> OTIO.FrameSpan {
        OTIO.FrameSpan(start: frames.start - media.frames.start, duration: frames.count)
    }

    /// Any value in the scene format's canonical JSON, as OTIO metadata.
    static func metadata<T: Encodable>(_ value: T) throws -> OTIO.Value {
        try JSONDecoder().decode(OTIO.Value.self, from: CanonicalJSON.encode(value))
    }
}

extension Op {
    /// The part of the film the op was limited to, if it was limited.
    var editScope: Scope? {
        let scope: Scope?
        switch self {
        case .remove(let p): scope = p.scope
        case .set(let p): scope = p.scope
        case .replace(let p): scope = p.scope
        case .relight(let p): scope = p.scope
        case .weather(let p): scope = p.scope
        case .restyle(let p): scope = p.scope
        case .setting(let p): scope = p.scope
        case .resize(let p): scope = p.scope
        case .backdrop(let p): scope = p.scope
        case .grade(let p): scope = p.scope
        case .reseed(let p): scope = p.scope
        case .camera(let p): scope = p.frames.map { Scope(frames: $0) }
        default: scope = nil
        }
        return scope?.isEverything == false ? scope : nil
    }

    /// Marker colours group edits the way a colourist or editor reads them.
    var markerColor: OTIO.MarkerColor {
        switch self {
        case .relight: return .orange
        case .weather: return .cyan
        case .restyle, .grade: return .purple
        case .setting, .backdrop: return .blue
        case .camera: return .yellow
        default: return .green
        }
    }
}

extension Scope {
    /// The smallest scope holding every one of `scopes` (not empty): a limit
    /// survives only if every scope has it (frames spanned, objects joined,
    /// regions bounded).
    static func covering(_ scopes: [Scope]) -> Scope {
        var out = scopes[0]
        for s in scopes.dropFirst() {
            out.frames = both(out.frames, s.frames).map { FrameRange(Swift.min($0.start, $1.start), Swift.max($0.end, $1.end)) }
            out.objects = both(out.objects, s.objects).map { a, b in a + b.filter { !a.contains($0) } }
            out.region = both(out.region, s.region).map { a, b in
                let x = Swift.min(a.x, b.x), y = Swift.min(a.y, b.y)
                return Region(x: x, y: y, w: Swift.max(a.x + a.w, b.x + b.w) - x, h: Swift.max(a.y + a.h, b.y + b.h) - y)
            }
        }
        return out
    }
}

/// Both values, or nil if either is missing.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

// MARK: - Scene import

extension ProjectStore {
    /// Creates a project at `url` whose revision 0 is the scene in `json`
    /// (the format `auteur scene P --json` prints), decoded strictly: a
    /// problem is one line naming its JSON path, prefixed with `what`.
    ///
    /// A scene names its attachments by content hash, but their bytes live
    /// in the project they came from. They are copied from `media` (a project
    /// holding them, normally the original) and checked against the hash. An
    /// attachment with no bytes is refused, naming it, rather than dropped:
    /// dropping would silently change the film (a lost soundtrack or
    /// backdrop) and break the exact round trip people import for.
    ///
    /// The project is built beside `url` and renamed into place, so it
    /// appears complete or not at all. An existing file is replaced only
    /// with `replace`, and only if it is an Auteur project not open elsewhere.
    @discardableResult
    public static func importScene(_ json: Data, what: String, at url: URL, media: ProjectStore? = nil,
                                   replace: Bool = false) throws -> ProjectStore {
        let project = try Project.fromJSON(json, what: what)
        let records = try project.attachments.map { try attachmentBytes($0, what: what, from: media) }
        let exists = FileManager.default.fileExists(atPath: url.path)
        if exists && !replace {
            throw AuteurError.store("\(url.path) already exists; add --force to replace it")
        }
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).importing")
        removeProjectFiles(temp.path)
        do {
            try fill(temp, project: project, media: records)
            if exists { try vacate(url) }
            guard rename(temp.path, url.path) == 0 else {
                throw AuteurError.store("cannot create \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            removeProjectFiles(temp.path)
            throw error
        }
        return try open(at: url, mode: .readWrite)
    }

    static func attachmentBytes(_ a: Attachment, what: String, from media: ProjectStore?) throws -> MediaRecord {
        let label = "attachment \"\(a.name)\" (\(a.kind.rawValue) \(a.hash.prefix(12)))"
        guard let media else {
            throw AuteurError.notFound("\(what): \(label) has no media bytes; import with --media-from THE-ORIGINAL.auteur")
        }
        guard let record = try media.media(a.hash), SHA256.hex(record.bytes) == a.hash else {
            throw AuteurError.notFound("\(what): \(label) is not in \(media.url.path)")
        }
        return record
    }

    /// Writes the whole project at `temp` and closes it, so that its WAL is
    /// folded into the one file that is then renamed.
    static func fill(_ temp: URL, project: Project, media: [MediaRecord]) throws {
        let store = try create(at: temp, project: project)
        for m in media { try store.addMedia(m.bytes, name: m.name, kind: m.kind, analysis: m.analysis) }
    }

    /// Makes room at `url` for an imported project: only an Auteur project
    /// that no other Auteur has open is replaced.
    static func vacate(_ url: URL) throws {
        try withExtendedLifetime(try open(at: url, mode: .readWrite)) {}
        removeProjectFiles(url.path, keepMain: true)
    }

    static func removeProjectFiles(_ path: String, keepMain: Bool = false) {
        for suffix in (keepMain ? [] : [""]) + ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
