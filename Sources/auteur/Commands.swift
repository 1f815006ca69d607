import ArgumentParser
import AuteurCore
import AuteurRender
import AuteurSession
import AuteurStore
import AuteurTUI
import Foundation

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the terminal director's interface on PROJECT (the built-in demo when omitted).",
        discussion: """
            PROJECT is created if it is missing. Without one, the demo project in \
            ${XDG_DATA_HOME:-~/.local/share}/auteur/demo.auteur opens, made on first use. \
            AUTEUR_GRAPHICS=sixel|blocks|ascii sets the picture mode like --graphics; NO_COLOR is honoured.
            """,
        shouldDisplay: false)

    @Argument(help: "The project file; created if missing.")
    var project: String?
    @Option(help: "How pictures are drawn: sixel, blocks or ascii (default: detected; blocks inside tmux).")
    var graphics: String?
    @Option(help: "A colour theme from Themes/ or ~/.config/auteur/themes, e.g. nord.")
    var theme: String?

    func validate() throws {
        if let graphics, GraphicsMode(rawValue: graphics.lowercased()) == nil {
            throw ValidationError("--graphics takes sixel, blocks or ascii; got \(graphics)")
        }
    }

    func run() throws {
        try DirectorApp.run(projectPath: project, graphics: graphics.flatMap { GraphicsMode(rawValue: $0.lowercased()) },
                            theme: theme, planner: directorPlanner())
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new, empty project.")

    @Argument(help: "Where to create the project file.")
    var project: String
    @Option(help: "Canvas size, WIDTHxHEIGHT, even numbers from 16x16 to 4096x2160.")
    var size: String = "1280x720"
    @Option(help: "Frames per second, 24 to 120.")
    var fps: Int = 24
    @Option(help: "Length of the first shot in seconds (the whole sequence is at most 120 s).")
    var seconds: Double = 6
    @Option(help: "The project seed: the same seed gives the same frames.")
    var seed: UInt64 = 1

    func canvas() throws -> Canvas {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
            throw ValidationError("--size takes WIDTHxHEIGHT, e.g. 1920x1080; got \(size)")
        }
        let canvas = Canvas(width: w, height: h, fps: fps)
        do { try canvas.validate() } catch { throw ValidationError("\(error)") }
        return canvas
    }

    func validate() throws {
        let c = try canvas()
        guard seconds > 0, seconds.isFinite, Int((seconds * Double(c.fps)).rounded()) >= 1 else {
            throw ValidationError("--seconds must be positive; got \(seconds)")
        }
        guard seconds <= Double(Canvas.limits.maxSeconds) else {
            throw ValidationError("--seconds must be at most \(Canvas.limits.maxSeconds); got \(seconds)")
        }
    }

    func run() throws {
        let project = Project(canvas: try canvas(), seconds: seconds, seed: seed)
        let store = try ProjectStore.create(at: projectURL(self.project), project: project)
        say("created \(TerminalText.sanitize(store.url.path)): \(project.canvas.width)x\(project.canvas.height), \(project.canvas.fps) fps, \(project.totalFrames) frames, seed \(seed)")
    }
}

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply ops from a JSON file as one turn, and print the new revision.",
        discussion: """
            OPS is a JSON list of ops, or {"ops": [...], "reply": "..."}; '-' reads standard input. \
            The turn applies all its ops or none. The op vocabulary is in Docs/scene-format.md.
            """)

    @OptionGroup var target: ProjectArgument
    @Argument(help: "The ops file, or - for standard input.")
    var ops: String
    @Option(help: "Scope ops without a scope to these frames, e.g. 48-95 or 2s-4s.")
    var frames: String?
    @Option(help: "Scope ops without a scope to this region, x,y,w,h in pixels of the canvas.")
    var region: String?
    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let store = try target.open()
        let project = try store.currentProject()
        let selection = try parseSelection(frames: frames, region: region, project: project)
        let turn = try text(try readInput(ops, what: "ops"), from: ops)
        // With --json the turn also reports its differential regeneration:
        // the patches whose keys changed are rendered, at the canvas size.
        let regenerator = json ? Regenerator(width: project.canvas.width, height: project.canvas.height) : nil
        let session = Session(store: store, regenerator: regenerator, regenerationWork: .changed)
        let result = try session.submit(turn, selection: selection, recordAnswers: false)
        guard result.reply.kind != .error else { throw AuteurError.invalid("\(ops): \(result.reply.text)") }
        if json {
            struct Out: Encodable { var revision: Int; var reply: String; var ops: [Op]; var stats: RegenerationStats? }
            say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(Out(revision: result.revision, reply: result.reply.text,
                                                                        ops: result.ops, stats: result.stats))))
        } else {
            say("revision \(result.revision)")
        }
    }
}

/// Parses the selection flags shared by commands that take a turn.
func parseSelection(frames: String?, region: String?, project: Project) throws -> Selection {
    var selection = Selection()
    if let frames {
        guard let r = FrameRange(parsing: frames, fps: project.canvas.fps) else {
            throw ValidationError("--frames takes A-B (frames) or As-Bs (seconds), e.g. 48-95; got \(frames)")
        }
        guard r.clamped(to: project.allFrames) != nil else {
            throw AuteurError.invalid("--frames \(frames) is outside the sequence (\(project.allFrames))")
        }
        selection.frames = r
    }
    if let region {
        let v = region.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4 else { throw ValidationError("--region takes x,y,w,h in pixels; got \(region)") }
        let c = project.canvas
        selection.region = try Region(x: v[0] / Double(c.width), y: v[1] / Double(c.height),
                                      w: v[2] / Double(c.width), h: v[3] / Double(c.height)).validated()
    }
    return selection
}

struct Script: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a file of turns, one per line, each as its own revision.",
        discussion: "Blank lines and lines starting with # are skipped. Prints one line per turn as it is committed.")

    @OptionGroup var target: ProjectArgument
    @Argument(help: "The script file, or - for standard input.")
    var file: String

    func run() throws {
        let store = try target.open()
        let session = Session(store: store, planner: directorPlanner())
        let source = try text(try readInput(file, what: "script"), from: file)
        var failures = 0
        for (n, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let result = try session.submit(line)
            let prefix = result.reply.kind == .ok ? "" : "\(result.reply.kind.rawValue): "
            if result.reply.kind == .error { failures += 1 }
            say("line \(n + 1): revision \(result.revision): \(prefix)\(TerminalText.sanitize(result.reply.text))")
        }
        if failures > 0 { throw AuteurError.invalid("\(failures) turn(s) changed nothing; see the lines marked error") }
    }
}

struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach an audio file (wav, mp3, flac, ogg, opus, m4a) or an image (png, jpeg, webp) to the project.",
        discussion: "The file is decoded and analysed first; a file that cannot be used is refused and the project is unchanged.")

    @OptionGroup var target: ProjectArgument
    @Argument(help: "The file to attach.")
    var file: String

    func run() throws {
        let store = try target.open()
        let result = try Session(store: store).attach(file: projectURL(file))
        say("revision \(result.revision): \(TerminalText.sanitize(result.reply.text))")
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every revision, branches included; * marks the current one.")

    @OptionGroup var target: ProjectArgument
    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let store = try target.open(.readOnly)
        let head = try store.head()
        let entries = try store.log()
        if json {
            struct Out: Encodable { var id: Int; var parent: Int?; var head: Bool; var ops: [String]; var turn: String; var reply: String; var reply_kind: String; var time: String }
            let f = ISO8601DateFormatter()
            let out = entries.map { Out(id: $0.id, parent: $0.parent, head: $0.id == head, ops: $0.opSummaries, turn: $0.turn,
                                        reply: $0.reply.text, reply_kind: $0.reply.kind.rawValue, time: f.string(from: $0.createdAt)) }
            say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(out, pretty: true)))
            return
        }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for e in entries {
            let mark = e.id == head ? "*" : " "
            let parent = e.parent.map { "<- \($0)" } ?? ""
            let what = e.id == 0 ? "new project" : e.opSummaries.joined(separator: "; ")
            var line = "\(mark) \(String(e.id).leftPad(4)) \(parent.rightPad(8)) \(f.string(from: e.createdAt))  \(what)"
            if !e.turn.isEmpty && !JSONOpsPlanner.looksLikeJSON(e.turn) { line += "  \"\(e.turn)\"" }
            say(TerminalText.sanitize(line))
        }
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Move back to the previous revision (nothing is deleted).")
    @OptionGroup var target: ProjectArgument

    func run() throws {
        let store = try target.open()
        let from = try store.head()
        guard let to = try store.undo() else { throw AuteurError.invalid("nothing to undo: \(target.project) is at revision 0") }
        say("revision \(to) (undid \(from))")
    }
}

struct Redo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Move forward again along the branch last undone.")
    @OptionGroup var target: ProjectArgument

    func run() throws {
        let store = try target.open()
        guard let to = try store.redo() else { throw AuteurError.invalid("nothing to redo at revision \(try store.head())") }
        say("revision \(to)")
    }
}

struct Checkout: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make any revision the current one; a turn made there starts a branch.")
    @OptionGroup var target: ProjectArgument
    @Argument(help: "The revision number, as listed by auteur log.")
    var revision: Int

    func run() throws {
        let store = try target.open()
        try store.checkout(revision)
        say("revision \(revision)")
    }
}

struct Scene: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a revision's scene (the current one by default).")
    @OptionGroup var target: ProjectArgument
    @Option(help: "The revision to show.")
    var rev: Int?
    @Flag(help: "Print the scene as JSON (the format of Docs/scene-format.md).")
    var json = false

    func run() throws {
        let store = try target.open(.readOnly)
        let revision = try rev.map(store.revision) ?? store.currentRevision()
        let p = revision.project
        if json {
            say(CanonicalJSON.terminalSafe(try CanonicalJSON.string(p, pretty: true)))
            return
        }
        var lines = ["revision \(revision.id): \(p.canvas.width)x\(p.canvas.height), \(p.canvas.fps) fps, \(p.totalFrames) frames (\(String(format: "%.2f", p.seconds)) s), seed \(p.seed)"]
        for (i, s) in p.shots.enumerated() {
            let env = s.environment
            lines.append("shot \(s.id): frames \(p.frameRange(ofShot: i)), \(env.setting.rawValue) at \(env.timeOfDay), \(env.weather.kind.rawValue), \(env.style.rawValue)")
            for pl in s.placements {
                guard let m = p.member(pl.object) else { continue }
                lines.append("  \(m.id): \(m.color) \(m.kind.rawValue) (\(m.variant))" + (m.label.map { " \"\($0)\"" } ?? ""))
            }
        }
        for e in p.edits { lines.append("edit: \(e.change.propertyName) on \(e.scope)") }
        for l in lines { say(TerminalText.sanitize(l)) }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make the built-in demo project headless, turn by turn.")

    @Option(help: "Where to write the demo project (replaced if it is a project).")
    var project: String = "demo.auteur"

    func run() throws {
        let url = projectURL(project)
        if FileManager.default.fileExists(atPath: url.path) {
            // Only ever replace an Auteur project, never some other file, and
            // never one that another Auteur has open (the write lock says so).
            let old = try ProjectStore.open(at: url, mode: .readWrite)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
            withExtendedLifetime(old) {}
        }
        let store = try ProjectStore.create(at: url, project: Project(canvas: AuteurSession.Demo.canvas, seconds: AuteurSession.Demo.seconds, seed: AuteurSession.Demo.seed))
        let session = Session(store: store, planner: directorPlanner())
        say("Auteur demo: \(TerminalText.sanitize(url.path))")
        for turn in AuteurSession.Demo.turns {
            let scope = turn.selection.frames.map { "[frames \($0) selected] " } ?? ""
            say("> \(scope)\(turn.text)")
            let result = try session.submit(turn.text, selection: turn.selection)
            say("  \(result.reply.kind.rawValue): \(TerminalText.sanitize(result.reply.text)) [revision \(result.revision)]")
        }
        let p = try store.currentProject()
        say("The project has \(p.shots.count) shots, \(p.totalFrames) frames; try: auteur log \(project), auteur scene \(project) --json, auteur undo \(project)")
    }
}
