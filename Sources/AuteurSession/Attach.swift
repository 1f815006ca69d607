import AuteurCore
import AuteurMedia
import AuteurRender
import AuteurStore
import Foundation

/// What Auteur keeps about an attached image besides its bytes.
public struct ImageAnalysis: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var statistics: ColorStatistics
}

extension Session {
    public static let audioExtensions: Set<String> = ["wav", "mp3", "flac", "ogg", "opus", "m4a", "aac"]
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "webp"]

    /// Attaches an audio or image file as one turn: the file is decoded and
    /// analysed first (an audio envelope and onsets per frame, an image's
    /// colour statistics), so a file that cannot be used is refused with one
    /// line and the project is unchanged. The bytes, the analysis and the
    /// revision that records the attachment are committed together.
    @discardableResult
    public func attach(file url: URL, onEvent: (SessionEvent) -> Void = { _ in }) throws -> TurnResult {
        let name = url.lastPathComponent
        let ext = url.pathExtension.lowercased()
        let kind: Attachment.Kind
        if Self.audioExtensions.contains(ext) { kind = .audio }
        else if Self.imageExtensions.contains(ext) { kind = .image }
        else {
            throw AuteurError.badInput("\(url.path): unsupported file type \"\(ext)\" (audio: wav, mp3, flac, ogg, opus, m4a; images: png, jpeg, webp)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else {
            throw AuteurError.notFound("no file at \(url.path)")
        }
        guard let bytes = FileManager.default.contents(atPath: url.path) else {
            throw AuteurError.badInput("\(url.path): cannot read the file")
        }
        let head = try store.head()
        let project = try store.revision(head).project
        let analysis: Data
        let detail: String
        do {
            switch kind {
            case .audio:
                let a = try AudioAnalysis.analyze(path: url.path, fps: project.canvas.fps)
                analysis = try CanonicalJSON.encode(a)
                detail = String(format: "audio, %.1f s, %d onsets", a.seconds, a.onsets.count)
            case .image:
                let image = try ImageDecoder.decode(path: url.path)
                analysis = try CanonicalJSON.encode(ImageAnalysis(width: image.width, height: image.height,
                                                                  statistics: ColorStatistics(image: image)))
                detail = "image, \(image.width)x\(image.height)"
            }
        } catch let e as MediaError {
            throw e.auteurError
        }
        let record = MediaRecord(bytes: bytes, name: name, kind: kind, analysis: analysis)
        let ops = [Op.attach(Attach(hash: record.hash, name: name, kind: kind))]
        onEvent(.planned(ops))
        let next = try project.applying(ops)
        onEvent(.applied(next))
        let reply = Reply(.ok, "Attached \(name) (\(detail)).")
        let id = try store.commitTurn(parent: head, ops: ops, project: next, turn: "attach \(name)", reply: reply, media: [record])
        onEvent(.persisted(revision: id))
        onEvent(.replied(reply))
        return TurnResult(reply: reply, revision: id, changed: true, ops: ops)
    }

    /// The per-frame loudness of every attached audio track, for evaluation.
    public func audioSignals(for project: Project) throws -> AudioSignals {
        var envelopes: [String: [Float]] = [:]
        for a in project.attachments where a.kind == .audio {
            guard let data = try store.media(a.hash)?.analysis,
                  let analysis = try? JSONDecoder().decode(AudioAnalysis.self, from: data) else { continue }
            envelopes[a.hash] = analysis.envelope.map(Float.init)
        }
        return AudioSignals(envelopes: envelopes)
    }
}

extension Session {
    /// Decoded backdrop images of `project`, for the renderer.
    public func backdropTextures(for project: Project) throws -> [String: ImageTexture] {
        var used = Set<String>()
        for shot in project.shots { if let b = shot.environment.backdrop { used.insert(b) } }
        for e in project.edits { if case .backdrop(let b?) = e.change { used.insert(b) } }
        var out: [String: ImageTexture] = [:]
        for hash in used.sorted() {
            guard let record = try store.media(hash) else { throw AuteurError.store("backdrop \(hash) is missing from the project file") }
            out[hash] = try Self.texture(record)
        }
        return out
    }

    /// libav decodes from a file, so the stored bytes pass through a private
    /// temporary file that is removed at once.
    static func texture(_ record: MediaRecord) throws -> ImageTexture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-\(getpid())-\(record.hash.prefix(12))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(record.name.isEmpty ? "image" : record.name)
        try record.bytes.write(to: file)
        do {
            let image = try ImageDecoder.decode(path: file.path)
            guard let texture = ImageTexture(width: image.width, height: image.height, pixels: image.pixels,
                                             contentHash: Seeds.hash(record.hash)) else {
                throw AuteurError.badInput("attached image \(record.name) has no pixels")
            }
            return texture
        } catch let e as MediaError {
            throw AuteurError.badInput("attached image \(record.name): \(e.reason)")
        }
    }
}
