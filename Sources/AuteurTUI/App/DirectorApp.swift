import AuteurCore
import AuteurSession
import AuteurStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `auteur [P]`: the terminal director's interface on a project.
///
/// Start-up, in order: the theme and the project are settled first, so that
/// a bad name or a locked project is one line on a normal terminal; then the
/// terminal is taken over, asked what it can do (never waiting more than
/// 0.3 s), the graphics mode is decided, and the run loop starts while the
/// first pictures and the analysis of the head are drawn in the background.
/// Leaving (`:quit`, Ctrl-C, SIGTERM, SIGHUP) waits briefly for a turn being
/// committed, then gives the terminal back as it was. With `TERM=dumb` (or
/// no TERM) there is no screen to draw on, and the chat runs in line mode.
public enum DirectorApp {
    /// Options of `auteur [P]`, with the environment they are read from.
    public struct Options: Sendable {
        public var projectPath: String?
        public var graphics: GraphicsMode?
        public var theme: String?
        public var planner: any Planner
        public var environment: [String: String]
        public init(projectPath: String? = nil, graphics: GraphicsMode? = nil, theme: String? = nil,
                    planner: any Planner = JSONOpsPlanner(),
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.projectPath = projectPath; self.graphics = graphics; self.theme = theme
            self.planner = planner; self.environment = environment
        }
    }

    /// Runs the interface until the person leaves. `planner` reads the chat's turns.
    public static func run(projectPath: String?, graphics: GraphicsMode?, theme: String?, planner: any Planner) throws {
        try run(Options(projectPath: projectPath, graphics: graphics, theme: theme, planner: planner))
    }

    public static func run(_ options: Options) throws {
        let env = options.environment
        if let forced = env["AUTEUR_GRAPHICS"], !forced.isEmpty, GraphicsMode(rawValue: forced.lowercased()) == nil {
            throw AuteurError.invalid("AUTEUR_GRAPHICS must be sixel, blocks or ascii; got \(TerminalText.sanitize(forced))")
        }
        let directories = themeDirectories(environment: env, executable: ExportLauncher.currentExecutable)
        let theme = try chooseTheme(options.theme, library: ThemeLibrary(directories: directories))
        let opened = try openProject(options.projectPath, environment: env, planner: options.planner)
        let session = Session(store: opened.store, planner: options.planner)
        let term = env["TERM"] ?? ""
        // Without cursor addressing there is no screen to lay panes on.
        let lineMode = term.isEmpty || term == "dumb"
        let effects = DirectorEffects(
            session: session, name: opened.name, themeDirectories: directories,
            exporter: ExportLauncher.currentExecutable.map { ExportLauncher(executable: $0, project: opened.store.url.path) },
            drawsPictures: !lineMode, requestSuspend: { raise(SIGTSTP) })
        let summary = try effects.summary()
        let history = DirectorEffects.transcript(try opened.store.chat())
        if lineMode {
            LineMode(effects: effects).run(summary: summary, history: history)
            effects.finish(timeout: 3)
            return
        }

        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal() } catch { throw AuteurError.invalid(error.description) }
        defer { terminal.stop() }
        let capabilities = terminal.queryCapabilities(timeout: 0.3)
        let decision = GraphicsDecision.decide(option: options.graphics, environment: env, capabilities: capabilities,
                                               utf8Locale: terminal.utf8, terminalSize: terminal.size)
        terminal.options = NcursesTerminal.Options(color: decision.color, synchronizedOutput: decision.synchronizedOutput,
                                                   cellPixels: decision.cellPixels, maxSixelColors: decision.maxSixelColors)

        var model = AppModel(project: summary, terminalSize: terminal.size, graphics: decision.mode, unicode: decision.unicode, theme: theme)
        model.transcript = history
        model.transcript.append(TranscriptEntry(.info, welcome(summary: summary, created: opened.created, decision: decision)))
        let timingFile = env["AUTEUR_KEY_TIMING"].flatMap { $0.isEmpty ? nil : $0 }
        let device = DirectorTerminal(terminal, timing: timingFile != nil)
        // A terminal that had not answered in time may still answer: its
        // words must not end up in the chat.
        if !capabilities.isComplete { device.lateAnswersUntil = DirectorTerminal.now() + 10 }
        let runner = AppRunner(model: model, device: device, handler: effects)
        let inbox = runner.inbox
        effects.begin { inbox.post($0) }
        runner.apply([.cellPixels(decision.cellPixels)])
        _ = runner.run()

        effects.finish(timeout: 3)
        terminal.stop()
        if let timingFile { try? device.timingReport().write(toFile: timingFile, atomically: true, encoding: .utf8) }
        if let head = try? opened.store.head() {
            writeStandardOutput("auteur: \(TerminalText.sanitize(opened.store.url.path)) is at revision \(head); every turn is saved.\n")
        }
    }

    static func welcome(summary: ProjectSummary, created: Bool, decision: GraphicsDecision) -> String {
        let what = created ? "new project \(summary.name)" : "\(summary.name), revision \(summary.revision)"
        return "\(what); \(decision.mode.rawValue) pictures (\(decision.reason)). Type a turn; Tab for the timeline; ? for keys."
    }

    // MARK: Project

    /// Where the built-in demo lives: `${XDG_DATA_HOME:-~/.local/share}/auteur/demo.auteur`.
    public static func demoPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/auteur/demo.auteur" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/auteur/demo.auteur"
    }

    /// Opens the project at `path` for writing, creating it (empty, or the
    /// demo when no path is given) if it is missing.
    public static func openProject(_ path: String?, environment: [String: String], planner: any Planner) throws
        -> (store: ProjectStore, name: String, created: Bool) {
        let file = path.map { ($0 as NSString).expandingTildeInPath } ?? demoPath(environment: environment)
        let url = URL(fileURLWithPath: file)
        let name = url.deletingPathExtension().lastPathComponent
        if FileManager.default.fileExists(atPath: url.path) {
            return (try ProjectStore.open(at: url, mode: .readWrite), name, false)
        }
        if path == nil { return (try createDemo(at: url, planner: planner), name, true) }
        let parent = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent) else {
            throw AuteurError.notFound("cannot create \(TerminalText.sanitize(url.path)): no folder \(TerminalText.sanitize(parent))")
        }
        let project = Project(canvas: Canvas(width: 1280, height: 720, fps: 24), seconds: 6, seed: 1)
        return (try ProjectStore.create(at: url, project: project), name, true)
    }

    /// The demo project with its turns already made, so the first screen has
    /// a shot to look at. A demo left half made is removed again.
    static func createDemo(at url: URL, planner: any Planner) throws -> ProjectStore {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            let store = try ProjectStore.create(at: url, project: Project(canvas: Demo.canvas, seconds: Demo.seconds, seed: Demo.seed))
            let session = Session(store: store, planner: planner)
            for turn in Demo.turns {
                let result = try session.submit(turn.text, selection: turn.selection)
                guard result.changed else { throw AuteurError.invalid("the demo turn \"\(turn.text)\" failed: \(result.reply.text)") }
            }
            return store
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
            throw error
        }
    }

    // MARK: Themes

    /// The shipped themes, then the person's own (which win on a name clash).
    /// The shipped ones are found next to the program: the repository's
    /// `Themes/` above `.build/<config>/auteur`, or `share/auteur/themes`
    /// beside an installed `bin/auteur`; `AUTEUR_THEMES` names another folder.
    public static func themeDirectories(environment: [String: String], executable: String?) -> [String] {
        var dirs: [String] = []
        if let own = environment["AUTEUR_THEMES"], !own.isEmpty { dirs.append(own) }
        if let executable {
            var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                let shipped = dir.appendingPathComponent("Themes").path
                let installed = dir.appendingPathComponent("share/auteur/themes").path
                if let found = [shipped, installed].first(where: { FileManager.default.fileExists(atPath: $0) }) {
                    dirs.append(found)
                    break
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        if dirs.isEmpty { dirs.append(FileManager.default.currentDirectoryPath + "/Themes") }
        if let user = ThemeLibrary.userDirectory(environment: environment) { dirs.append(user) }
        return dirs
    }

    /// The theme asked for, or the default dark one; an unknown name is an error listing the known ones.
    static func chooseTheme(_ name: String?, library: ThemeLibrary) throws -> Theme {
        guard let name else { return library.theme(named: "default-dark") ?? .defaultDark }
        if let theme = library.theme(named: name) { return theme }
        let known = library.names.isEmpty ? "none were found" : library.names.joined(separator: ", ")
        throw AuteurError.notFound("no theme \"\(TerminalText.sanitize(name))\" (themes: \(known))")
    }
}
