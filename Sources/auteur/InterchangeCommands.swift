import ArgumentParser
import AuteurCore
import AuteurMedia
import AuteurSession
import AuteurStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create a project from a scene JSON file, as printed by `auteur scene P --json`.",
        discussion: """
            The scene becomes revision 0 of the new project, exactly: `auteur scene P2 --json` prints \
            the same bytes. '-' reads standard input. A problem in the JSON is one line naming its \
            JSON path, e.g. $.shots[0].environment.setting. Attachments are referenced by hash in \
            the scene; their bytes are copied from --media-from (normally the project the scene \
            came from), and a scene with attachments is refused without it.
            """)

    @Argument(help: "The scene JSON file, or - for standard input.")
    var scene: String
    @Argument(help: "The project file to create.")
    var project: String
    @Option(name: .customLong("media-from"), help: "A project holding the attached media's bytes.")
    var mediaFrom: String?
    @Flag(help: "Replace PROJECT if it exists (only ever an Auteur project).")
    var force = false

    func run() throws {
        let json = try readInput(scene, what: "scene")
        let media = try mediaFrom.map { try ProjectStore.open(at: projectURL($0), mode: .readOnly) }
        let store = try ProjectStore.importScene(json, what: scene == "-" ? "standard input" : scene, at: projectURL(project),
                                                 media: media, replace: force)
        let p = try store.currentProject()
        say(TerminalText.sanitize("imported \(store.url.path): \(p.shots.count) shot(s), \(p.totalFrames) frames, "
                                  + "\(p.cast.count) object(s), \(p.attachments.count) attachment(s)"))
    }
}

/// `auteur export P -o cut.otio`: the film is exported as usual to a media
/// file (beside the .otio by default), then the timeline is written, pointing
/// at the film by a URL relative to the .otio's folder so the pair can move
/// together.
enum TimelineExport {
    static func isTimeline(_ output: String) -> Bool { output.lowercased().hasSuffix(".otio") }

    /// Where the film goes: `media`, else the .otio's name with .mp4; for
    /// any other output, the output itself.
    static func filmPath(output: String, media: String?) -> String {
        guard isTimeline(output) else { return output }
        return media ?? String(output.dropLast(".otio".count)) + ".mp4"
    }

    /// Refuses before the (long) export, not after it.
    static func checkTarget(otio: String, force: Bool) throws {
        var isDir: ObjCBool = false
        let path = projectURL(otio).path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return }
        if isDir.boolValue { throw AuteurError.badInput("\(otio) is a folder") }
        if !force { throw AuteurError.invalid("\(otio) already exists; add --force to replace it") }
    }

    /// Writes the timeline of `revision` (the head when nil) for the film
    /// `summary` describes, atomically. Returns how many markers it holds.
    @discardableResult
    static func write(session: Session, revision: Int?, summary: ExportSummary, otio: String) throws -> Int {
        let otioURL = projectURL(otio).standardizedFileURL
        let mediaURL = URL(fileURLWithPath: summary.path).standardizedFileURL
        let media = TimelineMedia(url: relativeURL(of: mediaURL, from: otioURL.deletingLastPathComponent()),
                                  frames: summary.timeline.source)
        let name = session.store.url.deletingPathExtension().lastPathComponent
        let timeline = try session.timeline(revision: try revision ?? session.store.head(), name: name, media: media)
        let text: String
        do { text = try OTIO.document(timeline) } catch { throw AuteurError.invalid("\(otio): \(error)") }
        do { try Data(text.utf8).write(to: otioURL, options: .atomic) } catch {
            throw AuteurError.badInput("cannot write \(otio): \(error.localizedDescription)")
        }
        return timeline.markers.count
    }

    /// A relative URL (percent-encoded path) from `folder` to `file`.
    static func relativeURL(of file: URL, from folder: URL) -> String {
        let target = file.pathComponents, base = folder.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        let path = parts.joined(separator: "/")
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
