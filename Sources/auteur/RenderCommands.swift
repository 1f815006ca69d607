import ArgumentParser
import AuteurCore
import AuteurRender
import AuteurSession
import AuteurStore
import Foundation

/// Parses "WIDTHxHEIGHT" into an even canvas-sized pair.
func parseSize(_ text: String, option: String) throws -> (width: Int, height: Int) {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
        throw ValidationError("\(option) takes WIDTHxHEIGHT, e.g. 640x360; got \(text)")
    }
    do { try Canvas(width: w, height: h).validate() } catch { throw ValidationError("\(option): \(error)") }
    return (w, h)
}

/// Writes a PNG beside the target and renames it into place, so a reader
/// never sees half an image.
func writePNG(_ image: FrameImage, to path: String) throws {
    let url = projectURL(path)
    let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
    do {
        try image.writePNG(to: temp.path)
    } catch {
        try? FileManager.default.removeItem(at: temp)
        throw AuteurError.badInput("cannot write \(path): \(error)")
    }
    guard rename(temp.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temp)
        throw AuteurError.badInput("cannot write \(path): \(reason)")
    }
}

struct RenderTarget {
    var store: ProjectStore
    var session: Session
    var project: Project
    var signals: AudioSignals
    var backdrops: [String: ImageTexture]

    init(_ target: ProjectArgument, rev: Int?) throws {
        let store = try target.open(.readOnly)
        let session = Session(store: store)
        let project = try rev.map { try store.revision($0).project } ?? store.currentProject()
        self.store = store
        self.session = session
        self.project = project
        signals = try session.audioSignals(for: project)
        backdrops = try session.backdropTextures(for: project)
    }

    func composer(width: Int, height: Int) -> FrameComposer {
        FrameComposer(project: project, width: width, height: height, signals: signals, backdrops: backdrops)
    }
}

struct FrameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "Render one frame to a PNG, or explain what each of its patches depends on.")

    @OptionGroup var target: ProjectArgument
    @Option(help: "The frame number (0 is the first), or a time such as 2.5s.")
    var at: String
    @Option(name: .shortAndLong, help: "The PNG to write.")
    var output: String?
    @Option(help: "Output size WIDTHxHEIGHT (the canvas size by default).")
    var size: String?
    @Option(help: "Render this revision instead of the current one.")
    var rev: Int?
    @Flag(help: "Print which objects and layers touch which patches, with the seeds used.")
    var explain = false
    @Flag(help: "With --explain: print every patch as JSON.")
    var json = false

    func validate() throws {
        if output == nil && !explain { throw ValidationError("give -o FILE.png, or --explain") }
        if let size { _ = try parseSize(size, option: "--size") }
    }

    func run() throws {
        let render = try RenderTarget(target, rev: rev)
        let canvas = render.project.canvas
        let (w, h) = try size.map { try parseSize($0, option: "--size") } ?? (canvas.width, canvas.height)
        let frame = try parseFrame(at, project: render.project)
        let regenerator = Regenerator(width: w, height: h)
        let composer = render.composer(width: w, height: h)
        if let output {
            try writePNG(regenerator.render(composer.compose(frame)), to: output)
            say("wrote \(TerminalText.sanitize(output)): frame \(frame), \(w)x\(h)")
        }
        if explain {
            regenerator.adopt(composer)
            guard let (composed, patches) = regenerator.explain(frame) else { throw AuteurError.invalid("frame \(frame) is not in the sequence") }
            if json {
                struct Out: Encodable { var x: Int; var y: Int; var w: Int; var h: Int; var key: String; var sources: [String] }
                let out = patches.map { Out(x: $0.tile.x, y: $0.tile.y, w: $0.tile.width, h: $0.tile.height,
                                            key: String($0.key, radix: 16), sources: $0.sources.map(\.description)) }
                say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(out, pretty: true)))
            } else {
                for line in PatchMap.describe(composed, patches: patches, tiles: regenerator.tiles, width: w) { say(TerminalText.sanitize(line)) }
            }
        }
    }
}

/// "42" or "1.75s".
func parseFrame(_ text: String, project: Project) throws -> FrameIndex {
    let t = text.trimmingCharacters(in: .whitespaces)
    var frame: Int?
    if t.hasSuffix("s"), let s = Double(t.dropLast()), s >= 0 { frame = Int((s * Double(project.canvas.fps)).rounded(.down)) }
    else { frame = Int(t) }
    guard let f = frame, f >= 0 else { throw ValidationError("--at takes a frame number or seconds such as 2.5s; got \(text)") }
    guard f < project.totalFrames else {
        throw AuteurError.invalid("frame \(f) is past the end of the sequence (frames 0-\(project.totalFrames - 1))")
    }
    return f
}

/// A text map of a frame's patches: a grid with one character per patch
/// naming the front-most object that touches it, and a legend.
enum PatchMap {
    static func describe(_ c: ComposedFrame, patches: [Regenerator.PatchExplanation], tiles: [IntRect], width: Int) -> [String] {
        var lines: [String] = []
        let columns = (width + Rasterizer.patchSize - 1) / Rasterizer.patchSize
        lines.append("frame \(c.frame): shot \(c.shotID), local frame \(c.localFrame); \(patches.count) patches of \(Rasterizer.patchSize)x\(Rasterizer.patchSize) (\(columns) x \(patches.count / max(1, columns)))")
        lines.append("seeds: " + c.seeds.sorted { $0.key < $1.key }.map { "\($0.key) \(String($0.value, radix: 16))" }.joined(separator: ", "))
        var counts: [LayerSource: Int] = [:]
        var order: [LayerSource] = []
        for p in patches {
            for s in p.sources {
                if counts[s] == nil { order.append(s) }
                counts[s, default: 0] += 1
            }
        }
        let objects = order.filter { if case .object = $0 { return true }; if case .debris = $0 { return true }; return false }
        let marks = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for s in order {
            let mark = objects.firstIndex(of: s).map { " [\(marks[$0 % marks.count])]" } ?? ""
            lines.append("  \(s)\(mark): \(counts[s]!) patches")
        }
        lines.append("patch map (letter: front-most object; ~: weather or fog only; .: environment only):")
        var row = ""
        for (i, p) in patches.enumerated() {
            if let front = p.sources.last(where: { objects.contains($0) }), let k = objects.firstIndex(of: front) {
                row.append(marks[k % marks.count])
            } else if p.sources.contains(.atmosphere) && p.sources.count > 1 {
                row.append("~")
            } else {
                row.append(".")
            }
            if (i + 1) % columns == 0 { lines.append("  " + row); row = "" }
        }
        if !row.isEmpty { lines.append("  " + row) }
        return lines
    }
}

struct ContactSheet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-sheet",
        abstract: "A grid of frames across the sequence, or with --catalog every kind and variant, as a PNG.")

    @Argument(help: "The project file (not needed with --catalog).")
    var project: String?
    @Option(name: .shortAndLong, help: "The PNG to write.")
    var output: String
    @Flag(help: "Draw every catalog kind and variant instead of a project's frames.")
    var catalog = false
    @Option(help: "Frames across the sheet.")
    var columns: Int = 4
    @Option(help: "How many frames to show, evenly spaced.")
    var count: Int = 12
    @Option(help: "Width of each frame in pixels.")
    var thumbWidth: Int = 320

    func validate() throws {
        if !catalog && project == nil { throw ValidationError("give a project, or --catalog") }
        guard (1...12).contains(columns) else { throw ValidationError("--columns is 1 to 12") }
        guard (1...120).contains(count) else { throw ValidationError("--count is 1 to 120") }
        guard (32...1920).contains(thumbWidth) else { throw ValidationError("--thumb-width is 32 to 1920") }
    }

    func run() throws {
        if catalog {
            let sheet = Assets.catalogSheet()
            try writePNG(Regenerator(width: sheet.frame.width, height: sheet.frame.height).render(sheet), to: output)
            say("wrote \(TerminalText.sanitize(output)): every catalog kind and variant")
            return
        }
        let render = try RenderTarget(ProjectArgument(project: project!), rev: nil)
        let canvas = render.project.canvas
        var tw = thumbWidth - thumbWidth % 2
        var th = Int((Double(tw) / canvas.aspect).rounded()); th -= th % 2
        tw = max(16, tw); th = max(16, th)
        let total = render.project.totalFrames
        let n = min(count, total)
        let frames = (0..<n).map { n == 1 ? 0 : $0 * (total - 1) / (n - 1) }
        let composer = render.composer(width: tw, height: th)
        let regenerator = Regenerator(width: tw, height: th)
        let images = frames.map { regenerator.render(composer.compose($0)) }
        let sheet = ContactSheetLayout.sheet(images, labels: frames.map { "frame \($0)  \(String(format: "%.2f", Double($0) / Double(canvas.fps))) s" },
                                             columns: columns)
        try writePNG(Regenerator(width: sheet.frame.width, height: sheet.frame.height).render(sheet), to: output)
        say("wrote \(TerminalText.sanitize(output)): \(n) frames of \(total)")
    }
}

extension ProjectArgument {
    init(project: String) {
        self.init()
        self.project = project
    }
}
