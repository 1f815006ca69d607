import AuteurCore
import AuteurRender
import AuteurSession
import AuteurStore
import Dispatch
import Foundation
import Synchronization

/// Performs the interface's effects against a real session: turns, undo,
/// redo, checkout and attachments on one serial queue (the store is written
/// in order), pictures on two render workers, the analysis of each revision
/// on a third thread. Everything reports back as messages.
///
/// A new head is announced twice. First at once, with the frames it changed
/// still unknown, so that the status line and the reply come without waiting
/// for any drawing; the render workers drop their older work at that moment.
/// Then, when the analysis of the revision is done, with the frames that
/// changed (their thumbnails are dropped and drawn again) and the objects'
/// boxes. The second announcement never overtakes a newer first one.
public final class DirectorEffects: EffectHandler, Sendable {
    public let session: Session
    /// Shown in the status line: the project file's name without its extension.
    public let name: String
    public let thumbnails = PictureWorker(slot: .thumbnail)
    public let preview = PictureWorker(slot: .preview)
    public let analyser: SceneAnalyser
    let themeDirectories: [String]
    let exporter: ExportLauncher?
    let requestSuspend: @Sendable () -> Void
    /// False in line mode, where nothing is drawn: no pictures, no analysis.
    let drawsPictures: Bool
    private let queue = DispatchQueue(label: "auteur.session")
    private let objects = Mutex<[ObjectBox]>([])
    private let exports = Mutex<[Process]>([])

    public init(session: Session, name: String, themeDirectories: [String], exporter: ExportLauncher?,
                analysisThreads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), drawsPictures: Bool = true,
                requestSuspend: @escaping @Sendable () -> Void = {}) {
        self.session = session; self.name = name; self.themeDirectories = themeDirectories; self.exporter = exporter
        self.requestSuspend = requestSuspend; self.drawsPictures = drawsPictures
        analyser = SceneAnalyser(threads: analysisThreads)
    }

    /// The summary of the head as the store has it now (objects come later, from the analysis).
    public func summary() throws -> ProjectSummary {
        let head = try session.store.head()
        return ProjectSummary(name: name, project: try session.store.revision(head).project, revision: head)
    }

    /// Starts drawing and analysing the head; call once before the run loop.
    public func begin(send: @escaping @Sendable (Message) -> Void) {
        queue.async { [self] in
            do {
                let head = try session.store.head()
                try adopt(head, project: try session.store.revision(head).project, send: send, announce: false)
            } catch {
                send(.error(Self.line(error)))
            }
        }
    }

    public func perform(_ effect: Effect, send: @escaping @Sendable (Message) -> Void) {
        switch effect {
        case .submitTurn(let text, let selection):
            queue.async { [self] in turn(text, selection: selection, send: send) }
        case .undo:
            queue.async { [self] in move(send: send, what: "undo") { try $0.undo() } }
        case .redo:
            queue.async { [self] in move(send: send, what: "redo") { try $0.redo() } }
        case .checkout(let revision):
            queue.async { [self] in move(send: send, what: "checkout \(revision)") { store in try store.checkout(revision); return revision } }
        case .attach(let path):
            queue.async { [self] in attach(path, send: send) }
        case .requestThumbnails(let frames, let size, let revision):
            thumbnails.request(frames: frames, size: size, revision: revision, send: send)
        case .requestPreview(let frame, let size, let revision):
            preview.request(frames: [frame], size: size, revision: revision, send: send)
        case .requestLog:
            queue.async { [self] in
                do { send(.logReady(try logLines())) } catch { send(.error(Self.line(error))) }
            }
        case .setTheme(let name):
            DispatchQueue.global().async { [themeDirectories] in
                let library = ThemeLibrary(directories: themeDirectories)
                if let theme = library.theme(named: name) {
                    send(.themeLoaded(theme))
                } else {
                    let known = library.names.joined(separator: ", ")
                    send(.error("no theme \"\(name)\"" + (known.isEmpty ? "" : "; themes: \(known)")))
                }
            }
        case .export(let path):
            export(path, send: send)
        case .suspend:
            requestSuspend()
        case .setGraphics, .startPlayback, .stopPlayback, .quit:
            // The model and the run loop carry these out themselves.
            break
        }
    }

    /// Blocks until the session work and the analyses asked for so far are done (for tests).
    public func waitUntilIdle() {
        queue.sync {}
        analyser.wait()
    }

    /// Waits up to `timeout` seconds for a turn being committed, then stops exports.
    public func finish(timeout: Double) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        _ = done.wait(timeout: .now() + timeout)
        for p in exports.withLock({ $0 }) where p.isRunning { p.terminate() }
    }

    // MARK: Turns and moves

    private func turn(_ text: String, selection: Selection, send: @escaping @Sendable (Message) -> Void) {
        do {
            let before = try session.store.head()
            let result = try session.submit(text, selection: selection)
            if result.changed || result.revision != before {
                try adopt(result.revision, project: try session.store.revision(result.revision).project, send: send)
            }
            send(.turnReplied(Self.entries(result.reply)))
        } catch {
            send(.error(Self.line(error)))
        }
    }

    private func move(send: @escaping @Sendable (Message) -> Void, what: String, _ action: (ProjectStore) throws -> Int?) {
        let store = session.store
        do {
            let from = try store.head()
            guard let to = try action(store) else {
                let reply = Reply(.error, what == "undo" ? "Nothing to undo: this is the first revision." : "Nothing to redo.")
                try store.recordExchange(turn: ":\(what)", reply: reply)
                send(.turnReplied(Self.entries(reply)))
                return
            }
            let reply: Reply
            switch what {
            case "undo": reply = Reply(.ok, "Undid revision \(from); now at revision \(to).")
            case "redo": reply = Reply(.ok, "Redid revision \(to).")
            default: reply = Reply(.ok, "Checked out revision \(to).")
            }
            try store.recordExchange(turn: ":\(what)", reply: reply)
            if to != from { try adopt(to, project: try store.revision(to).project, send: send) }
            send(.turnReplied(Self.entries(reply)))
        } catch {
            send(.error(Self.line(error)))
        }
    }

    private func attach(_ path: String, send: @escaping @Sendable (Message) -> Void) {
        do {
            let result = try session.attach(file: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
            try adopt(result.revision, project: try session.store.revision(result.revision).project, send: send)
            send(.turnReplied(Self.entries(result.reply)))
        } catch {
            send(.error(Self.line(error)))
        }
    }

    /// Makes `revision` the one pictures are drawn from and announces it;
    /// the analysis follows in the background.
    private func adopt(_ revision: Int, project: Project, send: @escaping @Sendable (Message) -> Void, announce: Bool = true) throws {
        let name = self.name
        guard drawsPictures else {
            if announce { send(.revisionChanged(ProjectSummary(name: name, project: project, revision: revision), changed: [])) }
            return
        }
        let inputs = SceneInputs(revision: revision, project: project, signals: try session.audioSignals(for: project),
                                 backdrops: try session.backdropTextures(for: project))
        let generation = analyser.supersede()
        thumbnails.show(inputs)
        preview.show(inputs)
        if announce {
            send(.revisionChanged(ProjectSummary(name: name, project: project, revision: revision, objects: objects.withLock { $0 }),
                                  changed: []))
        }
        analyser.analyse(inputs, generation: generation, report: { send(.renderProgress($0)) }) { [self] analysis, changed in
            objects.withLock { $0 = analysis.objects }
            send(.revisionChanged(ProjectSummary(name: name, project: project, revision: revision, objects: analysis.objects),
                                  changed: changed ?? []))
        }
    }

    // MARK: Log and export

    func logLines() throws -> [String] {
        let store = session.store
        let head = try store.head()
        let formatter = DateFormatter()
        formatter.dateFormat = "MM-dd HH:mm"
        return try store.log().map { e in
            let mark = e.id == head ? "*" : " "
            let parent = e.parent.map { " <- \($0)" } ?? ""
            let what = e.id == 0 ? "new project" : e.opSummaries.joined(separator: "; ")
            let words = e.turn.isEmpty || JSONOpsPlanner.looksLikeJSON(e.turn) ? "" : "  \"\(e.turn)\""
            return "\(mark) \(e.id)\(parent)  \(formatter.string(from: e.createdAt))  \(what)\(words)"
        }
    }

    private func export(_ path: String, send: @escaping @Sendable (Message) -> Void) {
        guard let exporter else {
            send(.error("export arrives with auteur export"))
            return
        }
        let target = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).path
        do {
            let process = try exporter.start(output: target, revision: try? session.store.head(), send: send) { [self] finished in
                exports.withLock { $0.removeAll { $0 === finished } }
            }
            exports.withLock { $0.append(process) }
        } catch {
            send(.error("export: \(Self.line(error))"))
        }
    }

    // MARK: Helpers

    /// A reply as transcript entries, one per line.
    static func entries(_ reply: Reply) -> [TranscriptEntry] {
        let kind: TranscriptEntry.Kind
        switch reply.kind {
        case .ok: kind = .ok
        case .warning: kind = .warning
        case .question: kind = .question
        case .error: kind = .error
        }
        let lines = reply.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return (lines.isEmpty ? [""] : lines).map { TranscriptEntry(kind, $0) }
    }

    /// Any error as the one line people see.
    static func line(_ error: any Error) -> String {
        let text = (error as? AuteurError)?.description ?? String(describing: error)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The conversation so far, as the transcript shows it.
    public static func transcript(_ chat: [ChatEntry], limit: Int = 200) -> [TranscriptEntry] {
        chat.suffix(limit).flatMap { entry -> [TranscriptEntry] in
            if entry.role == .director { return [TranscriptEntry(.you, entry.text)] }
            return entries(Reply(entry.kind, entry.text))
        }
    }
}
